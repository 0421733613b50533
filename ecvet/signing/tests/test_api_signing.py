from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.partnerships.models import MemorandumStatus
from ecvet.partnerships.services.memoranda import memorandum_send
from ecvet.partnerships.services.partnerships import partnership_create
from ecvet.partnerships.tests.factories import partnership_for, sent_memorandum
from ecvet.signing.models import (
    EnvelopeStatus,
    IssuedCopy,
    Signatory,
    SignatoryStatus,
    Signature,
    SignatureMethod,
)
from ecvet.signing.services import signature_sign

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def slot_of(envelope: Any, user: Any) -> Signatory:
    return envelope.signatories.get(user=user)


def sign_url(envelope: Any, slot: Signatory, action: str = "sign") -> str:
    return f"/api/v1/envelopes/{envelope.pk}/signatories/{slot.pk}/{action}"


def today() -> str:
    return timezone.localdate().isoformat()


# --- reading ---


def test_each_signatory_sees_the_request_waiting_for_them(cast, api):
    _setup, envelope = sent_memorandum(cast)
    for user in (cast.coordinator, cast.host):
        body = api(user).get("/api/v1/signature-requests").json()
        assert body["count"] == 1
        [request] = body["items"]
        assert request["envelope_id"] == envelope.pk
        assert request["signatory_id"] == slot_of(envelope, user).pk
        assert request["content_hash"] == envelope.content_hash
        assert request["kind"] == "mou"
        assert "Carpenters LV-DK" in request["title"]["en"]
    for user in (cast.teacher, cast.outsider, cast.learner):
        assert api(user).get("/api/v1/signature-requests").json()["count"] == 0


def test_the_signature_request_list_keeps_a_fixed_number_of_queries(
    cast, api, django_assert_max_num_queries
):
    sent_memorandum(cast)
    client = api(cast.host)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/signature-requests").status_code == 200
        return len(captured)

    few = count()
    for number in range(3):
        setup = partnership_for(cast)
        setup.partnership.title = f"More {number}"
        memorandum_send(actor=cast.coordinator, memorandum=setup.memorandum)
    with django_assert_max_num_queries(few):
        assert client.get("/api/v1/signature-requests").json()["count"] == 4


def test_a_partner_reads_the_envelope_with_its_frozen_content_and_slots(cast, api):
    setup, envelope = sent_memorandum(cast)
    body = api(cast.teacher).get(f"/api/v1/envelopes/{envelope.pk}").json()
    assert body["status"] == EnvelopeStatus.OUT
    assert body["code"] == envelope.code
    assert body["content_hash"] == envelope.content_hash
    assert body["content"] == envelope.content
    assert body["document_url"] == f"/partnerships/{setup.partnership.pk}/mou/1/"
    assert body["can_manage"] is False
    assert [(s["name"], s["status"], s["is_you"]) for s in body["signatories"]] == [
        ("Ilze Kalniņa", SignatoryStatus.PENDING, False),
        ("Mette Nielsen", SignatoryStatus.PENDING, False),
    ]
    assert api(cast.coordinator).get(f"/api/v1/envelopes/{envelope.pk}").json()["can_manage"]


def test_the_envelope_detail_keeps_a_fixed_number_of_queries(
    cast, api, django_assert_max_num_queries
):
    _setup, envelope = sent_memorandum(cast)
    client = api(cast.coordinator)
    url = f"/api/v1/envelopes/{envelope.pk}"
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    signature_sign(
        envelope=envelope,
        signatory=slot_of(envelope, cast.coordinator),
        user=cast.coordinator,
        password=PASSWORD,
    )
    with django_assert_max_num_queries(len(captured)):
        assert client.get(url).json()["signatories"][0]["signature"]


# --- signing ---


def test_signing_with_the_right_password_records_the_signature_and_its_hash(cast, api):
    setup, envelope = sent_memorandum(cast)
    slot = slot_of(envelope, cast.host)
    response = send(
        api(cast.host),
        "POST",
        sign_url(envelope, slot),
        {"password": PASSWORD, "seen_hash": envelope.content_hash, "place": "Odense"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    mine = next(s for s in body["signatories"] if s["id"] == slot.pk)
    assert mine["status"] == SignatoryStatus.SIGNED
    assert mine["is_you"] is True
    assert mine["signature"]["content_hash"] == envelope.content_hash
    assert mine["signature"]["place"] == "Odense"
    assert mine["signature"]["method"] == SignatureMethod.ONLINE
    assert body["status"] == EnvelopeStatus.OUT
    response = send(
        api(cast.coordinator),
        "POST",
        sign_url(envelope, slot_of(envelope, cast.coordinator)),
        {"password": PASSWORD},
    )
    assert response.json()["status"] == EnvelopeStatus.SIGNED
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.SIGNED


def test_a_wrong_password_is_refused_and_nothing_is_signed(cast, api):
    _setup, envelope = sent_memorandum(cast)
    slot = slot_of(envelope, cast.host)
    response = send(api(cast.host), "POST", sign_url(envelope, slot), {"password": "wrong"})
    assert response.status_code == 403
    assert response.json()["detail"] == "That is not your password. Nothing was signed."
    assert not Signature.objects.exists()
    assert Signatory.objects.get(pk=slot.pk).status == SignatoryStatus.PENDING


def test_nobody_signs_someone_elses_slot(cast, api):
    _setup, envelope = sent_memorandum(cast)
    slot = slot_of(envelope, cast.host)
    response = send(api(cast.coordinator), "POST", sign_url(envelope, slot), {"password": PASSWORD})
    assert response.status_code == 403
    assert "Mette Nielsen" in response.json()["detail"]
    assert not Signature.objects.exists()


def test_signing_a_changed_document_or_twice_is_a_409(cast, api):
    _setup, envelope = sent_memorandum(cast)
    slot = slot_of(envelope, cast.host)
    client = api(cast.host)
    stale = send(
        client, "POST", sign_url(envelope, slot), {"password": PASSWORD, "seen_hash": "0" * 64}
    )
    assert stale.status_code == 409
    assert "Reload the page" in stale.json()["detail"]
    assert not Signature.objects.exists()
    assert send(client, "POST", sign_url(envelope, slot), {"password": PASSWORD}).status_code == 200
    twice = send(client, "POST", sign_url(envelope, slot), {"password": PASSWORD})
    assert twice.status_code == 409
    assert Signature.objects.count() == 1


def test_declining_returns_the_mou_to_draft_with_the_reason(cast, api):
    setup, envelope = sent_memorandum(cast)
    slot = slot_of(envelope, cast.host)
    response = send(
        api(cast.host),
        "POST",
        sign_url(envelope, slot, "decline"),
        {"reason": "The assessment text is not ours."},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == EnvelopeStatus.DECLINED
    assert body["closing_reason"] == "The assessment text is not ours."
    declined = next(s for s in body["signatories"] if s["id"] == slot.pk)
    assert declined["declined_reason"] == "The assessment text is not ours."
    memorandum = api(cast.coordinator).get(f"/api/v1/partnerships/{setup.partnership.pk}/mou/1")
    memorandum = memorandum.json()
    assert memorandum["status"] == MemorandumStatus.DRAFT
    assert memorandum["sendings"][0]["closing_reason"] == "The assessment text is not ours."
    assert memorandum["checks"] is not None
    terms = send(
        api(cast.coordinator),
        "PATCH",
        f"/api/v1/partnerships/{setup.partnership.pk}",
        {"assessment": {"en": "Agreed text."}},
    )
    assert terms.status_code == 200
    assert api(cast.coordinator).get("/api/v1/signature-requests").json()["count"] == 0


def test_declining_needs_a_reason(cast, api):
    _setup, envelope = sent_memorandum(cast)
    slot = slot_of(envelope, cast.host)
    response = send(api(cast.host), "POST", sign_url(envelope, slot, "decline"), {"reason": " "})
    assert response.status_code == 400
    assert Signatory.objects.get(pk=slot.pk).status == SignatoryStatus.PENDING


def test_the_coordinator_withdraws_the_document(cast, api):
    setup, envelope = sent_memorandum(cast)
    url = f"/api/v1/envelopes/{envelope.pk}/withdraw"
    assert send(api(cast.host), "POST", url, {"reason": "x"}).status_code == 403
    response = send(api(cast.coordinator), "POST", url, {"reason": "A typo in the title"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == EnvelopeStatus.WITHDRAWN
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.DRAFT


# --- signatures made outside the system ---


def upload(client: Client, url: str, scan: SimpleUploadedFile, **fields: str) -> Any:
    return client.post(url, {"scan": scan, "signed_on": today(), **fields})


def test_the_coordinator_records_a_paper_signature_with_its_pdf_scan(cast, api):
    _setup, envelope = sent_memorandum(cast)
    slot = slot_of(envelope, cast.host)
    client = api(cast.coordinator)
    scan = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")
    response = upload(client, sign_url(envelope, slot, "outside"), scan, place="Odense")
    assert response.status_code == 200, response.content
    mine = next(s for s in response.json()["signatories"] if s["id"] == slot.pk)
    assert mine["status"] == SignatoryStatus.SIGNED_OUTSIDE
    assert mine["signature"]["method"] == SignatureMethod.OUTSIDE
    assert mine["signature"]["scan_sha256"] == hashlib.sha256(PDF).hexdigest()
    assert mine["signature"]["content_hash"] == envelope.content_hash
    scan_url = f"/api/v1/envelopes/{envelope.pk}/signatories/{slot.pk}/scan"
    downloaded = api(cast.host).get(scan_url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == PDF
    assert api(cast.outsider).get(scan_url).status_code == 404


def test_a_file_that_is_not_a_pdf_is_refused_with_a_clear_message(cast, api):
    _setup, envelope = sent_memorandum(cast)
    url = sign_url(envelope, slot_of(envelope, cast.host), "outside")
    client = api(cast.coordinator)
    fake = SimpleUploadedFile("signed.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = upload(client, url, fake)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "This file is not a PDF, whatever its name says. Upload a PDF scan."
    )
    image = SimpleUploadedFile("signed.jpg", PDF, content_type="image/jpeg")
    assert "as a PDF file" in upload(client, url, image).json()["detail"]
    assert not Signature.objects.exists()


def test_a_scan_over_the_size_limit_is_refused_with_the_limit(cast, api, settings):
    settings.SIGNING_SCAN_MAX_BYTES = 1024 * 1024
    _setup, envelope = sent_memorandum(cast)
    url = sign_url(envelope, slot_of(envelope, cast.host), "outside")
    big = SimpleUploadedFile(
        "signed.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf"
    )
    response = upload(api(cast.coordinator), url, big)
    assert response.status_code == 400
    assert "the largest accepted is 1 MB" in response.json()["detail"]
    assert not Signature.objects.exists()


def test_only_the_coordinator_records_a_paper_signature_and_the_scan_is_required(cast, api):
    _setup, envelope = sent_memorandum(cast)
    url = sign_url(envelope, slot_of(envelope, cast.host), "outside")
    scan = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")
    assert upload(api(cast.host), url, scan).status_code == 403
    missing = api(cast.coordinator).post(url, {"signed_on": today()})
    assert missing.status_code == 422
    assert not Signature.objects.exists()


# --- the PDF and the public verification ---


def test_the_pdf_is_issued_once_per_state_and_verified_publicly(cast, api):
    _setup, envelope = sent_memorandum(cast)
    client = api(cast.coordinator)
    response = client.get(f"/api/v1/envelopes/{envelope.pk}/pdf", {"lang": "lv"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF-")
    again = client.get(f"/api/v1/envelopes/{envelope.pk}/pdf", {"lang": "lv"}).content
    assert again == data
    copy = IssuedCopy.objects.get()
    assert copy.sha256 == hashlib.sha256(data).hexdigest()
    assert client.get(f"/api/v1/envelopes/{envelope.pk}/pdf", {"lang": "xx"}).status_code == 404

    public = Client()
    genuine = public.post("/api/v1/verify", {"pdf": SimpleUploadedFile("mou.pdf", data)})
    assert genuine.status_code == 200, genuine.content
    body = genuine.json()
    assert body["genuine"] is True
    assert body["code"] == envelope.code
    assert body["issued_copy"]["language"] == "lv"
    assert body["record"]["content_hash"] == envelope.content_hash
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    forged = public.post("/api/v1/verify", {"pdf": SimpleUploadedFile("mou.pdf", bytes(changed))})
    assert forged.status_code == 200
    assert forged.json()["genuine"] is False
    assert forged.json()["sha256"] != copy.sha256
    assert forged.json()["issued_copy"] is None


def test_the_public_record_shows_signatures_but_no_emails_content_or_scans(cast, api):
    _setup, envelope = sent_memorandum(cast)
    cast.host.email = "mette@host.example"
    cast.host.save(update_fields=["email"])
    signature_sign(
        envelope=envelope, signatory=slot_of(envelope, cast.host), user=cast.host, password=PASSWORD
    )
    response = Client().get(f"/api/v1/verify/{envelope.code.lower().replace('-', ' ')}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["code"] == envelope.code
    assert body["status"] == EnvelopeStatus.OUT
    assert body["content_hash"] == envelope.content_hash
    [signature] = body["signatures"]
    assert signature["signer_name"] == "Mette Nielsen"
    assert signature["institution_name"] == "Host VET school"
    assert signature["content_hash"] == envelope.content_hash
    text = response.content.decode()
    assert "@" not in text
    assert "scan" not in text
    assert 'content"' not in text
    assert Client().get("/api/v1/verify/AAAA-BBBB-CCCC").status_code == 404


def test_an_unknown_file_is_not_genuine_and_names_no_document(cast):
    response = Client().post("/api/v1/verify", {"pdf": SimpleUploadedFile("x.pdf", PDF)})
    assert response.status_code == 200
    body = response.json()
    assert (body["genuine"], body["code"], body["record"]) == (False, None, None)
    assert body["message"]


def test_a_partnership_without_a_mou_sent_has_no_envelope_to_read(cast, api):
    partnership_create(actor=cast.coordinator, owner=cast.sending, title="Empty")
    assert api(cast.coordinator).get("/api/v1/envelopes/1").status_code == 404
