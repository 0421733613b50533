"""Deciding on the host's result as it stands: one outcome, or every outcome at once (all or
nothing); decisions are never dated in the future."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecvet.assessments.models import OutcomeResult
from ecvet.audit.models import AuditEvent
from ecvet.errors import NotPermitted
from ecvet.recognition.models import HostResult, RecognitionKind, Validation
from ecvet.recognition.services import (
    DecisionsRefused,
    HostResultChanged,
    ValidationDecision,
    mobility_validate,
    recognition_record,
    validation_decide,
    validation_decide_all,
)
from ecvet.recognition.tests.assessed import assessed_mobility
from ecvet.recognition.tests.setup import outcomes, the_unit

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def test_the_decision_keeps_the_hosts_current_result(cast):
    mobility = assessed_mobility(cast, [OutcomeResult.PARTLY_ACHIEVED])
    outcome = outcomes(mobility)[0]

    validation = validation_decide(
        actor=cast.coordinator,
        mobility=mobility,
        decision=ValidationDecision(outcome=outcome, matches=True),
    )

    assert validation.host_result == HostResult.PARTLY_ACHIEVED


def test_an_outcome_without_an_answer_counts_as_not_assessed(cast):
    mobility = assessed_mobility(cast, [None])
    outcome = outcomes(mobility)[0]

    with pytest.raises(ValidationError):
        validation_decide(
            actor=cast.coordinator,
            mobility=mobility,
            decision=ValidationDecision(outcome=outcome, matches=True),
        )
    validation = validation_decide(
        actor=cast.coordinator,
        mobility=mobility,
        decision=ValidationDecision(outcome=outcome, matches=False),
    )
    assert validation.host_result == HostResult.NOT_ASSESSED


def test_a_decision_on_a_result_the_host_has_changed_is_refused(cast):
    mobility = assessed_mobility(cast)
    outcome = outcomes(mobility)[1]  # not achieved at the host

    with pytest.raises(HostResultChanged) as refused:
        validation_decide(
            actor=cast.coordinator,
            mobility=mobility,
            decision=ValidationDecision(
                outcome=outcome, matches=True, seen_result=HostResult.ACHIEVED
            ),
        )

    assert refused.value.status_code == 409
    assert not Validation.objects.exists()


def test_deciding_all_at_once_is_all_or_nothing(cast):
    mobility = assessed_mobility(cast)
    achieved, failed = outcomes(mobility)

    with pytest.raises(DecisionsRefused) as refused:
        validation_decide_all(
            actor=cast.coordinator,
            mobility=mobility,
            decisions=[
                ValidationDecision(outcome=achieved, matches=True),
                ValidationDecision(outcome=failed, matches=True),
            ],
        )

    assert set(refused.value.errors) == {failed.pk}
    assert "1 decision was refused" in refused.value.message
    assert not Validation.objects.exists()
    assert not AuditEvent.objects.filter(action="validation.recorded").exists()


def test_deciding_all_at_once_records_every_decision(cast):
    mobility = assessed_mobility(cast)
    achieved, failed = outcomes(mobility)

    recorded = validation_decide_all(
        actor=cast.teacher,
        mobility=mobility,
        decisions=[
            ValidationDecision(outcome=achieved, matches=True, required_outcome="Doors"),
            ValidationDecision(outcome=failed, matches=False, comment="Later at school"),
        ],
    )

    assert [v.matches for v in recorded] == [True, False]
    assert mobility_validate(actor=cast.teacher, mobility=mobility).status == "validated"


def test_only_the_sending_school_decides_all_at_once(cast):
    mobility = assessed_mobility(cast)

    with pytest.raises(NotPermitted):
        validation_decide_all(
            actor=cast.mentor,
            mobility=mobility,
            decisions=[ValidationDecision(outcome=outcomes(mobility)[0], matches=False)],
        )


def test_decisions_are_never_dated_in_the_future(cast):
    mobility = assessed_mobility(cast)
    achieved, failed = outcomes(mobility)

    with pytest.raises(ValidationError) as future:
        validation_decide(
            actor=cast.coordinator,
            mobility=mobility,
            decision=ValidationDecision(outcome=achieved, matches=True, decided_on=TOMORROW),
        )
    assert "decided_on" in future.value.message_dict
    for outcome, matches in ((achieved, True), (failed, False)):
        validation_decide(
            actor=cast.coordinator,
            mobility=mobility,
            decision=ValidationDecision(outcome=outcome, matches=matches),
        )
    mobility_validate(actor=cast.coordinator, mobility=mobility)
    with pytest.raises(ValidationError) as later:
        recognition_record(
            actor=cast.coordinator,
            mobility=mobility,
            agreement_unit=the_unit(mobility),
            kinds=[RecognitionKind.EUROPASS],
            decided_on=TOMORROW,
        )
    assert "decided_on" in later.value.message_dict
