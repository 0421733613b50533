"""Working together on units (slide 8): units in scope, partners' agreement, comments and
proposed outcomes.

A unit is in the partnership at one version. Each partner agrees that version; the unit is
agreed in the partnership when every partner has. Only a finished (agreed by its owner, so
frozen) version can be agreed by partners: what they agree can then never change under them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.audit.services import audit_record
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted, TransitionNotAllowed
from ecvet.partnerships import selectors
from ecvet.partnerships.models import (
    PROPOSAL_TRANSITIONS,
    NoteKind,
    Partner,
    Partnership,
    PartnershipUnit,
    ProposalStatus,
    UnitAgreement,
    UnitNote,
)
from ecvet.partnerships.services.partnerships import _bump, _require_manager, lock_terms
from ecvet.qualifications.models import Category, Unit, UnitVersion, VersionStatus
from ecvet.qualifications.selectors import unit_can_change, unit_list


@transaction.atomic
def partnership_unit_add(
    *, actor: Any, partnership: Partnership, unit: Unit, revision: int | None = None
) -> PartnershipUnit:
    """Bring a unit into scope at its latest version; its qualification becomes covered."""
    partnership = lock_terms(actor=actor, partnership_id=partnership.pk, revision=revision)
    if not unit_list(user=actor).filter(pk=unit.pk).exists():
        raise NotPermitted(_("You cannot use this unit."))
    if partnership.units.filter(unit=unit).exists():
        raise ValidationError({"unit": _("This unit is already in the partnership.")})
    version = UnitVersion.objects.select_related("qualification").get(pk=unit.latest_id or 0)
    position = (partnership.units.aggregate(top=Max("position"))["top"] or 0) + 1
    item = PartnershipUnit.objects.create(
        partnership=partnership, unit=unit, version=version, position=position, added_by=actor
    )
    if version.qualification_id:
        partnership.qualifications.add(version.qualification_id)
    _bump(partnership, None)
    audit_record(
        actor=actor,
        action="partnership.unit.added",
        target=partnership,
        changes={"units": [None, f"{version} (v{version.number})"]},
    )
    agreement_request(actor=actor, partnership_unit=item, check=False)
    return item


@transaction.atomic
def partnership_unit_remove(
    *, actor: Any, partnership_unit: PartnershipUnit, revision: int | None = None
) -> None:
    partnership = lock_terms(
        actor=actor, partnership_id=partnership_unit.partnership_id, revision=revision
    )
    label = str(partnership_unit.version)
    partnership_unit.delete()
    _bump(partnership, None)
    audit_record(
        actor=actor,
        action="partnership.unit.removed",
        target=partnership,
        changes={"units": [label, None]},
    )


@transaction.atomic
def partnership_unit_update_version(
    *, actor: Any, partnership_unit: PartnershipUnit, revision: int | None = None
) -> PartnershipUnit:
    """Move the unit in scope to its latest version: partners agree the new version anew."""
    partnership = lock_terms(
        actor=actor, partnership_id=partnership_unit.partnership_id, revision=revision
    )
    item = PartnershipUnit.objects.select_related("unit", "version").get(pk=partnership_unit.pk)
    latest = UnitVersion.objects.select_related("qualification").get(pk=item.unit.latest_id or 0)
    if latest.pk == item.version_id:
        raise DomainError(_("The partnership already uses the unit's latest version."))
    before = item.version.number
    PartnershipUnit.objects.filter(pk=item.pk).update(version=latest)
    item.version = latest
    if latest.qualification_id:
        partnership.qualifications.add(latest.qualification_id)
    _bump(partnership, None)
    audit_record(
        actor=actor,
        action="partnership.unit.version_changed",
        target=partnership,
        changes={str(latest): [before, latest.number]},
    )
    agreement_request(actor=actor, partnership_unit=item, check=False)
    return item


def _check_agreeable(item: PartnershipUnit) -> None:
    if item.version.status != VersionStatus.AGREED:
        raise DomainError(
            _(
                "Version %(number)s of this unit is still a draft. Its authors finish it first "
                "(mark it agreed on the unit's page); then the partners agree it."
            )
            % {"number": item.version.number}
        )


@transaction.atomic
def unit_agreement_record(
    *,
    actor: Any,
    partnership_unit: PartnershipUnit,
    partner: Partner,
    version: UnitVersion | None = None,
) -> UnitAgreement:
    """``partner`` agrees the unit's version in the partnership.

    ``version`` is the version the person read; if the partnership moved to another one
    meanwhile, nothing is agreed and the person is told (they agreed something else)."""
    if partner.partnership_id != partnership_unit.partnership_id:
        raise NotPermitted(_("This institution is not a partner here."))
    if partner not in selectors.partners_user_speaks_for(
        user=actor, partnership=partnership_unit.partnership
    ):
        raise NotPermitted(
            _("Only a coordinator of %(partner)s can agree for it.")
            % {"partner": partner.institution}
        )
    item = (
        PartnershipUnit.objects.select_for_update(of=("self",))
        .select_related("version", "partnership")
        .get(pk=partnership_unit.pk)
    )
    if version is not None and version.pk != item.version_id:
        raise ConcurrentUpdate()
    _check_agreeable(item)
    if UnitAgreement.objects.filter(
        partnership_unit=item, version=item.version, partner=partner
    ).exists():
        raise DomainError(
            _("%(partner)s has already agreed version %(number)s.")
            % {"partner": partner.institution, "number": item.version.number}
        )
    try:
        with transaction.atomic():
            agreement = UnitAgreement.objects.create(
                partnership_unit=item, version=item.version, partner=partner, agreed_by=actor
            )
    except IntegrityError:
        raise ConcurrentUpdate() from None
    audit_record(
        actor=actor,
        action="partnership.unit.agreed",
        target=item.partnership,
        changes={str(item.version): [None, f"v{item.version.number} · {partner.institution}"]},
    )
    if not UnitAgreement.objects.filter(partnership_unit=item, version=item.version).count() < (
        item.partnership.partners.count()
    ):
        _notify_agreed(actor=actor, item=item)
    return agreement


def agreement_request(
    *,
    actor: Any,
    partnership_unit: PartnershipUnit,
    only: list[Partner] | None = None,
    check: bool = True,
) -> list[Any]:
    """Ask the managers of partners that have not agreed the unit's version yet to agree it.
    Nothing is asked while the version is a draft (there is nothing to agree yet)."""
    from ecvet.notifications.services import notify

    item = partnership_unit
    if check:
        _require_manager(actor, item.partnership)
        _check_agreeable(item)
    elif item.version.status != VersionStatus.AGREED:
        return []
    agreed = set(
        UnitAgreement.objects.filter(partnership_unit=item, version=item.version).values_list(
            "partner_id", flat=True
        )
    )
    waiting = [
        p
        for p in (only if only is not None else list(item.partnership.partners.all()))
        if p.pk not in agreed
    ]
    people = list(selectors.managers_of({p.institution_id for p in waiting}))
    notify(
        recipients=people,
        kind="unit.agreement.requested",
        url=_unit_url(item),
        params={
            "unit": item.version.name,
            "version": str(item.version.number),
            "partnership": item.partnership.title,
        },
        actor=actor,
    )
    return people


def _notify_agreed(*, actor: Any, item: PartnershipUnit) -> None:
    from ecvet.notifications.services import notify

    institutions = set(item.partnership.partners.values_list("institution_id", flat=True))
    notify(
        recipients=list(selectors.managers_of(institutions)),
        kind="unit.agreed_by_all",
        url=_unit_url(item),
        params={
            "unit": item.version.name,
            "version": str(item.version.number),
            "partnership": item.partnership.title,
        },
        actor=actor,
    )


def _unit_url(item: PartnershipUnit) -> str:
    from django.urls import reverse

    return reverse("partnership_unit", args=[item.partnership_id, item.pk])


# --- comments and proposals ---


@transaction.atomic
def unit_note_add(
    *,
    actor: Any,
    partnership_unit: PartnershipUnit,
    kind: str,
    text: str,
    language: str,
    category: str = "",
    replaces: Any = None,
) -> UnitNote:
    """A partner's comment on the unit's version, or a proposed new or different outcome."""
    institutions = selectors.partnership_staff_institution_ids(
        user=actor, partnership=partnership_unit.partnership
    )
    if not institutions:
        raise NotPermitted(_("Only the partners' staff can write here."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write something first.")})
    if kind not in NoteKind.values:
        raise ValidationError({"kind": _("Choose a comment or a proposed outcome.")})
    if kind == NoteKind.PROPOSAL and category not in Category.values:
        raise ValidationError(
            {
                "category": _(
                    "Say in which column the outcome belongs: knowledge, skills or competence."
                )
            }
        )
    if replaces is not None and replaces.version_id != partnership_unit.version_id:
        raise ValidationError({"replaces": _("Choose an outcome of the version being discussed.")})
    # Written for the partner the person belongs to; the host's if they belong to several.
    institution_id = sorted(
        institutions, key=lambda pk: pk == partnership_unit.partnership.owner_id
    )[0]
    note = UnitNote.objects.create(
        partnership_unit=partnership_unit,
        version=partnership_unit.version,
        kind=kind,
        author=actor,
        institution_id=institution_id,
        text=text,
        category=category if kind == NoteKind.PROPOSAL else "",
        replaces=replaces if kind == NoteKind.PROPOSAL else None,
        language=language,
        status=ProposalStatus.OPEN if kind == NoteKind.PROPOSAL else "",
    )
    audit_record(
        actor=actor,
        action="partnership.unit.proposal"
        if kind == NoteKind.PROPOSAL
        else "partnership.unit.comment",
        target=partnership_unit.partnership,
        changes={str(partnership_unit.version): [None, text[:200]]},
    )
    _notify_note(actor=actor, note=note)
    return note


def _notify_note(*, actor: Any, note: UnitNote) -> None:
    from ecvet.notifications.services import notify

    item = note.partnership_unit
    institutions = set(item.partnership.partners.values_list("institution_id", flat=True))
    notify(
        recipients=list(selectors.managers_of(institutions)),
        kind="unit.note.added",
        url=_unit_url(item),
        params={"unit": item.version.name, "partnership": item.partnership.title},
        actor=actor,
    )


@transaction.atomic
def proposal_answer(*, actor: Any, note: UnitNote, accept: bool, answer: str = "") -> UnitNote:
    """The unit's authors take a proposed outcome into the unit (into its draft: a new draft
    is started from the agreed version when needed) or say why not."""
    from ecvet.qualifications.services.outcomes import outcome_add, outcome_update
    from ecvet.qualifications.services.units import unit_draft

    note = (
        UnitNote.objects.select_for_update(of=("self",))
        .select_related("partnership_unit__unit", "partnership_unit__partnership")
        .get(pk=note.pk)
    )
    if note.kind != NoteKind.PROPOSAL:
        raise DomainError(_("Only a proposed outcome is answered."))
    unit = note.partnership_unit.unit
    if not unit_can_change(user=actor, unit=unit):
        raise NotPermitted(_("Only the unit's authors take proposals into it."))
    wanted = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    if wanted not in PROPOSAL_TRANSITIONS[note.status]:
        raise TransitionNotAllowed(
            current=str(ProposalStatus(note.status).label), wanted=str(wanted.label)
        )
    answer = answer.strip()
    if not accept and not answer:
        raise ValidationError({"answer": _("Say why the proposal is not taken.")})
    moved = UnitNote.objects.filter(pk=note.pk, status=note.status).update(
        status=wanted, answered_by=actor, answered_at=timezone.now(), answer=answer
    )
    if not moved:
        raise ConcurrentUpdate()
    result = ""
    if accept:
        draft = unit_draft(actor=actor, unit=unit)
        # A different outcome replaces its original, found in the draft where the copy put
        # it (same column and place); a new one goes at the end of its column.
        replaced = (
            draft.outcomes.filter(
                category=note.replaces.category, position=note.replaces.position
            ).first()
            if note.replaces is not None
            else None
        )
        if replaced is not None:
            outcome_update(actor=actor, outcome=replaced, text={note.language: note.text})
        else:
            outcome_add(
                actor=actor,
                version=draft,
                category=note.category,
                text={note.language: note.text},
            )
        result = _("taken into version %(number)s (draft)") % {"number": draft.number}
    audit_record(
        actor=actor,
        action="partnership.unit.proposal_answered",
        target=note.partnership_unit.partnership,
        from_state=ProposalStatus.OPEN,
        to_state=wanted,
        changes={note.text[:200]: [None, result or answer]},
    )
    note.refresh_from_db()
    return note
