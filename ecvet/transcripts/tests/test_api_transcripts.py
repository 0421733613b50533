"""The transcript through the API: the same services as the screens, the same rules."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.documents.tests.reading import pdf_text
from ecvet.signing.selectors import verify_pdf
from ecvet.transcripts.models import Transcript, TranscriptStatus
from ecvet.transcripts.tests.setup import (
    REASON,
    assessed_mobility,
    prepared_transcript,
    signed_transcript,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def _post(client: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _base(mobility: Any) -> str:
    return f"/api/v1/mobilities/{mobility.pk}/transcripts"


def test_the_mentor_prepares_reads_and_sends_it(cast, api):
    assessed = assessed_mobility(cast)
    client = api(cast.mentor)
    created = _post(client, _base(assessed.mobility))
    assert created.status_code == 201
    data = created.json()
    assert (data["number"], data["status"], data["unanswered"]) == (1, "draft", 0)
    assert data["can_issue"] is True
    assert [s["name"] for s in data["signers"] if s["mentor"]] == ["Lars Hansen"]
    outcome = data["content"]["units"][0]["outcomes"][1]
    assert (outcome["result"], outcome["reason"]) == ("not_achieved", REASON)
    # Preparing again answers with the version that exists.
    assert _post(client, _base(assessed.mobility)).status_code == 200
    sent = _post(
        client,
        f"{_base(assessed.mobility)}/1/send",
        {"signer_id": cast.host.pk, "revision": data["revision"], "seen_hash": data["draft_hash"]},
    )
    assert sent.status_code == 200, sent.content
    after = sent.json()
    assert after["status"] == "out_for_signature"
    assert after["content_hash"] == data["draft_hash"]
    assert after["envelope_id"] is not None
    assert after["sendings"][0]["signatures_wanted"] == 1
    listed = client.get(_base(assessed.mobility)).json()
    assert [(v["number"], v["status"]) for v in listed] == [(1, "out_for_signature")]


def test_sending_with_outcomes_unanswered_is_a_400_naming_how_many(cast, api):
    assessed, _transcript = prepared_transcript(cast, answered=1)
    response = _post(api(cast.mentor), f"{_base(assessed.mobility)}/1/send")
    assert response.status_code == 400
    assert "2 learning outcomes have no answer yet" in response.json()["detail"]


def test_a_stale_draft_hash_is_a_409(cast, api):
    assessed, _transcript = prepared_transcript(cast)
    response = _post(
        api(cast.mentor), f"{_base(assessed.mobility)}/1/send", {"seen_hash": "0" * 64}
    )
    assert response.status_code == 409


def test_an_unknown_signer_is_a_422_and_a_sending_school_signer_a_400(cast, api):
    assessed, _transcript = prepared_transcript(cast)
    client = api(cast.mentor)
    url = f"{_base(assessed.mobility)}/1/send"
    assert _post(client, url, {"signer_id": 987654}).status_code == 422
    refused = _post(client, url, {"signer_id": cast.coordinator.pk})
    assert refused.status_code == 400
    assert "cannot sign for the host" in refused.json()["detail"]


def test_the_learner_reads_but_does_not_prepare_or_send(cast, api):
    assessed, _transcript = prepared_transcript(cast)
    client = api(cast.learner)
    data = client.get(f"{_base(assessed.mobility)}/1").json()
    assert (data["can_issue"], data["signers"]) == (False, None)
    assert _post(client, f"{_base(assessed.mobility)}/1/send").status_code == 403
    assert _post(client, f"{_base(assessed.mobility)}/amend", {"reason": "x"}).status_code == 403


def test_the_sending_school_is_refused_preparing_with_a_403(cast, api):
    assessed = assessed_mobility(cast)
    assert _post(api(cast.coordinator), _base(assessed.mobility)).status_code == 403
    assert not Transcript.objects.exists()


def test_a_signed_transcript_flags_a_change_and_is_amended(cast, api):
    from ecvet.assessments.services import assessment_record

    signed = signed_transcript(cast)
    client = api(cast.mentor)
    assert client.get(f"{_base(signed.mobility)}/1").json()["outdated"] is False
    unchanged = _post(client, f"{_base(signed.mobility)}/amend", {"reason": "x"})
    assert unchanged.status_code == 400
    assessment_record(
        actor=cast.mentor,
        mobility=signed.mobility,
        outcome=signed.assessed.not_achieved,
        result="achieved",
    )
    data = client.get(f"{_base(signed.mobility)}/1").json()
    assert (data["status"], data["outdated"]) == ("signed", True)
    assert data["content"]["units"][0]["outcomes"][1]["result"] == "not_achieved"
    amended = _post(client, f"{_base(signed.mobility)}/amend", {"reason": "Finished later."})
    assert amended.status_code == 201
    assert (amended.json()["number"], amended.json()["amends"]) == (2, 1)
    assert amended.json()["content"]["units"][0]["outcomes"][1]["result"] == "achieved"
    assert Transcript.objects.get(mobility=signed.mobility, number=1).status == (
        TranscriptStatus.SIGNED
    )


def test_the_pdf_of_the_signed_version_is_the_issued_copy(cast, api):
    signed = signed_transcript(cast)
    response = api(cast.coordinator).get(f"{_base(signed.mobility)}/1/pdf?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert verify_pdf(response.content).genuine
    assert signed.envelope.code in pdf_text(response.content)


def test_a_drafts_pdf_is_marked_and_an_unknown_language_is_a_404(cast, api):
    assessed, _transcript = prepared_transcript(cast)
    client = api(cast.mentor)
    draft = client.get(f"{_base(assessed.mobility)}/1/pdf?lang=en")
    assert "DRAFT — not signed" in pdf_text(draft.content)
    assert client.get(f"{_base(assessed.mobility)}/1/pdf?lang=xx").status_code == 404
