"""Recommendation letters: written by the sending school from the recognised outcomes, grouped
by unit, in English and Latvian, numbered per mobility and kept as written; on screen and as
a PDF, saying that the letter is not signed through the signing mechanism."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.audit.models import AuditEvent
from ecvet.documents.tests.reading import normalise, pdf_text
from ecvet.errors import DomainError, NotPermitted
from ecvet.europass.models import RecommendationLetter
from ecvet.europass.services.letters import letter_create
from ecvet.europass.tests.setup import recognised_mobility
from ecvet.mobilities.models import Learner
from ecvet.recognition.models import RecognitionKind
from ecvet.recognition.tests.setup import completed_mobility

pytestmark = pytest.mark.django_db


def test_a_letter_names_the_recognised_outcomes_by_unit(cast: Any) -> None:
    setup = recognised_mobility(cast)

    letter = letter_create(
        actor=cast.coordinator,
        mobility=setup.mobility,
        addressee_company="Koka Meistari SIA",
        personal_note={"en": "Roberts is punctual and careful.", "lv": "Roberts ir precīzs."},
    )

    assert (letter.number, letter.signer_name) == (1, "Ilze Kalniņa")
    assert letter.signer_institution == "Sending VET school"
    english = letter.content["texts"]["en"]
    assert english["salutation"] == "To whom it may concern"
    assert english["addressee"] == ["Koka Meistari SIA"]
    assert english["opening"].startswith(
        "Roberts Bērziņš, a learner of Sending VET school pursuing the qualification"
    )
    assert "at Host carpentry (Aalborg, Denmark)" in english["opening"]
    assert "(3.7 weeks)" in english["opening"]
    assert english["activities"] == (
        "What Roberts did there: Repairing old doors and windows in the host's workshop"
    )
    (unit,) = english["units"]
    assert unit["title"] == "Repair or Rebuilding jobs"
    assert unit["heading"] == "“Repair or Rebuilding jobs”"
    assert "Names the parts of a door" in unit["outcomes"]
    assert "Fits a door frame (partly achieved)" in unit["outcomes"]
    assert all("Works safely" not in outcome for outcome in unit["outcomes"])
    assert english["personal"] == "Roberts is punctual and careful."
    assert AuditEvent.objects.filter(action="letter.created").count() == 1


def test_the_letter_is_written_in_latvian_too(cast: Any) -> None:
    setup = recognised_mobility(cast)
    letter = letter_create(actor=cast.coordinator, mobility=setup.mobility)
    latvian = letter.content["texts"]["lv"]
    assert latvian["title"] == "Ieteikuma vēstule"
    assert latvian["salutation"] == "Visiem, kurus tas var interesēt"
    assert "Aalborg, Dānija" in latvian["opening"]
    assert latvian["units"][0]["heading"] == "„Repair or Rebuilding jobs (lv)”"
    assert "Nosauc durvju daļas" in latvian["units"][0]["outcomes"]
    assert "Iestiprina durvju rāmi (daļēji sasniegts)" in latvian["units"][0]["outcomes"]


def test_a_named_addressee_is_greeted_by_name(cast: Any) -> None:
    setup = recognised_mobility(cast)
    letter = letter_create(
        actor=cast.coordinator, mobility=setup.mobility, addressee_name="Anna Ozola"
    )
    assert letter.content["texts"]["en"]["salutation"] == "Dear Anna Ozola,"


def test_letters_are_numbered_and_keep_their_text(cast: Any) -> None:
    setup = recognised_mobility(cast)
    first = letter_create(actor=cast.coordinator, mobility=setup.mobility)
    Learner.objects.filter(pk=setup.mobility.learner_id).update(first_name="Robert")

    second = letter_create(actor=cast.coordinator, mobility=setup.mobility)

    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert first.content["texts"]["en"]["opening"].startswith("Roberts Bērziņš")
    assert second.content["texts"]["en"]["opening"].startswith("Robert Bērziņš")


@pytest.mark.parametrize("who", ["host", "mentor", "learner", "outsider"])
def test_only_the_sending_schools_coordinators_write_letters(cast: Any, who: str) -> None:
    setup = recognised_mobility(cast)
    with pytest.raises(NotPermitted):
        letter_create(actor=getattr(cast, who), mobility=setup.mobility)
    assert not RecommendationLetter.objects.exists()


def test_no_letter_before_recognition(cast: Any) -> None:
    mobility = completed_mobility(cast)
    with pytest.raises(DomainError, match="once the mobility is recognised"):
        letter_create(actor=cast.coordinator, mobility=mobility)


def test_no_letter_when_no_unit_is_recognised_as_a_recommendation(cast: Any) -> None:
    setup = recognised_mobility(cast, kinds=[RecognitionKind.EUROPASS])
    with pytest.raises(DomainError, match="recommendation letter to an employer"):
        letter_create(actor=cast.coordinator, mobility=setup.mobility)


def test_the_form_writes_a_letter_and_keeps_what_was_typed_on_error(cast: Any, login: Any) -> None:
    setup = recognised_mobility(cast)
    client = login(cast.coordinator)
    url = reverse("letter_new", args=[setup.mobility.pk])
    assert client.get(url).status_code == 200

    refused = client.post(url, {"addressee_name": "A" * 201, "personal_note_en": "Kept text"})
    assert refused.status_code == 400
    assert "Kept text" in refused.content.decode()

    response = client.post(
        url,
        {
            "addressee_name": "Anna Ozola",
            "addressee_company": "Koka Meistari SIA",
            "personal_note_en": "Punctual and careful.",
            "personal_note_lv": "Precīzs un rūpīgs.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("letter_detail", args=[setup.mobility.pk, 1])


def test_the_letter_page_says_it_is_not_signed_in_the_system(cast: Any, login: Any) -> None:
    setup = recognised_mobility(cast)
    letter_create(actor=cast.coordinator, mobility=setup.mobility, addressee_name="Anna Ozola")
    url = reverse("letter_detail", args=[setup.mobility.pk, 1])
    body = login(cast.learner).get(url + "?lang=en").content.decode()
    assert 'data-banner="not-signed"' in body
    assert "not signed through the signing mechanism" in body
    assert "Dear Anna Ozola," in body
    assert "Ilze Kalniņa" in body
    overview = login(cast.mentor).get(reverse("europass_prepare", args=[setup.mobility.pk]))
    assert 'data-letter="1"' in overview.content.decode()


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_the_letters_pdf_reads_as_written(cast: Any, login: Any, lang: str) -> None:
    setup = recognised_mobility(cast)
    letter = letter_create(
        actor=cast.coordinator,
        mobility=setup.mobility,
        addressee_name="Anna Ozola",
        addressee_company="Koka Meistari SIA",
        personal_note={"en": "Punctual and careful.", "lv": "Precīzs un rūpīgs."},
    )
    url = reverse("letter_pdf", args=[setup.mobility.pk, 1])
    response = login(cast.mentor).get(f"{url}?lang={lang}")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    stored = letter.content["texts"][lang]
    for expected in (
        stored["title"],
        "Anna Ozola",
        "Koka Meistari SIA",
        stored["salutation"],
        stored["opening"],
        stored["activities"],
        stored["units_intro"],
        stored["units"][0]["heading"],
        *stored["units"][0]["outcomes"],
        stored["personal"],
        stored["closing"],
        "Ilze Kalniņa",
        stored["signer_role"],
        stored["note"],
    ):
        assert normalise(expected) in text, expected
    assert "Works safely" not in text
