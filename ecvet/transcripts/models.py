"""The transcript of records (the learner's personal transcript, "sekmju izraksts"): what the
host states the learner achieved during the mobility, drawn from its assessments and signed
for the host.

A :class:`Transcript` is a series of versions like every signed document
(``ecvet.signing.documents``): the original (1) and amendments (2, 3, …) when the results
change after signing, each with its reason. A draft shows the assessments as they are now;
from sending on, what it states is the content frozen in its envelope.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecvet.signing.documents import DOCUMENT_TRANSITIONS, DocumentStatus, SignableDocument

#: A transcript's versions live as every signed document's do.
TranscriptStatus = DocumentStatus
TRANSCRIPT_TRANSITIONS = DOCUMENT_TRANSITIONS


class Transcript(SignableDocument):
    """One version of a mobility's transcript of records."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="transcripts",
    )
    #: Bumped whenever the version is sent or comes back to draft: a send page read before
    #: either is stale.
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("transcript of records")
        verbose_name_plural = _("transcripts of records")
        ordering = ["mobility", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["mobility", "number"], name="transcript_unique_number")
        ]

    def __str__(self) -> str:
        return f"ToR {self.mobility_id} v{self.number}"
