"""The partnership's own facts and its partners.

Every change to what the MoU states is refused while the MoU's latest version is out for
signature or signed (:func:`guard_open`): the way to change a signed MoU is an amendment.
Edits carry the revision the form was read at; a form read before someone else's save is a
conflict, reported, never a silent overwrite.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from ecvet.accounts import scoping
from ecvet.audit.services import audit_record, changed_fields, snapshot
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.institutions.models import Institution
from ecvet.multilingual.text import clean_map
from ecvet.partnerships import selectors
from ecvet.partnerships.models import (
    Memorandum,
    MemorandumStatus,
    Partner,
    PartnerRole,
    Partnership,
)

#: The partnership fields the MoU states (a change needs an open MoU).
TERMS_FIELDS = (
    "title",
    "file_code",
    "objectives",
    "other_organisations",
    "assessment",
    "documentation",
    "validation_recognition",
    "mobility_min_weeks",
    "mobility_max_weeks",
    "valid_from",
    "valid_until",
    "evaluation",
)
#: The trainee profile template: the sending side's, not part of the MoU.
PROFILE_FIELDS = ("profile_knowledge", "profile_skills", "profile_competence", "profile_social")
_TEXT_FIELDS = {
    "objectives",
    "other_organisations",
    "assessment",
    "documentation",
    "validation_recognition",
    "evaluation",
    *PROFILE_FIELDS,
}
PARTNER_FIELDS = (
    "role",
    "responsibilities",
    "contact",
    "signatory",
    "signatory_name",
    "signatory_job_title",
)


class TermsFrozen(DomainError):
    status_code = 409

    def __init__(self, memorandum: Memorandum) -> None:
        if memorandum.status == MemorandumStatus.OUT:
            message = _(
                "MoU version %(number)s is out for signature, so what it states cannot change. "
                "Withdraw it first, or wait until it is signed and start an amendment."
            )
        else:
            message = _(
                "MoU version %(number)s is signed, so what it states cannot change. Start an "
                "amendment: the partners then sign the changed MoU again."
            )
        super().__init__(message % {"number": memorandum.number})


def guard_open(partnership: Partnership) -> None:
    """Refuse a change of the MoU's terms while its latest version is frozen."""
    latest = partnership.memoranda.order_by("-number").first()
    if latest is not None and latest.is_frozen:
        raise TermsFrozen(latest)


def _require_manager(actor: Any, partnership: Partnership) -> None:
    if not selectors.partnership_can_manage(user=actor, partnership=partnership):
        raise NotPermitted(_("Only the coordinating institution's coordinators can do this."))


def lock_terms(*, actor: Any, partnership_id: int, revision: int | None) -> Partnership:
    """The partnership, locked for a change of what its MoU states: refused to anyone but its
    coordinators, while the MoU is frozen, and for a form read at an older revision."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership_id)
    _require_manager(actor, partnership)
    guard_open(partnership)
    if revision is not None and revision != partnership.revision:
        raise ConcurrentUpdate()
    return partnership


def _bump(partnership: Partnership, revision: int | None, **fields: Any) -> None:
    """Save ``fields`` if the partnership is still at ``revision`` (None: any revision)."""
    qs = type(partnership).objects.filter(pk=partnership.pk)
    if revision is not None:
        qs = qs.filter(revision=revision)
    if not qs.update(revision=F("revision") + 1, **fields):
        raise ConcurrentUpdate()
    partnership.refresh_from_db(fields=["revision", "updated_at", *fields])


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for name, value in fields.items():
        if name in _TEXT_FIELDS:
            value = clean_map(value)
        elif isinstance(value, str):
            value = value.strip()
        cleaned[name] = value
    return cleaned


def _validate(partnership: Partnership, exclude: list[str] | None = None) -> None:
    partnership.full_clean(exclude=["owner", "created_by", *(exclude or [])])


@transaction.atomic
def partnership_create(*, actor: Any, owner: Institution, title: str, **fields: Any) -> Partnership:
    """A new partnership coordinated by ``owner``, which joins it as the sending partner,
    with the first MoU version in draft."""
    if not (scoping.is_platform_admin(actor) or owner.pk in scoping.managed_institution_ids(actor)):
        raise NotPermitted(_("Only a coordinator of the institution can start a partnership."))
    unknown = set(fields) - set(TERMS_FIELDS) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown partnership fields: {sorted(unknown)}")
    partnership = Partnership(owner=owner, title=title.strip(), created_by=actor)
    for name, value in _clean_fields(fields).items():
        setattr(partnership, name, value)
    _validate(partnership)
    partnership.save()
    Partner.objects.create(
        partnership=partnership, institution=owner, role=PartnerRole.SENDING, position=0
    )
    Memorandum.objects.create(partnership=partnership, number=1, created_by=actor)
    audit_record(
        actor=actor,
        action="partnership.created",
        target=partnership,
        changes={"title": [None, partnership.title], "owner": [None, str(owner)]},
    )
    return partnership


@transaction.atomic
def partnership_update(
    *, actor: Any, partnership: Partnership, revision: int | None, **fields: Any
) -> Partnership:
    """Change the partnership's terms (locked by a frozen MoU) or its trainee profile."""
    unknown = set(fields) - set(TERMS_FIELDS) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown partnership fields: {sorted(unknown)}")
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    terms = set(fields) & set(TERMS_FIELDS)
    if terms:
        _require_manager(actor, partnership)
    if set(fields) & set(PROFILE_FIELDS) and not _can_write_profile(actor, partnership):
        raise NotPermitted(_("The sending institution's staff write the trainee profile."))
    if revision is not None and revision != partnership.revision:
        raise ConcurrentUpdate()
    cleaned = _clean_fields(fields)
    before = snapshot(partnership, cleaned)
    changes = changed_fields(before, {**before, **{k: _plain(v) for k, v in cleaned.items()}})
    if not changes:
        return partnership
    if terms & set(changes):
        guard_open(partnership)
    for name, value in cleaned.items():
        setattr(partnership, name, value)
    _validate(partnership)
    _bump(partnership, revision, **{name: cleaned[name] for name in changes})
    audit_record(
        actor=actor,
        action="partnership.updated" if terms & set(changes) else "partnership.profile.updated",
        target=partnership,
        changes=changes,
    )
    return partnership


def _plain(value: Any) -> Any:
    from ecvet.audit.services import _plain as plain

    return plain(value)


def _can_write_profile(actor: Any, partnership: Partnership) -> bool:
    if scoping.is_platform_admin(actor):
        return True
    sending = set(
        partnership.partners.filter(role=PartnerRole.SENDING).values_list(
            "institution_id", flat=True
        )
    )
    return bool(sending & scoping.institution_ids(actor, selectors.STAFF_ROLES))


def can_write_profile(*, user: Any, partnership: Partnership) -> bool:
    return _can_write_profile(user, partnership)


# --- partners ---


def _check_partner(partner: Partner) -> None:
    institution_id = partner.institution_id
    if partner.contact is not None and partner.contact.institution_id != institution_id:
        raise ValidationError(
            {"contact": _("The contact person must belong to the partner institution.")}
        )
    if (
        partner.signatory is not None
        and not partner.signatory.memberships.filter(
            institution_id=institution_id, role__in=selectors.STAFF_ROLES
        ).exists()
    ):
        raise ValidationError(
            {
                "signatory": _(
                    "The person who signs online must be a member of the partner institution."
                )
            }
        )


@transaction.atomic
def partner_add(
    *,
    actor: Any,
    partnership: Partnership,
    institution: Institution,
    role: str,
    revision: int | None = None,
    **fields: Any,
) -> Partner:
    partnership = lock_terms(actor=actor, partnership_id=partnership.pk, revision=revision)
    if partnership.partners.filter(institution=institution).exists():
        raise ValidationError({"institution": _("This institution is already a partner.")})
    if role not in PartnerRole.values:
        raise ValidationError({"role": _("Choose the partner's role.")})
    position = (partnership.partners.aggregate(top=Max("position"))["top"] or 0) + 1
    partner = Partner(
        partnership=partnership, institution=institution, role=role, position=position
    )
    _set_partner_fields(partner, fields)
    _check_partner(partner)
    partner.save()
    _bump(partnership, None)
    audit_record(
        actor=actor,
        action="partnership.partner.added",
        target=partnership,
        changes={"partners": [None, str(partner)]},
    )
    _ask_partner_for_agreements(actor=actor, partnership=partnership, partner=partner)
    return partner


def _set_partner_fields(partner: Partner, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PARTNER_FIELDS)
    if unknown:
        raise ValueError(f"Unknown partner fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "responsibilities":
            value = clean_map(value)
        elif name in {"signatory_name", "signatory_job_title"}:
            value = (value or "").strip()
        setattr(partner, name, value)


@transaction.atomic
def partner_update(
    *, actor: Any, partner: Partner, revision: int | None = None, **fields: Any
) -> Partner:
    """A partner's role, responsibilities and signatory: set by the partnership's coordinator
    or by the partner's own managers (who know who signs for them)."""
    if not selectors.partner_can_manage(user=actor, partner=partner):
        raise NotPermitted(_("You cannot change this partner."))
    if fields.get("role", partner.role) != partner.role and not selectors.partnership_can_manage(
        user=actor, partnership=partner.partnership
    ):
        raise NotPermitted(_("Only the coordinating institution changes partners' roles."))
    partnership = Partnership.objects.select_for_update().get(pk=partner.partnership_id)
    if revision is not None and revision != partnership.revision:
        raise ConcurrentUpdate()
    partner = Partner.objects.select_related("institution").get(pk=partner.pk)
    before = snapshot(partner, PARTNER_FIELDS)
    _set_partner_fields(partner, fields)
    changes = changed_fields(before, snapshot(partner, PARTNER_FIELDS))
    if not changes:
        return partner
    guard_open(partnership)
    _check_partner(partner)
    partner.save()
    _bump(partnership, None)
    audit_record(
        actor=actor,
        action="partnership.partner.changed",
        target=partnership,
        changes={f"{partner.institution}: {name}": value for name, value in changes.items()},
    )
    return partner


@transaction.atomic
def partner_remove(*, actor: Any, partner: Partner, revision: int | None = None) -> None:
    partnership = lock_terms(actor=actor, partnership_id=partner.partnership_id, revision=revision)
    if partner.institution_id == partnership.owner_id:
        raise DomainError(_("The coordinating institution cannot leave its own partnership."))
    label = str(partner)
    partner.delete()
    _bump(partnership, None)
    audit_record(
        actor=actor,
        action="partnership.partner.removed",
        target=partnership,
        changes={"partners": [label, None]},
    )


def _ask_partner_for_agreements(*, actor: Any, partnership: Partnership, partner: Partner) -> None:
    from ecvet.partnerships.services.units import agreement_request

    for item in partnership.units.select_related("version", "unit"):
        agreement_request(actor=actor, partnership_unit=item, only=[partner], check=False)


def signatory_candidates(institution: Institution) -> list[Any]:
    """People of the institution who can sign online: its managers first."""
    from ecvet.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            memberships__institution=institution,
            memberships__role__in=selectors.STAFF_ROLES,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
