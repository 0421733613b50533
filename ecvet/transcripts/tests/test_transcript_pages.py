"""The transcript's screens: the document in English or Latvian with every outcome and its
result, preparing it, sending it with the signer chosen, its signature and its amendment."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.assessments.services import assessment_record
from ecvet.mobilities.models import AssessmentMethod
from ecvet.mobilities.tests.setup import mobility_for
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.signing.models import Envelope
from ecvet.signing.services import content_hash
from ecvet.transcripts.content import transcript_content
from ecvet.transcripts.models import Transcript, TranscriptStatus
from ecvet.transcripts.tests.setup import (
    REASON,
    assessed_mobility,
    prepared_transcript,
    signed_transcript,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def _detail(mobility: Any, number: int = 1) -> str:
    return reverse("transcript_detail", args=[mobility.pk, number])


def _send(mobility: Any, number: int = 1) -> str:
    return reverse("transcript_send", args=[mobility.pk, number])


# --- the document ---


@pytest.mark.parametrize("who", ["mentor", "host", "coordinator", "teacher", "learner"])
def test_whoever_sees_the_mobility_reads_its_transcript(cast, login, who):
    assessed, _transcript = prepared_transcript(cast)
    response = login(getattr(cast, who)).get(_detail(assessed.mobility) + "?lang=en")
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Transcript of Records",
        f"TOR-{assessed.mobility.pk}-1",
        "Roberts Bērziņš",
        "March 14, 2005",
        "Carpenter",
        "Host VET school",
        "Havnegade 3, 9000 Aalborg",
        "Lars Hansen",
        "from April 5, 2027 to April 30, 2027",
        "Aalborg, Denmark",
        "Repair or Rebuilding jobs",
        "Names the parts of a door",
        "Wooden materials",
        "Not achieved",
        REASON,
        "June 15, 2027",
        "Observation at work",
        "Neat and careful work.",
    ):
        assert text in page, text
    assert 'data-banner="draft"' in page
    assert page.count('data-result="not_achieved"') == 1


@pytest.mark.parametrize(
    ("who", "can_send"),
    [("mentor", True), ("host", True), ("learner", False), ("coordinator", False)],
)
def test_only_the_host_side_sees_the_send_button(cast, login, who, can_send):
    assessed, _transcript = prepared_transcript(cast)
    page = login(getattr(cast, who)).get(_detail(assessed.mobility)).content.decode()
    assert (_send(assessed.mobility) in page) is can_send


def test_the_document_reads_in_latvian(cast, login):
    assessed, _transcript = prepared_transcript(cast)
    page = login(cast.mentor).get(_detail(assessed.mobility) + "?lang=lv").content.decode()
    for text in (
        "Nosauc durvju daļas",
        "Koka materiāli",
        "Galdnieks",
        "Dānija",
        "Nav sasniegts",
        "Sasniegts",
        "2005. gada 14. marts",
        REASON,
    ):
        assert text in page, text
    assert 'lang="lv"' in page


def test_an_unknown_document_language_is_a_404(cast, login):
    assessed, _transcript = prepared_transcript(cast)
    assert login(cast.mentor).get(_detail(assessed.mobility) + "?lang=xx").status_code == 404


def test_the_draft_says_how_many_outcomes_lack_an_answer(cast, login):
    assessed, _transcript = prepared_transcript(cast, answered=1)
    page = login(cast.mentor).get(_detail(assessed.mobility) + "?lang=en").content.decode()
    assert 'data-unanswered-count="2"' in page
    assert "2 learning outcomes have no answer yet" in page
    assert page.count("data-unanswered") == 3  # the count and the two outcomes


def test_a_version_that_does_not_exist_is_a_404(cast, login):
    assessed, _transcript = prepared_transcript(cast)
    assert login(cast.mentor).get(_detail(assessed.mobility, 2)).status_code == 404


def test_the_page_does_not_change_anything(cast, login):
    assessed, _transcript = prepared_transcript(cast)
    assert login(cast.mentor).post(_detail(assessed.mobility)).status_code == 405


def test_the_detail_page_makes_as_many_queries_however_many_outcomes(
    cast, login, django_assert_max_num_queries
):
    assessed, _transcript = prepared_transcript(cast)
    client = login(cast.mentor)
    with django_assert_max_num_queries(20) as few:
        assert client.get(_detail(assessed.mobility)).status_code == 200
    version = assessed.ongoing.unit.version
    for index in range(6):
        outcome = LearningOutcomeFactory.create(version=version, category=Category.SKILLS)
        assessment_record(
            actor=cast.mentor,
            mobility=assessed.mobility,
            outcome=outcome,
            result="achieved" if index % 2 else "not_achieved",
            method=AssessmentMethod.OBSERVATION,
            reason="" if index % 2 else "Not in time.",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_detail(assessed.mobility)).content.decode()
    assert page.count("data-outcome") == 9


def test_the_signed_page_shows_the_hosts_signature(cast, login):
    signed = signed_transcript(cast)
    page = login(cast.coordinator).get(_detail(signed.mobility)).content.decode()
    assert 'data-banner="signed"' in page
    assert f'data-envelope="{signed.envelope.code}"' in page
    assert 'data-slot-status="signed"' in page
    assert signed.envelope.content_hash in page
    assert 'data-banner="outdated"' not in page


# --- preparing ---


def _prepare(mobility: Any) -> str:
    return reverse("transcript_prepare", args=[mobility.pk])


def test_before_there_is_one_the_mentor_is_offered_to_prepare_it(cast, login):
    assessed = assessed_mobility(cast)
    page = login(cast.mentor).get(_prepare(assessed.mobility)).content.decode()
    assert 'data-transcript="none"' in page
    assert "Prepare the transcript" in page
    learners = login(cast.learner).get(_prepare(assessed.mobility)).content.decode()
    assert "Prepare the transcript" not in learners
    assert 'data-reason="host"' in learners


def test_the_mentor_prepares_it_and_lands_on_the_draft(cast, login):
    assessed = assessed_mobility(cast)
    client = login(cast.mentor)
    response = client.post(_prepare(assessed.mobility))
    assert response.status_code == 302
    assert response["Location"] == _detail(assessed.mobility)
    assert Transcript.objects.filter(mobility=assessed.mobility).count() == 1
    # Once it exists, the transcript's address leads to its latest version.
    again = client.get(_prepare(assessed.mobility))
    assert again["Location"] == _detail(assessed.mobility)


def test_the_sending_school_does_not_prepare_the_hosts_transcript(cast, login):
    assessed = assessed_mobility(cast)
    assert login(cast.coordinator).post(_prepare(assessed.mobility)).status_code == 404
    assert not Transcript.objects.exists()


def test_a_planned_mobility_has_no_transcript_yet(cast, login):
    setup = mobility_for(cast)
    client = login(cast.mentor)
    page = client.get(_prepare(setup.mobility)).content.decode()
    assert 'data-reason="agreement"' in page
    response = client.post(_prepare(setup.mobility), follow=True)
    assert "ongoing or completed" in response.content.decode()
    assert not Transcript.objects.exists()


# --- sending ---


def _send_data(transcript: Transcript, signer: Any) -> dict[str, Any]:
    return {
        "signer": signer.pk,
        "revision": transcript.revision,
        "seen_hash": content_hash(transcript_content(transcript)),
    }


def test_the_send_page_offers_the_mentor_first_and_the_hosts_people(cast, login):
    assessed, _transcript = prepared_transcript(cast)
    response = login(cast.mentor).get(_send(assessed.mobility))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{cast.mentor.pk}" selected>' in page
    assert f'<option value="{cast.host.pk}">' in page
    assert f'<option value="{cast.coordinator.pk}"' not in page
    assert "Every learning outcome has a result." in page


def test_the_mentor_sends_it_to_the_host_coordinator_to_sign(cast, login):
    assessed, transcript = prepared_transcript(cast)
    response = login(cast.mentor).post(_send(assessed.mobility), _send_data(transcript, cast.host))
    assert response.status_code == 302
    transcript.refresh_from_db()
    assert transcript.status == TranscriptStatus.OUT
    assert transcript.envelope is not None
    assert transcript.envelope.signatories.get().user == cast.host
    page = login(cast.host).get(_detail(assessed.mobility)).content.decode()
    assert 'data-banner="out"' in page
    assert "data-my-slot" in page


def test_sending_with_outcomes_unanswered_is_refused_and_says_how_many(cast, login):
    assessed, transcript = prepared_transcript(cast, answered=2)
    response = login(cast.mentor).post(
        _send(assessed.mobility), _send_data(transcript, cast.mentor)
    )
    assert response.status_code == 400
    assert "1 learning outcome has no answer yet" in response.content.decode()
    transcript.refresh_from_db()
    assert transcript.status == TranscriptStatus.DRAFT


def test_a_result_changed_while_reviewing_sends_nothing_and_keeps_the_signer(cast, login):
    assessed, transcript = prepared_transcript(cast)
    data = _send_data(transcript, cast.host)
    assessment_record(
        actor=cast.mentor,
        mobility=assessed.mobility,
        outcome=assessed.outcomes[0],
        result="partly_achieved",
        reason="Only the frame.",
    )
    response = login(cast.mentor).post(_send(assessed.mobility), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "nothing was sent" in page
    assert f'<option value="{cast.host.pk}" selected>' in page
    assert "Only the frame." in page
    assert not Envelope.objects.filter(kind="transcript").exists()


@pytest.mark.parametrize("who", ["learner", "coordinator", "teacher"])
def test_the_send_page_is_the_host_sides(cast, login, who):
    assessed, transcript = prepared_transcript(cast)
    client = login(getattr(cast, who))
    assert client.get(_send(assessed.mobility)).status_code == 404
    assert (
        client.post(_send(assessed.mobility), _send_data(transcript, cast.mentor)).status_code
        == 404
    )


def test_a_sent_version_is_not_sent_again_from_its_page(cast, login):
    signed = signed_transcript(cast)
    response = login(cast.mentor).get(_send(signed.mobility))
    assert response.status_code == 302


# --- amending ---


def _change_a_result(cast: Any, signed: Any) -> None:
    assessment_record(
        actor=cast.mentor,
        mobility=signed.mobility,
        outcome=signed.assessed.not_achieved,
        result="achieved",
        method=AssessmentMethod.PRODUCT,
        comment="Re-assessed: the door is finished.",
    )


def test_a_changed_result_is_flagged_and_an_amendment_started_from_the_page(cast, login):
    signed = signed_transcript(cast)
    _change_a_result(cast, signed)
    client = login(cast.mentor)
    page = client.get(_detail(signed.mobility)).content.decode()
    assert 'data-banner="outdated"' in page
    assert reverse("transcript_amend", args=[signed.mobility.pk]) in page
    response = client.post(
        reverse("transcript_amend", args=[signed.mobility.pk]),
        {"reason": "The door was finished later."},
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(signed.mobility, 2)
    draft = client.get(_detail(signed.mobility, 2)).content.decode()
    assert "The door was finished later." in draft
    assert "Re-assessed: the door is finished." in draft
    assert 'data-result="not_achieved"' not in draft


def test_the_learner_sees_the_flag_but_no_amendment_form(cast, login):
    signed = signed_transcript(cast)
    _change_a_result(cast, signed)
    page = login(cast.learner).get(_detail(signed.mobility)).content.decode()
    assert 'data-banner="outdated"' in page
    assert reverse("transcript_amend", args=[signed.mobility.pk]) not in page


def test_an_amendment_without_a_reason_keeps_the_form_and_says_why(cast, login):
    signed = signed_transcript(cast)
    _change_a_result(cast, signed)
    response = login(cast.mentor).post(
        reverse("transcript_amend", args=[signed.mobility.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Transcript.objects.filter(mobility=signed.mobility).count() == 1


def test_amending_is_a_post_of_the_host_side(cast, login):
    signed = signed_transcript(cast)
    _change_a_result(cast, signed)
    url = reverse("transcript_amend", args=[signed.mobility.pk])
    assert login(cast.mentor).get(url).status_code == 405
    assert login(cast.coordinator).post(url, {"reason": "x"}).status_code == 404
    assert login(cast.learner).post(url, {"reason": "x"}).status_code == 404
    assert Transcript.objects.filter(mobility=signed.mobility).count() == 1
