"""Validation and recognition at the sending school, after the mobility (ECVET slide 13).

Validation confirms, outcome by outcome, that what the learner achieved as assessed at the
host matches outcomes required by their qualification; recognition then says, unit by unit,
how the validated outcomes count at home (a grade, credit, the exam, Europass…).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecvet.assessments.models import OutcomeResult

#: The host's result on an outcome, as the validation saw it: the assessments' own choices.
HostResult = OutcomeResult


class Validation(models.Model):
    """The sending school's decision on one learning outcome of a unit of the agreement in
    force: does what the host assessed match an outcome the learner's qualification requires?"""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="validations",
    )
    outcome = models.ForeignKey(
        "qualifications.LearningOutcome",
        verbose_name=_("learning outcome"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    host_result = models.CharField(
        _("result at the host"),
        max_length=20,
        choices=HostResult.choices,
        help_text=_("The host's assessment as it stood when the decision was taken."),
    )
    matches = models.BooleanField(
        _("matches the qualification"),
        help_text=_("It matches an outcome required by the learner's qualification."),
    )
    required_outcome = models.CharField(
        _("qualification's outcome it matches"), max_length=500, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("validation")
        verbose_name_plural = _("validations")
        ordering = ["mobility", "outcome__version", "outcome__category", "outcome__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "outcome"],
                name="validation_once_per_outcome",
                violation_error_message=_("This outcome is already validated."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome} · {self.get_host_result_display()}"


class RecognitionKind(models.TextChoices):
    GRADE_BOOK = "grade_book", _("A grade in the grade book")
    PLACEMENT_CREDIT = "placement_credit", _("Credit for the practical placement")
    QUALIFICATION_EXAM = "qualification_exam", _("Counted at the qualification exam")
    EUROPASS = "europass", _("Europass Mobility")
    RECOMMENDATION = "recommendation", _("Recommendation letter to an employer")
    OTHER = "other", _("Other")


class Recognition(models.Model):
    """How a unit's validated outcomes count at the sending school."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="recognitions",
    )
    agreement_unit = models.ForeignKey(
        "mobilities.AgreementUnit",
        verbose_name=_("unit in the Learning Agreement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kinds = models.JSONField(_("recognised as"), default=list)
    grade = models.CharField(
        _("grade"), max_length=40, blank=True, help_text=_("Required for a grade book entry.")
    )
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["mobility", "agreement_unit__position", "agreement_unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "agreement_unit"],
                name="recognition_once_per_unit",
                violation_error_message=_("This unit is already recognised."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_unit} · {', '.join(self.kind_labels)}"

    @property
    def kind_labels(self) -> list[str]:
        return [str(RecognitionKind(kind).label) for kind in self.kinds]
