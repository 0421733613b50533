"""The host's assessment through the API: the sheet, recording one answer (with conflicts),
and the comparison with the learner's own answers."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecvet.assessments.models import Assessment, OutcomeResult
from ecvet.assessments.services import assessment_record, evidence_add, self_assessment_record
from ecvet.assessments.tests.setup import Ongoing, signed_mobility
from ecvet.assessments.tests.test_evidence import PDF
from ecvet.mobilities.tests.setup import mobility_for
from ecvet.qualifications.tests.factories import LearningOutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


@pytest.fixture
def ongoing(cast: Any) -> Ongoing:
    return signed_mobility(cast)


def sheet_url(ongoing: Ongoing) -> str:
    return f"/api/v1/mobilities/{ongoing.mobility.pk}/assessment"


def put(client: Any, url: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json", **headers)


def answer_url(ongoing: Ongoing, outcome_id: int) -> str:
    return f"{sheet_url(ongoing)}/{outcome_id}"


# --- the sheet ---


def test_the_sheet_lists_every_outcome_of_the_signed_agreement_with_its_plan(cast, api, ongoing):
    body = api(cast.mentor).get(sheet_url(ongoing)).json()
    assert body["mobility_status"] == "ongoing"
    assert body["recording"] is True
    assert body["agreement"]["number"] == 1
    [unit] = body["units"]
    assert unit["id"] == ongoing.unit.pk
    assert unit["plan"]["methods"] == ["observation", "product"]
    assert unit["plan"]["criteria"] == {"en": "Joints are tight", "lv": "Savienojumi ir cieši"}
    # The heading is never assessed.
    assert [o["id"] for o in unit["outcomes"]] == [o.pk for o in ongoing.outcomes]
    assert all(o["answer"] is None for o in unit["outcomes"])
    assert unit["achievement"] == {
        "outcomes": 3,
        "counts": {"achieved": 0, "partly_achieved": 0, "not_achieved": 0, "not_assessed": 3},
        "share": 0.0,
        "percent": 0,
    }


def test_the_sheet_shows_answers_their_evidence_and_the_units_achievement(cast, api, ongoing):
    first, second, _third = ongoing.outcomes
    answer = assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=first,
        result="achieved",
        method="observation",
        comment="Tight joints",
    )
    assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=second,
        result="partly_achieved",
        reason="Ran out of time for the finish",
        reassessment_planned_on=date(2027, 4, 28),
    )
    evidence = evidence_add(
        actor=cast.mentor,
        assessment=answer,
        upload=SimpleUploadedFile("door.pdf", PDF),
        note="The finished door",
    )
    body = api(cast.learner).get(sheet_url(ongoing)).json()
    [unit] = body["units"]
    done, partly, open_ = unit["outcomes"]
    assert done["answer"]["result"] == "achieved"
    assert done["answer"]["result_label"] == "Achieved"
    assert done["answer"]["method"] == "observation"
    assert done["answer"]["assessor"] == {"id": cast.mentor.pk, "name": "Lars Hansen"}
    assert done["answer"]["assessed_on"] == "2027-04-20"
    assert done["answer"]["revision"] == 1
    assert done["answer"]["evidence"] == [
        {
            "id": evidence.pk,
            "name": "door.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "sha256": evidence.sha256,
            "uploaded_by": {"id": cast.mentor.pk, "name": "Lars Hansen"},
            "uploaded_at": done["answer"]["evidence"][0]["uploaded_at"],
            "note": "The finished door",
            "url": f"/api/v1/evidence/{evidence.pk}",
        }
    ]
    assert partly["answer"]["reason"] == "Ran out of time for the finish"
    assert partly["answer"]["reassessment_planned_on"] == "2027-04-28"
    assert open_["answer"] is None
    assert unit["achievement"]["counts"]["achieved"] == 1
    assert unit["achievement"]["counts"]["partly_achieved"] == 1
    assert unit["achievement"]["share"] == 0.5
    assert unit["achievement"]["percent"] == 50


def test_before_the_agreement_is_signed_the_sheet_is_empty(cast, api):
    setup = mobility_for(cast)
    body = api(cast.coordinator).get(f"/api/v1/mobilities/{setup.mobility.pk}/assessment").json()
    assert body == {
        "mobility_id": setup.mobility.pk,
        "mobility_status": "planned",
        "recording": False,
        "agreement": None,
        "units": [],
    }


def _assess_everything(cast: Any, ongoing: Ongoing) -> None:
    for outcome in ongoing.unit.version.outcomes.filter(is_heading=False):
        if not Assessment.objects.filter(mobility=ongoing.mobility, outcome=outcome).exists():
            answer = assessment_record(
                actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, result="achieved"
            )
            for name in ("a.pdf", "b.pdf"):
                evidence_add(
                    actor=cast.mentor, assessment=answer, upload=SimpleUploadedFile(name, PDF)
                )


def test_the_sheet_takes_the_same_queries_however_many_outcomes_and_evidence(
    cast, api, ongoing, django_assert_max_num_queries
):
    client = api(cast.mentor)
    _assess_everything(cast, ongoing)
    with django_assert_max_num_queries(12) as few:
        assert client.get(sheet_url(ongoing)).status_code == 200
    for _ in range(6):
        LearningOutcomeFactory.create(version=ongoing.unit.version)
    _assess_everything(cast, ongoing)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(sheet_url(ongoing)).json()
    assert len(body["units"][0]["outcomes"]) == 9
    assert sum(len(o["answer"]["evidence"]) for o in body["units"][0]["outcomes"]) == 18


# --- recording one answer ---


def test_the_mentor_records_an_answer_and_gets_it_back_with_the_units_achievement(
    cast, api, ongoing
):
    outcome = ongoing.outcomes[0]
    response = put(
        api(cast.mentor),
        answer_url(ongoing, outcome.pk),
        {"result": "achieved", "method": "practical_task", "comment": "Neat", "revision": 0},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit_id"] == ongoing.unit.pk
    assert body["outcome"]["id"] == outcome.pk
    assert body["outcome"]["answer"]["result"] == "achieved"
    assert body["outcome"]["answer"]["method_label"] == "Practical task"
    assert body["outcome"]["answer"]["comment"] == "Neat"
    assert body["outcome"]["answer"]["revision"] == 1
    assert body["achievement"]["counts"]["achieved"] == 1
    assert body["achievement"]["percent"] == 33
    saved = Assessment.objects.get(mobility=ongoing.mobility, outcome=outcome)
    assert (saved.result, saved.method) == ("achieved", "practical_task")
    assert saved.assessor == cast.mentor


def test_the_host_coordinator_changes_an_answer_with_the_revision_read(cast, api, ongoing):
    outcome = ongoing.outcomes[0]
    put(api(cast.mentor), answer_url(ongoing, outcome.pk), {"result": "achieved"})
    response = put(
        api(cast.host),
        answer_url(ongoing, outcome.pk),
        {"result": "not_achieved", "reason": "The door did not close", "revision": 1},
    )
    assert response.status_code == 200, response.content
    answer = response.json()["outcome"]["answer"]
    assert (answer["result"], answer["revision"]) == ("not_achieved", 2)
    assert answer["reason"] == "The door did not close"
    assert response.json()["achievement"]["counts"]["not_achieved"] == 1


def test_a_stale_revision_is_a_conflict_that_changes_nothing(cast, api, ongoing):
    outcome = ongoing.outcomes[0]
    client = api(cast.mentor)
    put(client, answer_url(ongoing, outcome.pk), {"result": "achieved", "comment": "First"})
    put(
        api(cast.host),
        answer_url(ongoing, outcome.pk),
        {"result": "achieved", "comment": "Seen by the host", "revision": 1},
    )
    for stale in (1, 0):
        response = put(
            client,
            answer_url(ongoing, outcome.pk),
            {"result": "not_assessed", "comment": "Mine", "revision": stale},
        )
        assert response.status_code == 409
        assert "Someone else changed this" in response.json()["detail"]
    saved = Assessment.objects.get(mobility=ongoing.mobility, outcome=outcome)
    assert (saved.result, saved.comment, saved.revision) == ("achieved", "Seen by the host", 2)


def test_not_achieved_without_a_reason_is_refused_naming_the_field(cast, api, ongoing):
    response = put(
        api(cast.mentor),
        answer_url(ongoing, ongoing.outcomes[0].pk),
        {"result": "not_achieved", "reason": " "},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "payload", "reason"],
            "msg": "Say why the outcome was not fully achieved.",
        }
    ]
    assert not Assessment.objects.exists()


def test_a_result_off_the_list_or_a_future_date_is_refused(cast, api, ongoing):
    client = api(cast.mentor)
    url = answer_url(ongoing, ongoing.outcomes[0].pk)
    assert put(client, url, {"result": "excellent"}).status_code == 422
    future = put(client, url, {"result": "achieved", "assessed_on": "2027-05-01"})
    assert future.status_code == 422
    assert future.json()["detail"][0]["loc"] == ["body", "payload", "assessed_on"]
    assert not Assessment.objects.exists()


def test_an_outcome_not_in_the_agreement_is_refused_and_an_unknown_one_is_404(cast, api, ongoing):
    client = api(cast.mentor)
    foreign = LearningOutcomeFactory.create()
    for outcome in (foreign, ongoing.heading):
        response = put(client, answer_url(ongoing, outcome.pk), {"result": "achieved"})
        assert response.status_code == 400
        assert response.json()["detail"] == (
            "This learning outcome is not one to achieve in the signed agreement."
        )
    assert put(client, answer_url(ongoing, 999999), {"result": "achieved"}).status_code == 404
    assert not Assessment.objects.exists()


def test_those_who_see_the_mobility_but_do_not_assess_are_refused_403(cast, api, ongoing):
    for person in (cast.learner, cast.coordinator, cast.teacher):
        response = put(
            api(person), answer_url(ongoing, ongoing.outcomes[0].pk), {"result": "achieved"}
        )
        assert response.status_code == 403
        assert "Only the mentor, the named assessor" in response.json()["detail"]
    assert not Assessment.objects.exists()


def test_answers_are_not_recorded_before_the_mobility_starts(cast, api):
    ongoing = signed_mobility(cast, start=False)
    response = put(
        api(cast.mentor), answer_url(ongoing, ongoing.outcomes[0].pk), {"result": "achieved"}
    )
    assert response.status_code == 400
    assert "ongoing or completed" in response.json()["detail"]
    assert api(cast.mentor).get(sheet_url(ongoing)).json()["recording"] is False


def test_a_refusal_speaks_latvian_to_a_latvian_client(cast, api, ongoing):
    response = put(
        api(cast.learner),
        answer_url(ongoing, ongoing.outcomes[0].pk),
        {"result": "achieved"},
        HTTP_ACCEPT_LANGUAGE="lv",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Novērtē tikai mentors, norādītais vērtētājs vai uzņemošās puses koordinatori."
    )


# --- the comparison ---


def test_the_comparison_puts_both_answers_side_by_side_and_flags_differences(cast, api, ongoing):
    first, second, third = ongoing.outcomes
    for outcome, result in ((first, "achieved"), (second, "achieved")):
        assessment_record(
            actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, result=result
        )
    for outcome, result in ((first, "achieved"), (second, "partly_achieved"), (third, "achieved")):
        self_assessment_record(
            actor=cast.learner, mobility=ongoing.mobility, outcome=outcome, result=result
        )
    rows = api(cast.mentor).get(f"{sheet_url(ongoing)}/comparison").json()
    assert [(r["outcome"]["id"], r["mentor"], r["learner"], r["differs"]) for r in rows] == [
        (first.pk, "achieved", "achieved", False),
        (second.pk, "achieved", "partly_achieved", True),
        (third.pk, None, "achieved", False),
    ]
    assert rows[1]["learner_label"] == "Partly achieved"
    assert rows[2]["mentor_label"] == ""
    assert {r["unit_id"] for r in rows} == {ongoing.unit.pk}
    assert rows[0]["text"] == first.text
    assert api(cast.learner).get(f"{sheet_url(ongoing)}/comparison").json() == rows


def test_the_comparison_is_empty_before_the_agreement_is_signed(cast, api):
    setup = mobility_for(cast)
    url = f"/api/v1/mobilities/{setup.mobility.pk}/assessment/comparison"
    assert api(cast.coordinator).get(url).json() == []


def test_every_result_of_the_choices_is_accepted(cast, api, ongoing):
    client = api(cast.mentor)
    outcome = ongoing.outcomes[0]
    for revision, result in enumerate(OutcomeResult.values):
        response = put(
            client,
            answer_url(ongoing, outcome.pk),
            {"result": result, "reason": "Not all of it", "revision": revision},
        )
        assert response.status_code == 200, response.content
        assert response.json()["outcome"]["answer"]["result"] == result
