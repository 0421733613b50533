"""Reads of the signing mechanism: envelopes of a document, what waits for a person, and the
public verification of a code or a PDF."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, QuerySet

from ecvet.signing import registry
from ecvet.signing.models import Envelope, EnvelopeStatus, IssuedCopy, Signatory, SignatoryStatus
from ecvet.signing.services import normalise_code

#: How a verification code appears in a PDF's text ("7K3F-9QX2-M4TD").
CODE_PATTERN = re.compile(r"\b([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})\b")


def _with_people(qs: QuerySet[Envelope]) -> QuerySet[Envelope]:
    return qs.select_related("sent_by", "closed_by").prefetch_related(
        Prefetch(
            "signatories",
            Signatory.objects.select_related("user", "institution", "signature").order_by(
                "position", "pk"
            ),
        )
    )


def envelopes_of(document: models.Model) -> QuerySet[Envelope]:
    """Every sending of a document for signature, newest first, with slots and signatures."""
    return _with_people(
        Envelope.objects.filter(
            document_type=ContentType.objects.get_for_model(document), document_id=document.pk
        )
    ).order_by("-sent_at", "-pk")


@dataclass(frozen=True)
class DocumentSigning:
    """What a signable document's page shows of its signing: the sending in force (if the
    version is sent or signed), the earlier sendings, and the reader's own slot still to
    sign."""

    envelope: Envelope | None
    earlier: list[Envelope]
    my_slot: Signatory | None


def document_signing(document: Any, *, user: Any) -> DocumentSigning:
    """Every sending of ``document`` in one query with its slots and signatures; the one in
    force is also set as ``document.envelope``, so the frozen content and the signature block
    read the envelope already loaded."""
    envelopes = list(envelopes_of(document))
    current = None
    if document.is_frozen:
        current = next((e for e in envelopes if e.pk == document.envelope_id), None)
    if current is not None:
        document.envelope = current
    slot = None
    if current is not None and current.is_open:
        slot = next(
            (s for s in current.signatories.all() if s.user_id == user.pk and s.is_pending),
            None,
        )
    return DocumentSigning(
        envelope=current, earlier=[e for e in envelopes if e is not current], my_slot=slot
    )


def envelope_get(*, user: Any, pk: int) -> Envelope:
    """An envelope whose document ``user`` may see (DoesNotExist otherwise)."""
    envelope = _with_people(Envelope.objects.all()).get(pk=pk)
    if not registry.kind_of(envelope).can_view(user, envelope.document):
        raise Envelope.DoesNotExist
    return envelope


def envelope_can_manage(*, user: Any, envelope: Envelope) -> bool:
    return registry.kind_of(envelope).can_manage(user, envelope.document)


def signatory_get(*, envelope: Envelope, pk: int) -> Signatory:
    return envelope.signatories.get(pk=pk)


def waiting_signatures(*, user: Any) -> QuerySet[Signatory]:
    """The signatures asked of ``user`` on documents still out for signature (their to-do)."""
    if not getattr(user, "is_authenticated", False):
        return Signatory.objects.none()
    return (
        Signatory.objects.filter(
            user=user, status=SignatoryStatus.PENDING, envelope__status=EnvelopeStatus.OUT
        )
        .select_related("envelope", "envelope__sent_by")
        .order_by("envelope__sent_at", "pk")
    )


def envelope_by_code(code: str) -> Envelope | None:
    """The envelope a printed code names, for the public verify page."""
    normalised = normalise_code(code)
    if not CODE_PATTERN.fullmatch(normalised):
        return None
    return _with_people(Envelope.objects.filter(code=normalised)).first()


@dataclass(frozen=True)
class Verification:
    """What the verify page found for an uploaded file."""

    sha256: str
    #: The copy we issued with exactly these bytes, if any.
    copy: IssuedCopy | None
    #: The envelope the file is (or claims to be) a copy of.
    envelope: Envelope | None

    @property
    def genuine(self) -> bool:
        return self.copy is not None


def verify_pdf(data: bytes) -> Verification:
    """Whether ``data`` is, byte for byte, a copy we issued; and if not, which document it
    claims to be (the code printed on it), so the page can say "this copy was changed"."""
    sha256 = hashlib.sha256(data).hexdigest()
    copy = (
        IssuedCopy.objects.select_related("envelope").filter(sha256=sha256).order_by("pk").first()
    )
    if copy is not None:
        envelope = _with_people(Envelope.objects.filter(pk=copy.envelope_id)).get()
        return Verification(sha256=sha256, copy=copy, envelope=envelope)
    code = _printed_code(data)
    claimed = envelope_by_code(code) if code else None
    return Verification(sha256=sha256, copy=None, envelope=claimed)


def _printed_code(data: bytes) -> str | None:
    """The verification code printed on a PDF, read from its text; None when the file cannot
    be read as a PDF at all (a changed byte can break it) or carries no code."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            match = CODE_PATTERN.search(page.extract_text() or "")
            if match:
                return match.group(1)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return None
    return None


def signature_state(envelope: Envelope) -> dict[str, int]:
    """How many slots are signed and how many there are (prefetched slots, no query)."""
    slots = list(envelope.signatories.all())
    signed = sum(
        1
        for slot in slots
        if slot.status in {SignatoryStatus.SIGNED, SignatoryStatus.SIGNED_OUTSIDE}
    )
    return {"signed": signed, "total": len(slots)}
