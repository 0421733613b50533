"""During and at the end of the mobility: the host assesses each learning outcome of the
signed Learning Agreement (slide 16), the learner assesses themself (slide 15), and the
assessor keeps evidence (photos, PDFs) of what was seen.

Each answer is saved on its own (the mentor's phone page saves every answer at once), so an
:class:`Assessment` is one row per (mobility, outcome), changed by ``services`` only.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecvet.mobilities.models import AssessmentMethod


class OutcomeResult(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


#: Results that must say why (slide 16: an honest account of what was not achieved).
RESULTS_NEEDING_REASON = frozenset({OutcomeResult.NOT_ACHIEVED, OutcomeResult.PARTLY_ACHIEVED})

#: How much each result counts towards a unit's achievement.
RESULT_WEIGHT: dict[str, Decimal] = {
    OutcomeResult.ACHIEVED: Decimal(1),
    OutcomeResult.PARTLY_ACHIEVED: Decimal("0.5"),
}


class Assessment(models.Model):
    """The host's answer for one learning outcome of one mobility."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    agreement_unit = models.ForeignKey(
        "mobilities.AgreementUnit",
        verbose_name=_("unit in the Learning Agreement"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    outcome = models.ForeignKey(
        "qualifications.LearningOutcome",
        verbose_name=_("learning outcome"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    result = models.CharField(_("result"), max_length=20, choices=OutcomeResult.choices)
    method = models.CharField(
        _("method used"), max_length=20, choices=AssessmentMethod.choices, blank=True
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="assessments_made",
    )
    comment = models.TextField(_("comment"), blank=True)
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why the outcome was not, or only partly, achieved."),
    )
    reassessment_planned_on = models.DateField(_("reassessment planned on"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["mobility", "agreement_unit", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "outcome"],
                name="assessment_once_per_outcome",
                violation_error_message=_("This outcome is already assessed."),
            ),
            models.CheckConstraint(
                condition=~models.Q(result__in=sorted(RESULTS_NEEDING_REASON))
                | ~models.Q(reason=""),
                name="assessment_reason_when_not_achieved",
                violation_error_message=_("Say why the outcome was not fully achieved."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome} · {self.get_result_display()}"


class SelfAssessment(models.Model):
    """The learner's own answer for one learning outcome of their mobility."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    outcome = models.ForeignKey(
        "qualifications.LearningOutcome",
        verbose_name=_("learning outcome"),
        on_delete=models.PROTECT,
        related_name="self_assessments",
    )
    result = models.CharField(_("result"), max_length=20, choices=OutcomeResult.choices)
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["mobility", "outcome"]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "outcome"],
                name="self_assessment_once_per_outcome",
                violation_error_message=_("This outcome is already self-assessed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome} · {self.get_result_display()}"


#: The kinds of evidence accepted, by content type, with the file ending they are stored with.
EVIDENCE_TYPES: dict[str, str] = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


def _evidence_path(instance: Evidence, filename: str) -> str:
    # A random name: the learner's file name may carry personal data and must not be guessable.
    ending = EVIDENCE_TYPES.get(instance.content_type, "")
    return f"evidence/{instance.assessment.mobility_id}/{secrets.token_urlsafe(18)}{ending}"


class Evidence(models.Model):
    """A photo or document the assessor keeps as evidence for an assessment."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["assessment", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
