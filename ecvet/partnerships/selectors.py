"""Who sees and does what in a partnership. Views and the API use only these.

Staff (everyone but learners) of every partner institution see the partnership, its units,
notes and MoU; managers (coordinators, administrators) of the coordinating institution manage
it; managers of each partner agree units and keep their own partner details.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from ecvet.accounts import scoping
from ecvet.accounts.models import MANAGER_ROLES, Role
from ecvet.partnerships.models import (
    Memorandum,
    MemorandumStatus,
    Partner,
    Partnership,
    PartnershipUnit,
    UnitAgreement,
    UnitNote,
)
from ecvet.qualifications.models import VersionStatus

STAFF_ROLES = frozenset(set(Role) - {Role.LEARNER})


def partnership_list(*, user: Any, search: str = "") -> QuerySet[Partnership]:
    """Visible partnerships with what a list row shows, in a fixed number of queries."""
    qs = Partnership.objects.select_related("owner").annotate(
        partner_count=Count("partners", distinct=True),
        unit_count=Count("units", distinct=True),
    )
    if not scoping.is_platform_admin(user):
        staff_of = scoping.institution_ids(user, STAFF_ROLES)
        qs = qs.filter(
            pk__in=Partner.objects.filter(institution__in=staff_of).values("partnership")
        )
    for word in search.split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(file_code__icontains=word)
            | Q(partners__institution__name__icontains=word)
        ).distinct()
    return qs.prefetch_related(
        Prefetch("partners", Partner.objects.select_related("institution")),
        Prefetch("memoranda", Memorandum.objects.order_by("-number")),
    ).order_by("-created_at", "-pk")


def partnership_get(*, user: Any, pk: int) -> Partnership:
    """A partnership the user may see (DoesNotExist otherwise)."""
    return partnership_list(user=user).get(pk=pk)


def partnership_can_view(*, user: Any, partnership: Partnership) -> bool:
    if scoping.is_platform_admin(user):
        return True
    staff_of = scoping.institution_ids(user, STAFF_ROLES)
    return partnership.partners.filter(institution__in=staff_of).exists()


def partnership_can_manage(*, user: Any, partnership: Partnership) -> bool:
    """The coordinating institution's managers manage the partnership and its MoU."""
    return scoping.is_platform_admin(user) or (
        partnership.owner_id in scoping.managed_institution_ids(user)
    )


def partner_can_manage(*, user: Any, partner: Partner) -> bool:
    """Who speaks for a partner: its own managers (and the partnership's)."""
    return partner.institution_id in scoping.managed_institution_ids(
        user
    ) or partnership_can_manage(user=user, partnership=partner.partnership)


def partners_user_speaks_for(*, user: Any, partnership: Partnership) -> list[Partner]:
    """The partners whose agreement ``user`` may give (their own institutions' managers)."""
    managed = scoping.managed_institution_ids(user)
    partners = list(partnership.partners.select_related("institution"))
    if scoping.is_platform_admin(user):
        return partners
    return [p for p in partners if p.institution_id in managed]


def partnership_staff_institution_ids(*, user: Any, partnership: Partnership) -> set[int]:
    """The partner institutions the user is staff of (a note is written for one of them)."""
    staff_of = scoping.institution_ids(user, STAFF_ROLES)
    return {
        pk
        for pk in partnership.partners.values_list("institution_id", flat=True)
        if pk in staff_of or scoping.is_platform_admin(user)
    }


def partners(*, partnership: Partnership) -> QuerySet[Partner]:
    return partnership.partners.select_related("institution", "contact", "signatory").order_by(
        "position", "pk"
    )


def partnership_units(*, partnership: Partnership) -> QuerySet[PartnershipUnit]:
    """The units in scope with their version, qualification and agreements (fixed queries)."""
    return (
        partnership.units.select_related("unit__owner", "version__qualification", "unit__latest")
        .prefetch_related(
            Prefetch(
                "agreements",
                UnitAgreement.objects.select_related("partner__institution", "agreed_by"),
            )
        )
        .order_by("position", "pk")
    )


@dataclass(frozen=True)
class AgreementRow:
    """A unit in scope and where each partner stands on its version."""

    item: PartnershipUnit
    agreed: list[Partner]
    waiting: list[Partner]
    newer_version: bool

    @property
    def is_agreed(self) -> bool:
        """Agreed in the partnership: every partner agreed this very version."""
        return not self.waiting and bool(self.agreed)


def agreement_rows(
    *, partnership: Partnership, partner_list: list[Partner] | None = None
) -> list[AgreementRow]:
    """Each unit in scope with the partners that agreed its version and those still to."""
    everyone = partner_list if partner_list is not None else list(partners(partnership=partnership))
    rows = []
    for item in partnership_units(partnership=partnership):
        agreed_ids = {
            a.partner_id for a in item.agreements.all() if a.version_id == item.version_id
        }
        rows.append(
            AgreementRow(
                item=item,
                agreed=[p for p in everyone if p.pk in agreed_ids],
                waiting=[p for p in everyone if p.pk not in agreed_ids],
                newer_version=item.unit.latest_id != item.version_id,
            )
        )
    return rows


def notes_of(*, partnership_unit: PartnershipUnit) -> QuerySet[UnitNote]:
    return partnership_unit.notes.select_related(
        "author", "institution", "version", "answered_by", "replaces"
    ).order_by("created_at", "pk")


def memoranda(*, partnership: Partnership) -> QuerySet[Memorandum]:
    return partnership.memoranda.select_related("envelope", "created_by").order_by("-number")


def memorandum_current(*, partnership: Partnership) -> Memorandum:
    """The latest version: the draft being prepared, or the one out for signature or signed."""
    return memoranda(partnership=partnership).first() or _missing(partnership)


def _missing(partnership: Partnership) -> Memorandum:
    raise Memorandum.DoesNotExist(f"Partnership {partnership.pk} has no MoU.")


def memorandum_in_force(*, partnership: Partnership) -> Memorandum | None:
    """The signed version the partners work under now, if any."""
    return memoranda(partnership=partnership).filter(status=MemorandumStatus.SIGNED).first()


def memorandum_get(*, partnership: Partnership, number: int) -> Memorandum:
    """A version of a visible partnership's MoU (``partnership`` from :func:`partnership_get`)."""
    return memoranda(partnership=partnership).get(number=number)


def is_locked(partnership: Partnership) -> bool:
    """The MoU's terms are frozen: its latest version is out for signature or signed."""
    latest = partnership.memoranda.order_by("-number").values_list("status", flat=True).first()
    return latest in {MemorandumStatus.OUT, MemorandumStatus.SIGNED}


def managers_of(institution_ids: set[int]) -> QuerySet[Any]:
    """The active coordinators and administrators of the given institutions."""
    from ecvet.accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__institution__in=institution_ids,
        memberships__role__in=MANAGER_ROLES,
    ).distinct()


def units_awaiting_agreement(institution_ids: set[int]) -> QuerySet[PartnershipUnit]:
    """Units in scope whose current version is finished but not yet agreed by a partner the
    given institutions are: what their managers are asked to agree. Each row carries
    ``waiting_for``, the name of (the first) such partner; one query, however many rows.

    A platform administrator speaks for every partner, but is given only their own
    institutions' to-dos here: every partnership's would bury the page.
    """
    if not institution_ids:
        return PartnershipUnit.objects.none()
    agreed = UnitAgreement.objects.filter(
        partner=OuterRef("pk"),
        partnership_unit=OuterRef(OuterRef("pk")),
        version=OuterRef(OuterRef("version")),
    )
    waiting = (
        Partner.objects.filter(partnership=OuterRef("partnership"), institution__in=institution_ids)
        .filter(~Exists(agreed))
        .order_by("position", "pk")
    )
    return (
        PartnershipUnit.objects.filter(version__status=VersionStatus.AGREED)
        .annotate(waiting_for=Subquery(waiting.values("institution__name")[:1]))
        .filter(waiting_for__isnull=False)
        .select_related("partnership", "version")
        .order_by("added_at", "pk")
    )
