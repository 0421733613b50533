# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (Query[...]).
"""Partnerships, their partners, the units they agree on, and the MoU.

Every read goes through the partnership selectors: a partnership the reader is not staff of
(and everything in it: partners, units, notes, MoU versions) is a 404. Every write calls the
same service as the screens, which checks permission again (a visible object the reader may
not change is a 403) and refuses a change of what a frozen MoU states (409).

Edits may carry the partnership's ``revision`` as read: if someone saved in between, nothing
is changed and the answer is 409 with the conflict message, so the client can reload and
apply its change again.

Signing the MoU happens on its envelope: ``GET /envelopes/{envelope_id}`` and the signing
operations (tag "signing") work the same for every kind of document.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ecvet.institutions.models import Institution
from ecvet.institutions.selectors import institution_list
from ecvet.multilingual.text import content_languages
from ecvet.partnerships import selectors
from ecvet.partnerships.content import memorandum_content
from ecvet.partnerships.models import (
    Memorandum,
    MemorandumStatus,
    NoteKind,
    Partner,
    PartnerRole,
    Partnership,
    PartnershipUnit,
    ProposalStatus,
    UnitNote,
)
from ecvet.partnerships.services.memoranda import (
    memorandum_amend,
    memorandum_checks,
    memorandum_send,
)
from ecvet.partnerships.services.partnerships import (
    can_write_profile,
    partner_add,
    partner_remove,
    partner_update,
    partnership_create,
    partnership_update,
    signatory_candidates,
)
from ecvet.partnerships.services.units import (
    agreement_request,
    partnership_unit_add,
    partnership_unit_remove,
    partnership_unit_update_version,
    proposal_answer,
    unit_agreement_record,
    unit_note_add,
)
from ecvet.qualifications.models import VersionStatus
from ecvet.qualifications.selectors import unit_list
from ecvet.signing.selectors import envelopes_of, signature_state

router = Router(tags=["partnerships"])

LanguageMap = dict[str, str]
MAP_HELP = 'Texts by language code, e.g. {"en": "…", "lv": "…"}'
REVISION_HELP = (
    "The partnership's revision you read. If someone changed the partnership since, nothing "
    "is changed and the answer is 409: reload and try again."
)


# --- shared pieces ---


class InstitutionRef(Schema):
    id: int
    name: str
    country: str


class PersonRef(Schema):
    id: int
    name: str


class ContactRef(Schema):
    id: int
    name: str
    position: str
    email: str
    phone: str
    is_authorised_signatory: bool


class QualificationLevelRef(Schema):
    id: int
    title: LanguageMap
    eqf_level: int


def _institution(institution: Institution) -> dict[str, Any]:
    return {"id": institution.pk, "name": institution.name, "country": institution.country.code}


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _person(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": _name(user)}


def _partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    """A partnership the user is staff of (or 404, whether it exists or not)."""
    try:
        return selectors.partnership_get(user=request.user, pk=partnership_id)
    except Partnership.DoesNotExist:
        raise Http404 from None


def _visible(request: HttpRequest, partnership: Partnership) -> None:
    if not selectors.partnership_can_view(user=request.user, partnership=partnership):
        raise Http404


def _partner(request: HttpRequest, partner_id: int) -> Partner:
    partner = get_object_or_404(
        Partner.objects.select_related("partnership", "institution"), pk=partner_id
    )
    _visible(request, partner.partnership)
    return partner


def _item(request: HttpRequest, item_id: int) -> PartnershipUnit:
    item = get_object_or_404(
        PartnershipUnit.objects.select_related("partnership", "unit", "version"), pk=item_id
    )
    _visible(request, item.partnership)
    return item


def _note(request: HttpRequest, note_id: int) -> UnitNote:
    note = get_object_or_404(
        UnitNote.objects.select_related("partnership_unit__partnership"), pk=note_id
    )
    _visible(request, note.partnership_unit.partnership)
    return note


# --- partnerships: reading ---


class PartnerSummaryOut(Schema):
    id: int
    institution: InstitutionRef
    role: PartnerRole


class MemorandumSummaryOut(Schema):
    number: int
    status: MemorandumStatus
    status_label: str
    amends: int | None = Field(..., description="The version number this amendment changes.")
    reason: str = Field(..., description="For an amendment: what it changes and why.")
    envelope_id: int | None = Field(
        ..., description="The latest sending for signature: GET /envelopes/{envelope_id}."
    )
    code: str | None = Field(..., description="The verification code of the latest sending.")
    created_at: datetime
    signed_at: datetime | None


class PartnershipOut(Schema):
    id: int
    title: str
    file_code: str
    owner: InstitutionRef
    partners: list[PartnerSummaryOut]
    partner_count: int
    unit_count: int
    mou: MemorandumSummaryOut | None = Field(..., description="The MoU's latest version.")
    revision: int
    created_at: datetime
    updated_at: datetime

    # Partners and memoranda (newest first) are prefetched by ``partnership_list``.
    @staticmethod
    def resolve_owner(obj: Partnership) -> dict[str, Any]:
        return _institution(obj.owner)

    @staticmethod
    def resolve_partners(obj: Partnership) -> list[dict[str, Any]]:
        return [
            {"id": p.pk, "institution": _institution(p.institution), "role": p.role}
            for p in sorted(obj.partners.all(), key=lambda p: (p.position, p.pk))
        ]

    @staticmethod
    def resolve_mou(obj: Partnership) -> dict[str, Any] | None:
        memoranda = list(obj.memoranda.all())
        return _summaries(memoranda)[0] if memoranda else None


class PartnerOut(Schema):
    id: int
    institution: InstitutionRef
    role: PartnerRole
    role_label: str
    responsibilities: LanguageMap
    contact: ContactRef | None
    signatory: PersonRef | None = Field(..., description="The person who signs online.")
    signatory_name: str = Field(..., description="Who signs on paper (no account).")
    signatory_job_title: str
    signs_as: str = Field(..., description="The name that signs for this partner, however given.")
    position: int


class PartnerAgreementOut(Schema):
    partner_id: int
    institution: str
    agreed_by: str
    agreed_at: datetime


class WaitingPartnerOut(Schema):
    partner_id: int
    institution: str


class UnitVersionRef(Schema):
    id: int
    number: int
    status: VersionStatus
    name: LanguageMap
    qualification: QualificationLevelRef | None


class PartnershipUnitOut(Schema):
    id: int = Field(..., description="The unit in the partnership (item_id).")
    unit_id: int
    owner: InstitutionRef
    version: UnitVersionRef = Field(..., description="The version the partners agree on.")
    latest_version: int = Field(..., description="The unit's latest version number.")
    newer_version: bool = Field(..., description="The unit has a version newer than this one.")
    agreed: bool = Field(..., description="Every partner agreed this version.")
    agreed_by: list[PartnerAgreementOut]
    waiting_for: list[WaitingPartnerOut]


class PermissionsOut(Schema):
    manage: bool = Field(..., description="You coordinate the partnership and its MoU.")
    write_profile: bool = Field(..., description="You may write the trainee profile template.")
    agree_for: list[int] = Field(..., description="Partner ids you may agree units for.")


class TermsOut(Schema):
    objectives: LanguageMap
    other_organisations: LanguageMap
    assessment: LanguageMap
    documentation: LanguageMap
    validation_recognition: LanguageMap
    mobility_min_weeks: int | None
    mobility_max_weeks: int | None
    valid_from: date | None
    valid_until: date | None
    evaluation: LanguageMap


class ProfileOut(Schema):
    profile_knowledge: LanguageMap
    profile_skills: LanguageMap
    profile_competence: LanguageMap
    profile_social: LanguageMap


class PartnershipDetailOut(Schema):
    id: int
    title: str
    file_code: str
    owner: InstitutionRef
    terms: TermsOut = Field(..., description="What the MoU states besides partners and units.")
    trainee_profile: ProfileOut = Field(..., description="The sending side's template.")
    partners: list[PartnerOut]
    qualifications: list[QualificationLevelRef]
    units: list[PartnershipUnitOut]
    revision: int = Field(..., description="Send it back with an edit to detect conflicts.")
    locked: bool = Field(
        ...,
        description="The MoU's latest version is out for signature or signed: its terms "
        "cannot change (start an amendment).",
    )
    mou: list[MemorandumSummaryOut] = Field(..., description="Every MoU version, newest first.")
    permissions: PermissionsOut
    created_at: datetime
    updated_at: datetime


TERMS_MAPS = (
    "objectives",
    "other_organisations",
    "assessment",
    "documentation",
    "validation_recognition",
    "evaluation",
)
PROFILE_MAPS = ("profile_knowledge", "profile_skills", "profile_competence", "profile_social")


def _memorandum_summary(memorandum: Memorandum, numbers: dict[int, int]) -> dict[str, Any]:
    envelope = memorandum.envelope if memorandum.envelope_id else None
    return {
        "number": memorandum.number,
        "status": memorandum.status,
        "status_label": str(memorandum.get_status_display()),
        "amends": numbers.get(memorandum.amends_id) if memorandum.amends_id else None,
        "reason": memorandum.reason,
        "envelope_id": memorandum.envelope_id,
        "code": envelope.code if envelope is not None else None,
        "created_at": memorandum.created_at,
        "signed_at": memorandum.signed_at,
    }


def _summaries(memoranda: list[Memorandum]) -> list[dict[str, Any]]:
    numbers = {m.pk: m.number for m in memoranda}
    return [_memorandum_summary(m, numbers) for m in memoranda]


def _partner_data(partner: Partner) -> dict[str, Any]:
    contact = partner.contact
    return {
        "id": partner.pk,
        "institution": _institution(partner.institution),
        "role": partner.role,
        "role_label": str(partner.get_role_display()),
        "responsibilities": partner.responsibilities,
        "contact": {
            "id": contact.pk,
            "name": contact.name,
            "position": contact.position,
            "email": contact.email,
            "phone": contact.phone,
            "is_authorised_signatory": contact.is_authorised_signatory,
        }
        if contact is not None
        else None,
        "signatory": _person(partner.signatory),
        "signatory_name": partner.signatory_name,
        "signatory_job_title": partner.signatory_job_title,
        "signs_as": partner.signs_as,
        "position": partner.position,
    }


def _qualification(qualification: Any) -> dict[str, Any] | None:
    if qualification is None:
        return None
    return {
        "id": qualification.pk,
        "title": qualification.title,
        "eqf_level": qualification.eqf_level,
    }


def _row_data(row: selectors.AgreementRow) -> dict[str, Any]:
    item = row.item
    version = item.version
    agreements = {a.partner_id: a for a in item.agreements.all() if a.version_id == version.pk}
    return {
        "id": item.pk,
        "unit_id": item.unit_id,
        "owner": _institution(item.unit.owner),
        "version": {
            "id": version.pk,
            "number": version.number,
            "status": version.status,
            "name": version.name,
            "qualification": _qualification(version.qualification),
        },
        "latest_version": item.unit.latest.number if item.unit.latest else version.number,
        "newer_version": row.newer_version,
        "agreed": row.is_agreed,
        "agreed_by": [
            {
                "partner_id": partner.pk,
                "institution": partner.institution.name,
                "agreed_by": _name(agreements[partner.pk].agreed_by),
                "agreed_at": agreements[partner.pk].agreed_at,
            }
            for partner in row.agreed
        ],
        "waiting_for": [
            {"partner_id": partner.pk, "institution": partner.institution.name}
            for partner in row.waiting
        ],
    }


def _detail(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = _partnership(request, partnership_id)
    partner_list = list(selectors.partners(partnership=partnership))
    rows = selectors.agreement_rows(partnership=partnership, partner_list=partner_list)
    memoranda = list(selectors.memoranda(partnership=partnership))
    managed = selectors.partnership_can_manage(user=request.user, partnership=partnership)
    speaks_for = selectors.partners_user_speaks_for(user=request.user, partnership=partnership)
    return {
        "id": partnership.pk,
        "title": partnership.title,
        "file_code": partnership.file_code,
        "owner": _institution(partnership.owner),
        "terms": {
            **{name: getattr(partnership, name) for name in TERMS_MAPS},
            "mobility_min_weeks": partnership.mobility_min_weeks,
            "mobility_max_weeks": partnership.mobility_max_weeks,
            "valid_from": partnership.valid_from,
            "valid_until": partnership.valid_until,
        },
        "trainee_profile": {name: getattr(partnership, name) for name in PROFILE_MAPS},
        "partners": [_partner_data(p) for p in partner_list],
        "qualifications": [
            _qualification(q) for q in partnership.qualifications.order_by("eqf_level", "pk")
        ],
        "units": [_row_data(row) for row in rows],
        "revision": partnership.revision,
        "locked": bool(memoranda)
        and memoranda[0].status in {MemorandumStatus.OUT, MemorandumStatus.SIGNED},
        "mou": _summaries(memoranda),
        "permissions": {
            "manage": managed,
            "write_profile": can_write_profile(user=request.user, partnership=partnership),
            "agree_for": [p.pk for p in speaks_for],
        },
        "created_at": partnership.created_at,
        "updated_at": partnership.updated_at,
    }


class PartnershipFilters(Schema):
    search: str = Field("", description="Words in the name, file code or a partner's name")


@router.get(
    "/partnerships",
    response=list[PartnershipOut],
    summary="Partnerships your institution takes part in",
)
@paginate(LimitOffsetPagination)
def list_partnerships(request: HttpRequest, filters: Query[PartnershipFilters]) -> Any:
    return selectors.partnership_list(user=request.user, search=filters.search)


@router.get(
    "/partnerships/{partnership_id}",
    response=PartnershipDetailOut,
    summary="A partnership: its terms, partners, units with each partner's agreement, the MoU",
)
def get_partnership(request: HttpRequest, partnership_id: int) -> Any:
    return _detail(request, partnership_id)


# --- partnerships: writing ---


class TermsPatch(Schema):
    """The partnership's terms and trainee profile; only the fields sent change."""

    title: str | None = Field(None, min_length=1, max_length=255)
    file_code: str | None = Field(None, max_length=60)
    objectives: LanguageMap | None = Field(None, description=MAP_HELP)
    other_organisations: LanguageMap | None = None
    assessment: LanguageMap | None = None
    documentation: LanguageMap | None = None
    validation_recognition: LanguageMap | None = None
    mobility_min_weeks: int | None = Field(None, ge=1, le=104)
    mobility_max_weeks: int | None = Field(None, ge=1, le=104)
    valid_from: date | None = None
    valid_until: date | None = None
    evaluation: LanguageMap | None = None
    profile_knowledge: LanguageMap | None = None
    profile_skills: LanguageMap | None = None
    profile_competence: LanguageMap | None = None
    profile_social: LanguageMap | None = None


class PartnershipIn(TermsPatch):
    owner_id: int = Field(..., description="Your institution that coordinates the partnership.")
    title: str = Field(..., min_length=1, max_length=255)


class PartnershipPatch(TermsPatch):
    revision: int | None = Field(None, description=REVISION_HELP)


def _fields(changes: dict[str, Any]) -> dict[str, Any]:
    """The payload as the services take it: no null for texts that are never null."""
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
        if not changes["title"]:
            raise ValidationError({"title": _("Give the partnership a name.")})
    if "file_code" in changes:
        changes["file_code"] = (changes["file_code"] or "").strip()
    for name in (*TERMS_MAPS, *PROFILE_MAPS):
        if name in changes and changes[name] is None:
            changes[name] = {}
    return changes


@router.post(
    "/partnerships",
    response={201: PartnershipDetailOut},
    summary="Start a partnership (your institution is its sending partner; MoU version 1 is "
    "drafted)",
)
def create_partnership(request: HttpRequest, payload: PartnershipIn) -> Any:
    fields = _fields(payload.model_dump(exclude_unset=True))
    owner = get_object_or_404(institution_list(user=request.user), pk=fields.pop("owner_id"))
    title = fields.pop("title")
    partnership = partnership_create(actor=request.user, owner=owner, title=title, **fields)
    return Status(201, _detail(request, partnership.pk))


@router.patch(
    "/partnerships/{partnership_id}",
    response=PartnershipDetailOut,
    summary="Change the partnership's terms or trainee profile",
    description="Terms change only while the MoU is a draft (else 409: start an amendment). "
    + REVISION_HELP,
)
def update_partnership(request: HttpRequest, partnership_id: int, payload: PartnershipPatch) -> Any:
    partnership = _partnership(request, partnership_id)
    changes = _fields(payload.model_dump(exclude_unset=True))
    revision = changes.pop("revision", None)
    partnership_update(actor=request.user, partnership=partnership, revision=revision, **changes)
    return _detail(request, partnership_id)


# --- partners ---


class PartnerPatch(Schema):
    role: PartnerRole | None = None
    responsibilities: LanguageMap | None = Field(None, description=MAP_HELP)
    contact_id: int | None = Field(
        None, description="A contact person of the partner institution, or null."
    )
    signatory_id: int | None = Field(
        None, description="A person of the partner institution who signs online, or null."
    )
    signatory_name: str | None = Field(None, max_length=200)
    signatory_job_title: str | None = Field(None, max_length=200)
    revision: int | None = Field(None, description=REVISION_HELP)


class PartnerIn(PartnerPatch):
    institution_id: int = Field(..., description="An institution you can see.")
    role: PartnerRole


def _partner_fields(institution: Institution, changes: dict[str, Any]) -> dict[str, Any]:
    """Ids of the payload as objects of the partner institution (422 for any other)."""
    if "contact_id" in changes:
        contact_id = changes.pop("contact_id")
        changes["contact"] = None
        if contact_id is not None:
            changes["contact"] = institution.contacts.filter(pk=contact_id).first()
            if changes["contact"] is None:
                raise ValidationError(
                    {"contact_id": _("Choose a contact person of the partner institution.")}
                )
    if "signatory_id" in changes:
        signatory_id = changes.pop("signatory_id")
        changes["signatory"] = None
        if signatory_id is not None:
            people = {user.pk: user for user in signatory_candidates(institution)}
            changes["signatory"] = people.get(signatory_id)
            if changes["signatory"] is None:
                raise ValidationError(
                    {
                        "signatory_id": _(
                            "Choose a person of the partner institution who has an account."
                        )
                    }
                )
    for name in ("signatory_name", "signatory_job_title"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    if "responsibilities" in changes and changes["responsibilities"] is None:
        changes["responsibilities"] = {}
    return changes


@router.post(
    "/partnerships/{partnership_id}/partners",
    response={201: PartnerOut},
    summary="Add a partner institution in a role",
)
def add_partner(request: HttpRequest, partnership_id: int, payload: PartnerIn) -> Any:
    partnership = _partnership(request, partnership_id)
    changes = payload.model_dump(exclude_unset=True)
    institution = (
        institution_list(user=request.user).filter(pk=changes.pop("institution_id")).first()
    )
    if institution is None:
        raise ValidationError({"institution_id": _("Choose an institution you can see.")})
    fields = _partner_fields(institution, changes)
    partner = partner_add(
        actor=request.user,
        partnership=partnership,
        institution=institution,
        role=fields.pop("role"),
        revision=fields.pop("revision", None),
        **fields,
    )
    return Status(
        201, _partner_data(selectors.partners(partnership=partnership).get(pk=partner.pk))
    )


@router.patch(
    "/partners/{partner_id}",
    response=PartnerOut,
    summary="Change a partner's role, responsibilities, contact or who signs for it",
    description="The partnership's coordinators change everything; a partner's own "
    "coordinators change all but the role.",
)
def update_partner(request: HttpRequest, partner_id: int, payload: PartnerPatch) -> Any:
    partner = _partner(request, partner_id)
    fields = _partner_fields(partner.institution, payload.model_dump(exclude_unset=True))
    partner_update(
        actor=request.user, partner=partner, revision=fields.pop("revision", None), **fields
    )
    return _partner_data(selectors.partners(partnership=partner.partnership).get(pk=partner.pk))


@router.delete(
    "/partners/{partner_id}", response={204: None}, summary="Remove a partner from the partnership"
)
def delete_partner(request: HttpRequest, partner_id: int, revision: int | None = None) -> Any:
    partner_remove(actor=request.user, partner=_partner(request, partner_id), revision=revision)
    return Status(204, None)


# --- units in the partnership ---


class UnitAddIn(Schema):
    unit_id: int = Field(..., description="A unit you can see; it comes in at its latest version.")
    revision: int | None = Field(None, description=REVISION_HELP)


class RevisionIn(Schema):
    revision: int | None = Field(None, description=REVISION_HELP)


class AgreeIn(Schema):
    partner_id: int = Field(..., description="The partner you agree for.")
    version_id: int | None = Field(
        None,
        description="The id of the unit version you read; if the partnership moved to another "
        "version meanwhile, nothing is agreed (409).",
    )


class AskedOut(Schema):
    asked: int = Field(..., description="How many people were asked to agree.")


def _row(item: PartnershipUnit) -> dict[str, Any]:
    rows = selectors.agreement_rows(partnership=item.partnership)
    return _row_data(next(row for row in rows if row.item.pk == item.pk))


@router.post(
    "/partnerships/{partnership_id}/units",
    response={201: PartnershipUnitOut},
    summary="Bring a unit into the partnership at its latest version",
)
def add_unit(request: HttpRequest, partnership_id: int, payload: UnitAddIn) -> Any:
    partnership = _partnership(request, partnership_id)
    unit = unit_list(user=request.user).filter(pk=payload.unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": _("Choose a unit you can see.")})
    item = partnership_unit_add(
        actor=request.user, partnership=partnership, unit=unit, revision=payload.revision
    )
    return Status(201, _row(item))


@router.get(
    "/partnership-units/{item_id}",
    response=PartnershipUnitOut,
    summary="A unit in the partnership and where each partner stands on its version",
)
def get_partnership_unit(request: HttpRequest, item_id: int) -> Any:
    return _row(_item(request, item_id))


@router.delete(
    "/partnership-units/{item_id}",
    response={204: None},
    summary="Take a unit out of the partnership",
)
def delete_partnership_unit(request: HttpRequest, item_id: int, revision: int | None = None) -> Any:
    partnership_unit_remove(
        actor=request.user, partnership_unit=_item(request, item_id), revision=revision
    )
    return Status(204, None)


@router.post(
    "/partnership-units/{item_id}/update-version",
    response=PartnershipUnitOut,
    summary="Move the unit to its latest version (the partners agree it anew)",
)
def update_partnership_unit_version(request: HttpRequest, item_id: int, payload: RevisionIn) -> Any:
    item = partnership_unit_update_version(
        actor=request.user, partnership_unit=_item(request, item_id), revision=payload.revision
    )
    return _row(item)


@router.post(
    "/partnership-units/{item_id}/agree",
    response=PartnershipUnitOut,
    summary="Agree the unit's version for a partner you speak for",
)
def agree_partnership_unit(request: HttpRequest, item_id: int, payload: AgreeIn) -> Any:
    item = _item(request, item_id)
    partner = (
        item.partnership.partners.select_related("institution")
        .filter(pk=payload.partner_id)
        .first()
    )
    if partner is None:
        raise ValidationError({"partner_id": _("Choose a partner of this partnership.")})
    version = None
    if payload.version_id is not None:
        version = item.unit.versions.filter(pk=payload.version_id).first()
        if version is None:
            raise ValidationError({"version_id": _("Choose a version of this unit.")})
    unit_agreement_record(
        actor=request.user, partnership_unit=item, partner=partner, version=version
    )
    return _row(item)


@router.post(
    "/partnership-units/{item_id}/request",
    response=AskedOut,
    summary="Ask the partners that have not agreed the unit's version yet to agree it",
)
def request_agreement(request: HttpRequest, item_id: int) -> Any:
    people = agreement_request(actor=request.user, partnership_unit=_item(request, item_id))
    return {"asked": len(people)}


# --- comments and proposed outcomes ---


class NoteOut(Schema):
    id: int
    kind: NoteKind
    version: int = Field(..., description="The number of the unit version it is about.")
    author: str
    institution: InstitutionRef = Field(..., description="The partner it is written for.")
    text: str
    language: str
    category: str = Field(..., description="For a proposal: knowledge, skills or competence.")
    replaces_id: int | None = Field(..., description="For a different outcome: the one replaced.")
    replaces_text: LanguageMap | None
    status: ProposalStatus | None = Field(..., description="For a proposal.")
    answered_by: str | None
    answered_at: datetime | None
    answer: str
    created_at: datetime

    # Author, institution, version, replaced outcome and answerer come with ``notes_of``.
    @staticmethod
    def resolve_version(obj: UnitNote) -> int:
        return obj.version.number

    @staticmethod
    def resolve_author(obj: UnitNote) -> str:
        return _name(obj.author)

    @staticmethod
    def resolve_institution(obj: UnitNote) -> dict[str, Any]:
        return _institution(obj.institution)

    @staticmethod
    def resolve_replaces_text(obj: UnitNote) -> dict[str, str] | None:
        return obj.replaces.text if obj.replaces is not None else None

    @staticmethod
    def resolve_status(obj: UnitNote) -> str | None:
        return obj.status or None

    @staticmethod
    def resolve_answered_by(obj: UnitNote) -> str | None:
        return _name(obj.answered_by) if obj.answered_by is not None else None


class NoteIn(Schema):
    kind: NoteKind
    text: str = Field(..., min_length=1, max_length=5000)
    language: str = Field(..., description="The language it is written in")
    category: str = Field(
        "", description="For a proposal: knowledge, skills or competence (the column)."
    )
    replaces_id: int | None = Field(
        None, description="For a different outcome: an outcome of the version discussed."
    )


class AnswerIn(Schema):
    accept: bool = Field(..., description="true: take the outcome into the unit's draft.")
    answer: str = Field("", max_length=5000, description="Required when not taken: why not.")


@router.get(
    "/partnership-units/{item_id}/notes",
    response=list[NoteOut],
    summary="Comments and proposed outcomes on the unit, oldest first",
)
@paginate(LimitOffsetPagination)
def list_notes(request: HttpRequest, item_id: int) -> Any:
    return selectors.notes_of(partnership_unit=_item(request, item_id))


@router.post(
    "/partnership-units/{item_id}/notes",
    response={201: NoteOut},
    summary="Comment on the unit's version, or propose a new or different outcome",
)
def add_note(request: HttpRequest, item_id: int, payload: NoteIn) -> Any:
    item = _item(request, item_id)
    if payload.language not in content_languages():
        raise ValidationError(
            {
                "language": _("Choose one of the languages: %(languages)s.")
                % {"languages": ", ".join(content_languages())}
            }
        )
    replaces = None
    if payload.replaces_id is not None:
        replaces = item.version.outcomes.filter(pk=payload.replaces_id).first()
        if replaces is None:
            raise ValidationError(
                {"replaces_id": _("Choose an outcome of the version being discussed.")}
            )
    note = unit_note_add(
        actor=request.user,
        partnership_unit=item,
        kind=payload.kind,
        text=payload.text,
        language=payload.language,
        category=payload.category,
        replaces=replaces,
    )
    return Status(201, selectors.notes_of(partnership_unit=item).get(pk=note.pk))


@router.post(
    "/unit-notes/{note_id}/answer",
    response=NoteOut,
    summary="Take a proposed outcome into the unit, or say why not",
    description="For the unit's authors. A taken outcome is added to the unit's draft (a new "
    "draft is started from the agreed version when needed).",
)
def answer_note(request: HttpRequest, note_id: int, payload: AnswerIn) -> Any:
    note = proposal_answer(
        actor=request.user,
        note=_note(request, note_id),
        accept=payload.accept,
        answer=payload.answer,
    )
    return selectors.notes_of(partnership_unit=note.partnership_unit).get(pk=note.pk)


# --- the MoU ---


class DocumentCheckOut(Schema):
    level: str = Field(..., description="error (blocks sending) or warning")
    message: str


class SendingOut(Schema):
    envelope_id: int
    code: str
    status: str
    status_label: str
    content_hash: str
    sent_at: datetime
    sent_by: str
    closed_at: datetime | None
    closed_by: str | None
    closing_reason: str = Field(..., description="Why it was declined or withdrawn.")
    signed: int
    signatures_wanted: int


class MemorandumOut(MemorandumSummaryOut):
    content: dict[str, Any] = Field(
        ...,
        description="The canonical content: as frozen when sent (its SHA-256 is content_hash), "
        "or drafted from the partnership now while a draft.",
    )
    content_hash: str | None = Field(..., description="SHA-256 of the content, once sent.")
    checks: list[DocumentCheckOut] | None = Field(
        ..., description="For a draft: what blocks sending (error) and what to look at."
    )
    sendings: list[SendingOut] = Field(
        ..., description="Every sending of this version for signature, newest first."
    )


class AmendIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000, description="What changes and why.")


def _memorandum(partnership: Partnership, number: int) -> Memorandum:
    try:
        return selectors.memoranda(partnership=partnership).get(number=number)
    except Memorandum.DoesNotExist:
        raise Http404 from None


def _memorandum_data(partnership: Partnership, number: int) -> dict[str, Any]:
    memorandum = _memorandum(partnership, number)
    numbers = {memorandum.pk: memorandum.number}
    if memorandum.amends_id:
        numbers[memorandum.amends_id] = Memorandum.objects.get(pk=memorandum.amends_id).number
    envelope = memorandum.envelope if memorandum.is_frozen else None
    sendings = []
    for sent in envelopes_of(memorandum):
        state = signature_state(sent)
        sendings.append(
            {
                "envelope_id": sent.pk,
                "code": sent.code,
                "status": sent.status,
                "status_label": str(sent.get_status_display()),
                "content_hash": sent.content_hash,
                "sent_at": sent.sent_at,
                "sent_by": _name(sent.sent_by),
                "closed_at": sent.closed_at,
                "closed_by": _name(sent.closed_by) if sent.closed_by is not None else None,
                "closing_reason": sent.closing_reason,
                "signed": state["signed"],
                "signatures_wanted": state["total"],
            }
        )
    return {
        **_memorandum_summary(memorandum, numbers),
        "content": memorandum_content(memorandum),
        "content_hash": envelope.content_hash if envelope is not None else None,
        "checks": None
        if memorandum.is_frozen
        else [
            {"level": check.level, "message": check.message}
            for check in memorandum_checks(partnership=partnership)
        ],
        "sendings": sendings,
    }


@router.get(
    "/partnerships/{partnership_id}/mou",
    response=list[MemorandumSummaryOut],
    summary="The MoU's versions, newest first",
)
def list_memoranda(request: HttpRequest, partnership_id: int) -> Any:
    partnership = _partnership(request, partnership_id)
    return _summaries(list(selectors.memoranda(partnership=partnership)))


@router.post(
    "/partnerships/{partnership_id}/mou/amend",
    response={201: MemorandumOut},
    summary="Start an amendment of the signed MoU (the next version, signed again by all)",
)
def amend_memorandum(request: HttpRequest, partnership_id: int, payload: AmendIn) -> Any:
    partnership = _partnership(request, partnership_id)
    amendment = memorandum_amend(actor=request.user, partnership=partnership, reason=payload.reason)
    return Status(201, _memorandum_data(partnership, amendment.number))


@router.get(
    "/partnerships/{partnership_id}/mou/{number}",
    response=MemorandumOut,
    summary="A version of the MoU: its content, status, hash and checks",
)
def get_memorandum(request: HttpRequest, partnership_id: int, number: int) -> Any:
    return _memorandum_data(_partnership(request, partnership_id), number)


@router.post(
    "/partnerships/{partnership_id}/mou/{number}/send",
    response=MemorandumOut,
    summary="Send the draft for signature to every partner's signatory",
    description="Freezes the content (its SHA-256 is stored) and asks each signatory to sign "
    "it; the partnership's terms are locked from then on. " + REVISION_HELP,
)
def send_memorandum(
    request: HttpRequest, partnership_id: int, number: int, payload: RevisionIn
) -> Any:
    partnership = _partnership(request, partnership_id)
    memorandum_send(
        actor=request.user,
        memorandum=_memorandum(partnership, number),
        revision=payload.revision,
    )
    return _memorandum_data(partnership, number)
