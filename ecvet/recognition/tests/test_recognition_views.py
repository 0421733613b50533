"""The recognition page: each unit with outcomes validated as matching gets a form (ways it
counts, grade, note, date), saved per unit, then the mobility is confirmed recognised; and the
record of every decision for whoever sees the mobility."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ecvet.assessments.models import OutcomeResult
from ecvet.assessments.services import assessment_record
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.recognition.models import HostResult, Recognition, RecognitionKind
from ecvet.recognition.services import (
    mobility_recognise,
    mobility_validate,
    recognition_record,
    validation_record,
)
from ecvet.recognition.tests.assessed import REASON, assessed_mobility
from ecvet.recognition.tests.setup import completed_mobility, outcomes, the_unit

pytestmark = pytest.mark.django_db


def _url(mobility: Mobility, name: str = "recognition") -> str:
    return reverse(name, args=[mobility.pk])


def _validated(cast: Any, *, matches: bool = True) -> Mobility:
    """Assessed (first outcome achieved, second not), every outcome decided, validated."""
    mobility = assessed_mobility(cast)
    achieved, failed = outcomes(mobility)
    validation_record(
        actor=cast.teacher,
        mobility=mobility,
        outcome=achieved,
        host_result=HostResult.ACHIEVED,
        matches=matches,
        required_outcome="Repairs wooden doors",
    )
    validation_record(
        actor=cast.teacher,
        mobility=mobility,
        outcome=failed,
        host_result=HostResult.NOT_ACHIEVED,
        matches=False,
        comment="To be trained at school",
    )
    return mobility_validate(actor=cast.coordinator, mobility=mobility)


def _fields(mobility: Mobility, **values: Any) -> dict[str, Any]:
    unit = the_unit(mobility)
    data: dict[str, Any] = {
        "unit": unit.pk,
        f"u{unit.pk}-grade": "",
        f"u{unit.pk}-note": "",
        f"u{unit.pk}-decided_on": timezone.localdate().isoformat(),
    }
    data.update({f"u{unit.pk}-{name}": value for name, value in values.items()})
    return data


def test_the_unit_lists_its_outcomes_with_their_validation(cast, login):
    mobility = _validated(cast)
    achieved, failed = outcomes(mobility)

    page = login(cast.coordinator).get(_url(mobility)).content.decode()

    assert f'data-outcome="{achieved.pk}" data-validated="matches"' in page
    assert "Repairs wooden doors" in page
    assert f'data-outcome="{failed.pk}" data-validated="no-match"' in page
    assert "not achieved at the host, not validated" in page
    assert REASON in page
    assert "data-recognition-form" in page
    for kind in RecognitionKind:
        assert str(kind.label) in page
    assert "Required when the unit is entered in the grade book" in page
    assert "1 unit with validated outcomes is not recognised yet." in page


def test_a_unit_with_nothing_matching_has_no_form(cast, login):
    mobility = _validated(cast, matches=False)

    page = login(cast.coordinator).get(_url(mobility)).content.decode()

    assert "Not recognised — no outcome validated as matching." in page
    assert "data-recognition-form" not in page
    assert 'data-recognisable="no"' in page
    assert "No outcome was validated as matching, so no unit is recognised." in page


def test_saving_a_unit_records_every_way_it_counts(cast, login):
    mobility = _validated(cast)
    data = _fields(
        mobility,
        kinds=[RecognitionKind.GRADE_BOOK, RecognitionKind.EUROPASS],
        grade="9",
        note="Spring term",
    )

    response = login(cast.coordinator).post(_url(mobility), data)

    assert response.status_code == 302
    assert response.url == _url(mobility) + f"#unit-{the_unit(mobility).pk}"
    recognition = Recognition.objects.get()
    assert recognition.kinds == [RecognitionKind.GRADE_BOOK, RecognitionKind.EUROPASS]
    assert (recognition.grade, recognition.note) == ("9", "Spring term")
    assert recognition.decided_by == cast.coordinator


def test_a_grade_book_entry_without_a_grade_is_refused_and_the_form_kept(cast, login):
    mobility = _validated(cast)
    data = _fields(
        mobility,
        kinds=[RecognitionKind.GRADE_BOOK, RecognitionKind.PLACEMENT_CREDIT],
        note="Typed note",
    )

    response = login(cast.coordinator).post(_url(mobility), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the grade for the grade book." in page
    assert "Typed note" in page
    assert page.count("checked") == 2
    assert not Recognition.objects.exists()


def test_no_way_chosen_is_refused(cast, login):
    mobility = _validated(cast)

    response = login(cast.coordinator).post(_url(mobility), _fields(mobility))

    assert response.status_code == 400
    assert "Choose at least one way the unit is recognised." in response.content.decode()


def test_errors_come_in_the_users_language(cast, login):
    mobility = _validated(cast)
    client = login(cast.coordinator)
    client.post(reverse("set_language"), {"language": "lv", "next": "/"})

    response = client.post(_url(mobility), _fields(mobility, kinds=[RecognitionKind.GRADE_BOOK]))

    assert response.status_code == 400
    assert "Norādiet atzīmi žurnālam." in response.content.decode()


def test_confirming_says_how_many_units_are_not_recognised(cast, login):
    mobility = _validated(cast)

    response = login(cast.coordinator).post(_url(mobility), {"action": "recognise"}, follow=True)

    assert "1 unit with validated outcomes is not recognised yet." in response.content.decode()
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.VALIDATED


def test_the_whole_path_from_completed_to_recognised_on_the_screens(cast, login):
    mobility = assessed_mobility(cast)
    achieved, failed = outcomes(mobility)
    client = login(cast.coordinator)
    today = timezone.localdate().isoformat()
    client.post(
        _url(mobility, "validation"),
        {
            f"o{achieved.pk}-matches": "on",
            f"o{achieved.pk}-required_outcome": "Repairs doors",
            f"o{achieved.pk}-decided_on": today,
            f"o{failed.pk}-comment": "Not finished in time",
            f"o{failed.pk}-decided_on": today,
        },
    )
    client.post(_url(mobility, "validation"), {"action": "validate"})
    client.post(_url(mobility), _fields(mobility, kinds=[RecognitionKind.PLACEMENT_CREDIT]))

    response = client.post(_url(mobility), {"action": "recognise"})

    assert response.status_code == 302
    assert response.url == _url(mobility, "recognition_summary")
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.RECOGNISED
    summary = client.get(response.url).content.decode()
    assert "Credit for the practical placement" in summary
    assert "Repairs doors" in summary
    assert "Validated: does not match the qualification" in summary
    assert REASON in summary


def test_a_completed_mobility_is_recognised_only_after_validation(cast, login):
    mobility = assessed_mobility(cast)
    client = login(cast.coordinator)

    page = client.get(_url(mobility)).content.decode()
    response = client.post(
        _url(mobility), _fields(mobility, kinds=[RecognitionKind.EUROPASS]), follow=True
    )

    assert "Units are recognised once the outcomes are validated" in page
    assert "data-recognition-form" not in page
    assert "data-confirm-recognition" not in page
    assert "this one is “Completed”" in response.content.decode()
    assert not Recognition.objects.exists()


@pytest.mark.parametrize("who", ["learner", "mentor", "host"])
def test_those_who_see_the_mobility_read_the_recognition_but_cannot_decide(cast, login, who):
    mobility = _validated(cast)
    recognition_record(
        actor=cast.coordinator,
        mobility=mobility,
        agreement_unit=the_unit(mobility),
        kinds=[RecognitionKind.GRADE_BOOK],
        grade="8",
    )
    client = login(getattr(cast, who))

    page = client.get(_url(mobility)).content.decode()
    summary = client.get(_url(mobility, "recognition_summary")).content.decode()
    refused = client.post(_url(mobility), _fields(mobility, kinds=[RecognitionKind.OTHER]))
    confirm = client.post(_url(mobility), {"action": "recognise"})

    for shown in (page, summary):
        assert "A grade in the grade book" in shown
        assert "data-grade>8<" in shown
        assert f"by {cast.coordinator.display_name} on" in shown
    assert "data-recognition-form" not in page
    assert refused.status_code == 403
    assert confirm.status_code == 403
    assert Recognition.objects.get().kinds == [RecognitionKind.GRADE_BOOK]
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.VALIDATED


def test_the_summary_shows_who_decided_what_and_when(cast, login):
    mobility = _validated(cast)
    mobility_recognise_ready(cast, mobility)

    page = login(cast.learner).get(_url(mobility, "recognition_summary")).content.decode()

    assert f"Decided by {cast.teacher.display_name}" in page
    assert "To be trained at school" in page
    assert "Counted at the qualification exam" in page
    assert "Not achieved at the host" not in page  # decided: the decision says it instead
    assert "Validated: does not match the qualification" in page


def mobility_recognise_ready(cast: Any, mobility: Mobility) -> None:
    recognition_record(
        actor=cast.coordinator,
        mobility=mobility,
        agreement_unit=the_unit(mobility),
        kinds=[RecognitionKind.QUALIFICATION_EXAM],
    )
    mobility_recognise(actor=cast.coordinator, mobility=mobility)


def test_the_summary_before_any_decision_says_so(cast, login):
    mobility = completed_mobility(cast)

    page = login(cast.mentor).get(_url(mobility, "recognition_summary")).content.decode()

    assert "The sending school has not validated the outcomes yet." in page
    assert "Not recognised yet." in page


def test_a_planned_mobility_without_a_signed_agreement_says_why(cast, login):
    from ecvet.mobilities.tests.setup import mobility_for

    mobility = mobility_for(cast).mobility
    client = login(cast.coordinator)

    for name in ("validation", "recognition", "recognition_summary"):
        page = client.get(_url(mobility, name)).content.decode()
        assert "This mobility has no signed Learning Agreement." in page


@pytest.mark.parametrize("name", ["recognition", "recognition_summary"])
def test_the_pages_keep_a_fixed_number_of_queries_as_outcomes_grow(
    cast, login, django_assert_max_num_queries, name
):
    mobility = _validated(cast)
    recognition_record(
        actor=cast.coordinator,
        mobility=mobility,
        agreement_unit=the_unit(mobility),
        kinds=[RecognitionKind.EUROPASS],
    )
    client = login(cast.coordinator)
    client.get(_url(mobility, name))
    with django_assert_max_num_queries(20) as few:
        client.get(_url(mobility, name))
    Mobility.objects.filter(pk=mobility.pk).update(status=MobilityStatus.COMPLETED)
    for number in range(10):
        outcome = LearningOutcomeFactory.create(
            version=the_unit(mobility).version,
            category=Category.SKILLS,
            text={"en": f"More {number}"},
        )
        assessment_record(
            actor=cast.mentor, mobility=mobility, outcome=outcome, result=OutcomeResult.ACHIEVED
        )
        validation_record(
            actor=cast.teacher,
            mobility=mobility,
            outcome=outcome,
            host_result=HostResult.ACHIEVED,
            matches=True,
        )
    Mobility.objects.filter(pk=mobility.pk).update(status=MobilityStatus.VALIDATED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_url(mobility, name)).content.decode()
    assert (
        page.count('data-validated="matches"' if name == "recognition" else "data-outcome=") >= 11
    )


def test_the_teacher_of_another_school_cannot_decide(cast, login):
    from ecvet.accounts.models import Role
    from ecvet.accounts.tests.factories import MembershipFactory

    mobility = _validated(cast)
    # The host's coordinator is also a teacher, but of the host school: not the learner's.
    MembershipFactory.create(user=cast.host, institution=cast.host_school, role=Role.TEACHER)

    response = login(cast.host).post(_url(mobility), _fields(mobility, kinds=["europass"]))

    assert response.status_code == 403
    assert not Recognition.objects.exists()


def test_a_guardian_with_an_account_reads_their_wards_decisions(cast, login):
    from ecvet.accounts.tests.factories import UserFactory

    mobility = _validated(cast)
    guardian = UserFactory.create(username="guardian", first_name="Inese", last_name="Bērziņa")
    mobility.learner.guardian_user = guardian
    mobility.learner.save(update_fields=["guardian_user"])
    client = login(guardian)

    pages = [client.get(_url(mobility, name)) for name in ("validation", "recognition_summary")]
    refused = client.post(_url(mobility), _fields(mobility, kinds=[RecognitionKind.OTHER]))

    for page in pages:
        assert page.status_code == 200
        assert "Repairs wooden doors" in page.content.decode()
    assert refused.status_code == 403
    assert not Recognition.objects.exists()
