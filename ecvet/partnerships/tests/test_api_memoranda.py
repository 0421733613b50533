from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.partnerships.models import Memorandum, MemorandumStatus
from ecvet.partnerships.tests.factories import partnership_for, sent_memorandum
from ecvet.signing.models import Envelope, EnvelopeStatus
from ecvet.signing.services import content_hash, signature_sign

pytestmark = pytest.mark.django_db


def send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def mou(partnership: Any, suffix: str = "") -> str:
    return f"/api/v1/partnerships/{partnership.pk}/mou{suffix}"


def sign_all(cast: Any, envelope: Envelope) -> None:
    for slot in envelope.signatories.all():
        signature_sign(envelope=envelope, signatory=slot, user=slot.user, password=PASSWORD)


def test_a_draft_shows_its_live_content_and_what_blocks_sending(cast, api):
    setup = partnership_for(cast, signatories=False)
    body = api(cast.host).get(mou(setup.partnership, "/1")).json()
    assert body["status"] == MemorandumStatus.DRAFT
    assert body["content_hash"] is None
    assert body["envelope_id"] is None
    assert body["content"]["partnership"]["title"] == "Carpenters LV-DK"
    assert [o["name"] for o in body["content"]["organisations"]] == [
        "Sending VET school",
        "Host VET school",
    ]
    errors = [c["message"] for c in body["checks"] if c["level"] == "error"]
    assert any("Host VET school" in message for message in errors)
    response = send(api(cast.coordinator), "POST", mou(setup.partnership, "/1/send"))
    assert response.status_code == 400
    assert "cannot be sent yet" in response.json()["detail"]
    assert Memorandum.objects.get(pk=setup.memorandum.pk).status == MemorandumStatus.DRAFT


def test_the_coordinator_sends_the_mou_and_its_content_is_frozen_with_its_hash(cast, api):
    setup = partnership_for(cast)
    client = api(cast.coordinator)
    revision = client.get(f"/api/v1/partnerships/{setup.partnership.pk}").json()["revision"]
    response = send(client, "POST", mou(setup.partnership, "/1/send"), {"revision": revision})
    assert response.status_code == 200, response.content
    body = response.json()
    envelope = Envelope.objects.get(pk=body["envelope_id"])
    assert body["status"] == MemorandumStatus.OUT
    assert body["content_hash"] == envelope.content_hash == content_hash(body["content"])
    assert body["code"] == envelope.code
    assert body["checks"] is None
    assert [s["status"] for s in body["sendings"]] == [EnvelopeStatus.OUT]
    assert body["sendings"][0]["signatures_wanted"] == 2
    listed = client.get(mou(setup.partnership)).json()
    assert [(m["number"], m["status"]) for m in listed] == [(1, MemorandumStatus.OUT)]


def test_sending_after_someone_changed_the_partnership_is_a_409_and_nothing_is_sent(cast, api):
    setup = partnership_for(cast)
    client = api(cast.coordinator)
    url = f"/api/v1/partnerships/{setup.partnership.pk}"
    revision = client.get(url).json()["revision"]
    send(client, "PATCH", url, {"evaluation": {"en": "Changed meanwhile"}})
    response = send(client, "POST", mou(setup.partnership, "/1/send"), {"revision": revision})
    assert response.status_code == 409
    assert not Envelope.objects.exists()


def test_the_host_may_read_but_not_send_the_mou(cast, api):
    setup = partnership_for(cast)
    response = send(api(cast.host), "POST", mou(setup.partnership, "/1/send"))
    assert response.status_code == 403
    assert not Envelope.objects.exists()


def test_sending_twice_is_a_409(cast, api):
    setup, _envelope = sent_memorandum(cast)
    response = send(api(cast.coordinator), "POST", mou(setup.partnership, "/1/send"))
    assert response.status_code == 409
    assert Envelope.objects.count() == 1


def test_a_signed_mou_is_amended_and_the_amendment_is_a_new_draft(cast, api):
    setup, envelope = sent_memorandum(cast)
    sign_all(cast, envelope)
    client = api(cast.coordinator)
    signed = client.get(mou(setup.partnership, "/1")).json()
    assert signed["status"] == MemorandumStatus.SIGNED
    assert signed["signed_at"]
    response = send(client, "POST", mou(setup.partnership, "/amend"), {"reason": "Longer stays"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["status"], body["amends"]) == (2, MemorandumStatus.DRAFT, 1)
    assert body["reason"] == "Longer stays"
    assert body["content"]["amends"] == 1
    url = f"/api/v1/partnerships/{setup.partnership.pk}"
    changed = send(client, "PATCH", url, {"mobility_max_weeks": 20})
    assert changed.status_code == 200, changed.content
    assert client.get(mou(setup.partnership, "/1")).json()["content"] == envelope.content
    listed = client.get(mou(setup.partnership)).json()
    assert [m["number"] for m in listed] == [2, 1]


def test_only_a_signed_mou_is_amended(cast, api):
    setup = partnership_for(cast)
    response = send(
        api(cast.coordinator), "POST", mou(setup.partnership, "/amend"), {"reason": "x"}
    )
    assert response.status_code == 400
    assert "Only a signed MoU" in response.json()["detail"]
    assert setup.partnership.memoranda.count() == 1


def test_a_version_that_does_not_exist_is_404(cast, api):
    setup = partnership_for(cast)
    assert api(cast.coordinator).get(mou(setup.partnership, "/7")).status_code == 404
