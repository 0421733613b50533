"""The transcript of records as a PDF, read back: every field it states, in English and in
Latvian, the not-achieved outcome with its reason and re-assessment, the host's signature
with its hash and the verification code; a draft marked as such."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.assessments.services import assessment_record
from ecvet.documents.tests.reading import normalise, pdf_text
from ecvet.signing.models import IssuedCopy
from ecvet.signing.selectors import verify_pdf
from ecvet.transcripts.services import transcript_amend
from ecvet.transcripts.tests.setup import REASON, TEXTS, prepared_transcript, signed_transcript

pytestmark = pytest.mark.django_db

COMMON = [
    "Roberts Bērziņš",
    "Sending VET school",
    "Host VET school",
    "Host carpentry",
    "Vesterbro 12, 9000 Aalborg",
    "Havnegade 3, 9000 Aalborg",
    "Lars Hansen",
    "mentor@example.org",
    "Aalborg",
    "Neat and careful work.",
    REASON,
]
ENGLISH = [
    *COMMON,
    "Transcript of Records",
    "Document number",
    "Date of birth",
    "March 14, 2005",
    "Qualification pursued",
    "Carpenter · EQF level 3",
    "Sending institution",
    "Latvia",
    "Host institution",
    "Denmark",
    "Host company (workplace)",
    "Mentor",
    "from April 5, 2027 to April 30, 2027",
    "Aalborg, Denmark",
    "Learning Agreement",
    "Repair or Rebuilding jobs",
    "EQF level 4",
    "Workload: 40 hours",
    "ECVET points: 3",
    "Achievement: 67%",
    "3 learning outcomes",
    "Achieved: 2",
    "Partly achieved: 0",
    "Not achieved: 1",
    "Not assessed: 0",
    "Knowledge",
    "Skills",
    "Competence",
    "Wooden materials",
    "Names the parts of a door",
    "Makes a mortise and tenon joint",
    "Works safely on their own",
    "Method used: Observation at work",
    "Method used: Product or piece of work",
    "Method used: Practical task",
    "Date: April 19, 2027",
    "Assessor: Lars Hansen",
    "Reason:",
    "Re-assessment planned on: June 15, 2027",
]
LATVIAN = [
    *COMMON,
    "Sekmju izraksts",
    "Dokumenta numurs",
    "Dzimšanas datums",
    "2005. gada 14. marts",
    "Iegūstamā kvalifikācija",
    "Galdnieks · EKI līmenis 3",
    "Nosūtošā institūcija",
    "Latvija",
    "Uzņemošā institūcija",
    "Dānija",
    "Uzņemošais uzņēmums (darbavieta)",
    "Mentors",
    "no 2027. gada 5. aprīlis līdz 2027. gada 30. aprīlis",
    "Aalborg, Dānija",
    "Mācību līgums",
    "Repair or Rebuilding jobs (lv)",
    "EKI līmenis 4",
    "Darba slodze: 40 stundas",
    "ECVET kredītpunkti: 3",
    "Sasniegtais: 67%",
    "3 mācīšanās rezultāti",
    "Sasniegts: 2",
    "Daļēji sasniegts: 0",
    "Nav sasniegts: 1",
    "Nav novērtēts: 0",
    "Zināšanas",
    "Prasmes",
    "Kompetence",
    "Koka materiāli",
    "Nosauc durvju daļas",
    "Izgatavo tapas savienojumu",
    "Strādā droši patstāvīgi",
    "Izmantotais veids: Novērošana darbā",
    "Izmantotais veids: Izstrādājums vai paveiktais darbs",
    "Izmantotais veids: Praktisks uzdevums",
    "Datums: 2027. gada 19. aprīlis",
    "Vērtētājs: Lars Hansen",
    "Iemesls:",
    "Atkārtota novērtēšana plānota: 2027. gada 15. jūnijs",
]


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def _pdf(client: Any, mobility: Any, lang: str, number: int = 1) -> bytes:
    url = reverse("transcript_pdf", args=[mobility.pk, number]) + f"?lang={lang}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.mark.parametrize(("lang", "expected"), [("en", ENGLISH), ("lv", LATVIAN)])
def test_the_signed_pdf_states_every_field_and_the_hosts_signature(cast, login, lang, expected):
    signed = signed_transcript(cast)
    data = _pdf(login(cast.learner), signed.mobility, lang)
    text = pdf_text(data)
    for item in expected:
        assert normalise(item) in text, item
    assert f"TOR-{signed.mobility.pk}-1" in text
    agreement = signed.mobility.agreements.get()
    assert agreement.envelope is not None
    assert agreement.envelope.code in text
    assert signed.envelope.code in text
    assert signed.envelope.content_hash in text
    signature = signed.envelope.signatures.get()
    assert signature.content_hash in text
    assert "Lars Hansen, Mentor" in text
    assert "DRAFT" not in text
    assert "MELNRAKSTS" not in text
    # The issued copy: the verify page knows this very file.
    assert verify_pdf(data).genuine
    assert IssuedCopy.objects.filter(envelope=signed.envelope, language=lang).count() == 1


@pytest.mark.parametrize(("lang", "result"), [("en", "Not achieved"), ("lv", "Nav sasniegts")])
def test_the_not_achieved_outcome_is_printed_with_its_reason(cast, login, lang, result):
    signed = signed_transcript(cast)
    text = pdf_text(_pdf(login(cast.coordinator), signed.mobility, lang))
    row = text.split(TEXTS[1][lang])[1]
    assert row.lstrip().startswith(result)
    assert normalise(REASON) in row


def test_every_download_of_the_same_state_is_the_same_file(cast, login):
    signed = signed_transcript(cast)
    client = login(cast.mentor)
    assert _pdf(client, signed.mobility, "lv") == _pdf(client, signed.mobility, "lv")


@pytest.mark.parametrize(("lang", "mark"), [("en", "DRAFT — not signed"), ("lv", "MELNRAKSTS")])
def test_a_drafts_pdf_is_marked_and_not_verifiable(cast, login, lang, mark):
    assessed, _transcript = prepared_transcript(cast, answered=2)
    data = _pdf(login(cast.mentor), assessed.mobility, lang)
    text = pdf_text(data)
    assert mark in text
    assert not verify_pdf(data).genuine
    assert ("No answer recorded yet" if lang == "en" else "Novērtējums vēl nav ierakstīts") in text


def test_an_amendments_pdf_says_what_it_replaces_and_why(cast, login):
    signed = signed_transcript(cast)
    assessment_record(
        actor=cast.mentor,
        mobility=signed.mobility,
        outcome=signed.assessed.not_achieved,
        result="achieved",
    )
    transcript_amend(actor=cast.mentor, mobility=signed.mobility, reason="Finished in May.")
    text = pdf_text(_pdf(login(cast.mentor), signed.mobility, "en", number=2))
    assert "This amendment replaces version 1 of this transcript." in text
    assert "Finished in May." in text
    assert f"TOR-{signed.mobility.pk}-2" in text
