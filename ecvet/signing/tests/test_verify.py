"""The public verify pages: by code (or QR), and by uploading the PDF itself."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from weasyprint import HTML

from ecvet.partnerships.tests.factories import sent_memorandum
from ecvet.signing.tests.helpers import sign_as

pytestmark = pytest.mark.django_db


def _issued_pdf(login, user, envelope, lang: str = "en") -> bytes:
    response = login(user).get(reverse("envelope_pdf", args=[envelope.pk]) + f"?lang={lang}")
    assert response.status_code == 200
    return response.content


def _upload(client, data: bytes):
    return client.post(
        reverse("verify"),
        {"document": SimpleUploadedFile("mou.pdf", data, content_type="application/pdf")},
    )


def test_the_verify_page_works_logged_out(client):
    response = client.get(reverse("verify"))
    assert response.status_code == 200
    assert "Verify a document" in response.content.decode()


def test_a_genuine_issued_pdf_is_confirmed(cast, login, client):
    _setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.host)
    data = _issued_pdf(login, cast.coordinator, envelope)
    response = _upload(client, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-verification="genuine"' in page
    assert "genuine copy of “Memorandum of Understanding: Carpenters LV-DK”" in page
    assert envelope.content_hash in page
    assert "Mette Nielsen" in page
    assert "Nothing has changed since this copy was issued" in page


def test_a_genuine_copy_says_when_the_document_moved_on_since_it_was_issued(cast, login, client):
    _setup, envelope = sent_memorandum(cast)
    data = _issued_pdf(login, cast.coordinator, envelope)
    sign_as(envelope, cast.host)
    sign_as(envelope, cast.coordinator)
    page = _upload(client, data).content.decode()
    assert 'data-verification="genuine"' in page
    assert "Since this copy was issued" in page
    assert "Signed by everyone" in page


def test_the_same_pdf_with_one_changed_byte_is_rejected(cast, login, client):
    _setup, envelope = sent_memorandum(cast)
    data = bytearray(_issued_pdf(login, cast.coordinator, envelope))
    middle = len(data) // 2
    data[middle] ^= 0x01
    page = _upload(client, bytes(data)).content.decode()
    assert 'data-verification="genuine"' not in page
    assert "Genuine copy" not in page


def test_a_changed_copy_that_still_names_its_code_is_called_not_ours(cast, login, client):
    _setup, envelope = sent_memorandum(cast)
    data = _issued_pdf(login, cast.coordinator, envelope) + b"\n% edited\n"
    page = _upload(client, data).content.decode()
    assert 'data-verification="altered"' in page
    assert "This file is NOT a copy we issued" in page
    assert reverse("verify_code", args=[envelope.code]) in page


def test_a_pdf_we_never_issued_is_unknown(cast, client):
    sent_memorandum(cast)
    data = HTML(string="<p>An unrelated letter.</p>").write_pdf()
    page = _upload(client, data).content.decode()
    assert 'data-verification="unknown"' in page
    assert "Unknown document" in page


def test_an_upload_larger_than_the_limit_is_refused(client, settings):
    settings.SIGNING_SCAN_MAX_BYTES = 10
    response = _upload(client, b"%PDF-1.4 " + b"x" * 100)
    assert response.status_code == 400
    assert "too large" in response.content.decode()


def test_a_typed_code_opens_its_record_whatever_its_case(cast, client):
    _setup, envelope = sent_memorandum(cast)
    response = client.get(reverse("verify"), {"code": envelope.code.lower().replace("-", " ")})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify_code", args=[envelope.code])


def test_a_typed_unknown_code_is_a_form_error(client, db):
    response = client.get(reverse("verify"), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 200
    assert "No document has this code" in response.content.decode()


def test_the_code_page_shows_the_signatures_but_nothing_private(cast, client):
    _setup, envelope = sent_memorandum(cast)
    signature = sign_as(envelope, cast.host, place="Aarhus").signature
    response = client.get(reverse("verify_code", args=[envelope.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Memorandum of Understanding: Carpenters LV-DK" in page
    assert envelope.content_hash in page
    assert signature.content_hash in page
    assert "Mette Nielsen" in page
    assert "Host VET school" in page
    assert "Ilze Kalniņa" in page  # still to sign, as the copy prints it
    assert "<svg" in page  # the QR code of this page
    assert cast.host.email not in page
    assert cast.coordinator.email not in page
    assert "signature_scan" not in page
    assert "/scan/" not in page


def test_an_unknown_code_is_a_friendly_404(client, db):
    response = client.get(reverse("verify_code", args=["AAAA-BBBB-CCCC"]))
    assert response.status_code == 404
    assert "No document has the code" in response.content.decode()


def test_the_code_page_queries_do_not_grow_with_signatures(
    cast, client, django_assert_max_num_queries
):
    _setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.host)
    sign_as(envelope, cast.coordinator)
    with django_assert_max_num_queries(6):
        client.get(reverse("verify_code", args=[envelope.code]))
