# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (Query[...]).

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from ecvet.notifications.models import Notification
from ecvet.notifications.selectors import notification_list
from ecvet.notifications.services import notification_mark_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    message: str = Field(..., description="In the request's language (Accept-Language)")
    url: str = Field(..., description="A path on this site")
    link: str = Field(..., description="The absolute address of the page it is about")
    actor_name: str
    params: dict[str, Any]
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_link(obj: Notification) -> str:
        return settings.SITE_URL + obj.url


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="true: only unread ones; false: only read ones")


@router.get(
    "/notifications", response=list[NotificationOut], summary="Your notifications, newest first"
)
@paginate(LimitOffsetPagination)
def list_notifications(request: HttpRequest, filters: Query[NotificationFilters]) -> Any:
    return notification_list(user=request.user, unread=filters.unread)


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    summary="Mark one of your notifications read",
)
def read_notification(request: HttpRequest, notification_id: int) -> Any:
    notification = get_object_or_404(notification_list(user=request.user), pk=notification_id)
    return notification_mark_read(user=request.user, notification=notification)
