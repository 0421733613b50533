from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ecvet.accounts import scoping
from ecvet.accounts.models import ApiToken, Invitation, InvitationStatus, Membership
from ecvet.institutions.models import Institution


def membership_list(*, user: Any) -> QuerySet[Membership]:
    """The user's own memberships."""
    return Membership.objects.filter(user=user).select_related("institution")


def _managed(user: Any) -> QuerySet[Institution]:
    if scoping.is_platform_admin(user):
        return Institution.objects.all()
    return Institution.objects.filter(pk__in=scoping.managed_institution_ids(user))


def institution_members(*, user: Any, institution: Institution) -> QuerySet[Membership]:
    """The people of an institution — shown only to those who manage it (learners are often
    minors: their names are not shown to everyone who can see their school)."""
    if not _managed(user).filter(pk=institution.pk).exists():
        return Membership.objects.none()
    return (
        Membership.objects.filter(institution=institution)
        .select_related("user")
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )


def institution_coordinators(*, institution_ids: set[int]) -> QuerySet[Membership]:
    """The people to turn to at these institutions (shown on every member's home page)."""
    return (
        Membership.objects.filter(institution_id__in=institution_ids, role="coordinator")
        .select_related("user", "institution")
        .order_by("institution__name", "user__last_name")
    )


def membership_manageable(*, user: Any) -> QuerySet[Membership]:
    """Memberships the user may remove: those of the institutions they manage."""
    return Membership.objects.filter(institution__in=_managed(user)).select_related(
        "user", "institution"
    )


def invitation_list(*, user: Any, pending_only: bool = False) -> QuerySet[Invitation]:
    qs = Invitation.objects.filter(institution__in=_managed(user)).select_related(
        "institution", "invited_by", "accepted_by"
    )
    if pending_only:
        qs = qs.filter(status=InvitationStatus.PENDING, expires_at__gt=timezone.now())
    return qs


def invitation_institutions(*, user: Any) -> QuerySet[Institution]:
    """Institutions the user may invite people to."""
    return _managed(user).order_by("name")


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
