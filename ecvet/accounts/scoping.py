"""Who belongs where: the one source every selector builds its visibility rules on.

Selectors of each app combine these facts into querysets; views and API endpoints use only
those selectors, so a visibility rule is written once and an outsider is refused everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ecvet.accounts.models import MANAGER_ROLES, Membership

_CACHE_ATTR = "_ecvet_memberships"


def memberships(user: Any) -> list[Membership]:
    """The user's memberships, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("institution"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: Any) -> None:
    """Drop the cached memberships after they changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_platform_admin(user: Any) -> bool:
    """A superuser sees and manages everything (the ``admin`` of the demo)."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def institution_ids(user: Any, roles: Iterable[str] | None = None) -> set[int]:
    wanted = set(roles) if roles is not None else None
    return {m.institution_id for m in memberships(user) if wanted is None or m.role in wanted}


def managed_institution_ids(user: Any) -> set[int]:
    return institution_ids(user, MANAGER_ROLES)


def roles(user: Any) -> set[str]:
    return {m.role for m in memberships(user)}


def has_role(user: Any, role: str, institution_id: int | None = None) -> bool:
    return any(
        m.role == role and (institution_id is None or m.institution_id == institution_id)
        for m in memberships(user)
    )
