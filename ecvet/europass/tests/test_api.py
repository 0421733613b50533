"""The Europass Mobility and recommendation letters through the API: the same services as the
screens, the same refusals."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.europass.models import EuropassMobility, RecommendationLetter
from ecvet.europass.tests.setup import recognised_mobility
from ecvet.signing.models import Envelope
from ecvet.signing.services import signature_sign

pytestmark = pytest.mark.django_db


def _post(client: Any, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _patch(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_the_coordinator_prepares_edits_and_sends_it(cast: Any, api: Any) -> None:
    setup = recognised_mobility(cast)
    client = api(cast.coordinator)
    base = f"/api/v1/mobilities/{setup.mobility.pk}/europass"

    created = _post(client, base)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["europass_number"].startswith("LV-")
    assert data["status"] == "draft"
    assert data["content"]["skills"]["not_achieved"][0]["result"] == "not_achieved"

    patched = _patch(
        client,
        f"{base}/1",
        {"revision": data["revision"], "language_skills": {"en": "Danish, basic"}},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["texts"]["language_skills"] == {"en": "Danish, basic"}
    stale = _patch(client, f"{base}/1", {"revision": data["revision"], "programme": "x"})
    assert stale.status_code == 409

    draft = client.get(f"{base}/1").json()
    sent = _post(
        client,
        f"{base}/1/send",
        {
            "signer_id": cast.host.pk,
            "revision": draft["revision"],
            "seen_hash": draft["draft_hash"],
        },
    )
    assert sent.status_code == 200, sent.content
    body = sent.json()
    assert body["status"] == "out_for_signature"
    assert body["content_hash"] == Envelope.objects.get(pk=body["envelope_id"]).content_hash
    assert body["sendings"][0]["signatures_wanted"] == 1
    listed = client.get(base).json()
    assert [(v["number"], v["status"]) for v in listed] == [(1, "out_for_signature")]
    assert _patch(client, f"{base}/1", {"programme": "x"}).status_code == 409


def test_a_signer_outside_the_host_is_refused(cast: Any, api: Any) -> None:
    setup = recognised_mobility(cast)
    client = api(cast.coordinator)
    base = f"/api/v1/mobilities/{setup.mobility.pk}/europass"
    _post(client, base)
    refused = _post(client, f"{base}/1/send", {"signer_id": cast.teacher.pk})
    assert refused.status_code == 422
    assert EuropassMobility.objects.get().status == "draft"


def test_the_pdf_of_a_draft_and_of_a_signed_version(cast: Any, api: Any) -> None:
    setup = recognised_mobility(cast)
    coordinator = api(cast.coordinator)
    base = f"/api/v1/mobilities/{setup.mobility.pk}/europass"
    _post(coordinator, base)
    draft = coordinator.get(f"{base}/1/pdf?lang=lv")
    assert draft.status_code == 200
    assert draft["Content-Type"] == "application/pdf"
    _post(coordinator, f"{base}/1/send")
    envelope = Envelope.objects.get(kind="europass_mobility")
    signature_sign(
        envelope=envelope, signatory=envelope.signatories.get(), user=cast.mentor, password=PASSWORD
    )
    learner = api(cast.learner)
    first = learner.get(f"{base}/1/pdf?lang=en")
    assert first.status_code == 200
    assert first.content == learner.get(f"{base}/1/pdf?lang=en").content
    assert coordinator.get(f"{base}/1/pdf?lang=xx").status_code == 404


def test_a_signed_version_is_re_issued(cast: Any, api: Any) -> None:
    setup = recognised_mobility(cast)
    client = api(cast.coordinator)
    base = f"/api/v1/mobilities/{setup.mobility.pk}/europass"
    _post(client, base)
    assert _post(client, f"{base}/amend", {"reason": "Too early"}).status_code == 400
    _post(client, f"{base}/1/send")
    envelope = Envelope.objects.get(kind="europass_mobility")
    signature_sign(
        envelope=envelope, signatory=envelope.signatories.get(), user=cast.mentor, password=PASSWORD
    )
    reissued = _post(client, f"{base}/amend", {"reason": "Name misspelt"})
    assert reissued.status_code == 201
    data = reissued.json()
    assert (data["number"], data["amends"], data["reason"]) == (2, 1, "Name misspelt")
    assert data["europass_number"] == client.get(f"{base}/1").json()["europass_number"]


def test_the_learner_reads_but_does_not_prepare(cast: Any, api: Any) -> None:
    setup = recognised_mobility(cast)
    base = f"/api/v1/mobilities/{setup.mobility.pk}/europass"
    learner = api(cast.learner)
    assert _post(learner, base).status_code == 403
    assert learner.get(base).json() == []
    _post(api(cast.coordinator), base)
    assert learner.get(f"{base}/1").status_code == 200
    assert _patch(learner, f"{base}/1", {"programme": "x"}).status_code == 403
    assert _post(learner, f"{base}/1/send").status_code == 403


def test_letters_are_written_listed_and_printed(cast: Any, api: Any) -> None:
    setup = recognised_mobility(cast)
    client = api(cast.coordinator)
    base = f"/api/v1/mobilities/{setup.mobility.pk}/letters"

    created = _post(
        client,
        base,
        {
            "addressee_name": "Anna Ozola",
            "addressee_company": "Koka Meistari SIA",
            "personal_note": {"en": "Punctual and careful.", "lv": "Precīzs un rūpīgs."},
        },
    )

    assert created.status_code == 201, created.content
    data = created.json()
    assert data["number"] == 1
    assert data["signer_name"] == "Ilze Kalniņa"
    english = data["content"]["texts"]["en"]
    assert english["salutation"] == "Dear Anna Ozola,"
    assert english["personal"] == "Punctual and careful."
    assert [u["title"] for u in english["units"]] == ["Repair or Rebuilding jobs"]
    assert client.get(base).json()[0]["addressee_company"] == "Koka Meistari SIA"
    assert client.get(f"{base}/1").json()["content"] == data["content"]
    pdf = client.get(f"{base}/1/pdf?lang=en")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert _post(api(cast.learner), base).status_code == 403
    assert RecommendationLetter.objects.count() == 1
