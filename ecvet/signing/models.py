"""The one signing mechanism of every document: MoU, Learning Agreement, transcript.

A document version is *sent for signature* as an :class:`Envelope`: its canonical content is
frozen into the envelope together with the content's SHA-256, and one :class:`Signatory` slot
is opened for each party that must sign. Each slot ends in a :class:`Signature` (online, after
re-entering the password, or recorded by the coordinator as signed outside the system with the
scan attached) or a decline, which returns the document to draft for everyone. Signatures are
append-only; every PDF handed out is kept as an :class:`IssuedCopy` whose SHA-256 the public
verify page looks up.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SignatureImmutable(RuntimeError):
    """Raised on any attempt to change or remove a recorded signature."""


class EnvelopeStatus(models.TextChoices):
    OUT = "out_for_signature", _("Out for signature")
    SIGNED = "signed", _("Signed by everyone")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: The allowed moves of an envelope. A signed, declined or withdrawn envelope never moves again:
#: a change is a new envelope (a new version or an amendment of the document).
ENVELOPE_TRANSITIONS: dict[str, frozenset[str]] = {
    EnvelopeStatus.OUT: frozenset(
        {EnvelopeStatus.SIGNED, EnvelopeStatus.DECLINED, EnvelopeStatus.WITHDRAWN}
    ),
    EnvelopeStatus.SIGNED: frozenset(),
    EnvelopeStatus.DECLINED: frozenset(),
    EnvelopeStatus.WITHDRAWN: frozenset(),
}


class Envelope(models.Model):
    """One sending of one document version for signature, with its frozen content."""

    kind = models.CharField(_("kind of document"), max_length=40)
    document_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    document_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("document_type", "document_id")
    title = models.JSONField(
        _("title"), default=dict, help_text=_("The document's title in each language.")
    )
    content = models.JSONField(_("content"), help_text=_("The canonical content as signed."))
    content_hash = models.CharField(_("content SHA-256"), max_length=64, db_index=True)
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EnvelopeStatus.choices, default=EnvelopeStatus.OUT
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closing_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("document sent for signature")
        verbose_name_plural = _("documents sent for signature")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["document_type", "document_id", "-sent_at"])]

    def __str__(self) -> str:
        from ecvet.multilingual.text import pick

        return f"{pick(self.title)} · {self.code}"

    @property
    def is_open(self) -> bool:
        return self.status == EnvelopeStatus.OUT


class SignatoryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for signature")
    SIGNED = "signed", _("Signed")
    SIGNED_OUTSIDE = "signed_outside", _("Signed outside the system")
    DECLINED = "declined", _("Declined")


#: Where a requested signature may go. Only a pending slot moves; a closed envelope's pending
#: slots stay pending in the record (nobody signed them) and can no longer be acted on.
SIGNATORY_TRANSITIONS: dict[str, frozenset[str]] = {
    SignatoryStatus.PENDING: frozenset(
        {SignatoryStatus.SIGNED, SignatoryStatus.SIGNED_OUTSIDE, SignatoryStatus.DECLINED}
    ),
    SignatoryStatus.SIGNED: frozenset(),
    SignatoryStatus.SIGNED_OUTSIDE: frozenset(),
    SignatoryStatus.DECLINED: frozenset(),
}


class Signatory(models.Model):
    """A signature requested of one party: who is to sign, for which institution, as what."""

    envelope = models.ForeignKey(
        Envelope, verbose_name=_("document"), on_delete=models.CASCADE, related_name="signatories"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    party = models.CharField(
        _("party"), max_length=40, help_text=_("The party's role in the document, e.g. sending.")
    )
    party_label = models.JSONField(_("party (label)"), default=dict)
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution_name = models.CharField(_("institution (name then)"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signatory's account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signature_requests",
        help_text=_("Empty when the person has no account and signs outside the system."),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    job_title = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SignatoryStatus.choices,
        default=SignatoryStatus.PENDING,
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    declined_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("requested signature")
        verbose_name_plural = _("requested signatures")
        ordering = ["envelope", "position", "pk"]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.institution_name})"

    @property
    def is_pending(self) -> bool:
        return self.status == SignatoryStatus.PENDING


class SignatureMethod(models.TextChoices):
    ONLINE = "online", _("Signed in the system")
    OUTSIDE = "outside", _("Signed outside the system")


class SignatureQuerySet(models.QuerySet["Signature"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise SignatureImmutable("Signatures cannot be changed.")

    def delete(self) -> NoReturn:
        raise SignatureImmutable("Signatures cannot be deleted.")


def _scan_path(instance: Signature, filename: str) -> str:
    return f"signing/{instance.envelope.code}/outside-{instance.signatory_id}.pdf"


class Signature(models.Model):
    """A recorded signature. Written once by a service; never changed or deleted."""

    envelope = models.ForeignKey(
        Envelope, verbose_name=_("document"), on_delete=models.PROTECT, related_name="signatures"
    )
    signatory = models.OneToOneField(
        Signatory,
        verbose_name=_("requested signature"),
        on_delete=models.PROTECT,
        related_name="signature",
    )
    method = models.CharField(_("how"), max_length=20, choices=SignatureMethod.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("signed by (name)"), max_length=200)
    signer_job_title = models.CharField(_("position"), max_length=200, blank=True)
    party = models.CharField(_("party"), max_length=40)
    institution_name = models.CharField(_("institution"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    content_hash = models.CharField(_("content SHA-256"), max_length=64)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scan = models.FileField(_("signed scan"), upload_to=_scan_path, blank=True, max_length=300)
    scan_sha256 = models.CharField(_("scan SHA-256"), max_length=64, blank=True)
    scan_size = models.PositiveIntegerField(_("scan size (bytes)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.signer_name} · {self.signed_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise SignatureImmutable("Signatures cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise SignatureImmutable("Signatures cannot be deleted.")

    @property
    def is_outside(self) -> bool:
        return self.method == SignatureMethod.OUTSIDE


def _copy_path(instance: IssuedCopy, filename: str) -> str:
    return f"signing/{instance.envelope.code}/{filename}"


class IssuedCopy(models.Model):
    """A PDF of an envelope as it was handed out; its SHA-256 is what the verify page checks.

    A copy is made once per language and number of signatures, so the same download always
    gives the same bytes and any copy a person holds can be looked up.
    """

    envelope = models.ForeignKey(
        Envelope, verbose_name=_("document"), on_delete=models.PROTECT, related_name="copies"
    )
    language = models.CharField(_("language"), max_length=10)
    signature_count = models.PositiveSmallIntegerField(_("signatures on the copy"))
    status = models.CharField(_("status then"), max_length=20, choices=EnvelopeStatus.choices)
    file = models.FileField(_("file"), upload_to=_copy_path, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    created_at = models.DateTimeField(_("made"), default=timezone.now)

    class Meta:
        verbose_name = _("issued copy")
        verbose_name_plural = _("issued copies")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "language", "signature_count", "status"],
                name="issued_copy_unique_state",
            )
        ]

    def __str__(self) -> str:
        return f"{self.envelope.code} · {self.language} · {self.signature_count}"
