"""A completed mobility whose outcomes the host has assessed, for the screen and API tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ecvet.assessments.models import OutcomeResult
from ecvet.assessments.services import assessment_record
from ecvet.mobilities.models import Mobility
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.recognition.tests.setup import completed_mobility, outcomes, the_unit

REASON = "The saw tore out a knot; the door was not finished in time."


def assessed_mobility(
    cast: Any,
    results: Sequence[str | None] = (OutcomeResult.ACHIEVED, OutcomeResult.NOT_ACHIEVED),
    *,
    linked: bool = True,
    extra_outcomes: int = 0,
) -> Mobility:
    """Completed, with the mentor's answer on each outcome in order (the last result repeats
    for outcomes beyond ``results``; ``None`` leaves an outcome unassessed)."""
    mobility = completed_mobility(cast, linked=linked)
    for number in range(extra_outcomes):
        LearningOutcomeFactory.create(
            version=the_unit(mobility).version,
            category=Category.SKILLS,
            text={"en": f"Extra outcome {number}"},
        )
    for index, outcome in enumerate(outcomes(mobility)):
        result = results[min(index, len(results) - 1)]
        if result is None:
            continue
        assessment_record(
            actor=cast.mentor,
            mobility=mobility,
            outcome=outcome,
            result=result,
            method="observation",
            reason=REASON if result != OutcomeResult.ACHIEVED else "",
        )
    return mobility
