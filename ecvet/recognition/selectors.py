"""Reading validations and recognitions: whoever sees the mobility sees its decisions.

The sheets below are what the validation and recognition screens and the API show; they do
not check visibility themselves: the caller has found the mobility through
``mobilities.selectors.mobility_get``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ecvet.assessments.models import Assessment
from ecvet.assessments.services import UnitAchievement, unit_achievement
from ecvet.mobilities.models import AgreementUnit, Mobility
from ecvet.mobilities.selectors import mobility_can_view
from ecvet.qualifications.models import LearningOutcome
from ecvet.recognition.models import HostResult, Recognition, Validation
from ecvet.recognition.services import UNACHIEVED, validation_prefill


def validation_list(*, user: Any, mobility: Mobility) -> QuerySet[Validation]:
    if not mobility_can_view(user=user, mobility=mobility):
        return Validation.objects.none()
    return Validation.objects.filter(mobility=mobility).select_related(
        "outcome__version", "decided_by"
    )


def recognition_list(*, user: Any, mobility: Mobility) -> QuerySet[Recognition]:
    if not mobility_can_view(user=user, mobility=mobility):
        return Recognition.objects.none()
    return Recognition.objects.filter(mobility=mobility).select_related(
        "agreement_unit__version", "decided_by"
    )


# --- the decision sheets of the validation and recognition screens (and the API) ---


@dataclass(frozen=True)
class ValidationRow:
    """One outcome to validate: the host's current answer beside the recorded decision, or
    what the unit's link to the learner's qualification suggests."""

    unit: AgreementUnit
    outcome: LearningOutcome
    assessment: Assessment | None
    recorded: Validation | None
    linked: bool
    reference: str

    @property
    def host_result(self) -> str:
        return self.assessment.result if self.assessment is not None else HostResult.NOT_ASSESSED

    @property
    def host_result_label(self) -> str:
        return str(HostResult(self.host_result).label)

    @property
    def achieved(self) -> bool:
        """Achieved or partly achieved at the host: only such an outcome may match."""
        return self.host_result not in UNACHIEVED

    @property
    def suggested_matches(self) -> bool:
        """Pre-ticked only for a unit of the learner's qualification that the host found
        achieved (or partly); never for an outcome not achieved or not assessed."""
        return self.linked and self.achieved

    @property
    def matches(self) -> bool | None:
        """The recorded decision; None while undecided."""
        return self.recorded.matches if self.recorded is not None else None

    @property
    def host_changed(self) -> bool:
        """The host's result is no longer the one the decision was taken on."""
        return self.recorded is not None and self.recorded.host_result != self.host_result


@dataclass(frozen=True)
class ValidationUnit:
    unit: AgreementUnit
    achievement: UnitAchievement
    rows: list[ValidationRow]
    linked: bool

    @property
    def decided(self) -> int:
        return sum(1 for row in self.rows if row.recorded is not None)

    @property
    def undecided(self) -> int:
        return len(self.rows) - self.decided

    @property
    def matching(self) -> list[ValidationRow]:
        return [row for row in self.rows if row.matches]


def validation_sheet(*, mobility: Mobility) -> list[ValidationUnit]:
    """Every outcome of the units in force, grouped by unit, with the host's answer (method,
    date, assessor, reason) and the decision, in a fixed number of queries. Raises
    DomainError when the mobility has no signed Learning Agreement."""
    assessments = list(
        Assessment.objects.filter(mobility=mobility).select_related("assessor").order_by("pk")
    )
    by_outcome = {a.outcome_id: a for a in assessments}
    units: list[ValidationUnit] = []
    rows: list[ValidationRow] = []
    for draft in validation_prefill(mobility=mobility):
        if not units or units[-1].unit.pk != draft.agreement_unit.pk:
            rows = []
            units.append(
                ValidationUnit(
                    unit=draft.agreement_unit,
                    achievement=unit_achievement(draft.agreement_unit, assessments),
                    rows=rows,
                    linked=draft.matches,
                )
            )
        rows.append(
            ValidationRow(
                unit=draft.agreement_unit,
                outcome=draft.outcome,
                assessment=by_outcome.get(draft.outcome.pk),
                recorded=draft.recorded,
                linked=draft.matches,
                reference=draft.required_outcome,
            )
        )
    return units


def undecided_count(sheet: list[ValidationUnit]) -> int:
    return sum(unit.undecided for unit in sheet)


@dataclass(frozen=True)
class RecognitionUnit:
    """One unit in force: its validated outcomes and how it is recognised."""

    validation: ValidationUnit
    recorded: Recognition | None

    @property
    def unit(self) -> AgreementUnit:
        return self.validation.unit

    @property
    def recognisable(self) -> bool:
        """At least one outcome validated as matching the learner's qualification."""
        return bool(self.validation.matching)


def recognition_sheet(
    *, mobility: Mobility, sheet: list[ValidationUnit] | None = None
) -> list[RecognitionUnit]:
    """Each unit in force with its validation rows and its recognition (fixed queries)."""
    if sheet is None:
        sheet = validation_sheet(mobility=mobility)
    recorded = {
        r.agreement_unit_id: r
        for r in Recognition.objects.filter(mobility=mobility).select_related("decided_by")
    }
    return [RecognitionUnit(validation=unit, recorded=recorded.get(unit.unit.pk)) for unit in sheet]


def unrecognised_count(units: list[RecognitionUnit]) -> int:
    return sum(1 for unit in units if unit.recognisable and unit.recorded is None)
