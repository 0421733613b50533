"""The validation page: every outcome of the units in force with the host's honest answer,
decided one by one (htmx) or all at once (all or nothing), then confirmed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from ecvet.assessments.models import OutcomeResult
from ecvet.assessments.services import assessment_record
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.recognition.models import HostResult, Validation
from ecvet.recognition.services import mobility_recognise, mobility_validate, validation_record
from ecvet.recognition.tests.assessed import REASON, assessed_mobility
from ecvet.recognition.tests.setup import completed_mobility, outcomes

pytestmark = pytest.mark.django_db

ACHIEVED, NOT_ACHIEVED = OutcomeResult.ACHIEVED, OutcomeResult.NOT_ACHIEVED


def _url(mobility: Mobility) -> str:
    return reverse("validation", args=[mobility.pk])


def _fields(outcome: Any, **values: Any) -> dict[str, Any]:
    """One outcome's fields as the page posts them (without "matches" unless given)."""
    data = {
        "required_outcome": "Repair or Rebuilding jobs",
        "comment": "",
        "decided_on": timezone.localdate().isoformat(),
    }
    data.update(values)
    return {f"o{outcome.pk}-{name}": value for name, value in data.items()}


def _achieved_and_not(mobility: Mobility) -> tuple[Any, Any]:
    """The cast mobility's outcomes in the sheet's order: the first achieved, the second not."""
    first, second = outcomes(mobility)
    return first, second


def test_the_page_shows_each_outcome_with_the_hosts_answer_and_reason(cast, login):
    mobility = assessed_mobility(cast)
    achieved, failed = _achieved_and_not(mobility)

    page = login(cast.coordinator).get(_url(mobility)).content.decode()

    assert str(achieved) in page
    assert str(failed) in page
    assert "Not achieved at the host — cannot be validated as matching" in page
    assert REASON in page
    assert "Observation at work" in page
    assert cast.mentor.display_name in page
    assert 'data-achievement="50"' in page
    assert "2 of 2 outcomes still lack a decision." in page
    assert f"You decide as {cast.coordinator.display_name}" in page


def test_matching_is_pre_ticked_only_for_an_achieved_outcome_of_a_linked_unit(cast, login):
    mobility = assessed_mobility(cast, [OutcomeResult.PARTLY_ACHIEVED, NOT_ACHIEVED])
    partly, failed = _achieved_and_not(mobility)

    page = login(cast.coordinator).get(_url(mobility)).content.decode()

    assert (
        f'name="o{partly.pk}-matches" class="form-check-input" id="id_o{partly.pk}-matches" checked'
        in page
    )
    assert f'name="o{partly.pk}-required_outcome" value="Repair or Rebuilding jobs"' in page
    # No box to tick at all for the outcome the host did not find achieved.
    assert f'name="o{failed.pk}-matches"' not in page


def test_an_outcome_not_assessed_is_never_pre_ticked(cast, login):
    mobility = assessed_mobility(cast, [ACHIEVED, None])
    _achieved, unassessed = _achieved_and_not(mobility)

    page = login(cast.coordinator).get(_url(mobility)).content.decode()

    assert f'name="o{unassessed.pk}-matches"' not in page
    assert "Not assessed at the host — cannot be validated as matching" in page
    assert "The host has not assessed this outcome." in page


def test_a_unit_outside_the_learners_qualification_is_not_pre_ticked(cast, login):
    mobility = assessed_mobility(cast, [ACHIEVED], linked=False)
    first = outcomes(mobility)[0]

    page = login(cast.coordinator).get(_url(mobility)).content.decode()

    assert f'id="id_o{first.pk}-matches">' in page
    assert f'id="id_o{first.pk}-matches" checked' not in page
    assert "Not part of the learner's qualification" in page


def test_saving_one_outcome_with_htmx_answers_with_the_row_and_the_count(cast, login):
    mobility = assessed_mobility(cast)
    achieved, _failed = _achieved_and_not(mobility)
    data = {"outcome": achieved.pk, **_fields(achieved, matches="on", seen_result=ACHIEVED)}

    response = login(cast.coordinator).post(_url(mobility), data, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(f'<li class="list-group-item py-3" id="outcome-{achieved.pk}"')
    assert "data-saved" in page
    assert 'id="validation-progress"' in page
    assert 'hx-swap-oob="true"' in page
    assert "1 of 2 outcomes still lacks a decision." in page
    validation = Validation.objects.get(mobility=mobility, outcome=achieved)
    assert (validation.matches, validation.host_result) == (True, HostResult.ACHIEVED)
    assert validation.decided_by == cast.coordinator
    assert validation.required_outcome == "Repair or Rebuilding jobs"


def test_saving_one_outcome_without_javascript_returns_to_it(cast, login):
    mobility = assessed_mobility(cast)
    achieved, _failed = _achieved_and_not(mobility)
    data = {"outcome": achieved.pk, **_fields(achieved, matches="on")}

    response = login(cast.teacher).post(_url(mobility), data)

    assert response.status_code == 302
    assert response.url == _url(mobility) + f"#outcome-{achieved.pk}"
    assert Validation.objects.get().decided_by == cast.teacher


def test_a_refused_outcome_with_htmx_keeps_what_was_typed(cast, login):
    mobility = assessed_mobility(cast)
    achieved, _failed = _achieved_and_not(mobility)
    data = {
        "outcome": achieved.pk,
        **_fields(achieved, matches="on", comment="Typed with care", decided_on="2999-01-01"),
    }

    response = login(cast.coordinator).post(_url(mobility), data, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert "The date of the decision cannot be in the future." in page
    assert "Typed with care" in page
    assert 'value="2999-01-01"' in page
    assert not Validation.objects.exists()


def test_a_not_achieved_outcome_is_recorded_honestly_as_not_matching(cast, login):
    mobility = assessed_mobility(cast)
    _achieved, failed = _achieved_and_not(mobility)
    data = {"outcome": failed.pk, **_fields(failed, comment="Door not finished")}

    login(cast.coordinator).post(_url(mobility), data)

    validation = Validation.objects.get(outcome=failed)
    assert (validation.matches, validation.host_result) == (False, HostResult.NOT_ACHIEVED)
    assert validation.required_outcome == ""
    page = login(cast.coordinator).get(_url(mobility)).content.decode()
    assert "Validated: does not match the qualification" in page
    assert "Not achieved at the host — cannot be validated as matching" in page


def test_a_forged_tick_on_a_not_achieved_outcome_is_refused_next_to_it(cast, login):
    mobility = assessed_mobility(cast)
    achieved, failed = _achieved_and_not(mobility)
    data = {
        **_fields(achieved, matches="on", comment="Fine work"),
        **_fields(failed, matches="on", comment="Tried to tick it"),
    }

    response = login(cast.coordinator).post(_url(mobility), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be confirmed as matching the qualification" in page
    assert "1 decision was refused, so nothing was saved." in page
    assert "Fine work" in page
    assert "Tried to tick it" in page
    assert not Validation.objects.exists()


def test_save_all_records_every_decision_at_once(cast, login):
    mobility = assessed_mobility(cast)
    achieved, failed = _achieved_and_not(mobility)
    data = {
        **_fields(achieved, matches="on", seen_result=ACHIEVED),
        **_fields(failed, comment="Not finished", seen_result=NOT_ACHIEVED),
    }

    response = login(cast.coordinator).post(_url(mobility), data)

    assert response.status_code == 302
    recorded = {v.outcome_id: v.matches for v in Validation.objects.all()}
    assert recorded == {achieved.pk: True, failed.pk: False}


def test_save_all_is_all_or_nothing_and_keeps_everything_typed(cast, login):
    mobility = assessed_mobility(cast)
    achieved, failed = _achieved_and_not(mobility)
    data = {
        **_fields(achieved, matches="on", comment="Good joints", required_outcome="Joints"),
        **_fields(failed, comment="Ran out of time", decided_on="not a date"),
    }

    response = login(cast.coordinator).post(_url(mobility), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved: correct the outcomes marked below and save again." in page
    assert "Enter a valid date." in page
    assert "Good joints" in page
    assert "Ran out of time" in page
    assert 'value="Joints"' in page
    assert not Validation.objects.exists()


def test_a_result_the_host_changed_after_the_page_was_opened_is_refused(cast, login):
    mobility = assessed_mobility(cast)
    achieved, _failed = _achieved_and_not(mobility)
    client = login(cast.coordinator)
    client.get(_url(mobility))
    assessment_record(
        actor=cast.mentor, mobility=mobility, outcome=achieved, result=NOT_ACHIEVED, reason="No"
    )
    data = {"outcome": achieved.pk, **_fields(achieved, matches="on", seen_result=ACHIEVED)}

    response = client.post(_url(mobility), data, HTTP_HX_REQUEST="true")

    page = response.content.decode()
    assert "The host changed its result on this outcome to “Not achieved”" in page
    # Shown again with the host's new result, so that saving again decides on that one.
    assert f'name="o{achieved.pk}-seen_result" value="not_achieved"' in page
    assert not Validation.objects.exists()
    again = {"outcome": achieved.pk, **_fields(achieved, seen_result=NOT_ACHIEVED)}
    client.post(_url(mobility), again, HTTP_HX_REQUEST="true")
    assert Validation.objects.get().host_result == HostResult.NOT_ACHIEVED


def test_confirming_says_how_many_outcomes_lack_a_decision(cast, login):
    mobility = assessed_mobility(cast)
    client = login(cast.coordinator)

    response = client.post(_url(mobility), {"action": "validate"}, follow=True)

    assert "2 learning outcomes still lack a validation decision." in response.content.decode()
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.COMPLETED


def test_confirming_once_every_outcome_is_decided_validates_the_mobility(cast, login):
    mobility = assessed_mobility(cast)
    achieved, failed = _achieved_and_not(mobility)
    client = login(cast.coordinator)
    client.post(_url(mobility), {**_fields(achieved, matches="on"), **_fields(failed)})

    response = client.post(_url(mobility), {"action": "validate"})

    assert response.status_code == 302
    assert response.url == reverse("recognition", args=[mobility.pk])
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.VALIDATED


def test_while_validated_a_decision_can_still_be_corrected(cast, login):
    mobility = assessed_mobility(cast)
    achieved, failed = _achieved_and_not(mobility)
    client = login(cast.coordinator)
    client.post(_url(mobility), {**_fields(achieved, matches="on"), **_fields(failed)})
    mobility_validate(actor=cast.coordinator, mobility=mobility)

    page = client.get(_url(mobility)).content.decode()
    client.post(_url(mobility), {"outcome": achieved.pk, **_fields(achieved)})

    assert "Decisions can still be corrected until the mobility is recognised." in page
    assert "data-decision-form" in page
    assert Validation.objects.get(outcome=achieved).matches is False


def test_once_recognised_the_decisions_are_read_only(cast, login):
    mobility = assessed_mobility(cast)
    achieved, failed = _achieved_and_not(mobility)
    for outcome in (achieved, failed):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcome,
            host_result=HostResult.NOT_ACHIEVED if outcome == failed else HostResult.ACHIEVED,
            matches=False,
        )
    mobility_validate(actor=cast.coordinator, mobility=mobility)
    mobility_recognise(actor=cast.coordinator, mobility=mobility)
    client = login(cast.coordinator)

    page = client.get(_url(mobility)).content.decode()
    response = client.post(
        _url(mobility), {"outcome": achieved.pk, **_fields(achieved)}, follow=True
    )

    assert "data-decision-form" not in page
    assert "these decisions are final" in page
    assert "this one is “Recognised”" in response.content.decode()


def test_an_ongoing_mobility_is_not_validated_yet(cast, login):
    mobility = completed_mobility(cast, status="ongoing")

    page = login(cast.coordinator).get(_url(mobility)).content.decode()

    assert "Outcomes are validated after the mobility has ended" in page
    assert "data-decision-form" not in page
    assert "data-confirm-validation" not in page


@pytest.mark.parametrize("who", ["learner", "mentor", "host"])
def test_those_who_see_the_mobility_read_the_decisions_but_cannot_decide(cast, login, who):
    mobility = assessed_mobility(cast)
    achieved, _failed = _achieved_and_not(mobility)
    validation_record(
        actor=cast.coordinator,
        mobility=mobility,
        outcome=achieved,
        host_result=HostResult.ACHIEVED,
        matches=True,
        required_outcome="Repairs doors",
    )
    client = login(getattr(cast, who))

    page = client.get(_url(mobility)).content.decode()
    refused = client.post(_url(mobility), {"outcome": achieved.pk, **_fields(achieved)})
    confirm = client.post(_url(mobility), {"action": "validate"})

    assert "Validated: matches the qualification" in page
    assert "Repairs doors" in page
    assert f"Decided by {cast.coordinator.display_name}" in page
    assert REASON in page
    assert "data-decision-form" not in page
    assert "data-confirm-validation" not in page
    assert refused.status_code == 403
    assert confirm.status_code == 403
    assert Validation.objects.get().matches is True
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.COMPLETED


def test_the_learner_is_led_back_to_their_own_page(cast, login):
    mobility = assessed_mobility(cast)

    page = login(cast.learner).get(_url(mobility)).content.decode()

    assert reverse("my_mobility", args=[mobility.pk]) in page
    assert f'href="{reverse("mobility_list")}"' not in page.split("<main")[1]


def test_the_page_keeps_a_fixed_number_of_queries_as_outcomes_grow(
    cast, login, django_assert_max_num_queries
):
    mobility = assessed_mobility(cast)
    client = login(cast.coordinator)
    client.get(_url(mobility))
    with django_assert_max_num_queries(20) as few:
        client.get(_url(mobility))
    many = assessed_mobility_with_more(cast, mobility, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_url(many)).content.decode()
    assert page.count("data-decision-form") == 14


def assessed_mobility_with_more(cast: Any, mobility: Mobility, count: int) -> Mobility:
    """The same mobility with ``count`` more outcomes, assessed and half of them decided."""
    from ecvet.qualifications.models import Category
    from ecvet.qualifications.tests.factories import LearningOutcomeFactory
    from ecvet.recognition.tests.setup import the_unit

    for number in range(count):
        outcome = LearningOutcomeFactory.create(
            version=the_unit(mobility).version,
            category=Category.SKILLS,
            text={"en": f"More {number}"},
        )
        assessment_record(
            actor=cast.mentor,
            mobility=mobility,
            outcome=outcome,
            result=ACHIEVED,
        )
        if number % 2:
            validation_record(
                actor=cast.teacher,
                mobility=mobility,
                outcome=outcome,
                host_result=HostResult.ACHIEVED,
                matches=True,
            )
    return mobility
