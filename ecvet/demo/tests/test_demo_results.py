"""Dāvis, back home, has a complete record (issue 6's demo)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from ecvet.assessments.models import OutcomeResult
from ecvet.assessments.selectors import comparison
from ecvet.demo.build import build_demo
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.recognition.models import RecognitionKind

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


@pytest.fixture
def davis() -> Mobility:
    with time_machine.travel(TODAY, tick=False):
        build_demo(password="demo")
    return Mobility.objects.select_related("learner__user").get(learner__first_name="Dāvis")


def test_every_chosen_outcome_is_assessed_in_the_last_week_abroad(davis):
    assessments = list(davis.assessments.select_related("assessor"))
    assert len(assessments) == 7
    for assessment in assessments:
        assert assessment.assessor.username == "mentor"
        assert davis.start <= assessment.assessed_on <= davis.end
        assert assessment.comment


def test_one_outcome_was_not_achieved_and_says_why_with_a_reassessment_planned(davis):
    (missed,) = davis.assessments.filter(result=OutcomeResult.NOT_ACHIEVED)
    assert missed.outcome.text["en"] == "Knowledge about joints for doors."
    assert "postponed" in missed.reason
    assert missed.reassessment_planned_on > davis.end
    partly = davis.assessments.get(result=OutcomeResult.PARTLY_ACHIEVED)
    assert partly.reason


def test_a_photo_of_the_work_is_kept_as_evidence(davis):
    (photo,) = [e for a in davis.assessments.all() for e in a.evidence.all()]
    assert photo.content_type == "image/jpeg"
    assert photo.file.read(3) == b"\xff\xd8\xff"


def test_davis_assessed_himself_and_differs_from_the_mentor_on_two_outcomes(davis):
    rows = comparison(mobility=davis)
    assert len(rows) == 7
    assert all(row.learner is not None for row in rows)
    assert sorted(row.outcome.text["en"] for row in rows if row.differs) == [
        "Knowledge about joints for doors.",
        "Work accurately with tasks of joinery.",
    ]


def test_validation_carries_the_not_achieved_outcome_honestly_and_the_unit_is_recognised(davis):
    assert davis.status == MobilityStatus.RECOGNISED
    validations = {v.outcome.text["en"]: v for v in davis.validations.select_related("outcome")}
    assert len(validations) == 7
    missed = validations["Knowledge about joints for doors."]
    assert (missed.host_result, missed.matches) == (OutcomeResult.NOT_ACHIEVED, False)
    assert sum(v.matches for v in validations.values()) == 6
    (recognition,) = davis.recognitions.all()
    assert RecognitionKind.GRADE_BOOK in recognition.kinds
    assert recognition.grade == "8"
    assert RecognitionKind.EUROPASS in recognition.kinds


def test_the_host_signed_his_transcript_of_records(davis):
    from ecvet.transcripts.models import TranscriptStatus
    from ecvet.transcripts.selectors import transcript_in_force

    transcript = transcript_in_force(mobility=davis)
    assert transcript is not None
    assert transcript.status == TranscriptStatus.SIGNED
    assert transcript.envelope is not None
    (signature,) = transcript.envelope.signatures.select_related("signer")
    assert signature.signer is not None
    assert signature.signer.username == "mentor"


def test_his_europass_mobility_is_signed_by_the_host_and_a_letter_written(davis):
    from ecvet.europass.selectors import europass_latest, letters_of
    from ecvet.signing.documents import DocumentStatus

    document = europass_latest(mobility=davis)
    assert document is not None
    assert document.status == DocumentStatus.SIGNED
    assert document.europass_number.startswith("LV-")
    assert "English" in document.language_skills["en"]
    (letter,) = letters_of(mobility=davis)
    assert letter.number == 1


@pytest.mark.parametrize(
    ("lang", "outcome", "not_achieved", "acquired_heading", "missed_heading"),
    [
        (
            "en",
            "Knowledge about joints for doors.",
            "Not achieved",
            "Job-related skills and competences acquired",
            "Not achieved during the mobility",
        ),
        (
            "lv",
            "Zināšanas par durvju savienojumiem.",
            "Nav sasniegts",
            "Apgūtās ar darbu saistītās prasmes un kompetences",
            "Mobilitātes laikā nav sasniegts",
        ),
    ],
)
def test_the_outcome_not_achieved_is_carried_honestly_into_every_document(
    davis, lang, outcome, not_achieved, acquired_heading, missed_heading
):
    """Issue 6, acceptance 5: the transcript states it with its reason, the validation does
    not confirm it, and Europass Mobility lists it apart from the skills acquired."""
    from ecvet.documents.tests.reading import normalise, pdf_text
    from ecvet.europass.selectors import europass_latest
    from ecvet.signing.registry import kind_of
    from ecvet.transcripts.selectors import transcript_in_force

    transcript = transcript_in_force(mobility=davis)
    assert transcript is not None
    assert transcript.envelope is not None
    text = pdf_text(kind_of(transcript.envelope).render_pdf(transcript.envelope, lang))
    assert normalise(outcome) in text
    assert normalise(not_achieved) in text
    if lang == "en":
        assert "postponed by the owner" in text

    missed = davis.validations.get(outcome__text__en="Knowledge about joints for doors.")
    assert (missed.host_result, missed.matches) == (OutcomeResult.NOT_ACHIEVED, False)

    europass = europass_latest(mobility=davis)
    assert europass is not None
    assert europass.envelope is not None
    text = pdf_text(kind_of(europass.envelope).render_pdf(europass.envelope, lang))
    acquired, rest = text.split(normalise(acquired_heading))[1].split(normalise(missed_heading), 1)
    assert normalise(outcome) not in acquired
    assert normalise(outcome) in rest
