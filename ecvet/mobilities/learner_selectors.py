"""Who sees and changes which learners. Views and the API use only these.

Staff (everyone but learners) of a school see its learners; its managers and teachers add
and change them; a learner account sees only its own record; a platform administrator sees
and changes everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from ecvet.accounts import scoping
from ecvet.accounts.models import MANAGER_ROLES, Role
from ecvet.institutions.models import Institution, InstitutionKind
from ecvet.mobilities.models import Learner, Mobility
from ecvet.qualifications.models import Qualification

STAFF_ROLES = frozenset(set(Role) - {Role.LEARNER})
#: Who adds, changes and imports a school's learners.
WRITER_ROLES = frozenset({*MANAGER_ROLES, Role.TEACHER})


def _visible_q(user: Any) -> Q | None:
    """None means every learner (a platform administrator)."""
    if scoping.is_platform_admin(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(school__in=scoping.institution_ids(user, STAFF_ROLES)) | Q(user=user)


def learner_list(
    *, user: Any, search: str = "", group: str = "", qualification: Any = None
) -> QuerySet[Learner]:
    """Visible learners with what a list row shows (school, qualification, account, number
    of mobilities), in a fixed number of queries."""
    qs = Learner.objects.select_related("school", "qualification", "user").annotate(
        mobility_count=Count("mobilities", distinct=True)
    )
    rule = _visible_q(user)
    if rule is not None:
        qs = qs.filter(rule)
    for word in search.split():
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(group__icontains=word)
        )
    if group:
        qs = qs.filter(group=group)
    if qualification is not None:
        qs = qs.filter(qualification=qualification)
    return qs.order_by("last_name", "first_name", "pk")


def learner_get(*, user: Any, pk: int) -> Learner:
    """A learner the user may see (``Learner.DoesNotExist`` otherwise)."""
    return learner_list(user=user).get(pk=pk)


def learner_can_change(*, user: Any, learner: Learner) -> bool:
    return learner_school_can_write(user=user, school_id=learner.school_id)


def learner_school_can_write(*, user: Any, school_id: int) -> bool:
    """May ``user`` add, change and import the learners of this school?"""
    return scoping.is_platform_admin(user) or school_id in scoping.institution_ids(
        user, WRITER_ROLES
    )


def learner_schools(*, user: Any) -> QuerySet[Institution]:
    """The schools whose learners the user may add and import."""
    qs = Institution.objects.filter(kind=InstitutionKind.VET_SCHOOL).order_by("name")
    if scoping.is_platform_admin(user):
        return qs
    return qs.filter(pk__in=scoping.institution_ids(user, WRITER_ROLES))


def learner_list_allowed(*, user: Any) -> bool:
    """The list of learners is for staff; a learner account sees only its own record."""
    return scoping.is_platform_admin(user) or bool(scoping.institution_ids(user, STAFF_ROLES))


def learner_groups(*, user: Any) -> list[str]:
    """The classes or groups of the visible learners, for the filter."""
    qs = Learner.objects.exclude(group="")
    rule = _visible_q(user)
    if rule is not None:
        qs = qs.filter(rule)
    return list(qs.order_by("group").values_list("group", flat=True).distinct())


def school_qualifications(*, school_ids: set[int] | list[int]) -> QuerySet[Qualification]:
    """The qualifications a school's learners may pursue: the school's own, those shared in
    the library and those in scope of a partnership the school is in."""
    from ecvet.partnerships.models import Partner

    partnerships = Partner.objects.filter(institution__in=school_ids).values("partnership")
    return (
        Qualification.objects.filter(
            Q(owner__in=school_ids)
            | Q(shared=True)
            | Q(pk__in=Qualification.objects.filter(partnerships__in=partnerships).values("pk"))
        )
        .select_related("owner")
        .order_by("pk")
    )


def learner_mobilities(*, learner: Learner) -> QuerySet[Mobility]:
    """The learner's mobilities, newest first, with what the learner's page shows. Whoever
    sees the learner sees these: the school's staff, or the learner themself."""
    return learner.mobilities.select_related(
        "partnership", "host_institution", "host_company"
    ).order_by("-start", "-pk")


def learner_account_candidates(*, learner: Learner) -> QuerySet[Any]:
    """Accounts that can be linked to the learner: learner accounts of the learner's school
    not yet linked to another learner."""
    from ecvet.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__institution_id=learner.school_id,
            memberships__role=Role.LEARNER,
        )
        .filter(Q(learner__isnull=True) | Q(learner=learner))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
