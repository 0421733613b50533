from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from ecvet.home.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page frame needs: the site name and, once signed in, the navigation."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "site_name": settings.SITE_NAME,
        "navigation": navigation_for(user, request.path) if signed_in else [],
    }
