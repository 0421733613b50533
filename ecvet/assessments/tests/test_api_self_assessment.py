"""The learner's self-assessment through the API: only the learner writes it; whoever sees
the mobility reads it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.assessments.models import SelfAssessment
from ecvet.assessments.services import self_assessment_record
from ecvet.assessments.tests.setup import Ongoing, signed_mobility
from ecvet.qualifications.tests.factories import LearningOutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


@pytest.fixture
def ongoing(cast: Any) -> Ongoing:
    return signed_mobility(cast)


def url(ongoing: Ongoing, outcome_id: int | None = None) -> str:
    base = f"/api/v1/mobilities/{ongoing.mobility.pk}/self-assessment"
    return base if outcome_id is None else f"{base}/{outcome_id}"


def put(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.put(path, json.dumps(body), content_type="application/json")


def test_the_learner_answers_an_outcome_and_changes_their_mind(cast, api, ongoing):
    client = api(cast.learner)
    outcome = ongoing.outcomes[0]
    response = put(client, url(ongoing, outcome.pk), {"result": "achieved", "comment": " Easy "})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == outcome.pk
    assert body["text"] == outcome.text
    assert body["answer"]["result"] == "achieved"
    assert body["answer"]["result_label"] == "Achieved"
    assert body["answer"]["comment"] == "Easy"
    again = put(client, url(ongoing, outcome.pk), {"result": "partly_achieved"})
    assert again.json()["answer"]["result"] == "partly_achieved"
    assert SelfAssessment.objects.get().result == "partly_achieved"


def test_the_self_assessment_lists_every_outcome_with_the_learners_answer(cast, api, ongoing):
    first = ongoing.outcomes[0]
    self_assessment_record(
        actor=cast.learner, mobility=ongoing.mobility, outcome=first, result="achieved"
    )
    mine = api(cast.learner).get(url(ongoing)).json()
    assert mine["mobility_id"] == ongoing.mobility.pk
    assert mine["editable"] is True
    [unit] = mine["units"]
    assert unit["id"] == ongoing.unit.pk
    assert unit["version"]["number"] == ongoing.unit.version.number
    assert [o["id"] for o in unit["outcomes"]] == [o.pk for o in ongoing.outcomes]
    assert unit["outcomes"][0]["answer"]["result"] == "achieved"
    assert [o["answer"] for o in unit["outcomes"][1:]] == [None, None]
    # The mentor and the sending school read it; they do not answer it.
    for person in (cast.mentor, cast.coordinator, cast.host):
        theirs = api(person).get(url(ongoing)).json()
        assert theirs["editable"] is False
        assert theirs["units"] == mine["units"]


def test_nobody_but_the_learner_self_assesses(cast, api, ongoing):
    for person in (cast.mentor, cast.coordinator, cast.host):
        response = put(api(person), url(ongoing, ongoing.outcomes[0].pk), {"result": "achieved"})
        assert response.status_code == 403
        assert response.json() == {"detail": "Only the learner assesses themself."}
    assert not SelfAssessment.objects.exists()


def test_a_result_off_the_list_an_outcome_off_the_agreement_or_an_unknown_one_is_refused(
    cast, api, ongoing
):
    client = api(cast.learner)
    assert put(client, url(ongoing, ongoing.outcomes[0].pk), {"result": "great"}).status_code == (
        422
    )
    foreign = LearningOutcomeFactory.create()
    off = put(client, url(ongoing, foreign.pk), {"result": "achieved"})
    assert off.status_code == 400
    assert off.json()["detail"] == (
        "This learning outcome is not one to achieve in the signed agreement."
    )
    assert put(client, url(ongoing, 999999), {"result": "achieved"}).status_code == 404
    assert not SelfAssessment.objects.exists()


def test_no_self_assessment_before_the_mobility_starts(cast, api):
    ongoing = signed_mobility(cast, start=False)
    client = api(cast.learner)
    response = put(client, url(ongoing, ongoing.outcomes[0].pk), {"result": "achieved"})
    assert response.status_code == 400
    assert "ongoing or completed" in response.json()["detail"]
    assert client.get(url(ongoing)).json()["editable"] is False


def test_the_self_assessment_takes_the_same_queries_however_many_outcomes(
    cast, api, ongoing, django_assert_max_num_queries
):
    client = api(cast.mentor)
    with django_assert_max_num_queries(10) as few:
        assert client.get(url(ongoing)).status_code == 200
    for _ in range(5):
        outcome = LearningOutcomeFactory.create(version=ongoing.unit.version)
        self_assessment_record(
            actor=cast.learner, mobility=ongoing.mobility, outcome=outcome, result="achieved"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url(ongoing)).json()
    assert sum(o["answer"] is not None for o in body["units"][0]["outcomes"]) == 5
