from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ecvet.notifications.models import Notification


def notification_list(*, user: Any, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's own notifications, newest first; nobody sees another person's.

    ``unread`` True keeps only the unread ones, False only the read ones, None all.
    """
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=user)
    if unread is not None:
        notifications = notifications.filter(read_at__isnull=unread)
    return notifications


def unread_count(*, user: Any) -> int:
    return notification_list(user=user, unread=True).count()
