# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (Query[...]).
"""Signing any document (MoU, and later learning agreements and transcripts) and verifying it.

An envelope is one sending of a document version for signature, with its frozen canonical
content and that content's SHA-256. Whoever may see the document sees its envelopes (others
get 404); each named signatory signs their own slot after re-entering their password, or
declines with a reason (the document goes back to draft for everyone); the document's
coordinator records a signature made on paper with the signed scan (a PDF) and may withdraw
the document. The verify operations are public: they show what a printed code or a PDF file
stands for, and never show e-mail addresses, content or scans.
"""

from datetime import date, datetime
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from ecvet.documents.pdf import pdf_filename, pdf_response
from ecvet.multilingual.text import document_language, pick
from ecvet.signing import registry, selectors
from ecvet.signing.models import (
    Envelope,
    EnvelopeStatus,
    Signatory,
    SignatoryStatus,
    Signature,
    SignatureMethod,
)
from ecvet.signing.services import (
    copy_issue,
    envelope_withdraw,
    scan_max_bytes,
    signature_decline,
    signature_record_outside,
    signature_sign,
)

router = Router(tags=["signing"])

LanguageMap = dict[str, str]
PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The PDF",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}
#: The largest file the public verify operation reads; an issued copy is far smaller.
VERIFY_MAX_BYTES = 25 * 1024 * 1024


def _name(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


def _signature_of(slot: Signatory) -> Signature | None:
    # Prefetched with the slot (``select_related("signature")``): a missing one is None.
    return getattr(slot, "signature", None)


# --- reading ---


class SignatureOut(Schema):
    id: int
    method: SignatureMethod
    signer_name: str
    signer_job_title: str
    institution_name: str
    party: str
    place: str
    signed_at: datetime
    content_hash: str = Field(..., description="SHA-256 of the content this signature is on.")
    scan_sha256: str = Field(..., description="For a signature made outside: the scan's SHA-256.")
    scan_size: int | None
    note: str


class SlotOut(Schema):
    id: int = Field(..., description="The signatory id (the slot to sign or decline).")
    position: int
    party: str
    party_label: LanguageMap
    name: str
    job_title: str
    institution_name: str
    has_account: bool = Field(..., description="false: they sign on paper (recorded outside).")
    is_you: bool
    status: SignatoryStatus
    status_label: str
    declined_at: datetime | None
    declined_reason: str
    signature: SignatureOut | None


class EnvelopeOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: LanguageMap
    status: EnvelopeStatus
    status_label: str
    code: str = Field(..., description="The verification code printed on the document.")
    content_hash: str = Field(..., description="SHA-256 of the canonical content as sent.")
    content: dict[str, Any] = Field(..., description="The canonical content as sent (frozen).")
    document_url: str = Field(..., description="The document's page on this site.")
    sent_at: datetime
    sent_by: str
    closed_at: datetime | None
    closed_by: str | None
    closing_reason: str = Field(..., description="Why it was declined or withdrawn.")
    can_manage: bool = Field(
        ..., description="You may record signatures made outside and withdraw the document."
    )
    signatories: list[SlotOut]


def _signature_data(signature: Signature | None) -> dict[str, Any] | None:
    if signature is None:
        return None
    return {
        "id": signature.pk,
        "method": signature.method,
        "signer_name": signature.signer_name,
        "signer_job_title": signature.signer_job_title,
        "institution_name": signature.institution_name,
        "party": signature.party,
        "place": signature.place,
        "signed_at": signature.signed_at,
        "content_hash": signature.content_hash,
        "scan_sha256": signature.scan_sha256,
        "scan_size": signature.scan_size,
        "note": signature.note,
    }


def _envelope(request: HttpRequest, envelope_id: int) -> Envelope:
    """An envelope whose document the user may see (or 404, whether it exists or not)."""
    try:
        return selectors.envelope_get(user=request.user, pk=envelope_id)
    except Envelope.DoesNotExist:
        raise Http404 from None


def _slot(envelope: Envelope, signatory_id: int) -> Signatory:
    try:
        return selectors.signatory_get(envelope=envelope, pk=signatory_id)
    except Signatory.DoesNotExist:
        raise Http404 from None


def _envelope_data(request: HttpRequest, envelope_id: int) -> dict[str, Any]:
    envelope = _envelope(request, envelope_id)
    kind = registry.kind_of(envelope)
    return {
        "id": envelope.pk,
        "kind": envelope.kind,
        "kind_label": str(kind.label),
        "title": envelope.title,
        "status": envelope.status,
        "status_label": str(envelope.get_status_display()),
        "code": envelope.code,
        "content_hash": envelope.content_hash,
        "content": envelope.content,
        "document_url": kind.url(envelope.document),
        "sent_at": envelope.sent_at,
        "sent_by": _name(envelope.sent_by),
        "closed_at": envelope.closed_at,
        "closed_by": _name(envelope.closed_by),
        "closing_reason": envelope.closing_reason,
        "can_manage": selectors.envelope_can_manage(user=request.user, envelope=envelope),
        "signatories": [
            {
                "id": slot.pk,
                "position": slot.position,
                "party": slot.party,
                "party_label": slot.party_label,
                "name": slot.name,
                "job_title": slot.job_title,
                "institution_name": slot.institution_name,
                "has_account": slot.user_id is not None,
                "is_you": slot.user_id is not None and slot.user_id == request.user.pk,
                "status": slot.status,
                "status_label": str(slot.get_status_display()),
                "declined_at": slot.declined_at,
                "declined_reason": slot.declined_reason,
                "signature": _signature_data(_signature_of(slot)),
            }
            for slot in envelope.signatories.all()
        ],
    }


class SignatureRequestOut(Schema):
    signatory_id: int = Field(..., description="Your slot: sign or decline it.")
    envelope_id: int
    kind: str
    title: LanguageMap
    code: str
    content_hash: str
    party: str
    party_label: LanguageMap
    name: str
    job_title: str
    institution_name: str
    sent_at: datetime
    sent_by: str

    @staticmethod
    def resolve_signatory_id(obj: Signatory) -> int:
        return obj.pk

    @staticmethod
    def resolve_kind(obj: Signatory) -> str:
        return obj.envelope.kind

    @staticmethod
    def resolve_title(obj: Signatory) -> dict[str, str]:
        return obj.envelope.title

    @staticmethod
    def resolve_code(obj: Signatory) -> str:
        return obj.envelope.code

    @staticmethod
    def resolve_content_hash(obj: Signatory) -> str:
        return obj.envelope.content_hash

    @staticmethod
    def resolve_sent_at(obj: Signatory) -> datetime:
        return obj.envelope.sent_at

    @staticmethod
    def resolve_sent_by(obj: Signatory) -> str | None:
        return _name(obj.envelope.sent_by)


@router.get(
    "/signature-requests",
    response=list[SignatureRequestOut],
    summary="Documents waiting for your signature, oldest first",
)
@paginate(LimitOffsetPagination)
def list_signature_requests(request: HttpRequest) -> Any:
    return selectors.waiting_signatures(user=request.user)


@router.get(
    "/envelopes/{envelope_id}",
    response=EnvelopeOut,
    summary="A document sent for signature: its frozen content, hash and every signature",
)
def get_envelope(request: HttpRequest, envelope_id: int) -> Any:
    return _envelope_data(request, envelope_id)


@router.get(
    "/envelopes/{envelope_id}/pdf",
    summary="The document as a PDF with its signatures and their hashes",
    description="`?lang=` a content language (else the request's language). The same state "
    "of the document always gives the same file, whose SHA-256 the public verify operation "
    "recognises.",
    openapi_extra=PDF_RESPONSE,
)
def envelope_pdf(request: HttpRequest, envelope_id: int, lang: str = "") -> HttpResponse:
    envelope = _envelope(request, envelope_id)
    language = document_language(request)
    copy = copy_issue(envelope=envelope, language=language)
    with copy.file.open("rb") as stored:
        data = stored.read()
    return pdf_response(
        data, filename=pdf_filename(pick(envelope.title, language), envelope.code, language)
    )


@router.get(
    "/envelopes/{envelope_id}/signatories/{signatory_id}/scan",
    summary="The signed scan of a signature made outside the system",
    openapi_extra=PDF_RESPONSE,
)
def signature_scan(request: HttpRequest, envelope_id: int, signatory_id: int) -> FileResponse:
    slot = _slot(_envelope(request, envelope_id), signatory_id)
    signature = _signature_of(slot)
    if signature is None or not signature.scan:
        raise Http404
    return FileResponse(
        signature.scan.open("rb"),
        content_type="application/pdf",
        filename=f"{slot.envelope.code}-{slot.pk}-scan.pdf",
    )


# --- signing ---


class SignIn(Schema):
    password: str = Field(..., min_length=1, description="Your password, to confirm it is you.")
    seen_hash: str | None = Field(
        None,
        description="The content_hash of the document you read; if it is no longer the one "
        "out for signature, nothing is signed (409).",
    )
    place: str = Field("", max_length=200, description="Where you sign, e.g. Riga")


class DeclineIn(Schema):
    reason: str = Field(
        ..., min_length=1, max_length=5000, description="Why, so the others know what to change."
    )
    seen_hash: str | None = Field(None, description="The content_hash of the document you read.")


class OutsideIn(Schema):
    signed_on: date = Field(..., description="The date on the paper signature.")
    signer_name: str = Field("", max_length=200, description="If not the person named.")
    place: str = Field("", max_length=200)
    note: str = Field("", max_length=2000)


class WithdrawIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)


@router.post(
    "/envelopes/{envelope_id}/signatories/{signatory_id}/sign",
    response=EnvelopeOut,
    summary="Sign your slot, confirming with your password",
    description="403 with a message for a wrong password or someone else's slot (nothing is "
    "signed); 409 when the slot or the document moved on since you read it.",
)
def sign(request: HttpRequest, envelope_id: int, signatory_id: int, payload: SignIn) -> Any:
    envelope = _envelope(request, envelope_id)
    signature_sign(
        envelope=envelope,
        signatory=_slot(envelope, signatory_id),
        user=request.user,
        password=payload.password,
        seen_hash=payload.seen_hash,
        place=payload.place,
    )
    return _envelope_data(request, envelope_id)


@router.post(
    "/envelopes/{envelope_id}/signatories/{signatory_id}/decline",
    response=EnvelopeOut,
    summary="Decline to sign, saying why: the document goes back to draft for everyone",
)
def decline(request: HttpRequest, envelope_id: int, signatory_id: int, payload: DeclineIn) -> Any:
    envelope = _envelope(request, envelope_id)
    signature_decline(
        envelope=envelope,
        signatory=_slot(envelope, signatory_id),
        user=request.user,
        reason=payload.reason,
        seen_hash=payload.seen_hash,
    )
    return _envelope_data(request, envelope_id)


@router.post(
    "/envelopes/{envelope_id}/signatories/{signatory_id}/outside",
    response=EnvelopeOut,
    summary="Record a signature made on paper, with the signed scan (PDF)",
    description="For the document's coordinator. multipart/form-data: `scan` (a PDF of at "
    "most the configured size, 10 MB unless changed), `signed_on` (YYYY-MM-DD), and "
    "optionally `signer_name`, `place`, `note`. A file that is not a PDF or is too large is "
    "refused with a message saying so.",
)
def record_outside(
    request: HttpRequest,
    envelope_id: int,
    signatory_id: int,
    scan: File[UploadedFile],
    details: Form[OutsideIn],
) -> Any:
    envelope = _envelope(request, envelope_id)
    signature_record_outside(
        envelope=envelope,
        signatory=_slot(envelope, signatory_id),
        actor=request.user,
        scan=scan,
        signed_on=details.signed_on,
        signer_name=details.signer_name,
        place=details.place,
        note=details.note,
    )
    return _envelope_data(request, envelope_id)


@router.post(
    "/envelopes/{envelope_id}/withdraw",
    response=EnvelopeOut,
    summary="Withdraw the document from signature (back to draft, to correct it)",
)
def withdraw(request: HttpRequest, envelope_id: int, payload: WithdrawIn) -> Any:
    envelope_withdraw(
        envelope=_envelope(request, envelope_id), actor=request.user, reason=payload.reason
    )
    return _envelope_data(request, envelope_id)


# --- public verification ---


class PublicSignatureOut(Schema):
    signer_name: str
    job_title: str
    institution_name: str
    party: str
    party_label: LanguageMap
    method: SignatureMethod
    signed_at: datetime
    content_hash: str


class PublicPartyOut(Schema):
    name: str
    institution_name: str
    party_label: LanguageMap
    status: SignatoryStatus


class PublicRecordOut(Schema):
    code: str
    kind: str
    kind_label: str
    title: LanguageMap
    status: EnvelopeStatus
    status_label: str
    content_hash: str = Field(..., description="SHA-256 of the canonical content as sent.")
    sent_at: datetime
    closed_at: datetime | None
    parties: list[PublicPartyOut] = Field(..., description="Who is to sign, and where each is.")
    signatures: list[PublicSignatureOut]


class CopyOut(Schema):
    language: str
    signature_count: int = Field(..., description="Signatures on the document when issued.")
    status: EnvelopeStatus = Field(..., description="The document's status when issued.")
    issued_at: datetime


class VerificationOut(Schema):
    genuine: bool = Field(..., description="The file is, byte for byte, a copy we issued.")
    sha256: str = Field(..., description="SHA-256 of the uploaded file.")
    message: str
    code: str | None = Field(..., description="The document the file is (or claims to be).")
    title: LanguageMap | None
    issued_copy: CopyOut | None = Field(..., description="The issued copy it matches.")
    record: PublicRecordOut | None = Field(
        ..., description="The document's public record as it stands now."
    )


class PdfTooLargeOut(Schema):
    detail: str


def _public_record(envelope: Envelope) -> dict[str, Any]:
    slots = list(envelope.signatories.all())
    signatures = sorted(
        (s for s in (_signature_of(slot) for slot in slots) if s is not None),
        key=lambda s: (s.signed_at, s.pk),
    )
    labels = {slot.pk: slot.party_label for slot in slots}
    return {
        "code": envelope.code,
        "kind": envelope.kind,
        "kind_label": str(registry.kind_of(envelope).label),
        "title": envelope.title,
        "status": envelope.status,
        "status_label": str(envelope.get_status_display()),
        "content_hash": envelope.content_hash,
        "sent_at": envelope.sent_at,
        "closed_at": envelope.closed_at,
        "parties": [
            {
                "name": slot.name,
                "institution_name": slot.institution_name,
                "party_label": slot.party_label,
                "status": slot.status,
            }
            for slot in slots
        ],
        "signatures": [
            {
                "signer_name": s.signer_name,
                "job_title": s.signer_job_title,
                "institution_name": s.institution_name,
                "party": s.party,
                "party_label": labels.get(s.signatory_id, {}),
                "method": s.method,
                "signed_at": s.signed_at,
                "content_hash": s.content_hash,
            }
            for s in signatures
        ],
    }


@router.get(
    "/verify/{code}",
    response=PublicRecordOut,
    auth=None,
    summary="Public: the record of a document by the code printed on it",
    description="No sign-in needed. Who signed, when, for which institution, and the SHA-256 "
    "of the content each signed; never e-mail addresses, content or scans.",
)
def verify_code(request: HttpRequest, code: str) -> Any:
    envelope = selectors.envelope_by_code(code)
    if envelope is None:
        raise Http404
    return _public_record(envelope)


@router.post(
    "/verify",
    response={200: VerificationOut, 422: PdfTooLargeOut},
    auth=None,
    summary="Public: is this PDF a genuine copy? (multipart/form-data, field `pdf`)",
    description="No sign-in needed. `genuine` is true only when the file is byte for byte a "
    "copy we issued; a copy with any byte changed is not, even when it names a real document.",
)
def verify_upload(request: HttpRequest, pdf: File[UploadedFile]) -> Any:
    limit = max(VERIFY_MAX_BYTES, scan_max_bytes())
    data = pdf.read(limit + 1)
    if len(data) > limit:
        return Status(
            422,
            {
                "detail": _("The file is larger than %(limit)s MB; no copy we issue is that large.")
                % {"limit": limit // (1024 * 1024)}
            },
        )
    found = selectors.verify_pdf(data)
    envelope = found.envelope
    if found.genuine:
        message = _("This is a genuine copy of the document, exactly as we issued it.")
    elif envelope is not None:
        message = _(
            "This file is NOT a copy we issued: it names the document %(code)s, but its bytes "
            "differ from every copy of it we issued. Ask for the document again, or check the "
            "code on the verify page."
        ) % {"code": envelope.code}
    else:
        message = _("We did not issue this file, and it names no document of ours.")
    copy = found.copy
    return Status(
        200,
        {
            "genuine": found.genuine,
            "sha256": found.sha256,
            "message": message,
            "code": envelope.code if envelope is not None else None,
            "title": envelope.title if envelope is not None else None,
            "issued_copy": {
                "language": copy.language,
                "signature_count": copy.signature_count,
                "status": copy.status,
                "issued_at": copy.created_at,
            }
            if copy is not None
            else None,
            "record": _public_record(envelope) if envelope is not None else None,
        },
    )
