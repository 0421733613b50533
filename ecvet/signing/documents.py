"""What every signed document shares: its versions' life and the fields that record it.

The MoU, the Learning Agreement and (later) the transcript are each a series of versions: the
original (1) and amendments (2, 3, …). A version is a draft until it is sent for signature;
out for signature it is signed by every party, or declined or withdrawn back to draft; a
signed version stays in force until its amendment is signed. Each document model inherits
:class:`SignableDocument` and moves its status only through :func:`document_move`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecvet.errors import ConcurrentUpdate, TransitionNotAllowed


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OUT = "out_for_signature", _("Out for signature")
    SIGNED = "signed", _("Signed")
    SUPERSEDED = "superseded", _("Replaced by an amendment")


#: A draft is sent; out for signature it is signed by all, or declined / withdrawn back to
#: draft; a signed version is replaced only when its amendment is signed.
DOCUMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    DocumentStatus.DRAFT: frozenset({DocumentStatus.OUT}),
    DocumentStatus.OUT: frozenset({DocumentStatus.SIGNED, DocumentStatus.DRAFT}),
    DocumentStatus.SIGNED: frozenset({DocumentStatus.SUPERSEDED}),
    DocumentStatus.SUPERSEDED: frozenset(),
}


class SignableDocument(models.Model):
    """One version of a signed document. The concrete model adds what the document belongs
    to (a partnership, a mobility) and its own content."""

    number = models.PositiveSmallIntegerField(_("version"))
    amends = models.OneToOneField(
        "self",
        verbose_name=_("amends"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment",
    )
    reason = models.TextField(
        _("reason for the amendment"), blank=True, help_text=_("What changes and why.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
    )
    envelope = models.OneToOneField(
        "signing.Envelope",
        verbose_name=_("sent for signature"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The latest sending for signature (earlier ones stay in the record)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    signed_at = models.DateTimeField(_("signed by everyone"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_amendment(self) -> bool:
        return self.number > 1

    @property
    def is_frozen(self) -> bool:
        """Out for signature, signed or replaced: what it states can no longer change."""
        return self.status != DocumentStatus.DRAFT


def document_guard(document: SignableDocument, wanted: str) -> None:
    """Refuse a move the status map does not allow, naming both statuses."""
    if wanted not in DOCUMENT_TRANSITIONS[document.status]:
        raise TransitionNotAllowed(
            current=str(DocumentStatus(document.status).label),
            wanted=str(DocumentStatus(wanted).label),
        )


def document_move(document: SignableDocument, wanted: str, **fields: Any) -> None:
    """A version's status transition: guard, then a conditional update (zero rows: someone
    else moved it first). Callers record the audit event in the same transaction."""
    document_guard(document, wanted)
    moved = (
        type(document)
        ._default_manager.filter(pk=document.pk, status=document.status)
        .update(status=wanted, **fields)
    )
    if not moved:
        raise ConcurrentUpdate()
    document.status = wanted
    for name, value in fields.items():
        setattr(document, name, value)


D = TypeVar("D", bound=SignableDocument)


def document_signed(model: type[D], envelope: Any) -> D:
    """Every party signed ``envelope``: its version is in force, and the version it amends
    is replaced. Called from a kind's ``on_signed`` hook, inside the signing transaction."""
    from django.utils import timezone

    manager = model._default_manager
    document = manager.select_for_update().get(pk=envelope.document_id)
    document_move(document, DocumentStatus.SIGNED, signed_at=timezone.now())
    if document.amends is not None:
        previous = manager.select_for_update().get(pk=document.amends.pk)
        document_move(previous, DocumentStatus.SUPERSEDED)
    return document


def document_reopened(model: type[D], envelope: Any) -> D:
    """A party declined or the sender withdrew ``envelope``: its version is a draft again."""
    document = model._default_manager.select_for_update().get(pk=envelope.document_id)
    document_move(document, DocumentStatus.DRAFT)
    return document
