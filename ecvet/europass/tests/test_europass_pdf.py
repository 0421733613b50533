"""The Europass Mobility as a PDF, read back as text: every field of the template that the
system holds, in English and in Latvian; a draft is marked, a signed version is the issued
copy the verify page recognises, with the host's signature and its hash."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.documents.tests.reading import normalise, pdf_text
from ecvet.europass.models import EuropassMobility
from ecvet.europass.services.europass import europass_prepare, europass_send, europass_update
from ecvet.europass.tests.setup import NOT_ACHIEVED_REASON, Recognised, recognised_mobility
from ecvet.multilingual.text import pick
from ecvet.signing.models import Envelope
from ecvet.signing.selectors import verify_pdf
from ecvet.signing.services import signature_sign

pytestmark = pytest.mark.django_db

TEXTS: dict[str, Any] = {
    "language_skills": {"en": "Danish, basic level", "lv": "Dāņu valoda, pamatlīmenis"},
    "digital_skills": {"en": "Reads CNC cutting plans", "lv": "Lasa CNC griešanas plānus"},
    "organisational_skills": {"en": "Plans the day's work", "lv": "Plāno dienas darbu"},
    "social_skills": {"en": "Works in a team of six", "lv": "Strādā sešu cilvēku komandā"},
    "other_skills": {"en": "Drives a forklift", "lv": "Vada autoiekrāvēju"},
}


def _prepared(cast: Any) -> tuple[Recognised, EuropassMobility]:
    setup = recognised_mobility(cast)
    document = europass_prepare(actor=cast.coordinator, mobility=setup.mobility)
    document = europass_update(actor=cast.coordinator, document=document, **TEXTS)
    return setup, document


def _signed(cast: Any) -> tuple[Recognised, EuropassMobility, Envelope]:
    setup, document = _prepared(cast)
    envelope = europass_send(actor=cast.coordinator, document=document)
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(),
        user=cast.mentor,
        password=PASSWORD,
        place="Aalborg",
    )
    document.refresh_from_db()
    return setup, document, envelope


def _pdf(client: Any, document: EuropassMobility, lang: str) -> bytes:
    url = reverse("europass_pdf", args=[document.mobility_id, document.number])
    response = client.get(f"{url}?lang={lang}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def _date(day: date, lang: str) -> str:
    with translation.override(lang):
        return str(formats.date_format(day, "DATE_FORMAT"))


def _facts(setup: Recognised, document: EuropassMobility, cast: Any, lang: str) -> list[str]:
    """What the PDF must state in any language: the facts the system holds."""
    qualification = setup.mobility.learner.qualification
    assert qualification is not None
    return [
        # 1. the holder
        "Bērziņš",
        "Roberts",
        "Rīgas iela 5, Cēsis",
        _date(date(2005, 3, 14), lang),
        # 2. the issuer
        "Sending VET school",
        document.europass_number,
        _date(timezone.localdate(), lang),
        # 3. the partners, with their reference persons
        "Valmieras iela 2, LV-4101 Cēsis",
        "+371 6410 0000",
        "info@vat.lv",
        "Ilze Kalniņa",
        "International coordinator",
        "+371 2600 0001",
        "ilze@vat.lv",
        "Host carpentry",
        "Havnegade 7, 9000 Aalborg",
        "+45 9800 0000",
        "mail@hc.dk",
        "Lars Hansen",
        "Master carpenter",
        "+45 2000 0002",
        cast.mentor.email,
        "Host VET school",
        # 4. the experience
        "Carpenters LV-DK (2026-1-LV01-KA122-VET-000123456)",
        "Erasmus+",
        pick(qualification.title, lang),
        _date(date(2027, 4, 5), lang),
        _date(date(2027, 4, 30), lang),
        "Aalborg",
        # 5. the skills
        pick(setup.unit.version.name, lang),
        *(pick(o.text, lang) for o in setup.achieved),
        pick(setup.partly.text, lang),
        "Works safely",
        NOT_ACHIEVED_REASON,
        *(text[lang] for text in TEXTS.values()),
    ]


ENGLISH = [
    "Europass Mobility",
    "1. The holder of the Europass Mobility document",
    "Latvia",
    "2. The issuer of the Europass Mobility document",
    "3. The partners of the mobility experience",
    "VET school",
    "Company (employer / host company)",
    "Denmark",
    "4. Description of the Europass Mobility experience",
    "Exchange carpentry learners every spring.",
    "5. Description of skills and competences acquired during the Europass Mobility experience",
    "Repairing old doors and windows in the host's workshop",
    "Fits a door frame (partly achieved)",
    "Not achieved during the mobility: Works safely",
    "Language skills",
    "Digital skills",
    "Organisational skills",
    "Social skills",
    "Other skills",
    "Signature of the host",
]
LATVIAN = [
    "Europass mobilitātes dokuments",
    "1. Europass mobilitātes dokumenta īpašnieks",
    "Latvija",
    "2. Europass mobilitātes dokumenta izdevējs",
    "3. Mobilitātes partneri",
    "Profesionālās izglītības iestāde",
    "Uzņēmums (darba devējs / uzņemošais uzņēmums)",
    "Dānija",
    "4. Europass mobilitātes apraksts",
    "Apmainīties ar audzēkņiem.",
    "5. Europass mobilitātes laikā apgūto prasmju un kompetenču apraksts",
    "Veco durvju un logu remonts uzņēmuma darbnīcā",
    "Iestiprina durvju rāmi (daļēji sasniegts)",
    "Mobilitātes laikā nav sasniegts: Works safely",
    "Valodu prasmes",
    "Digitālās prasmes",
    "Organizatoriskās prasmes",
    "Sociālās prasmes",
    "Citas prasmes",
    "Uzņemošās puses paraksts",
]


@pytest.mark.parametrize(("lang", "labels"), [("en", ENGLISH), ("lv", LATVIAN)])
def test_the_signed_pdf_states_every_field_the_system_holds(
    cast: Any, login: Any, lang: str, labels: list[str]
) -> None:
    setup, document, envelope = _signed(cast)
    text = pdf_text(_pdf(login(cast.learner), document, lang))
    for expected in [*labels, *_facts(setup, document, cast, lang)]:
        assert normalise(expected) in text, expected
    assert "DRAFT" not in text
    assert envelope.code in text
    assert envelope.content_hash in text
    assert envelope.signatures.get().content_hash in text


@pytest.mark.parametrize(("lang", "labels"), [("en", ENGLISH), ("lv", LATVIAN)])
def test_a_drafts_pdf_is_marked_and_states_the_same_fields(
    cast: Any, login: Any, lang: str, labels: list[str]
) -> None:
    setup, document = _prepared(cast)
    data = _pdf(login(cast.coordinator), document, lang)
    text = pdf_text(data)
    for expected in [*labels[:-1], *_facts(setup, document, cast, lang)]:
        assert normalise(expected) in text, expected
    with translation.override(lang):
        assert normalise(str(translation.gettext("DRAFT — not for signature"))) in text
    assert not verify_pdf(data).genuine


def test_a_not_achieved_outcome_is_not_printed_among_the_skills_acquired(
    cast: Any, login: Any
) -> None:
    _setup, document, _envelope = _signed(cast)
    text = pdf_text(_pdf(login(cast.coordinator), document, "en"))
    acquired = text.split("Job-related skills and competences acquired")[1].split(
        "Not achieved during the mobility"
    )[0]
    assert "Names the parts of a door" in acquired
    assert "Works safely" not in acquired


def test_the_signed_pdf_is_the_issued_copy_the_verify_page_recognises(
    cast: Any, login: Any
) -> None:
    _setup, document, envelope = _signed(cast)
    first = _pdf(login(cast.coordinator), document, "lv")
    assert first == _pdf(login(cast.learner), document, "lv")
    found = verify_pdf(first)
    assert found.genuine
    assert found.envelope == envelope
