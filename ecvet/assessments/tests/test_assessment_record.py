from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.assessments.models import Assessment, OutcomeResult
from ecvet.assessments.services import assessment_record, unit_achievement
from ecvet.assessments.tests.setup import signed_mobility
from ecvet.audit.models import AuditEvent
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.mobilities.models import AssessmentMethod

pytestmark = pytest.mark.django_db

TODAY = date(2027, 4, 20)


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def test_the_mentor_records_every_outcome_of_an_ongoing_mobility(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    for outcome in ongoing.outcomes:
        assessment_record(
            actor=cast.mentor,
            mobility=ongoing.mobility,
            outcome=outcome,
            result=OutcomeResult.ACHIEVED,
            method=AssessmentMethod.OBSERVATION,
            comment="Well done",
        )
    rows = Assessment.objects.filter(mobility=ongoing.mobility)
    assert rows.count() == len(ongoing.outcomes) == 3
    assert {a.assessor for a in rows} == {cast.mentor}
    assert {a.agreement_unit for a in rows} == {ongoing.unit}
    assert {a.assessed_on for a in rows} == {TODAY}
    assert AuditEvent.objects.filter(action="assessment.recorded").count() == 3


def test_the_named_assessor_and_the_host_coordinator_may_assess_too(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    assessor = UserFactory.create()
    ongoing.unit.assessor = assessor
    ongoing.unit.save(update_fields=["assessor"])
    first, second = ongoing.outcomes[:2]
    assessment_record(
        actor=assessor, mobility=ongoing.mobility, outcome=first, result=OutcomeResult.ACHIEVED
    )
    assessment_record(
        actor=cast.host, mobility=ongoing.mobility, outcome=second, result=OutcomeResult.ACHIEVED
    )
    assert Assessment.objects.filter(mobility=ongoing.mobility).count() == 2


def test_not_achieved_without_a_reason_is_refused(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    for result in (OutcomeResult.NOT_ACHIEVED, OutcomeResult.PARTLY_ACHIEVED):
        with pytest.raises(ValidationError) as refused:
            assessment_record(
                actor=cast.mentor,
                mobility=ongoing.mobility,
                outcome=ongoing.outcomes[0],
                result=result,
                reason="  ",
            )
        assert "reason" in refused.value.message_dict
    assert not Assessment.objects.exists()


def test_not_achieved_with_a_reason_and_a_reassessment_date_is_kept(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    assessment = assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=ongoing.outcomes[0],
        result=OutcomeResult.NOT_ACHIEVED,
        reason="No chance to glue joints: the press was broken.",
        reassessment_planned_on=date(2027, 4, 28),
    )
    assert assessment.reason.startswith("No chance")
    assert assessment.reassessment_planned_on == date(2027, 4, 28)


def test_a_mobility_not_yet_ongoing_is_refused_naming_its_status(cast: Any) -> None:
    ongoing = signed_mobility(cast, start=False)
    with pytest.raises(DomainError, match="Agreed"):
        assessment_record(
            actor=cast.mentor,
            mobility=ongoing.mobility,
            outcome=ongoing.outcomes[0],
            result=OutcomeResult.ACHIEVED,
        )


def test_a_planned_mobility_is_refused(cast: Any) -> None:
    from ecvet.mobilities.tests.setup import mobility_for

    setup = mobility_for(cast)
    outcome = setup.agreement.units.get().version.outcomes.get()
    with pytest.raises(DomainError, match="Planned"):
        assessment_record(
            actor=cast.mentor, mobility=setup.mobility, outcome=outcome, result="achieved"
        )


@pytest.mark.parametrize("who", ["outsider", "learner", "teacher", "other_mentor"])
def test_people_other_than_the_mentor_assessor_and_host_coordinators_are_refused(
    cast: Any, who: str
) -> None:
    ongoing = signed_mobility(cast)
    if who == "other_mentor":
        actor = UserFactory.create()
        MembershipFactory.create(user=actor, institution=cast.host_company, role=Role.MENTOR)
    else:
        actor = getattr(cast, who)
    with pytest.raises(NotPermitted):
        assessment_record(
            actor=actor,
            mobility=ongoing.mobility,
            outcome=ongoing.outcomes[0],
            result=OutcomeResult.ACHIEVED,
        )
    assert not Assessment.objects.exists()


def test_an_outcome_outside_the_signed_agreement_or_a_heading_is_refused(cast: Any) -> None:
    from ecvet.qualifications.tests.factories import LearningOutcomeFactory

    ongoing = signed_mobility(cast)
    for outcome in (ongoing.heading, LearningOutcomeFactory.create()):
        with pytest.raises(DomainError, match="not one to achieve"):
            assessment_record(
                actor=cast.mentor,
                mobility=ongoing.mobility,
                outcome=outcome,
                result=OutcomeResult.ACHIEVED,
            )


def test_only_chosen_outcomes_are_assessed_when_the_unit_has_chosen_some(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    chosen, left_out = ongoing.outcomes[0], ongoing.outcomes[1]
    ongoing.unit.outcomes.set([chosen])
    assessment_record(
        actor=cast.mentor, mobility=ongoing.mobility, outcome=chosen, result="achieved"
    )
    with pytest.raises(DomainError):
        assessment_record(
            actor=cast.mentor, mobility=ongoing.mobility, outcome=left_out, result="achieved"
        )


def test_recording_again_updates_the_same_row(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    outcome = ongoing.outcomes[0]
    first = assessment_record(
        actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, result="achieved"
    )
    second = assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=outcome,
        result=OutcomeResult.PARTLY_ACHIEVED,
        reason="Needed help with the hinges.",
        revision=first.revision,
    )
    assert second.pk == first.pk
    assert second.revision == first.revision + 1
    assert Assessment.objects.get().result == OutcomeResult.PARTLY_ACHIEVED
    event = AuditEvent.objects.get(action="assessment.changed")
    assert (event.from_state, event.to_state) == ("achieved", "partly_achieved")


def test_a_stale_revision_is_a_concurrent_update(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    outcome = ongoing.outcomes[0]
    seen = assessment_record(
        actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, result="achieved"
    )
    assessment_record(
        actor=cast.host,
        mobility=ongoing.mobility,
        outcome=outcome,
        result="not_achieved",
        reason="Absent on the day.",
        revision=seen.revision,
    )
    with pytest.raises(ConcurrentUpdate):
        assessment_record(
            actor=cast.mentor,
            mobility=ongoing.mobility,
            outcome=outcome,
            result="achieved",
            revision=seen.revision,
        )
    assert Assessment.objects.get().result == "not_achieved"


def test_a_completed_mobility_can_still_be_assessed(cast: Any) -> None:
    from ecvet.mobilities.services.mobilities import mobility_transition

    ongoing = signed_mobility(cast)
    mobility_transition(actor=cast.coordinator, mobility=ongoing.mobility, wanted="completed")
    assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=ongoing.outcomes[0],
        result="achieved",
    )
    assert Assessment.objects.count() == 1


def test_the_unit_share_counts_partly_as_half_and_not_achieved_as_nothing(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    first, second, third = ongoing.outcomes
    answers = [
        (first, OutcomeResult.ACHIEVED, ""),
        (second, OutcomeResult.ACHIEVED, ""),
        (third, OutcomeResult.NOT_ACHIEVED, "No time for the finishing work."),
    ]
    for outcome, result, reason in answers:
        assessment_record(
            actor=cast.mentor,
            mobility=ongoing.mobility,
            outcome=outcome,
            result=result,
            reason=reason,
        )
    achievement = unit_achievement(ongoing.unit, Assessment.objects.all())
    assert achievement.outcomes == 3
    assert achievement.counts["achieved"] == 2
    assert achievement.counts["not_achieved"] == 1
    assert achievement.percent == 67

    assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=third,
        result=OutcomeResult.PARTLY_ACHIEVED,
        reason="Finishing only started.",
    )
    achievement = unit_achievement(ongoing.unit, Assessment.objects.all())
    assert str(achievement.share) == "0.8333"


def test_an_unanswered_outcome_counts_as_not_assessed(cast: Any) -> None:
    ongoing = signed_mobility(cast)
    achievement = unit_achievement(ongoing.unit, [])
    assert achievement.counts["not_assessed"] == 3
    assert achievement.percent == 0
