"""The Learning Agreement as a PDF: a draft drawn live and marked, or the issued copy of what
was sent, with the three signatures and their hashes, in English, Latvian or both side by
side."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.documents.tests.reading import normalise, pdf_text
from ecvet.mobilities.services.agreements import agreement_send
from ecvet.mobilities.tests.setup import MobilitySetup, mobility_for, sent_agreement
from ecvet.mobilities.tests.test_agreement_pages import ENGLISH, LATVIAN, rich_mobility
from ecvet.signing.models import IssuedCopy, Signature
from ecvet.signing.selectors import verify_pdf
from ecvet.signing.services import signature_sign

pytestmark = pytest.mark.django_db


def _pdf(client: Any, setup: MobilitySetup, lang: str, number: int = 1) -> bytes:
    response = client.get(
        reverse("agreement_pdf", args=[setup.mobility.pk, number]) + f"?lang={lang}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _signed_by_all_three(cast: Any) -> tuple[MobilitySetup, Any]:
    setup = rich_mobility(cast)
    envelope = agreement_send(actor=cast.coordinator, agreement=setup.agreement)
    for user, place in ((cast.coordinator, "Rīga"), (cast.mentor, "Aalborg"), (cast.learner, "")):
        signature_sign(
            envelope=envelope,
            signatory=envelope.signatories.get(user=user),
            user=user,
            password=PASSWORD,
            place=place,
        )
    setup.agreement.refresh_from_db()
    return setup, envelope


def test_a_drafts_pdf_is_marked_as_not_for_signature(cast, login):
    setup = rich_mobility(cast)
    data = _pdf(login(cast.coordinator), setup, "en")
    text = pdf_text(data)
    assert "DRAFT — not for signature" in text
    for expected in ENGLISH:
        assert normalise(expected) in text, expected
    assert not verify_pdf(data).genuine


def test_a_drafts_pdf_reads_in_latvian(cast, login):
    setup = rich_mobility(cast)
    text = pdf_text(_pdf(login(cast.coordinator), setup, "lv"))
    for expected in LATVIAN:
        assert normalise(expected) in text, expected


@pytest.mark.parametrize(("lang", "expected"), [("en", ENGLISH), ("lv", LATVIAN)])
def test_the_signed_pdf_states_every_field_and_all_three_signatures_with_their_hashes(
    cast, login, lang, expected
):
    setup, envelope = _signed_by_all_three(cast)
    assert setup.agreement.status == "signed"
    text = pdf_text(_pdf(login(cast.learner), setup, lang))
    for item in expected:
        assert normalise(item) in text, item
    assert "DRAFT" not in text
    assert envelope.code in text
    assert envelope.content_hash in text
    signatures = Signature.objects.filter(envelope=envelope)
    assert signatures.count() == 3
    for signature in signatures:
        assert signature.content_hash in text
        assert signature.signer_name in text
    for name in ("Ilze Kalniņa", "Lars Hansen", "Roberts Bērziņš"):
        assert name in text
    assert "Aalborg" in text
    assert settings.SITE_URL + reverse("verify_code", args=[envelope.code]) in text


def test_both_languages_side_by_side_in_one_pdf(cast, login):
    setup, envelope = _signed_by_all_three(cast)
    data = _pdf(login(cast.mentor), setup, "both")
    text = pdf_text(data)
    for item in ("Name the parts of a door", "Nosauc durvju daļas", "Denmark", "Dānija"):
        assert normalise(item) in text, item
    for signature in Signature.objects.filter(envelope=envelope):
        assert signature.content_hash in text
    assert IssuedCopy.objects.filter(envelope=envelope, language="both").exists()
    assert verify_pdf(data).genuine


def test_a_pdf_sent_for_signature_is_the_issued_copy_the_verify_page_recognises(cast, login):
    setup, envelope = sent_agreement(cast)
    first = _pdf(login(cast.coordinator), setup, "lv")
    again = _pdf(login(cast.learner), setup, "lv")
    assert first == again
    found = verify_pdf(first)
    assert found.genuine
    assert found.envelope == envelope


def test_the_draft_pdf_of_a_plan_without_units_still_renders(cast, login):
    setup = mobility_for(cast, planned=False)
    text = pdf_text(_pdf(login(cast.coordinator), setup, "both"))
    assert "DRAFT — not for signature" in text
