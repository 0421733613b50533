"""Recognition at the sending school: unit by unit, how validated outcomes count at home;
the mobility is recognised once every unit with a matching outcome is."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from ecvet.audit.models import AuditEvent
from ecvet.errors import DomainError, NotPermitted, TransitionNotAllowed
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.recognition.models import HostResult, Recognition, RecognitionKind
from ecvet.recognition.services import (
    mobility_recognise,
    mobility_validate,
    recognition_record,
    validation_record,
)
from ecvet.recognition.tests.setup import completed_mobility, outcomes, the_unit

pytestmark = pytest.mark.django_db


def _validated(cast: Any, *, matches: bool = True) -> Mobility:
    mobility = completed_mobility(cast)
    for outcome in outcomes(mobility):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcome,
            host_result=HostResult.ACHIEVED if matches else HostResult.NOT_ACHIEVED,
            matches=matches,
        )
    return mobility_validate(actor=cast.coordinator, mobility=mobility)


def test_recognising_every_unit_moves_the_mobility_to_recognised(cast: Any) -> None:
    mobility = _validated(cast)
    recognition = recognition_record(
        actor=cast.coordinator,
        mobility=mobility,
        agreement_unit=the_unit(mobility),
        kinds=[RecognitionKind.GRADE_BOOK, RecognitionKind.EUROPASS],
        grade=" 9 ",
        note="Counts for the spring term",
    )

    mobility = mobility_recognise(actor=cast.coordinator, mobility=mobility)

    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.RECOGNISED
    assert recognition.grade == "9"
    assert recognition.kind_labels == ["A grade in the grade book", "Europass Mobility"]
    assert AuditEvent.objects.filter(action="recognition.recorded").count() == 1


def test_recognition_needs_at_least_one_kind(cast: Any) -> None:
    mobility = _validated(cast)

    with pytest.raises(ValidationError) as error:
        recognition_record(
            actor=cast.coordinator, mobility=mobility, agreement_unit=the_unit(mobility), kinds=[]
        )
    assert "kinds" in error.value.message_dict


def test_an_unknown_kind_is_refused(cast: Any) -> None:
    mobility = _validated(cast)

    with pytest.raises(ValidationError):
        recognition_record(
            actor=cast.coordinator,
            mobility=mobility,
            agreement_unit=the_unit(mobility),
            kinds=["diploma"],
        )


def test_a_grade_book_entry_needs_a_grade(cast: Any) -> None:
    mobility = _validated(cast)

    with pytest.raises(ValidationError) as error:
        recognition_record(
            actor=cast.coordinator,
            mobility=mobility,
            agreement_unit=the_unit(mobility),
            kinds=[RecognitionKind.GRADE_BOOK],
            grade="  ",
        )
    assert "grade" in error.value.message_dict


def test_recording_again_corrects_the_recognition(cast: Any) -> None:
    mobility = _validated(cast)
    for kinds in ([RecognitionKind.OTHER], [RecognitionKind.PLACEMENT_CREDIT]):
        recognition_record(
            actor=cast.teacher, mobility=mobility, agreement_unit=the_unit(mobility), kinds=kinds
        )

    assert Recognition.objects.get().kinds == [RecognitionKind.PLACEMENT_CREDIT]


def test_a_unit_without_a_matching_outcome_cannot_be_recognised(cast: Any) -> None:
    mobility = _validated(cast, matches=False)

    with pytest.raises(DomainError, match="cannot be recognised"):
        recognition_record(
            actor=cast.coordinator,
            mobility=mobility,
            agreement_unit=the_unit(mobility),
            kinds=[RecognitionKind.RECOMMENDATION],
        )


def test_a_mobility_with_nothing_matching_is_recognised_without_recognitions(cast: Any) -> None:
    mobility = _validated(cast, matches=False)

    mobility = mobility_recognise(actor=cast.coordinator, mobility=mobility)

    assert mobility.status == MobilityStatus.RECOGNISED


def test_recognition_is_refused_while_a_unit_is_not_recognised(cast: Any) -> None:
    mobility = _validated(cast)

    with pytest.raises(DomainError, match="1 unit with validated outcomes"):
        mobility_recognise(actor=cast.coordinator, mobility=mobility)

    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.VALIDATED


def test_a_completed_mobility_is_not_recognised_before_validation(cast: Any) -> None:
    mobility = completed_mobility(cast)

    with pytest.raises(DomainError, match="once the mobility is validated"):
        recognition_record(
            actor=cast.coordinator,
            mobility=mobility,
            agreement_unit=the_unit(mobility),
            kinds=[RecognitionKind.EUROPASS],
        )
    with pytest.raises(TransitionNotAllowed):
        mobility_recognise(actor=cast.coordinator, mobility=mobility)


def test_validations_are_closed_once_the_mobility_is_recognised(cast: Any) -> None:
    mobility = _validated(cast, matches=False)
    mobility_recognise(actor=cast.coordinator, mobility=mobility)

    with pytest.raises(DomainError, match="after the mobility is completed"):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcomes(mobility)[0],
            host_result=HostResult.ACHIEVED,
            matches=True,
        )


@pytest.mark.parametrize("who", ["host", "mentor", "learner", "outsider"])
def test_only_the_sending_school_recognises(cast: Any, who: str) -> None:
    mobility = _validated(cast)
    actor = getattr(cast, who)

    with pytest.raises(NotPermitted):
        recognition_record(
            actor=actor,
            mobility=mobility,
            agreement_unit=the_unit(mobility),
            kinds=[RecognitionKind.EUROPASS],
        )
    with pytest.raises(NotPermitted):
        mobility_recognise(actor=actor, mobility=mobility)
    assert not Recognition.objects.exists()


def test_a_unit_whose_last_matching_outcome_is_corrected_loses_its_recognition(cast):
    """Corrected after recognising: the unit can no longer count, so its recognition goes
    (in the history), and the mobility is recognised without it."""
    from ecvet.audit.models import AuditEvent
    from ecvet.recognition.models import Recognition
    from ecvet.recognition.services import (
        mobility_recognise,
        mobility_validate,
        recognition_record,
        validation_record,
    )
    from ecvet.recognition.tests.setup import completed_mobility, outcomes, the_unit

    mobility = completed_mobility(cast)
    first, second = outcomes(mobility)
    for outcome, matches in ((first, True), (second, False)):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcome,
            host_result="achieved",
            matches=matches,
        )
    mobility = mobility_validate(actor=cast.coordinator, mobility=mobility)
    recognition_record(
        actor=cast.coordinator,
        mobility=mobility,
        agreement_unit=the_unit(mobility),
        kinds=["other"],
    )
    validation_record(
        actor=cast.coordinator,
        mobility=mobility,
        outcome=first,
        host_result="achieved",
        matches=False,
        comment="Checked again: not in the qualification",
    )
    assert not Recognition.objects.filter(mobility=mobility).exists()
    assert AuditEvent.objects.filter(action="recognition.withdrawn").count() == 1
    assert mobility_recognise(actor=cast.coordinator, mobility=mobility).status == "recognised"
