"""Validation at the sending school: pre-filled from the unit's link to the qualification,
recorded outcome by outcome, and the mobility validated once every outcome is decided."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ecvet.audit.models import AuditEvent
from ecvet.errors import DomainError, NotPermitted, TransitionNotAllowed
from ecvet.mobilities.models import MobilityStatus
from ecvet.recognition.models import HostResult, Validation
from ecvet.recognition.services import mobility_validate, validation_prefill, validation_record
from ecvet.recognition.tests.setup import completed_mobility, outcomes, the_unit

pytestmark = pytest.mark.django_db


def _decide_all(cast: Any, mobility: Any, **fields: Any) -> None:
    for outcome in outcomes(mobility):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcome,
            host_result=fields.get("host_result", HostResult.ACHIEVED),
            matches=fields.get("matches", True),
            required_outcome="Repair or Rebuilding jobs",
        )


def test_prefill_matches_outcomes_of_a_unit_of_the_learners_qualification(cast: Any) -> None:
    mobility = completed_mobility(cast)

    drafts = validation_prefill(mobility=mobility)

    assert [draft.outcome for draft in drafts] == outcomes(mobility)
    assert all(draft.matches for draft in drafts)
    assert {draft.required_outcome for draft in drafts} == {"Repair or Rebuilding jobs"}
    assert all(draft.recorded is None for draft in drafts)
    assert Validation.objects.count() == 0


def test_prefill_does_not_match_a_unit_of_another_qualification(cast: Any) -> None:
    mobility = completed_mobility(cast, linked=False)

    drafts = validation_prefill(mobility=mobility)

    assert len(drafts) == 2
    assert not any(draft.matches for draft in drafts)
    assert {draft.required_outcome for draft in drafts} == {""}


def test_validating_every_outcome_moves_the_mobility_to_validated(cast: Any) -> None:
    mobility = completed_mobility(cast)
    _decide_all(cast, mobility)

    mobility = mobility_validate(actor=cast.coordinator, mobility=mobility)

    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.VALIDATED
    assert AuditEvent.objects.filter(action="validation.recorded").count() == 2
    assert AuditEvent.objects.filter(action="mobility.status", to_state="validated").exists()


def test_a_teacher_of_the_learners_school_validates(cast: Any) -> None:
    mobility = completed_mobility(cast)
    outcome = outcomes(mobility)[0]

    validation = validation_record(
        actor=cast.teacher,
        mobility=mobility,
        outcome=outcome,
        host_result=HostResult.PARTLY_ACHIEVED,
        matches=True,
        comment="  Only the simple joints  ",
    )

    assert validation.decided_by == cast.teacher
    assert validation.comment == "Only the simple joints"


def test_validation_is_refused_while_outcomes_lack_a_decision_and_says_how_many(
    cast: Any,
) -> None:
    mobility = completed_mobility(cast)
    validation_record(
        actor=cast.coordinator,
        mobility=mobility,
        outcome=outcomes(mobility)[0],
        host_result=HostResult.ACHIEVED,
        matches=True,
    )

    with pytest.raises(DomainError, match="1 learning outcome still lacks"):
        mobility_validate(actor=cast.coordinator, mobility=mobility)

    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.COMPLETED


def test_an_outcome_not_achieved_recorded_honestly_counts_as_decided(cast: Any) -> None:
    mobility = completed_mobility(cast)
    first, second = outcomes(mobility)
    validation_record(
        actor=cast.coordinator,
        mobility=mobility,
        outcome=first,
        host_result=HostResult.ACHIEVED,
        matches=True,
    )
    validation = validation_record(
        actor=cast.coordinator,
        mobility=mobility,
        outcome=second,
        host_result=HostResult.NOT_ACHIEVED,
        matches=False,
        required_outcome="ignored when it does not match",
    )

    mobility = mobility_validate(actor=cast.coordinator, mobility=mobility)

    assert validation.required_outcome == ""
    assert mobility.status == MobilityStatus.VALIDATED


def test_an_outcome_not_achieved_cannot_be_confirmed_as_matching(cast: Any) -> None:
    mobility = completed_mobility(cast)

    with pytest.raises(ValidationError):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcomes(mobility)[0],
            host_result=HostResult.NOT_ASSESSED,
            matches=True,
        )


def test_recording_again_corrects_the_decision_and_the_prefill_shows_it(cast: Any) -> None:
    mobility = completed_mobility(cast)
    outcome = outcomes(mobility)[0]
    for result, matches in ((HostResult.ACHIEVED, True), (HostResult.NOT_ACHIEVED, False)):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcome,
            host_result=result,
            matches=matches,
        )

    recorded = validation_prefill(mobility=mobility)[0].recorded

    assert Validation.objects.count() == 1
    assert recorded is not None
    assert (recorded.host_result, recorded.matches) == (HostResult.NOT_ACHIEVED, False)


def test_an_outcome_outside_the_agreement_is_refused(cast: Any) -> None:
    mobility = completed_mobility(cast)
    heading = the_unit(mobility).version.outcomes.get(is_heading=True)

    with pytest.raises(ValidationError):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=heading,
            host_result=HostResult.ACHIEVED,
            matches=True,
        )


def test_an_ongoing_mobility_cannot_be_validated(cast: Any) -> None:
    mobility = completed_mobility(cast, status="ongoing")

    with pytest.raises(DomainError, match="after the mobility is completed"):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcomes(mobility)[0],
            host_result=HostResult.ACHIEVED,
            matches=True,
        )
    with pytest.raises(TransitionNotAllowed):
        mobility_validate(actor=cast.coordinator, mobility=mobility)


@pytest.mark.parametrize("who", ["host", "mentor", "learner", "outsider"])
def test_only_the_sending_school_validates(cast: Any, who: str) -> None:
    mobility = completed_mobility(cast)
    _decide_all(cast, mobility)
    actor = getattr(cast, who)

    with pytest.raises(NotPermitted):
        validation_record(
            actor=actor,
            mobility=mobility,
            outcome=outcomes(mobility)[0],
            host_result=HostResult.ACHIEVED,
            matches=True,
        )
    with pytest.raises(NotPermitted):
        mobility_validate(actor=actor, mobility=mobility)

    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.COMPLETED


def test_a_second_validation_from_a_stale_page_is_refused(cast: Any) -> None:
    mobility = completed_mobility(cast)
    _decide_all(cast, mobility)
    stale = type(mobility).objects.get(pk=mobility.pk)
    mobility_validate(actor=cast.coordinator, mobility=mobility)

    with pytest.raises(TransitionNotAllowed):
        mobility_validate(actor=cast.teacher, mobility=stale)

    assert AuditEvent.objects.filter(action="mobility.status", to_state="validated").count() == 1
