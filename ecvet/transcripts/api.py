# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings.
"""The transcript of records: its versions, the content drawn from the host's assessments,
preparing the draft, sending it for the host's signature, amendments, and the PDF.

A mobility the reader may not see (and every transcript version of it) is a 404. Every write
calls the same service as the screens, which checks permission again: only the host side (the
mentor and the host's coordinators) prepares, sends and amends (403 for another reader who
sees the mobility); a step off the version's map is a 409 naming both statuses.

Signing happens on the envelope: once a version is sent, its ``envelope_id`` leads to
``GET /envelopes/{envelope_id}`` and the signing operations (tag "signing"), the same for
every kind of document.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from ecvet.accounts.models import User
from ecvet.documents.pdf import pdf_filename, pdf_response
from ecvet.mobilities.models import Mobility
from ecvet.mobilities.selectors import mobility_get
from ecvet.multilingual.text import document_language
from ecvet.signing.selectors import envelopes_of, signature_state
from ecvet.signing.services import content_hash, copy_issue
from ecvet.transcripts import selectors
from ecvet.transcripts.content import transcript_content, unanswered
from ecvet.transcripts.documents import draft_pdf
from ecvet.transcripts.models import Transcript, TranscriptStatus
from ecvet.transcripts.services import transcript_amend, transcript_prepare, transcript_send

router = Router(tags=["transcripts"])

PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class TranscriptSummaryOut(Schema):
    number: int
    status: TranscriptStatus
    status_label: str
    amends: int | None = Field(..., description="The version number this amendment changes.")
    reason: str = Field(..., description="For an amendment: what it changes and why.")
    envelope_id: int | None = Field(
        ...,
        description="Once sent for signature: sign through GET /envelopes/{envelope_id} and "
        "POST /envelopes/{envelope_id}/signatories/{signatory_id}/sign.",
    )
    code: str | None = Field(..., description="The verification code, once sent.")
    revision: int = Field(..., description="Send it back with `send` to detect conflicts.")
    created_at: datetime
    signed_at: datetime | None


class TranscriptSendingOut(Schema):
    envelope_id: int
    code: str
    status: str
    status_label: str
    content_hash: str
    sent_at: datetime
    sent_by: str
    closed_at: datetime | None
    closed_by: str | None
    closing_reason: str
    signed: int
    signatures_wanted: int


class TranscriptSignerOut(Schema):
    id: int
    name: str
    mentor: bool = Field(..., description="The mobility's mentor, who signs by default.")


class TranscriptOut(TranscriptSummaryOut):
    content: dict[str, Any] = Field(
        ...,
        description="The canonical content: frozen as sent once out for signature, else drawn "
        "from the assessments now. Every outcome of the Learning Agreement in force, with "
        "its result (`answered` false: nobody answered it yet).",
    )
    content_hash: str | None = Field(..., description="The SHA-256 of the frozen content.")
    draft_hash: str | None = Field(
        ..., description="A draft's content SHA-256: send it back as `seen_hash`."
    )
    unanswered: int = Field(..., description="Outcomes with no answer yet (a draft: 0 to send).")
    outdated: bool = Field(
        ...,
        description="A signed version whose assessments (or other facts) changed since: "
        "an amendment is due.",
    )
    can_issue: bool = Field(..., description="You prepare, send and amend it (the host side).")
    signers: list[TranscriptSignerOut] | None = Field(
        ..., description="A draft, to the host side: who may sign for the host."
    )
    sendings: list[TranscriptSendingOut]


class TranscriptSendIn(Schema):
    signer_id: int | None = Field(
        None, description="Who signs for the host (one of `signers`); null: the mentor."
    )
    revision: int | None = Field(None, description="The transcript's revision you reviewed.")
    seen_hash: str | None = Field(
        None, description="The draft_hash you reviewed; if the content changed since, 409."
    )


class TranscriptAmendIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000, description="What changes and why.")


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _mobility(request: HttpRequest, mobility_id: int) -> Mobility:
    """A mobility the user may see (or 404, whether it exists or not)."""
    try:
        return mobility_get(user=request.user, pk=mobility_id)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _transcript(mobility: Mobility, number: int) -> Transcript:
    try:
        transcript = selectors.transcripts(mobility=mobility).get(number=number)
    except Transcript.DoesNotExist:
        raise Http404 from None
    transcript.mobility = mobility
    return transcript


def _summary(transcript: Transcript, numbers: dict[int, int]) -> dict[str, Any]:
    envelope = transcript.envelope if transcript.envelope_id is not None else None
    return {
        "number": transcript.number,
        "status": transcript.status,
        "status_label": str(transcript.get_status_display()),
        "amends": numbers.get(transcript.amends_id) if transcript.amends_id else None,
        "reason": transcript.reason,
        "envelope_id": transcript.envelope_id,
        "code": envelope.code if envelope is not None else None,
        "revision": transcript.revision,
        "created_at": transcript.created_at,
        "signed_at": transcript.signed_at,
    }


def _sendings(transcript: Transcript) -> list[dict[str, Any]]:
    sendings = []
    for sent in envelopes_of(transcript):
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
    return sendings


def _data(request: HttpRequest, mobility: Mobility, number: int) -> dict[str, Any]:
    transcript = _transcript(mobility, number)
    versions = list(selectors.transcripts(mobility=mobility))
    numbers = {v.pk: v.number for v in versions}
    content = transcript_content(transcript)
    draft = not transcript.is_frozen
    can_issue = selectors.transcript_can_issue(user=request.user, mobility=mobility)
    return {
        **_summary(transcript, numbers),
        "content": content,
        "content_hash": transcript.envelope.content_hash
        if not draft and transcript.envelope is not None
        else None,
        "draft_hash": content_hash(content) if draft else None,
        "unanswered": unanswered(content),
        "outdated": transcript.status == TranscriptStatus.SIGNED
        and versions[0].pk == transcript.pk
        and selectors.transcript_outdated(transcript),
        "can_issue": can_issue,
        "signers": [
            {"id": person.pk, "name": _name(person), "mentor": person.pk == mobility.mentor_id}
            for person in selectors.signer_candidates(mobility=mobility)
        ]
        if draft and can_issue
        else None,
        "sendings": _sendings(transcript),
    }


@router.get(
    "/mobilities/{mobility_id}/transcripts",
    response=list[TranscriptSummaryOut],
    summary="The transcript of records' versions, newest first",
)
def list_transcripts(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    versions = list(selectors.transcripts(mobility=mobility))
    numbers = {v.pk: v.number for v in versions}
    return [_summary(v, numbers) for v in versions]


@router.post(
    "/mobilities/{mobility_id}/transcripts",
    response={200: TranscriptOut, 201: TranscriptOut},
    summary="Prepare the transcript's draft from the host's assessments (the host side)",
    description="201 with the new draft; 200 with the latest version when the mobility "
    "already has a transcript (start an amendment with `amend`). Only while the mobility is "
    "ongoing or completed, under a signed Learning Agreement.",
)
def prepare_transcript(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    existed = selectors.transcript_current(mobility=mobility) is not None
    transcript = transcript_prepare(actor=request.user, mobility=mobility)
    return Status(200 if existed else 201, _data(request, mobility, transcript.number))


@router.post(
    "/mobilities/{mobility_id}/transcripts/amend",
    response={201: TranscriptOut},
    summary="Start an amendment of the signed transcript (the next version, signed again)",
    description="Refused (400) when nothing the transcript states has changed since it was signed.",
)
def amend_transcript(request: HttpRequest, mobility_id: int, payload: TranscriptAmendIn) -> Any:
    mobility = _mobility(request, mobility_id)
    amendment = transcript_amend(actor=request.user, mobility=mobility, reason=payload.reason)
    return Status(201, _data(request, mobility, amendment.number))


@router.get(
    "/mobilities/{mobility_id}/transcripts/{number}",
    response=TranscriptOut,
    summary="One version of the transcript: its content, status and sendings for signature",
)
def get_transcript(request: HttpRequest, mobility_id: int, number: int) -> Any:
    return _data(request, _mobility(request, mobility_id), number)


@router.post(
    "/mobilities/{mobility_id}/transcripts/{number}/send",
    response=TranscriptOut,
    summary="Send the draft for the host's signature (the mentor, or the person chosen)",
    description="Every learning outcome must have an answer (else 400, naming how many "
    "lack one). Freezes the content (its SHA-256 is stored); the signer then signs on the "
    "envelope: POST /envelopes/{envelope_id}/signatories/{signatory_id}/sign. With "
    "`revision` and `seen_hash`, nothing is sent if the draft changed since you reviewed it "
    "(409).",
)
def send_transcript(
    request: HttpRequest, mobility_id: int, number: int, payload: TranscriptSendIn
) -> Any:
    mobility = _mobility(request, mobility_id)
    transcript = _transcript(mobility, number)
    signer = None
    if payload.signer_id is not None:
        signer = User.objects.filter(pk=payload.signer_id, is_active=True).first()
        if signer is None:
            raise ValidationError({"signer_id": _("Choose who signs from the list.")})
    transcript_send(
        actor=request.user,
        transcript=transcript,
        signer=signer,
        revision=payload.revision,
        seen_hash=payload.seen_hash,
    )
    return _data(request, mobility, number)


@router.get(
    "/mobilities/{mobility_id}/transcripts/{number}/pdf",
    summary="The transcript as a PDF (`?lang=` en or lv)",
    description="A draft is drawn now and marked as a draft. A version sent for signature is "
    "its issued copy: the same state always gives the same file, whose SHA-256 the public "
    "verify operation recognises.",
    openapi_extra=PDF_RESPONSE,
)
def transcript_pdf(request: HttpRequest, mobility_id: int, number: int, lang: str = "") -> Any:
    mobility = _mobility(request, mobility_id)
    transcript = _transcript(mobility, number)
    language = document_language(request)
    parts = [mobility.learner.full_name, "transcript-of-records", f"v{transcript.number}"]
    if transcript.is_frozen and transcript.envelope is not None:
        copy = copy_issue(envelope=transcript.envelope, language=language)
        with copy.file.open("rb") as stored:
            data = stored.read()
        return pdf_response(data, filename=pdf_filename(*parts, transcript.envelope.code, language))
    data = draft_pdf(transcript, language, base_url=request.build_absolute_uri("/"))
    response: HttpResponse = pdf_response(data, filename=pdf_filename(*parts, "draft", language))
    return response
