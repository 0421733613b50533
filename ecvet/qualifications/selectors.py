"""What each user may see and change among qualifications and units.

Units and qualifications are a library: staff of the owner institution see and edit them;
staff of any institution see and copy those shared in the library. Learners reach units
through their own learning agreement (a later issue), not through the library.
Partners of a partnership see the units and qualifications in its scope: the rule is here
and nowhere else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ecvet.accounts import scoping
from ecvet.accounts.models import AUTHOR_ROLES, MANAGER_ROLES, Role
from ecvet.qualifications import search
from ecvet.qualifications.models import (
    LearningOutcome,
    OutcomeSkill,
    Qualification,
    Unit,
    UnitVersion,
)

STAFF_ROLES = frozenset(set(Role) - {Role.LEARNER})


def _visible_q(user: Any, model: type[Any]) -> Q | None:
    """Who sees a unit or qualification: its owner's staff, everyone's staff when it is shared
    in the library, and the staff of every partner of a partnership that has it in scope.
    None means everything (a platform administrator)."""
    if scoping.is_platform_admin(user):
        return None
    staff_of = scoping.institution_ids(user, STAFF_ROLES)
    if not staff_of:
        return Q(pk__in=[])
    from ecvet.partnerships.models import Partner, PartnershipUnit

    partnerships = Partner.objects.filter(institution__in=staff_of).values("partnership")
    in_partnership: QuerySet[Any, Any]
    if model is Unit:
        in_partnership = PartnershipUnit.objects.filter(partnership__in=partnerships).values("unit")
    else:
        in_partnership = Qualification.objects.filter(partnerships__in=partnerships).values("pk")
    return Q(owner__in=staff_of) | Q(shared=True) | Q(pk__in=in_partnership)


def _visible(qs: QuerySet[Any], user: Any) -> QuerySet[Any]:
    rule = _visible_q(user, qs.model)
    return qs if rule is None else qs.filter(rule)


def qualification_list(
    *, user: Any, search: str = "", eqf_level: int | None = None, country: str = ""
) -> QuerySet[Qualification]:
    qs = _visible(Qualification.objects.select_related("owner"), user)
    for word in search.split():
        # Titles are language maps: match the word in any language.
        qs = qs.filter(Q(title__icontains=word) | Q(awarding_body__icontains=word))
    if eqf_level:
        qs = qs.filter(eqf_level=eqf_level)
    if country:
        qs = qs.filter(country=country)
    return qs.order_by("eqf_level", "pk")


def qualification_changeable(*, user: Any) -> QuerySet[Qualification]:
    if scoping.is_platform_admin(user):
        return Qualification.objects.all()
    return Qualification.objects.filter(owner__in=scoping.institution_ids(user, AUTHOR_ROLES))


def qualification_can_change(*, user: Any, qualification: Qualification) -> bool:
    return qualification_changeable(user=user).filter(pk=qualification.pk).exists()


def author_institution_ids(user: Any) -> set[int]:
    """Institutions the user may write units and qualifications for."""
    return scoping.institution_ids(user, AUTHOR_ROLES)


def unit_list(*, user: Any) -> QuerySet[Unit]:
    """Visible units with what a list row shows, in a fixed number of queries."""
    return _visible(
        Unit.objects.select_related(
            "owner", "latest", "latest__qualification", "copied_from__unit__owner"
        ),
        user,
    )


def unit_library(
    *,
    user: Any,
    query: str = "",
    qualification: Any = None,
    eqf_level: int | None = None,
    kind: str = "",
    country: str = "",
    institution: Any = None,
) -> QuerySet[Unit]:
    """The library as the list page and the API show it: visible units, filtered, and with
    words in ``query`` ranked best first. ``qualification`` and ``institution`` are objects
    or ids."""
    units = unit_list(user=user)
    if qualification is not None:
        units = units.filter(latest__qualification=qualification)
    if eqf_level is not None:
        units = units.filter(latest__eqf_level=eqf_level)
    if kind:
        units = units.filter(latest__kind=kind)
    if country:
        units = units.filter(owner__country=country.upper())
    if institution is not None:
        units = units.filter(owner=institution)
    if query.strip():
        return search.unit_search(units=units, query=query)
    return units


def unit_get(*, user: Any, pk: int) -> Unit:
    return unit_list(user=user).get(pk=pk)


def unit_changeable(*, user: Any) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("owner", "latest")
    if scoping.is_platform_admin(user):
        return qs
    return qs.filter(owner__in=author_institution_ids(user))


def unit_can_change(*, user: Any, unit: Unit) -> bool:
    return unit_changeable(user=user).filter(pk=unit.pk).exists()


def unit_can_agree(*, user: Any, unit: Unit) -> bool:
    """The owner's coordinator finishes (freezes) a version; partners then agree that
    version in their partnership (``partnerships.services.units.unit_agreement_record``)."""
    return scoping.is_platform_admin(user) or unit.owner_id in scoping.institution_ids(
        user, MANAGER_ROLES
    )


def outcome_rows() -> QuerySet[LearningOutcome]:
    return LearningOutcome.objects.order_by("category", "position").prefetch_related(
        Prefetch("outcomeskill_set", OutcomeSkill.objects.select_related("skill").order_by("pk"))
    )


def version_with_outcomes(version: UnitVersion) -> UnitVersion:
    """The version with its outcomes and their ESCO links loaded (three queries)."""
    return (
        UnitVersion.objects.select_related("qualification", "unit__owner", "agreed_by")
        .prefetch_related(Prefetch("outcomes", outcome_rows()))
        .get(pk=version.pk)
    )


def version_get(*, user: Any, unit: Unit, number: int) -> UnitVersion:
    """A version of a unit the user can see (``unit`` comes from :func:`unit_get`)."""
    return version_with_outcomes(unit.versions.get(number=number))


def outcome_changeable(*, user: Any) -> QuerySet[LearningOutcome]:
    return LearningOutcome.objects.select_related("version__unit").filter(
        version__unit__in=unit_changeable(user=user)
    )
