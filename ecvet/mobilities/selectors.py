"""Who sees and does what with mobilities and their Learning Agreements.

- the sending school's staff see its learners' mobilities; its managers manage them;
- the host institution's and host company's coordinators see the mobilities placed with them;
- a mentor sees only the mobilities they mentor (the learners placed with them);
- a learner sees only their own mobilities, a guardian those of their ward.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ecvet.accounts import scoping
from ecvet.accounts.models import Role
from ecvet.mobilities.models import (
    AgreementUnit,
    LearningAgreement,
    Mobility,
    MobilityStatus,
)

STAFF_ROLES = frozenset(set(Role) - {Role.LEARNER})
HOST_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR, Role.TEACHER})


def _visible_q(user: Any, *, staff_only: bool = False) -> Q | None:
    """None means everything (a platform administrator). ``staff_only`` leaves out what a
    person sees only as a learner or a guardian (the staff pages)."""
    if scoping.is_platform_admin(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    staff_of = scoping.institution_ids(user, STAFF_ROLES - {Role.MENTOR})
    host_of = scoping.institution_ids(user, HOST_ROLES)
    rule = (
        Q(learner__school__in=staff_of)
        | Q(host_institution__in=host_of)
        | Q(host_company__in=host_of)
        | Q(mentor=user)
    )
    if staff_only:
        return rule
    return rule | Q(learner__user=user) | Q(learner__guardian_user=user)


def mobility_list(
    *,
    user: Any,
    search: str = "",
    status: str = "",
    partnership: Any = None,
    staff_only: bool = False,
) -> QuerySet[Mobility]:
    """Visible mobilities with what a list row shows, in a fixed number of queries.
    ``staff_only``: only those the user sees through their work (not as learner or guardian)."""
    qs = Mobility.objects.select_related(
        "learner", "learner__school", "partnership", "host_institution", "host_company", "mentor"
    )
    rule = _visible_q(user, staff_only=staff_only)
    if rule is not None:
        qs = qs.filter(rule)
    for word in search.split():
        qs = qs.filter(
            Q(learner__first_name__icontains=word)
            | Q(learner__last_name__icontains=word)
            | Q(place__icontains=word)
            | Q(host_institution__name__icontains=word)
            | Q(host_company__name__icontains=word)
        )
    if status:
        qs = qs.filter(status=status)
    if partnership is not None:
        qs = qs.filter(partnership=partnership)
    return qs.order_by("-start", "-pk")


def mobility_get(*, user: Any, pk: int, staff_only: bool = False) -> Mobility:
    return mobility_list(user=user, staff_only=staff_only).get(pk=pk)


def mobility_can_manage(*, user: Any, mobility: Mobility) -> bool:
    """The sending school's coordinators prepare the mobility and its agreement."""
    return scoping.is_platform_admin(user) or (
        mobility.learner.school_id in scoping.managed_institution_ids(user)
    )


def mobility_can_view(*, user: Any, mobility: Mobility) -> bool:
    return mobility_list(user=user).filter(pk=mobility.pk).exists()


def mobility_can_run(*, user: Any, mobility: Mobility) -> bool:
    """Who may say the mobility has started or ended: the sending school's coordinators and
    the host's (institution or company)."""
    managed = scoping.managed_institution_ids(user)
    return mobility_can_manage(user=user, mobility=mobility) or bool(
        {mobility.host_institution_id, mobility.host_company_id} & managed
    )


def agreements(*, mobility: Mobility) -> QuerySet[LearningAgreement]:
    return mobility.agreements.select_related("envelope", "created_by").order_by("-number")


def agreement_current(*, mobility: Mobility) -> LearningAgreement:
    """The latest version: the draft being prepared, or the one out for signature or signed."""
    latest = agreements(mobility=mobility).first()
    if latest is None:
        raise LearningAgreement.DoesNotExist(f"Mobility {mobility.pk} has no agreement.")
    return latest


def agreement_in_force(*, mobility: Mobility) -> LearningAgreement | None:
    return agreements(mobility=mobility).filter(status="signed").first()


def agreement_units(*, agreement: LearningAgreement) -> QuerySet[AgreementUnit]:
    """The units with their version, chosen outcomes and assessor (fixed queries)."""
    from ecvet.accounts.models import Membership
    from ecvet.qualifications.models import LearningOutcome

    return (
        agreement.units.select_related(
            "version__qualification", "partnership_unit__unit__owner", "assessor"
        )
        .prefetch_related(
            "outcomes",
            Prefetch(
                "version__outcomes",
                LearningOutcome.objects.order_by("category", "position", "pk"),
            ),
            Prefetch("assessor__memberships", Membership.objects.select_related("institution")),
        )
        .order_by("position", "pk")
    )


def assessor_candidates(*, mobility: Mobility) -> QuerySet[Any]:
    """Who can be named to assess: staff of the host institution, the host company and the
    sending school (mentors and teachers first)."""
    from ecvet.accounts.models import User

    institutions = {
        mobility.host_institution_id,
        mobility.host_company_id,
        mobility.learner.school_id,
    } - {None}
    return (
        User.objects.filter(
            is_active=True,
            memberships__institution__in=institutions,
            memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def mentor_candidates(*, host_institution: Any, host_company: Any = None) -> QuerySet[Any]:
    """People at the host who can mentor: members of the host company or host institution."""
    from ecvet.accounts.models import User

    institutions = {getattr(host_institution, "pk", None), getattr(host_company, "pk", None)}
    return (
        User.objects.filter(
            is_active=True,
            memberships__institution__in=institutions - {None},
            memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def mobilities_of_learner_user(*, user: Any) -> QuerySet[Mobility]:
    """A learner's (or guardian's) own mobilities, for their page."""
    return mobility_list(user=user).filter(Q(learner__user=user) | Q(learner__guardian_user=user))


def is_active_status(status: str) -> bool:
    return status not in {MobilityStatus.CANCELLED, MobilityStatus.RECOGNISED}
