# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time.
"""The Europass Mobility and recommendation letters.

Every operation finds the mobility among those the caller may see (else 404, whether it
exists or not); every write calls the same service as the screens, which checks permission
again (a visible mobility the caller may not change is a 403) and refuses a change of what a
frozen version states (409).

Signing happens on the envelope: once a version is sent, its ``envelope_id`` leads to
``GET /envelopes/{envelope_id}`` and the signing operations, the same for every document.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ecvet.documents.pdf import pdf_filename, pdf_response
from ecvet.europass import selectors
from ecvet.europass.content import europass_content
from ecvet.europass.documents import draft_pdf, letter_pdf
from ecvet.europass.models import EuropassMobility, RecommendationLetter
from ecvet.europass.services.europass import (
    europass_amend,
    europass_prepare,
    europass_send,
    europass_update,
    signer_candidates,
)
from ecvet.europass.services.letters import letter_create
from ecvet.mobilities.models import Mobility
from ecvet.mobilities.selectors import mobility_get
from ecvet.multilingual.text import document_language
from ecvet.signing.selectors import envelopes_of, signature_state
from ecvet.signing.services import content_hash, copy_issue

router = Router(tags=["Europass Mobility"])

LanguageMap = dict[str, str]
MAP_HELP = 'Texts by language code, e.g. {"en": "…", "lv": "…"}'
PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _mobility(request: HttpRequest, mobility_id: int) -> Mobility:
    try:
        return mobility_get(user=request.user, pk=mobility_id)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _document(mobility: Mobility, number: int) -> EuropassMobility:
    try:
        return selectors.europass_get(mobility=mobility, number=number)
    except EuropassMobility.DoesNotExist:
        raise Http404 from None


def _letter(mobility: Mobility, number: int) -> RecommendationLetter:
    try:
        return selectors.letter_get(mobility=mobility, number=number)
    except RecommendationLetter.DoesNotExist:
        raise Http404 from None


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


# --- the Europass Mobility ---


class EuropassSummaryOut(Schema):
    number: int = Field(..., description="The version (1, then each re-issue).")
    europass_number: str = Field(
        ..., description="The Europass Mobility number, e.g. LV-2026-000042."
    )
    status: str = Field(..., description="draft, out_for_signature, signed or superseded")
    status_label: str
    amends: int | None = Field(..., description="The version this one re-issues.")
    reason: str = Field(..., description="Why it was re-issued.")
    envelope_id: int | None = Field(
        ..., description="The latest sending for signature: GET /envelopes/{envelope_id}."
    )
    code: str | None = Field(..., description="Its verification code.")
    revision: int = Field(..., description="Send it back with an edit to detect conflicts.")
    created_at: datetime
    signed_at: datetime | None


class EuropassSendingOut(Schema):
    envelope_id: int
    code: str
    status: str
    status_label: str
    content_hash: str
    sent_at: datetime
    sent_by: str
    closed_at: datetime | None
    closing_reason: str
    signed: int
    signatures_wanted: int


class EuropassTextsOut(Schema):
    objective: LanguageMap
    programme: str
    language_skills: LanguageMap
    digital_skills: LanguageMap
    organisational_skills: LanguageMap
    social_skills: LanguageMap
    other_skills: LanguageMap


class EuropassOut(EuropassSummaryOut):
    texts: EuropassTextsOut = Field(..., description="The coordinator's texts (a draft's).")
    content: dict[str, Any] = Field(
        ...,
        description="The document's canonical content: frozen once sent, else drafted from "
        "the record now (holder, issuer, partners, experience, skills).",
    )
    content_hash: str | None = Field(..., description="The SHA-256 of the content as sent.")
    draft_hash: str | None = Field(
        ..., description="A draft's content SHA-256: send it back as `seen_hash` to send."
    )
    sendings: list[EuropassSendingOut]


class EuropassPatch(Schema):
    """The coordinator's texts; only the fields sent change."""

    revision: int | None = Field(None, description="The revision you read; 409 if it moved on.")
    objective: LanguageMap | None = Field(None, description=MAP_HELP)
    programme: str | None = Field(None, max_length=200, description="e.g. Erasmus+")
    language_skills: LanguageMap | None = None
    digital_skills: LanguageMap | None = None
    organisational_skills: LanguageMap | None = None
    social_skills: LanguageMap | None = None
    other_skills: LanguageMap | None = None


class EuropassSendIn(Schema):
    signer_id: int | None = Field(
        None,
        description="Who signs for the host: a person with a role at the host company or "
        "institution. Default: the mentor.",
    )
    revision: int | None = Field(None, description="The revision you reviewed.")
    seen_hash: str | None = Field(
        None, description="The draft_hash you reviewed; if the content changed since, 409."
    )


class EuropassAmendIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000, description="What changes and why.")


def _summary(document: EuropassMobility) -> dict[str, Any]:
    envelope = document.envelope if document.envelope_id is not None else None
    return {
        "number": document.number,
        "europass_number": document.europass_number,
        "status": document.status,
        "status_label": str(document.get_status_display()),
        "amends": document.amends.number if document.amends is not None else None,
        "reason": document.reason,
        "envelope_id": document.envelope_id,
        "code": envelope.code if envelope else None,
        "revision": document.revision,
        "created_at": document.created_at,
        "signed_at": document.signed_at,
    }


def _sendings(document: EuropassMobility) -> list[dict[str, Any]]:
    sendings = []
    for sent in envelopes_of(document):
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
                "closing_reason": sent.closing_reason,
                "signed": state["signed"],
                "signatures_wanted": state["total"],
            }
        )
    return sendings


def _data(mobility: Mobility, number: int) -> dict[str, Any]:
    document = _document(mobility, number)
    content = europass_content(document)
    draft = not document.is_frozen
    return {
        **_summary(document),
        "texts": {
            "objective": document.objective,
            "programme": document.programme,
            "language_skills": document.language_skills,
            "digital_skills": document.digital_skills,
            "organisational_skills": document.organisational_skills,
            "social_skills": document.social_skills,
            "other_skills": document.other_skills,
        },
        "content": content,
        "content_hash": document.envelope.content_hash
        if not draft and document.envelope is not None
        else None,
        "draft_hash": content_hash(content) if draft else None,
        "sendings": _sendings(document),
    }


@router.get(
    "/mobilities/{mobility_id}/europass",
    response=list[EuropassSummaryOut],
    summary="The Europass Mobility's versions, newest first",
)
def list_europass(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    return [
        _summary(d) for d in selectors.europass_versions(mobility=mobility).select_related("amends")
    ]


@router.post(
    "/mobilities/{mobility_id}/europass",
    response={201: EuropassOut},
    summary="Prepare the Europass Mobility of a recognised mobility (numbered now)",
    description="The sending school's coordinators, once the mobility is recognised and a unit "
    "is recognised as Europass Mobility. One per mobility; a change later is a re-issue.",
)
def prepare_europass(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    document = europass_prepare(actor=request.user, mobility=mobility)
    return Status(201, _data(mobility, document.number))


@router.post(
    "/mobilities/{mobility_id}/europass/amend",
    response={201: EuropassOut},
    summary="Re-issue the signed Europass Mobility (same number, signed again by the host)",
)
def amend_europass(request: HttpRequest, mobility_id: int, payload: EuropassAmendIn) -> Any:
    mobility = _mobility(request, mobility_id)
    amendment = europass_amend(actor=request.user, mobility=mobility, reason=payload.reason)
    return Status(201, _data(mobility, amendment.number))


@router.get(
    "/mobilities/{mobility_id}/europass/{number}",
    response=EuropassOut,
    summary="A version of the Europass Mobility: its content, texts, status and sendings",
)
def get_europass(request: HttpRequest, mobility_id: int, number: int) -> Any:
    return _data(_mobility(request, mobility_id), number)


@router.patch(
    "/mobilities/{mobility_id}/europass/{number}",
    response=EuropassOut,
    summary="Change a draft's texts: objective, programme, and the skill groups",
    description="Only a draft (else 409: re-issue it).",
)
def update_europass(
    request: HttpRequest, mobility_id: int, number: int, payload: EuropassPatch
) -> Any:
    mobility = _mobility(request, mobility_id)
    changes = payload.model_dump(exclude_unset=True)
    revision = changes.pop("revision", None)
    fields = {
        name: value if value is not None else ("" if name == "programme" else {})
        for name, value in changes.items()
    }
    europass_update(
        actor=request.user, document=_document(mobility, number), revision=revision, **fields
    )
    return _data(mobility, number)


@router.post(
    "/mobilities/{mobility_id}/europass/{number}/send",
    response=EuropassOut,
    summary="Send the draft to the host for signature (the mentor, or another person of the host)",
    description="Freezes the content (its SHA-256 is stored). The signer signs on the "
    "envelope: POST /envelopes/{envelope_id}/signatories/{signatory_id}/sign. With `revision` "
    "and `seen_hash`, nothing is sent if the draft changed since you reviewed it (409).",
)
def send_europass(
    request: HttpRequest, mobility_id: int, number: int, payload: EuropassSendIn
) -> Any:
    mobility = _mobility(request, mobility_id)
    document = _document(mobility, number)
    signer = None
    if payload.signer_id is not None:
        signer = signer_candidates(mobility=mobility).filter(pk=payload.signer_id).first()
        if signer is None:
            raise ValidationError(
                {
                    "signer_id": _(
                        "The signer must have a role at the host company or host institution."
                    )
                }
            )
    europass_send(
        actor=request.user,
        document=document,
        signer=signer,
        revision=payload.revision,
        seen_hash=payload.seen_hash,
    )
    return _data(mobility, number)


@router.get(
    "/mobilities/{mobility_id}/europass/{number}/pdf",
    summary="The Europass Mobility as a PDF (`?lang=` en or lv)",
    description="A draft is drawn now and marked as a draft. A version sent for signature is "
    "its issued copy: the same state always gives the same file, whose SHA-256 the public "
    "verify operation recognises.",
    openapi_extra=PDF_RESPONSE,
)
def europass_pdf(request: HttpRequest, mobility_id: int, number: int, lang: str = "") -> Any:
    mobility = _mobility(request, mobility_id)
    document = _document(mobility, number)
    language = document_language(request)
    name = [mobility.learner.full_name, "europass-mobility", document.europass_number]
    if document.is_frozen and document.envelope is not None:
        copy = copy_issue(envelope=document.envelope, language=language)
        with copy.file.open("rb") as stored:
            data = stored.read()
        return pdf_response(data, filename=pdf_filename(*name, f"v{document.number}", language))
    data = draft_pdf(document, language, base_url=request.build_absolute_uri("/"))
    response: HttpResponse = pdf_response(data, filename=pdf_filename(*name, "draft", language))
    return response


# --- recommendation letters ---


class LetterSummaryOut(Schema):
    number: int
    addressee_name: str
    addressee_company: str
    signer_name: str = Field(..., description="The coordinator who wrote it (not signed).")
    signer_institution: str
    issued_on: date
    created_at: datetime


class LetterOut(LetterSummaryOut):
    personal_note: LanguageMap
    content: dict[str, Any] = Field(
        ..., description="The letter's text as written, in every language (`texts`)."
    )


class LetterIn(Schema):
    addressee_name: str = Field("", max_length=200, description="Optional.")
    addressee_company: str = Field("", max_length=200, description="Optional.")
    personal_note: LanguageMap = Field(
        default_factory=dict, description="A few words of the coordinator. " + MAP_HELP
    )


def _letter_data(letter: RecommendationLetter, *, full: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": letter.number,
        "addressee_name": letter.addressee_name,
        "addressee_company": letter.addressee_company,
        "signer_name": letter.signer_name,
        "signer_institution": letter.signer_institution,
        "issued_on": letter.issued_on,
        "created_at": letter.created_at,
    }
    if full:
        data |= {"personal_note": letter.personal_note, "content": letter.content}
    return data


@router.get(
    "/mobilities/{mobility_id}/letters",
    response=list[LetterSummaryOut],
    summary="The mobility's recommendation letters, newest first",
)
def list_letters(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    return [_letter_data(letter, full=False) for letter in selectors.letters_of(mobility=mobility)]


@router.post(
    "/mobilities/{mobility_id}/letters",
    response={201: LetterOut},
    summary="Write a recommendation letter from the recognised outcomes",
    description="The sending school's coordinators, once the mobility is recognised and a unit "
    "is recognised as a recommendation letter to an employer. The text is written now in "
    "every language and kept; the letter carries the coordinator's name and is not signed "
    "through the signing mechanism.",
)
def create_letter(request: HttpRequest, mobility_id: int, payload: LetterIn) -> Any:
    mobility = _mobility(request, mobility_id)
    letter = letter_create(
        actor=request.user,
        mobility=mobility,
        addressee_name=payload.addressee_name,
        addressee_company=payload.addressee_company,
        personal_note=payload.personal_note,
    )
    return Status(201, _letter_data(letter, full=True))


@router.get(
    "/mobilities/{mobility_id}/letters/{number}",
    response=LetterOut,
    summary="A recommendation letter with its text in every language",
)
def get_letter(request: HttpRequest, mobility_id: int, number: int) -> Any:
    return _letter_data(_letter(_mobility(request, mobility_id), number), full=True)


@router.get(
    "/mobilities/{mobility_id}/letters/{number}/pdf",
    summary="A recommendation letter as a PDF (`?lang=` en or lv)",
    openapi_extra=PDF_RESPONSE,
)
def letter_pdf_get(request: HttpRequest, mobility_id: int, number: int, lang: str = "") -> Any:
    mobility = _mobility(request, mobility_id)
    letter = _letter(mobility, number)
    language = document_language(request)
    data = letter_pdf(letter, language, base_url=request.build_absolute_uri("/"))
    name = pdf_filename(mobility.learner.full_name, "recommendation", letter.number, language)
    response: HttpResponse = pdf_response(data, filename=name)
    return response
