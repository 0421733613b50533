"""The MoU as a PDF: a draft drawn live and marked, or the issued copy of what was sent, with
every signature and its hash, in English or Latvian."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.documents.tests.reading import normalise, pdf_text
from ecvet.partnerships.tests.factories import partnership_for, sent_memorandum
from ecvet.signing.models import Signature
from ecvet.signing.selectors import verify_pdf
from ecvet.signing.services import signature_sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf(client, setup, lang: str) -> bytes:
    response = client.get(
        reverse("memorandum_pdf", args=[setup.partnership.pk, setup.memorandum.number])
        + f"?lang={lang}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _signed(cast):
    setup, envelope = sent_memorandum(cast)
    for user, place in ((cast.host, "Aarhus"), (cast.coordinator, "Rīga")):
        signature_sign(
            envelope=envelope,
            signatory=envelope.signatories.get(user=user),
            user=user,
            password=PASSWORD,
            place=place,
        )
    return setup, envelope


COMMON = [
    "Carpenters LV-DK",
    "Sending VET school",
    "Host VET school",
    "E10000001",
    "E10000002",
    "Ilze Kalniņa",
    "Mette Nielsen",
    "Director",
]
ENGLISH = [
    *COMMON,
    "Memorandum of Understanding",
    "to agree on the units of learning outcomes relevant to the mobility",
    "Exchange carpentry learners every spring.",
    "Latvia",
    "Denmark",
    "Finds placements and assesses.",
    "Repair or Rebuilding jobs",
    "The mentor observes the learner at work.",
    "Transcript of records and Europass Mobility.",
    "Credited as the practical placement.",
    "2 weeks",
    "12 weeks",
    "Reviewed every June.",
    "Jan. 1, 2026",
    "Dec. 31, 2028",
]
LATVIAN = [
    *COMMON,
    "Apmainīties ar audzēkņiem.",
    "Latvija",
    "Dānija",
    "Atrod prakses vietas.",
    "Repair or Rebuilding jobs (lv)",
    "Mentors novēro darbu.",
    "Sekmju izraksts un Europass mobilitāte.",
    "Ieskaita kā praksi.",
    "Pārskata katru jūniju.",
]


def test_a_drafts_pdf_is_marked_as_not_for_signature(cast, login):
    setup = partnership_for(cast)
    text = pdf_text(_pdf(login(cast.coordinator), setup, "en"))
    assert "DRAFT — not for signature" in text
    for expected in ENGLISH:
        assert normalise(expected) in text, expected


@pytest.mark.parametrize(("lang", "expected"), [("en", ENGLISH), ("lv", LATVIAN)])
def test_the_signed_pdf_states_every_field_and_both_signatures_with_their_hashes(
    cast, login, lang, expected
):
    setup, envelope = _signed(cast)
    setup.memorandum.refresh_from_db()
    text = pdf_text(_pdf(login(cast.host), setup, lang))
    for item in expected:
        assert normalise(item) in text, item
    assert "DRAFT" not in text
    assert envelope.code in text
    assert envelope.content_hash in text
    for signature in Signature.objects.filter(envelope=envelope):
        assert signature.content_hash in text
        assert signature.signer_name in text
    assert "Aarhus" in text
    assert settings.SITE_URL + reverse("verify_code", args=[envelope.code]) in text


def test_a_pdf_sent_for_signature_is_the_issued_copy_the_verify_page_recognises(cast, login):
    setup, envelope = sent_memorandum(cast)
    setup.memorandum.refresh_from_db()
    first = _pdf(login(cast.coordinator), setup, "lv")
    again = _pdf(login(cast.host), setup, "lv")
    assert first == again
    found = verify_pdf(first)
    assert found.genuine
    assert found.envelope == envelope
    text = pdf_text(first)
    assert "Not signed yet" in text or "Vēl nav parakstīts" in text


def test_a_drafts_pdf_is_not_an_issued_copy(cast, login):
    setup = partnership_for(cast)
    data = _pdf(login(cast.coordinator), setup, "en")
    assert not verify_pdf(data).genuine
