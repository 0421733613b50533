from __future__ import annotations

from typing import Any

import pytest

from ecvet.assessments.models import SelfAssessment
from ecvet.assessments.selectors import comparison
from ecvet.assessments.services import assessment_record, self_assessment_record
from ecvet.assessments.tests.setup import signed_mobility
from ecvet.errors import DomainError, NotPermitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def test_the_learner_records_their_own_answer_and_can_change_it(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    outcome = ongoing.outcomes[0]
    first = self_assessment_record(
        actor=cast.learner, mobility=ongoing.mobility, outcome=outcome, result="achieved"
    )
    again = self_assessment_record(
        actor=cast.learner,
        mobility=ongoing.mobility,
        outcome=outcome,
        result="partly_achieved",
        comment=" I needed help ",
    )
    assert again.pk == first.pk
    assert SelfAssessment.objects.get().comment == "I needed help"


@pytest.mark.parametrize("who", ["mentor", "coordinator", "host", "outsider"])
def test_nobody_but_the_learner_self_assesses(cast: Any, who: str) -> None:
    ongoing = signed_mobility(cast)
    with pytest.raises(NotPermitted):
        self_assessment_record(
            actor=getattr(cast, who),
            mobility=ongoing.mobility,
            outcome=ongoing.outcomes[0],
            result="achieved",
        )
    assert not SelfAssessment.objects.exists()


def test_self_assessment_waits_until_the_mobility_is_ongoing(cast: Any) -> None:
    ongoing = signed_mobility(cast, start=False)
    with pytest.raises(DomainError, match="Agreed"):
        self_assessment_record(
            actor=cast.learner,
            mobility=ongoing.mobility,
            outcome=ongoing.outcomes[0],
            result="achieved",
        )


def test_the_comparison_flags_where_mentor_and_learner_differ(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    same, different, only_mentor = ongoing.outcomes
    for outcome, result in ((same, "achieved"), (different, "achieved"), (only_mentor, "achieved")):
        assessment_record(
            actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, result=result
        )
    self_assessment_record(
        actor=cast.learner, mobility=ongoing.mobility, outcome=same, result="achieved"
    )
    self_assessment_record(
        actor=cast.learner, mobility=ongoing.mobility, outcome=different, result="not_achieved"
    )

    rows = {row.outcome.pk: row for row in comparison(mobility=ongoing.mobility)}

    assert set(rows) == {o.pk for o in ongoing.outcomes}
    assert not rows[same.pk].differs
    assert rows[different.pk].differs
    assert (rows[different.pk].mentor, rows[different.pk].learner) == ("achieved", "not_achieved")
    assert rows[only_mentor.pk].learner is None
    assert not rows[only_mentor.pk].differs
