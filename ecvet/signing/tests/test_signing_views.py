"""The signing screens: the envelope, signing, declining, paper signatures, withdrawing, the
issued PDF and the list of signatures waiting for the reader."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.partnerships.models import MemorandumStatus
from ecvet.partnerships.tests.factories import sent_memorandum
from ecvet.signing.models import (
    Envelope,
    EnvelopeStatus,
    IssuedCopy,
    SignatoryStatus,
    Signature,
    SignatureMethod,
)
from ecvet.signing.services import signature_decline
from ecvet.signing.tests.helpers import (
    PDF_BYTES,
    scan_file,
    sign_as,
    slot_of,
    three_party_envelope,
)

pytestmark = pytest.mark.django_db


def _sign_url(envelope: Envelope, user: Any) -> str:
    return reverse("signature_sign", args=[envelope.pk, slot_of(envelope, user).pk])


def _sign_form(envelope: Envelope, password: str = PASSWORD, **extra: Any) -> dict[str, Any]:
    return {
        "confirm": "on",
        "password": password,
        "place": "Aarhus",
        "seen_hash": envelope.content_hash,
        **extra,
    }


def test_the_envelope_page_shows_every_slot_hash_and_the_readers_actions(cast, login):
    _setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.coordinator)
    response = login(cast.host).get(reverse("envelope_detail", args=[envelope.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert envelope.code in page
    assert envelope.content_hash in page
    assert "Ilze Kalniņa" in page
    assert "Mette Nielsen" in page
    assert _sign_url(envelope, cast.host) in page
    # The host does not manage the MoU: no paper signatures, no withdrawing.
    assert reverse("envelope_withdraw", args=[envelope.pk]) not in page


def test_the_coordinator_sees_the_managers_actions(cast, login):
    _setup, envelope = sent_memorandum(cast)
    page = login(cast.coordinator).get(reverse("envelope_detail", args=[envelope.pk]))
    text = page.content.decode()
    assert reverse("envelope_withdraw", args=[envelope.pk]) in text
    host_slot = slot_of(envelope, cast.host)
    assert reverse("signature_outside", args=[envelope.pk, host_slot.pk]) in text


def test_the_envelope_page_queries_do_not_grow_with_the_signatories(cast, login):
    _setup, two = sent_memorandum(cast)
    client = login(cast.coordinator)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("envelope_detail", args=[two.pk])).status_code == 200
    three = three_party_envelope(cast)
    sign_as(three, cast.host)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("envelope_detail", args=[three.pk])).status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries)


def test_the_envelope_page_is_guarded_by_a_query_count(cast, login, django_assert_max_num_queries):
    envelope = three_party_envelope(cast)
    client = login(cast.coordinator)
    with django_assert_max_num_queries(16):
        client.get(reverse("envelope_detail", args=[envelope.pk]))


def test_signing_with_the_right_password_records_the_signature(cast, login):
    _setup, envelope = sent_memorandum(cast)
    client = login(cast.host)
    assert client.get(_sign_url(envelope, cast.host)).status_code == 200
    response = client.post(_sign_url(envelope, cast.host), _sign_form(envelope))
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.signer == cast.host
    assert signature.place == "Aarhus"
    assert signature.content_hash == envelope.content_hash


def test_signing_with_a_wrong_password_keeps_what_was_typed_and_signs_nothing(cast, login):
    _setup, envelope = sent_memorandum(cast)
    response = login(cast.host).post(
        _sign_url(envelope, cast.host), _sign_form(envelope, password="wrong", place="Odense")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "That is not your password" in page
    assert 'value="Odense"' in page
    assert not Signature.objects.exists()


def test_signing_after_the_other_party_declined_shows_a_clear_conflict(cast, login):
    setup, envelope = sent_memorandum(cast)
    client = login(cast.host)
    client.get(_sign_url(envelope, cast.host))  # the page is open...
    signature_decline(  # ...while the coordinator declines
        envelope=envelope,
        signatory=slot_of(envelope, cast.coordinator),
        user=cast.coordinator,
        reason="Dates are wrong.",
    )
    response = client.post(_sign_url(envelope, cast.host), _sign_form(envelope))
    assert response.status_code == 400
    assert "no longer out for signature" in response.content.decode()
    assert not Signature.objects.exists()
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.DRAFT


def test_signing_a_changed_document_is_refused(cast, login):
    _setup, envelope = sent_memorandum(cast)
    response = login(cast.host).post(
        _sign_url(envelope, cast.host), _sign_form(envelope, seen_hash="f" * 64)
    )
    assert response.status_code == 400
    assert "Reload the page and read it again" in response.content.decode()


def test_nobody_signs_someone_elses_slot_through_the_screen(cast, login):
    _setup, envelope = sent_memorandum(cast)
    url = _sign_url(envelope, cast.coordinator)
    client = login(cast.host)
    assert client.get(url).status_code == 404
    assert client.post(url, _sign_form(envelope)).status_code == 404
    assert not Signature.objects.exists()


def test_declining_through_the_form_returns_the_document_to_draft(cast, login):
    setup, envelope = sent_memorandum(cast)
    url = reverse("signature_decline", args=[envelope.pk, slot_of(envelope, cast.host).pk])
    client = login(cast.host)
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": "", "seen_hash": envelope.content_hash})
    assert empty.status_code == 400
    response = client.post(url, {"reason": "Add the mentor.", "seen_hash": envelope.content_hash})
    assert response.status_code == 302
    envelope.refresh_from_db()
    setup.memorandum.refresh_from_db()
    assert envelope.status == EnvelopeStatus.DECLINED
    assert envelope.closing_reason == "Add the mentor."
    assert setup.memorandum.status == MemorandumStatus.DRAFT


def _outside_url(envelope: Envelope, user: Any) -> str:
    return reverse("signature_outside", args=[envelope.pk, slot_of(envelope, user).pk])


def _outside_form(**extra: Any) -> dict[str, Any]:
    return {
        "scan": scan_file(),
        "signed_on": timezone.localdate().isoformat(),
        "signer_name": "Mette Nielsen",
        "place": "Aarhus",
        "note": "",
        **extra,
    }


def test_the_coordinator_records_a_paper_signature_through_the_form(cast, login):
    _setup, envelope = sent_memorandum(cast)
    client = login(cast.coordinator)
    form_page = client.get(_outside_url(envelope, cast.host))
    assert 'value="Mette Nielsen"' in form_page.content.decode()  # the signer, pre-filled
    response = client.post(_outside_url(envelope, cast.host), _outside_form())
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.method == SignatureMethod.OUTSIDE
    assert slot_of(envelope, cast.host).status == SignatoryStatus.SIGNED_OUTSIDE


def test_a_non_pdf_upload_is_refused_on_the_form(cast, login):
    _setup, envelope = sent_memorandum(cast)
    response = login(cast.coordinator).post(
        _outside_url(envelope, cast.host),
        _outside_form(scan=scan_file(b"MZ\x90\x00 an executable", "scan.pdf"), place="Vejle"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not a PDF" in page
    assert 'value="Vejle"' in page
    assert not Signature.objects.exists()


def test_a_too_large_upload_is_refused_on_the_form(cast, login, settings):
    settings.SIGNING_SCAN_MAX_BYTES = 64
    _setup, envelope = sent_memorandum(cast)
    response = login(cast.coordinator).post(
        _outside_url(envelope, cast.host), _outside_form(scan=scan_file(PDF_BYTES * 4))
    )
    assert response.status_code == 400
    assert "largest accepted" in response.content.decode()


def test_a_partner_who_does_not_coordinate_cannot_record_paper_signatures(cast, login):
    _setup, envelope = sent_memorandum(cast)
    client = login(cast.host)
    assert client.get(_outside_url(envelope, cast.coordinator)).status_code == 404
    assert client.post(_outside_url(envelope, cast.coordinator), _outside_form()).status_code == 404
    assert not Signature.objects.exists()


def test_the_scan_is_downloaded_as_a_pdf_attachment_that_is_never_sniffed(cast, login):
    _setup, envelope = sent_memorandum(cast)
    login(cast.coordinator).post(_outside_url(envelope, cast.host), _outside_form())
    url = reverse("signature_scan", args=[envelope.pk, slot_of(envelope, cast.host).pk])
    response = login(cast.host).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_there_is_no_scan_of_an_online_signature(cast, login):
    _setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.host)
    url = reverse("signature_scan", args=[envelope.pk, slot_of(envelope, cast.host).pk])
    assert login(cast.host).get(url).status_code == 404


def test_the_coordinator_withdraws_with_a_reason(cast, login):
    setup, envelope = sent_memorandum(cast)
    url = reverse("envelope_withdraw", args=[envelope.pk])
    client = login(cast.coordinator)
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Wrong dates."}).status_code == 302
    envelope.refresh_from_db()
    setup.memorandum.refresh_from_db()
    assert envelope.status == EnvelopeStatus.WITHDRAWN
    assert setup.memorandum.status == MemorandumStatus.DRAFT


def test_a_partner_who_does_not_coordinate_cannot_withdraw(cast, login):
    _setup, envelope = sent_memorandum(cast)
    url = reverse("envelope_withdraw", args=[envelope.pk])
    assert login(cast.host).post(url, {"reason": "Mine."}).status_code == 404
    envelope.refresh_from_db()
    assert envelope.status == EnvelopeStatus.OUT


def test_every_download_of_the_same_state_is_the_same_file(cast, login):
    _setup, envelope = sent_memorandum(cast)
    client = login(cast.host)
    url = reverse("envelope_pdf", args=[envelope.pk])
    first = client.get(url + "?lang=en")
    second = login(cast.coordinator).get(url + "?lang=en")
    assert first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    assert IssuedCopy.objects.count() == 1
    sign_as(envelope, cast.host)
    third = client.get(url + "?lang=en")
    assert third.content != first.content
    assert IssuedCopy.objects.count() == 2


def test_the_waiting_list_shows_the_readers_pending_signatures(
    cast, login, django_assert_max_num_queries
):
    _setup, envelope = sent_memorandum(cast)
    three_party_envelope(cast)
    client = login(cast.host)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("signature_waiting"))
    page = response.content.decode()
    assert page.count('data-slot="') == 2
    assert _sign_url(envelope, cast.host) in page
    sign_as(envelope, cast.host)
    assert (
        login(cast.host).get(reverse("signature_waiting")).content.decode().count('data-slot="')
        == 1
    )


def test_the_waiting_list_of_someone_asked_nothing_is_empty(cast, login):
    sent_memorandum(cast)
    page = login(cast.outsider).get(reverse("signature_waiting")).content.decode()
    assert 'data-slot="' not in page
    assert "Nothing waits for your signature" in page


VIEWS: dict[str, Callable[[Envelope, Any], list[Any]]] = {
    "envelope_detail": lambda envelope, cast: [envelope.pk],
    "envelope_pdf": lambda envelope, cast: [envelope.pk],
    "envelope_withdraw": lambda envelope, cast: [envelope.pk],
    "signature_sign": lambda envelope, cast: [envelope.pk, slot_of(envelope, cast.host).pk],
    "signature_decline": lambda envelope, cast: [envelope.pk, slot_of(envelope, cast.host).pk],
    "signature_outside": lambda envelope, cast: [envelope.pk, slot_of(envelope, cast.host).pk],
    "signature_scan": lambda envelope, cast: [envelope.pk, slot_of(envelope, cast.host).pk],
}


@pytest.mark.parametrize("url_name", sorted(VIEWS))
@pytest.mark.parametrize("who", ["outsider", "learner"])
def test_outsiders_and_learners_are_refused_every_signing_view(cast, login, url_name, who):
    _setup, envelope = sent_memorandum(cast)
    login(cast.coordinator).post(
        reverse("signature_outside", args=[envelope.pk, slot_of(envelope, cast.host).pk]),
        _outside_form(),
    )
    url = reverse(url_name, args=VIEWS[url_name](envelope, cast))
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "password": PASSWORD}).status_code == 404
    envelope.refresh_from_db()
    assert envelope.status == EnvelopeStatus.OUT


def test_signing_views_need_a_login(cast, client):
    _setup, envelope = sent_memorandum(cast)
    response = client.get(reverse("envelope_detail", args=[envelope.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]
