"""The validation and recognition API: the same services as the screens, the whole path from
completed to recognised, and the refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.assessments.models import OutcomeResult
from ecvet.assessments.services import assessment_record
from ecvet.mobilities.models import Mobility
from ecvet.recognition.models import Recognition, Validation
from ecvet.recognition.tests.assessed import REASON, assessed_mobility
from ecvet.recognition.tests.setup import outcomes, the_unit

pytestmark = pytest.mark.django_db


def _put(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def _base(mobility: Mobility) -> str:
    return f"/api/v1/mobilities/{mobility.pk}"


def test_the_sheet_shows_the_hosts_answer_the_suggestion_and_no_decision_yet(cast, api):
    mobility = assessed_mobility(cast)
    achieved, failed = outcomes(mobility)

    response = api(cast.coordinator).get(f"{_base(mobility)}/validations")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["may_decide"], body["undecided"]) == ("completed", True, 2)
    (unit,) = body["units"]
    assert unit["linked"] is True
    assert unit["achievement_percent"] == 50
    rows = {row["outcome_id"]: row for row in unit["outcomes"]}
    assert rows[achieved.pk]["suggested"] == {
        "matches": True,
        "required_outcome": "Repair or Rebuilding jobs",
    }
    assert rows[failed.pk]["suggested"]["matches"] is False
    assert rows[failed.pk]["host"]["result"] == "not_achieved"
    assert rows[failed.pk]["host"]["reason"] == REASON
    assert rows[failed.pk]["host"]["assessor"]["name"] == cast.mentor.display_name
    assert rows[failed.pk]["recorded"] is None


def test_the_whole_path_from_completed_to_recognised(cast, api):
    mobility = assessed_mobility(cast)
    achieved, failed = outcomes(mobility)
    client = api(cast.coordinator)

    first = _put(
        client,
        f"{_base(mobility)}/validations/{achieved.pk}",
        {"matches": True, "required_outcome": "Repairs doors", "host_result": "achieved"},
    )
    second = _put(
        client,
        f"{_base(mobility)}/validations/{failed.pk}",
        {"matches": False, "comment": "Not finished"},
    )
    validated = client.post(f"{_base(mobility)}/validate")
    sheet = client.get(f"{_base(mobility)}/recognitions").json()
    unit = _put(
        client,
        f"{_base(mobility)}/recognitions/{the_unit(mobility).pk}",
        {"kinds": ["grade_book", "europass"], "grade": "9", "note": "Spring"},
    )
    recognised = client.post(f"{_base(mobility)}/recognise")

    assert first.status_code == 200, first.content
    assert first.json()["recorded"]["matches"] is True
    assert first.json()["recorded"]["decided_by"]["name"] == cast.coordinator.display_name
    assert second.json()["recorded"]["host_result"] == "not_achieved"
    assert validated.json()["status"] == "validated"
    assert sheet["unrecognised"] == 1
    assert sheet["may_decide"] is True
    validated_as = {o["outcome_id"]: o["validated"] for o in sheet["units"][0]["outcomes"]}
    assert validated_as == {achieved.pk: "matches", failed.pk: "no_match"}
    assert unit.status_code == 200, unit.content
    assert unit.json()["recorded"]["kind_labels"] == [
        "A grade in the grade book",
        "Europass Mobility",
    ]
    assert recognised.json() == {
        "mobility_id": mobility.pk,
        "status": "recognised",
        "status_label": "Recognised",
    }


def test_a_not_achieved_outcome_cannot_be_confirmed_as_matching(cast, api):
    mobility = assessed_mobility(cast)
    _achieved, failed = outcomes(mobility)

    response = _put(
        api(cast.coordinator), f"{_base(mobility)}/validations/{failed.pk}", {"matches": True}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "matches"
    assert not Validation.objects.exists()


def test_a_result_changed_by_the_host_since_it_was_read_is_a_conflict(cast, api):
    mobility = assessed_mobility(cast)
    achieved, _failed = outcomes(mobility)
    assessment_record(
        actor=cast.mentor,
        mobility=mobility,
        outcome=achieved,
        result=OutcomeResult.PARTLY_ACHIEVED,
        reason="Only the simple joints",
    )

    response = _put(
        api(cast.coordinator),
        f"{_base(mobility)}/validations/{achieved.pk}",
        {"matches": True, "host_result": "achieved"},
    )

    assert response.status_code == 409
    assert "Partly achieved" in response.json()["detail"]
    assert not Validation.objects.exists()


def test_validating_with_undecided_outcomes_says_how_many(cast, api):
    mobility = assessed_mobility(cast)

    response = api(cast.coordinator).post(f"{_base(mobility)}/validate")

    assert response.status_code == 400
    assert response.json()["detail"] == "2 learning outcomes still lack a validation decision."


def test_an_outcome_outside_the_units_in_force_is_not_found(cast, api):
    mobility = assessed_mobility(cast)
    heading = the_unit(mobility).version.outcomes.get(is_heading=True)

    response = _put(
        api(cast.coordinator), f"{_base(mobility)}/validations/{heading.pk}", {"matches": False}
    )

    assert response.status_code == 404


def test_recognising_before_validation_is_refused(cast, api):
    mobility = assessed_mobility(cast)
    client = api(cast.coordinator)

    unit = _put(
        client, f"{_base(mobility)}/recognitions/{the_unit(mobility).pk}", {"kinds": ["other"]}
    )
    recognised = client.post(f"{_base(mobility)}/recognise")

    assert unit.status_code == 400
    assert "once the mobility is validated" in unit.json()["detail"]
    assert recognised.status_code == 409
    assert not Recognition.objects.exists()


def test_a_grade_book_entry_needs_a_grade(cast, api):
    mobility = _validated_through_api(cast, api)

    response = _put(
        api(cast.teacher),
        f"{_base(mobility)}/recognitions/{the_unit(mobility).pk}",
        {"kinds": ["grade_book"]},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "grade"


def _validated_through_api(cast: Any, api: Any) -> Mobility:
    mobility = assessed_mobility(cast)
    achieved, failed = outcomes(mobility)
    client = api(cast.coordinator)
    _put(client, f"{_base(mobility)}/validations/{achieved.pk}", {"matches": True})
    _put(client, f"{_base(mobility)}/validations/{failed.pk}", {"matches": False})
    client.post(f"{_base(mobility)}/validate")
    return mobility


@pytest.mark.parametrize("who", ["learner", "mentor", "host"])
def test_those_who_see_the_mobility_read_but_may_not_decide(cast, api, who):
    mobility = _validated_through_api(cast, api)
    achieved, _failed = outcomes(mobility)
    client = api(getattr(cast, who))

    sheet = client.get(f"{_base(mobility)}/validations")
    recognitions = client.get(f"{_base(mobility)}/recognitions")
    put = _put(client, f"{_base(mobility)}/validations/{achieved.pk}", {"matches": False})
    unit = _put(
        client, f"{_base(mobility)}/recognitions/{the_unit(mobility).pk}", {"kinds": ["other"]}
    )
    recognised = client.post(f"{_base(mobility)}/recognise")

    assert sheet.status_code == 200
    assert sheet.json()["may_decide"] is False
    assert recognitions.json()["may_decide"] is False
    assert [put.status_code, unit.status_code, recognised.status_code] == [403, 403, 403]
    assert Validation.objects.get(outcome=achieved).matches is True
    assert not Recognition.objects.exists()
