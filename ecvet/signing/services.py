"""Writes of the signing mechanism: send, sign, record outside, decline, withdraw, issue copies.

Every write that touches an envelope first locks its row (``select_for_update``), so two
signatories finishing at the same moment cannot both miss the other's signature and leave a
fully signed document "out for signature"; each slot then moves by a conditional update, so a
stale page (signing a slot that was meanwhile declined, or signed in another tab) is reported
as a conflict, never applied twice.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.audit.services import audit_record
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted, TransitionNotAllowed
from ecvet.signing import registry
from ecvet.signing.models import (
    Envelope,
    EnvelopeStatus,
    IssuedCopy,
    Signatory,
    SignatoryStatus,
    Signature,
    SignatureMethod,
)

#: Letters and digits that cannot be mistaken for each other when read off paper.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class SignatureConflict(ConcurrentUpdate):
    """The slot or the document moved on since the page was read."""

    def __init__(self, message: str) -> None:
        DomainError.__init__(self, message)


@dataclass(frozen=True)
class SignatorySpec:
    """One party that must sign: as given by the document's app when it sends."""

    party: str
    party_label: dict[str, str]
    name: str
    institution: Any = None
    user: Any = None
    job_title: str = ""
    email: str = ""


@dataclass
class Completion:
    """What a signing step did, for the caller to report."""

    signature: Signature | None = None
    completed: bool = False
    notified: list[Any] = field(default_factory=list)


# --- content ---


def canonical_bytes(content: Any) -> bytes:
    """The one serialisation a content hash is computed over: JSON with sorted keys, no
    insignificant whitespace, UTF-8. Any reader can recompute it from the stored content."""
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_hash(content: Any) -> str:
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def new_code() -> str:
    """A verification code such as ``7K3F-9QX2-M4TD``: short enough to type from paper."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def normalise_code(code: str) -> str:
    """What a person typed, as stored: upper case, groups of four, no spaces."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


# --- sending ---


def envelope_send(
    *,
    actor: Any,
    document: models.Model,
    kind: str,
    title: dict[str, str],
    content: Any,
    signatories: Sequence[SignatorySpec],
) -> Envelope:
    """Freeze ``content`` and ask each party for a signature.

    The caller guards the document's own state and moves it to "out for signature" in the
    same transaction; this records the envelope, its slots and the audit event, and asks the
    people with an account to sign.
    """
    registry.kind_of(kind)  # fail loudly for an unregistered kind
    if not signatories:
        raise DomainError(_("Name at least one person who signs."))
    with transaction.atomic():
        envelope = Envelope.objects.create(
            kind=kind,
            document_type=ContentType.objects.get_for_model(document),
            document_id=document.pk,
            title=title,
            content=content,
            content_hash=content_hash(content),
            code=_unique_code(),
            sent_by=actor,
        )
        Signatory.objects.bulk_create(
            Signatory(
                envelope=envelope,
                position=position,
                party=spec.party,
                party_label=spec.party_label,
                institution=spec.institution,
                institution_name=str(spec.institution or "")[:255],
                user=spec.user,
                name=spec.name,
                job_title=spec.job_title,
                email=spec.email or getattr(spec.user, "email", "") or "",
            )
            for position, spec in enumerate(signatories)
        )
        audit_record(
            actor=actor,
            action="signing.sent",
            target=document,
            to_state=EnvelopeStatus.OUT,
            changes={
                "envelope": [None, envelope.code],
                "content_hash": [None, envelope.content_hash],
                "signatories": [None, [spec.name for spec in signatories]],
            },
        )
        _notify(
            envelope,
            recipients=[spec.user for spec in signatories if spec.user is not None],
            kind="signature.requested",
            actor=actor,
        )
    return envelope


def _unique_code() -> str:
    for _attempt in range(10):
        code = new_code()
        if not Envelope.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not find a free verification code.")  # 32^12 codes: never


def _document(envelope: Envelope) -> models.Model:
    document = envelope.document
    if not isinstance(document, models.Model):
        raise LookupError(f"Envelope {envelope.code} points at a missing document.")
    return document


# --- signing ---


def _locked(envelope: Envelope) -> Envelope:
    """The envelope read again under a row lock; the rest of the transaction is serialised
    with every other write to the same envelope."""
    return Envelope.objects.select_for_update().get(pk=envelope.pk)


def _guard_slot(envelope: Envelope, signatory: Signatory) -> None:
    if signatory.envelope_id != envelope.pk:
        raise NotPermitted(_("This signature was not asked for on this document."))


def _guard_open(envelope: Envelope) -> None:
    if envelope.status != EnvelopeStatus.OUT:
        raise SignatureConflict(
            _(
                "This document is no longer out for signature (it is now “%(status)s”). "
                "Reload the page to see what changed."
            )
            % {"status": envelope.get_status_display()}
        )


def _guard_hash(envelope: Envelope, seen_hash: str | None) -> None:
    if seen_hash is not None and seen_hash != envelope.content_hash:
        raise SignatureConflict(
            _(
                "The document you read is not the one now out for signature. "
                "Reload the page and read it again before you sign."
            )
        )


def _close_slot(signatory: Signatory, status: str, **fields: Any) -> None:
    moved = Signatory.objects.filter(pk=signatory.pk, status=SignatoryStatus.PENDING).update(
        status=status, **fields
    )
    if not moved:
        current = Signatory.objects.get(pk=signatory.pk)
        raise SignatureConflict(
            _("This signature was already dealt with: it is “%(status)s”. Reload the page.")
            % {"status": current.get_status_display()}
        )
    signatory.status = status
    for name, value in fields.items():
        setattr(signatory, name, value)


def signature_sign(
    *,
    envelope: Envelope,
    signatory: Signatory,
    user: Any,
    password: str,
    seen_hash: str | None = None,
    place: str = "",
) -> Completion:
    """``user`` signs their slot after re-entering their password.

    ``seen_hash`` is the content hash of the page the signer read; a different hash means the
    document changed under them and nothing is signed.
    """
    _guard_slot(envelope, signatory)
    if signatory.user_id is None or signatory.user_id != getattr(user, "pk", None):
        raise NotPermitted(_("Only %(name)s can sign here.") % {"name": signatory.name})
    if not password or not user.check_password(password):
        raise NotPermitted(_("That is not your password. Nothing was signed."))
    with transaction.atomic():
        envelope = _locked(envelope)
        _guard_open(envelope)
        _guard_hash(envelope, seen_hash)
        now = timezone.now()
        _close_slot(signatory, SignatoryStatus.SIGNED)
        signature = Signature.objects.create(
            envelope=envelope,
            signatory=signatory,
            method=SignatureMethod.ONLINE,
            signer=user,
            signer_name=user.get_full_name() or user.get_username(),
            signer_job_title=signatory.job_title,
            party=signatory.party,
            institution_name=signatory.institution_name,
            place=place.strip()[:200],
            signed_at=now,
            content_hash=envelope.content_hash,
            recorded_by=user,
        )
        audit_record(
            actor=user,
            action="signing.signed",
            target=_document(envelope),
            changes={
                "envelope": [None, envelope.code],
                "signatory": [None, signatory.name],
                "content_hash": [None, envelope.content_hash],
            },
        )
        return _complete_if_done(envelope, signature, actor=user)


#: The largest scan of a paper signature accepted (``SIGNING_SCAN_MAX_BYTES``).
def scan_max_bytes() -> int:
    return int(settings.SIGNING_SCAN_MAX_BYTES)


def _read_scan(scan: UploadedFile) -> bytes:
    """The scan's bytes, if it is a PDF within the size limit; a clear refusal otherwise."""
    limit = scan_max_bytes()
    if scan.size is not None and scan.size > limit:
        raise DomainError(
            _("The scan is %(size)s MB; the largest accepted is %(limit)s MB.")
            % {"size": _megabytes(scan.size), "limit": _megabytes(limit)}
        )
    data = scan.read(limit + 1)
    if len(data) > limit:
        raise DomainError(_("The scan is larger than %(limit)s MB.") % {"limit": _megabytes(limit)})
    name = (scan.name or "").lower()
    if not name.endswith(".pdf"):
        raise DomainError(_("Upload the signed document as a PDF file (.pdf)."))
    # The bytes decide, not the name or the browser's claim: a PDF starts with "%PDF-".
    if not data.lstrip()[:5] == b"%PDF-":
        raise DomainError(_("This file is not a PDF, whatever its name says. Upload a PDF scan."))
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def signature_record_outside(
    *,
    envelope: Envelope,
    signatory: Signatory,
    actor: Any,
    scan: UploadedFile,
    signed_on: date,
    signer_name: str = "",
    place: str = "",
    note: str = "",
) -> Completion:
    """The coordinator records that a party signed on paper, with the signed scan attached."""
    _guard_slot(envelope, signatory)
    kind = registry.kind_of(envelope)
    if not kind.can_manage(actor, envelope.document):
        raise NotPermitted(_("Only the document's coordinator records signatures made outside."))
    if signed_on > timezone.localdate():
        raise DomainError(_("The date of signing cannot be in the future."))
    if signed_on < timezone.localtime(envelope.sent_at).date():
        raise DomainError(
            _("The date of signing cannot be before the document was sent (%(date)s).")
            % {"date": timezone.localtime(envelope.sent_at).date().isoformat()}
        )
    data = _read_scan(scan)
    with transaction.atomic():
        envelope = _locked(envelope)
        _guard_open(envelope)
        _close_slot(signatory, SignatoryStatus.SIGNED_OUTSIDE)
        signature = Signature(
            envelope=envelope,
            signatory=signatory,
            method=SignatureMethod.OUTSIDE,
            signer=None,
            signer_name=(signer_name.strip() or signatory.name)[:200],
            signer_job_title=signatory.job_title,
            party=signatory.party,
            institution_name=signatory.institution_name,
            place=place.strip()[:200],
            # Paper carries a date, not a time: noon of that day in the site's time zone.
            signed_at=timezone.make_aware(datetime.combine(signed_on, time(12, 0))),
            content_hash=envelope.content_hash,
            recorded_by=actor,
            scan_sha256=hashlib.sha256(data).hexdigest(),
            scan_size=len(data),
            note=note.strip(),
        )
        signature.scan.save("scan.pdf", ContentFile(data), save=False)
        signature.save()
        audit_record(
            actor=actor,
            action="signing.recorded_outside",
            target=_document(envelope),
            changes={
                "envelope": [None, envelope.code],
                "signatory": [None, signatory.name],
                "scan_sha256": [None, signature.scan_sha256],
            },
        )
        return _complete_if_done(envelope, signature, actor=actor)


def _complete_if_done(envelope: Envelope, signature: Signature, *, actor: Any) -> Completion:
    if envelope.signatories.filter(status=SignatoryStatus.PENDING).exists():
        return Completion(signature=signature)
    now = timezone.now()
    _move(envelope, EnvelopeStatus.SIGNED, closed_at=now)
    registry.kind_of(envelope).on_signed(envelope=envelope, actor=actor)
    audit_record(
        actor=actor,
        action="signing.completed",
        target=_document(envelope),
        from_state=EnvelopeStatus.OUT,
        to_state=EnvelopeStatus.SIGNED,
        changes={"envelope": [None, envelope.code]},
    )
    people = _parties_and_sender(envelope)
    _notify(envelope, recipients=people, kind="document.signed", actor=actor)
    return Completion(signature=signature, completed=True, notified=people)


def _move(envelope: Envelope, wanted: str, **fields: Any) -> None:
    """The envelope's transition: guard, conditional update (the row is locked, so zero rows
    only happens if a caller forgot the lock, and is still reported, not ignored)."""
    if wanted not in _allowed(envelope.status):
        raise TransitionNotAllowed(
            current=str(envelope.get_status_display()),
            wanted=str(EnvelopeStatus(wanted).label),
        )
    moved = Envelope.objects.filter(pk=envelope.pk, status=envelope.status).update(
        status=wanted, **fields
    )
    if not moved:
        raise ConcurrentUpdate()
    envelope.status = wanted
    for name, value in fields.items():
        setattr(envelope, name, value)


def _allowed(status: str) -> frozenset[str]:
    from ecvet.signing.models import ENVELOPE_TRANSITIONS

    return ENVELOPE_TRANSITIONS.get(status, frozenset())


# --- declining and withdrawing ---


def signature_decline(
    *,
    envelope: Envelope,
    signatory: Signatory,
    user: Any,
    reason: str,
    seen_hash: str | None = None,
) -> Envelope:
    """The signatory refuses to sign, saying why: the document returns to draft for everyone."""
    _guard_slot(envelope, signatory)
    if signatory.user_id is None or signatory.user_id != getattr(user, "pk", None):
        raise NotPermitted(_("Only %(name)s can decline here.") % {"name": signatory.name})
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why you decline, so the others know what to change."))
    with transaction.atomic():
        envelope = _locked(envelope)
        _guard_open(envelope)
        _guard_hash(envelope, seen_hash)
        now = timezone.now()
        _close_slot(signatory, SignatoryStatus.DECLINED, declined_at=now, declined_reason=reason)
        _move(
            envelope,
            EnvelopeStatus.DECLINED,
            closed_at=now,
            closed_by=user,
            closing_reason=reason,
        )
        registry.kind_of(envelope).on_reopened(envelope=envelope, actor=user, reason=reason)
        audit_record(
            actor=user,
            action="signing.declined",
            target=_document(envelope),
            from_state=EnvelopeStatus.OUT,
            to_state=EnvelopeStatus.DECLINED,
            changes={"envelope": [None, envelope.code], "reason": [None, reason]},
        )
        _notify(
            envelope,
            recipients=_parties_and_sender(envelope),
            kind="signature.declined",
            actor=user,
            extra={"reason": reason, "person": signatory.name},
        )
    return envelope


def envelope_withdraw(*, envelope: Envelope, actor: Any, reason: str) -> Envelope:
    """The sender takes the document back to draft (to correct it); signatures already given
    stay in the record of this envelope and the corrected document is signed anew."""
    kind = registry.kind_of(envelope)
    if not kind.can_manage(actor, envelope.document):
        raise NotPermitted(_("Only the document's coordinator can withdraw it."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the document is withdrawn."))
    with transaction.atomic():
        envelope = _locked(envelope)
        _guard_open(envelope)
        now = timezone.now()
        _move(
            envelope,
            EnvelopeStatus.WITHDRAWN,
            closed_at=now,
            closed_by=actor,
            closing_reason=reason,
        )
        kind.on_reopened(envelope=envelope, actor=actor, reason=reason)
        audit_record(
            actor=actor,
            action="signing.withdrawn",
            target=_document(envelope),
            from_state=EnvelopeStatus.OUT,
            to_state=EnvelopeStatus.WITHDRAWN,
            changes={"envelope": [None, envelope.code], "reason": [None, reason]},
        )
        _notify(
            envelope,
            recipients=_parties_and_sender(envelope),
            kind="signature.withdrawn",
            actor=actor,
            extra={"reason": reason},
        )
    return envelope


# --- copies and verification ---


def copy_issue(*, envelope: Envelope, language: str) -> IssuedCopy:
    """The PDF of the envelope as it stands, in ``language``: made once per state and kept, so
    every download of the same state is the same file and the verify page knows its hash."""
    for _attempt in range(3):
        state = _state(envelope)
        existing = IssuedCopy.objects.filter(
            envelope=envelope, language=language, signature_count=state[0], status=state[1]
        ).first()
        if existing is not None:
            return existing
        data = registry.kind_of(envelope).render_pdf(envelope, language)
        # A signature that arrived while the PDF was drawn would make the copy's label lie:
        # draw it again from the new state.
        if _state(envelope) == state:
            return _store_copy(envelope, language, state, data)
    raise SignatureConflict(
        _("The document is being signed right now. Try the download again in a moment.")
    )


def _state(envelope: Envelope) -> tuple[int, str]:
    status = Envelope.objects.values_list("status", flat=True).get(pk=envelope.pk)
    envelope.status = status
    return envelope.signatures.count(), status


def _store_copy(
    envelope: Envelope, language: str, state: tuple[int, str], data: bytes
) -> IssuedCopy:
    signature_count, status = state
    copy = IssuedCopy(
        envelope=envelope,
        language=language,
        signature_count=signature_count,
        status=status,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
    name = f"{envelope.code}-{language}-{signature_count}-{status}.pdf"
    copy.file.save(name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError:
        # Two downloads raced to make the same copy: keep the first, drop our file.
        copy.file.delete(save=False)
        return IssuedCopy.objects.get(
            envelope=envelope, language=language, signature_count=signature_count, status=status
        )
    return copy


# --- notifications ---


def _parties_and_sender(envelope: Envelope) -> list[Any]:
    people = [s.user for s in envelope.signatories.select_related("user") if s.user is not None]
    return [*people, envelope.sent_by]


def _notify(
    envelope: Envelope,
    *,
    recipients: list[Any],
    kind: str,
    actor: Any,
    extra: dict[str, Any] | None = None,
) -> None:
    from ecvet.notifications.services import notify

    notify(
        recipients=recipients,
        kind=kind,
        url=registry.kind_of(envelope).url(envelope.document),
        params={"document": envelope.title, "code": envelope.code, **(extra or {})},
        actor=actor,
    )
