"""During and after the mobility, at a glance: how far the assessment at the host has come,
the transcript, validation and recognition at home, Europass Mobility and letters — with what
the person looking may do next. Drawn for the mobility page and the learner's own page in a
fixed number of queries.

The apps after the mobility depend on this one, so they are imported where used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ecvet.mobilities.models import Mobility, MobilityStatus

#: From when the host assesses: the learner is abroad or back.
ASSESSED_FROM = frozenset(
    {
        MobilityStatus.ONGOING,
        MobilityStatus.COMPLETED,
        MobilityStatus.VALIDATED,
        MobilityStatus.RECOGNISED,
    }
)


@dataclass
class ResultsOverview:
    outcomes: int = 0
    answered: int = 0
    achieved: int = 0
    not_achieved: int = 0
    self_answered: int = 0
    differ: int = 0
    may_assess: bool = False
    is_learner: bool = False
    may_issue_transcript: bool = False
    transcript: Any = None
    may_decide: bool = False
    validated: int = 0
    recognised_units: int = 0
    europass: Any = None
    letters: list[Any] = field(default_factory=list)

    @property
    def started(self) -> bool:
        return self.outcomes > 0


def results_overview(*, user: Any, mobility: Mobility) -> ResultsOverview | None:
    """None before the mobility starts (nothing is assessed yet) or without a signed
    agreement."""
    if mobility.status not in ASSESSED_FROM:
        return None
    from ecvet.assessments.models import OutcomeResult
    from ecvet.assessments.selectors import assessment_can_record, comparison
    from ecvet.europass.selectors import europass_latest, letters_of
    from ecvet.recognition.models import Recognition, Validation
    from ecvet.recognition.services import can_decide
    from ecvet.transcripts.selectors import transcript_can_issue, transcript_current

    rows = comparison(mobility=mobility)
    if not rows:
        return None
    units = {row.unit.pk: row.unit for row in rows}
    return ResultsOverview(
        outcomes=len(rows),
        answered=sum(1 for row in rows if row.mentor is not None),
        achieved=sum(1 for row in rows if row.mentor == OutcomeResult.ACHIEVED),
        not_achieved=sum(1 for row in rows if row.mentor == OutcomeResult.NOT_ACHIEVED),
        self_answered=sum(1 for row in rows if row.learner is not None),
        differ=sum(1 for row in rows if row.differs),
        may_assess=any(
            assessment_can_record(user=user, mobility=mobility, unit=unit)
            for unit in units.values()
        ),
        is_learner=mobility.learner.user_id is not None
        and mobility.learner.user_id == getattr(user, "pk", None),
        may_issue_transcript=transcript_can_issue(user=user, mobility=mobility),
        transcript=transcript_current(mobility=mobility),
        may_decide=can_decide(actor=user, mobility=mobility),
        validated=Validation.objects.filter(mobility=mobility).count(),
        recognised_units=Recognition.objects.filter(mobility=mobility).count(),
        europass=europass_latest(mobility=mobility),
        letters=list(letters_of(mobility=mobility)[:5]),
    )
