"""Reads of the assessment at the host, with who may see what.

Evidence is seen by whoever sees the mobility (``mobility_can_view``): its staff, the host's
coordinators, the mentor, the learner and their guardian; another learner never.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from ecvet.assessments.models import Assessment, Evidence, SelfAssessment
from ecvet.mobilities.models import AgreementUnit, Mobility
from ecvet.mobilities.selectors import agreement_in_force, agreement_units, mobility_can_view
from ecvet.qualifications.models import LearningOutcome


def outcomes_to_achieve(unit: AgreementUnit) -> list[LearningOutcome]:
    """The unit's chosen outcomes, or every outcome of its version when none is chosen;
    headings are never assessed."""
    chosen = [o for o in unit.outcomes.all() if o.version_id == unit.version_id]
    pool = chosen or list(unit.version.outcomes.all())
    return [o for o in pool if not o.is_heading]


def assessments_of(*, mobility: Mobility) -> QuerySet[Assessment]:
    """The host's answers with their outcome, unit, assessor and evidence (fixed queries)."""
    return (
        Assessment.objects.filter(mobility=mobility)
        .select_related("outcome", "agreement_unit", "assessor")
        .prefetch_related(
            Prefetch(
                "evidence",
                Evidence.objects.select_related("uploaded_by").order_by("uploaded_at", "pk"),
            )
        )
        .order_by("agreement_unit__position", "outcome__category", "outcome__position", "pk")
    )


def self_assessments_of(*, mobility: Mobility) -> QuerySet[SelfAssessment]:
    return (
        SelfAssessment.objects.filter(mobility=mobility)
        .select_related("outcome")
        .order_by("outcome__category", "outcome__position", "pk")
    )


@dataclass(frozen=True)
class OutcomeComparison:
    """One outcome with both answers side by side (slide 15). ``differs`` when both have
    answered and the answers are not the same."""

    unit: AgreementUnit
    outcome: LearningOutcome
    mentor: str | None
    learner: str | None

    @property
    def differs(self) -> bool:
        return self.mentor is not None and self.learner is not None and self.mentor != self.learner


def comparison(*, mobility: Mobility) -> list[OutcomeComparison]:
    """Every outcome to achieve under the signed agreement, in the agreement's order."""
    agreement = agreement_in_force(mobility=mobility)
    if agreement is None:
        return []
    mentor = {a.outcome_id: a.result for a in Assessment.objects.filter(mobility=mobility)}
    learner = {s.outcome_id: s.result for s in SelfAssessment.objects.filter(mobility=mobility)}
    return [
        OutcomeComparison(
            unit=unit,
            outcome=outcome,
            mentor=mentor.get(outcome.pk),
            learner=learner.get(outcome.pk),
        )
        for unit in agreement_units(agreement=agreement)
        for outcome in outcomes_to_achieve(unit)
    ]


def evidence_visible(*, user: Any, evidence: Evidence) -> bool:
    return mobility_can_view(user=user, mobility=evidence.assessment.mobility)
