from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ecvet.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notification_count`` for the navbar badge, once signed in.

    Lazy: the count is read only by a page that shows it, so the other templates (e-mails,
    partials) pay no query.
    """
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_count(user=user))}
