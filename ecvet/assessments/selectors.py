"""Reads of the assessment at the host, with who may see what.

Evidence is seen by whoever sees the mobility (``mobility_can_view``): its staff, the host's
coordinators, the mentor, the learner and their guardian; another learner never.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from ecvet.accounts import scoping
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


def is_host_coordinator(actor: Any, mobility: Mobility) -> bool:
    hosts = {mobility.host_institution_id, mobility.host_company_id} - {None}
    return bool(hosts & scoping.managed_institution_ids(actor))


def may_assess(actor: Any, mobility: Mobility, unit: AgreementUnit) -> bool:
    """The mobility's mentor, the assessor named in the unit's plan, or the host's
    coordinators."""
    pk = getattr(actor, "pk", None)
    if pk is None or not getattr(actor, "is_authenticated", False):
        return False
    return pk in {mobility.mentor_id, unit.assessor_id} or is_host_coordinator(actor, mobility)


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


# --- The learner's own answers and the side-by-side comparison (slide 15) --------------------


def own_mobility(*, user: Any, pk: int) -> Mobility:
    """A mobility of which ``user`` is the learner themself — not a guardian, not staff.
    Raises ``Mobility.DoesNotExist`` for any other."""
    from ecvet.mobilities.selectors import mobilities_of_learner_user

    return mobilities_of_learner_user(user=user).get(pk=pk, learner__user=user)


@dataclass(frozen=True)
class OutcomeAnswers(OutcomeComparison):
    """:class:`OutcomeComparison` with the answers themselves (comments, reason, assessor)
    and the topic heading the outcome sits under in its unit."""

    heading: LearningOutcome | None
    assessment: Assessment | None
    self_assessment: SelfAssessment | None


def _headings(unit: AgreementUnit) -> dict[int, LearningOutcome]:
    """Each outcome of the unit's version → the topic heading above it in its column."""
    under: dict[int, LearningOutcome] = {}
    heading: LearningOutcome | None = None
    category = None
    for row in unit.version.outcomes.all():
        if row.category != category:
            category, heading = row.category, None
        if row.is_heading:
            heading = row
        elif heading is not None:
            under[row.pk] = heading
    return under


def outcome_answers(*, mobility: Mobility, with_assessments: bool = True) -> list[OutcomeAnswers]:
    """Every outcome to achieve under the signed agreement, in the agreement's order, with
    the host's answer (unless ``with_assessments`` is False) and the learner's own, in a
    fixed number of queries."""
    agreement = agreement_in_force(mobility=mobility)
    if agreement is None:
        return []
    host: dict[int, Assessment] = {}
    if with_assessments:
        host = {
            a.outcome_id: a
            for a in Assessment.objects.filter(mobility=mobility).select_related("assessor")
        }
    own = {s.outcome_id: s for s in SelfAssessment.objects.filter(mobility=mobility)}
    rows = []
    for unit in agreement_units(agreement=agreement):
        headings = _headings(unit)
        for outcome in outcomes_to_achieve(unit):
            assessment, answer = host.get(outcome.pk), own.get(outcome.pk)
            rows.append(
                OutcomeAnswers(
                    unit=unit,
                    outcome=outcome,
                    mentor=assessment.result if assessment else None,
                    learner=answer.result if answer else None,
                    heading=headings.get(outcome.pk),
                    assessment=assessment,
                    self_assessment=answer,
                )
            )
    return rows


# --- The assessor's pages -------------------------------------------------------------------


def assessment_can_record(*, user: Any, mobility: Mobility, unit: AgreementUnit) -> bool:
    """Whether ``user`` may answer for ``unit``'s outcomes: the services' own rule (the
    mentor, the assessor named in the unit's plan, the host's coordinators), so a page shows
    a form only to whom the service will accept it from."""
    return may_assess(user, mobility, unit)


def evidence_can_remove(*, user: Any, evidence: Evidence, mobility: Mobility) -> bool:
    """Who added the evidence, or the host's coordinators (the services' rule)."""
    is_uploader = evidence.uploaded_by_id == getattr(user, "pk", None)
    return is_uploader or is_host_coordinator(user, mobility)


@dataclass(frozen=True)
class SheetRow:
    """One line of a unit's column on the assessment sheet: a topic heading, or an outcome
    to achieve with the host's answer (None: not answered yet)."""

    outcome: LearningOutcome
    assessment: Assessment | None = None

    @property
    def is_heading(self) -> bool:
        return self.outcome.is_heading


@dataclass(frozen=True)
class UnitSheet:
    """A unit of the agreement in force with its outcomes by column, its achievement
    (``services.UnitAchievement``) and how many of its outcomes have an answer."""

    unit: AgreementUnit
    columns: list[tuple[str, str, list[SheetRow]]]
    achievement: Any
    answered: int

    @property
    def outcomes(self) -> list[LearningOutcome]:
        return [row.outcome for _c, _l, rows in self.columns for row in rows if not row.is_heading]


def assessment_sheet(*, mobility: Mobility) -> list[UnitSheet]:
    """Every unit of the signed agreement in force with its outcomes to achieve (headings
    kept where they group one of them) and their answers, in a fixed number of queries."""
    from ecvet.assessments.services import unit_achievement
    from ecvet.qualifications.models import Category

    agreement = agreement_in_force(mobility=mobility)
    if agreement is None:
        return []
    answers = list(assessments_of(mobility=mobility))
    by_outcome = {a.outcome_id: a for a in answers}
    sheets = []
    for unit in agreement_units(agreement=agreement):
        wanted = {o.pk for o in outcomes_to_achieve(unit)}
        columns = []
        for category in Category:
            rows: list[SheetRow] = []
            heading: LearningOutcome | None = None
            for outcome in unit.version.outcomes.all():
                if outcome.category != category.value:
                    continue
                if outcome.is_heading:
                    heading = outcome
                elif outcome.pk in wanted:
                    if heading is not None:
                        rows.append(SheetRow(heading))
                        heading = None
                    rows.append(SheetRow(outcome, by_outcome.get(outcome.pk)))
            if rows:
                columns.append((category.value, str(category.label), rows))
        sheets.append(
            UnitSheet(
                unit=unit,
                columns=columns,
                achievement=unit_achievement(unit, answers),
                answered=sum(1 for pk in wanted if pk in by_outcome),
            )
        )
    return sheets
