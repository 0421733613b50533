"""The transcript's life: prepared by the host from the assessments, sent once every outcome
has an answer, signed for the host (in force, the sending school told), declined or withdrawn
back to draft, and amended when the results change after signing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from ecvet.assessments.services import assessment_record
from ecvet.audit.models import AuditEvent
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted, TransitionNotAllowed
from ecvet.mobilities.models import AssessmentMethod, Mobility, MobilityStatus
from ecvet.mobilities.services.mobilities import mobility_transition
from ecvet.mobilities.tests.setup import mobility_for
from ecvet.notifications.models import Notification
from ecvet.signing.services import (
    content_hash,
    envelope_withdraw,
    signature_decline,
    signature_sign,
)
from ecvet.transcripts import selectors
from ecvet.transcripts.content import transcript_content, unanswered
from ecvet.transcripts.models import Transcript, TranscriptStatus
from ecvet.transcripts.services import transcript_amend, transcript_prepare, transcript_send
from ecvet.transcripts.tests.setup import (
    REASON,
    REASSESSMENT,
    TEXTS,
    TOPIC,
    assessed_mobility,
    prepared_transcript,
    sent_transcript,
    signed_transcript,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def _sign(envelope: Any, user: Any) -> None:
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(user=user),
        user=user,
        password=PASSWORD,
    )


# --- the content ---


def test_the_content_states_every_field_of_the_transcript(cast):
    assessed, transcript = prepared_transcript(cast)
    content = transcript_content(transcript)
    mobility = assessed.mobility
    assert content["reference"] == f"TOR-{mobility.pk}-1"
    assert (content["version"], content["amends"]) == (1, None)
    assert content["learner"]["name"] == "Roberts Bērziņš"
    assert content["learner"]["date_of_birth"] == "2005-03-14"
    assert content["sending"]["name"] == "Sending VET school"
    assert (content["host"]["name"], content["host"]["country"]) == ("Host VET school", "DK")
    assert content["host"]["address"] == ["Vesterbro 12", "9000 Aalborg"]
    assert content["host_company"]["name"] == "Host carpentry"
    assert content["host_company"]["address"] == ["Havnegade 3", "9000 Aalborg"]
    assert content["mentor"]["name"] == "Lars Hansen"
    assert content["duration"] == {"start": "2027-04-05", "end": "2027-04-30"}
    assert content["place"] == {"town": "Aalborg", "country": "DK"}
    assert content["qualification"]["title"] == {"en": "Carpenter", "lv": "Galdnieks"}
    assert content["qualification"]["eqf_level"] == 3
    agreement = mobility.agreements.get()
    assert agreement.envelope is not None
    assert content["learning_agreement"] == {"version": 1, "code": agreement.envelope.code}
    (unit,) = content["units"]
    assert unit["name"]["en"] == "Repair or Rebuilding jobs"
    assert unit["name"]["lv"] == "Repair or Rebuilding jobs (lv)"
    assert (unit["eqf_level"], unit["workload"]) == (4, "40 hours")
    assert unit["ecvet_points"].startswith("3")
    assert unit["achievement"] == {
        "outcomes": 3,
        "achieved": 2,
        "partly_achieved": 0,
        "not_achieved": 1,
        "not_assessed": 0,
        "percent": 67,
    }
    assert [o["text"] for o in unit["outcomes"]] == TEXTS
    assert [o["category"] for o in unit["outcomes"]] == ["knowledge", "skills", "competence"]
    first = unit["outcomes"][0]
    assert first["topic"] == TOPIC
    assert (first["result"], first["method"]) == ("achieved", "observation")
    assert first["assessed_on"] == assessed.assessed_on.isoformat()
    assert first["assessor"] == {"name": "Lars Hansen"}
    assert first["comment"] == "Neat and careful work."


def test_a_not_achieved_outcome_keeps_its_result_reason_and_reassessment(cast):
    _assessed, transcript = prepared_transcript(cast)
    outcome = transcript_content(transcript)["units"][0]["outcomes"][1]
    assert outcome["result"] == "not_achieved"
    assert outcome["reason"] == REASON
    assert outcome["reassessment_planned_on"] == REASSESSMENT.isoformat()
    assert outcome["method"] == "product"


def test_an_outcome_nobody_answered_reads_not_assessed_and_is_counted(cast):
    _assessed, transcript = prepared_transcript(cast, answered=1)
    content = transcript_content(transcript)
    rows = content["units"][0]["outcomes"]
    assert [(o["result"], o["answered"]) for o in rows] == [
        ("achieved", True),
        ("not_assessed", False),
        ("not_assessed", False),
    ]
    assert unanswered(content) == 2
    assert content["units"][0]["achievement"]["not_assessed"] == 2


def test_the_content_hash_is_the_same_in_every_reading_language(cast):
    from django.utils import translation

    _assessed, transcript = prepared_transcript(cast)
    hashes = set()
    for language in ("en", "lv"):
        with translation.override(language):
            hashes.add(content_hash(transcript_content(transcript)))
    assert len(hashes) == 1


# --- preparing ---


def test_the_mentor_prepares_the_draft_once(cast):
    assessed = assessed_mobility(cast)
    first = transcript_prepare(actor=cast.mentor, mobility=assessed.mobility)
    again = transcript_prepare(actor=cast.host, mobility=assessed.mobility)
    assert first.pk == again.pk
    assert (first.number, first.status) == (1, TranscriptStatus.DRAFT)
    assert AuditEvent.objects.filter(action="transcript.prepared").count() == 1


@pytest.mark.parametrize("who", ["coordinator", "teacher", "learner", "outsider"])
def test_only_the_host_side_prepares(cast, who):
    assessed = assessed_mobility(cast)
    with pytest.raises(NotPermitted):
        transcript_prepare(actor=getattr(cast, who), mobility=assessed.mobility)
    assert not Transcript.objects.exists()


def test_the_host_company_coordinator_prepares_too(cast):
    assessed = assessed_mobility(cast)
    boss = UserFactory.create()
    MembershipFactory.create(user=boss, institution=cast.host_company, role=Role.COORDINATOR)
    assert transcript_prepare(actor=boss, mobility=assessed.mobility).number == 1


def test_no_transcript_before_the_mobility_is_under_way(cast):
    setup = mobility_for(cast)
    with pytest.raises(DomainError, match="ongoing or completed"):
        transcript_prepare(actor=cast.mentor, mobility=setup.mobility)


def test_a_completed_mobility_gets_its_transcript(cast):
    assessed = assessed_mobility(cast)
    mobility_transition(actor=cast.coordinator, mobility=assessed.mobility, wanted="completed")
    mobility = Mobility.objects.get(pk=assessed.mobility.pk)
    assert mobility.status == MobilityStatus.COMPLETED
    assert transcript_prepare(actor=cast.mentor, mobility=mobility).number == 1


# --- sending ---


def test_sending_is_refused_while_outcomes_lack_an_answer(cast):
    _assessed, transcript = prepared_transcript(cast, answered=1)
    with pytest.raises(DomainError, match="2 learning outcomes have no answer yet"):
        transcript_send(actor=cast.mentor, transcript=transcript)
    transcript.refresh_from_db()
    assert (transcript.status, transcript.envelope_id) == (TranscriptStatus.DRAFT, None)


def test_a_recorded_not_assessed_is_an_answer(cast):
    assessed, transcript = prepared_transcript(cast, answered=2)
    assessment_record(
        actor=cast.mentor,
        mobility=assessed.mobility,
        outcome=assessed.outcomes[2],
        result="not_assessed",
        comment="No work of this kind at the host.",
    )
    envelope = transcript_send(actor=cast.mentor, transcript=transcript)
    row = envelope.content["units"][0]["outcomes"][2]
    assert (row["result"], row["answered"]) == ("not_assessed", True)


def test_sending_freezes_the_content_and_asks_the_mentor_to_sign(cast):
    _assessed, transcript, envelope = sent_transcript(cast)
    assert transcript.status == TranscriptStatus.OUT
    assert transcript.envelope_id == envelope.pk
    assert envelope.kind == "transcript"
    assert envelope.content_hash == content_hash(envelope.content)
    (slot,) = envelope.signatories.all()
    assert (slot.user, slot.party, slot.job_title) == (cast.mentor, "host", "Mentor")
    assert slot.institution_id == cast.host_company.pk
    assert envelope.title["en"].startswith("Transcript of Records: Roberts Bērziņš")
    assert Notification.objects.filter(recipient=cast.mentor, kind="signature.requested").exists()


def test_another_person_of_the_host_may_be_chosen_to_sign(cast):
    _assessed, transcript = prepared_transcript(cast)
    envelope = transcript_send(actor=cast.mentor, transcript=transcript, signer=cast.host)
    (slot,) = envelope.signatories.all()
    assert (slot.user, slot.institution_id) == (cast.host, cast.host_school.pk)
    assert slot.job_title == "Coordinator"


@pytest.mark.parametrize("who", ["coordinator", "learner", "outsider"])
def test_nobody_outside_the_host_signs_for_it(cast, who):
    _assessed, transcript = prepared_transcript(cast)
    with pytest.raises(DomainError, match="cannot sign for the host"):
        transcript_send(actor=cast.mentor, transcript=transcript, signer=getattr(cast, who))
    transcript.refresh_from_db()
    assert transcript.status == TranscriptStatus.DRAFT


def test_only_the_host_side_sends(cast):
    _assessed, transcript = prepared_transcript(cast)
    with pytest.raises(NotPermitted):
        transcript_send(actor=cast.coordinator, transcript=transcript)


def test_a_result_changed_after_the_review_is_not_sent(cast):
    assessed, transcript = prepared_transcript(cast)
    seen = content_hash(transcript_content(transcript))
    assessment_record(
        actor=cast.mentor,
        mobility=assessed.mobility,
        outcome=assessed.outcomes[0],
        result="partly_achieved",
        reason="Only the frame.",
    )
    with pytest.raises(ConcurrentUpdate):
        transcript_send(actor=cast.mentor, transcript=transcript, seen_hash=seen)
    transcript.refresh_from_db()
    assert transcript.status == TranscriptStatus.DRAFT


def test_a_stale_revision_is_not_sent(cast):
    _assessed, transcript = prepared_transcript(cast)
    with pytest.raises(ConcurrentUpdate):
        transcript_send(actor=cast.mentor, transcript=transcript, revision=transcript.revision + 1)


def test_a_version_out_for_signature_is_not_sent_again(cast):
    _assessed, transcript, _envelope = sent_transcript(cast)
    with pytest.raises(TransitionNotAllowed, match="Out for signature"):
        transcript_send(actor=cast.mentor, transcript=transcript)


def test_two_senders_at_once_send_it_once(cast):
    _assessed, transcript = prepared_transcript(cast)
    stale = Transcript.objects.get(pk=transcript.pk)
    transcript_send(actor=cast.mentor, transcript=transcript)
    with pytest.raises(TransitionNotAllowed):
        transcript_send(actor=cast.host, transcript=stale)
    envelope = Transcript.objects.get(pk=transcript.pk).envelope
    assert envelope is not None
    assert envelope.signatories.count() == 1


# --- signing, declining, withdrawing ---


def test_signed_for_the_host_it_is_in_force_and_the_sending_school_is_told(cast):
    signed = signed_transcript(cast)
    assert signed.transcript.status == TranscriptStatus.SIGNED
    assert signed.transcript.signed_at is not None
    assert selectors.transcript_in_force(mobility=signed.mobility) == signed.transcript
    told = Notification.objects.get(recipient=cast.coordinator, kind="transcript.signed")
    assert told.url == f"/mobilities/{signed.mobility.pk}/transcript/1/"
    assert told.params["learner"] == "Roberts Bērziņš"
    assert AuditEvent.objects.filter(action="transcript.signed").exists()
    assert not selectors.transcript_outdated(signed.transcript)


def test_a_decline_brings_the_draft_back(cast):
    _assessed, transcript, envelope = sent_transcript(cast)
    signature_decline(
        envelope=envelope,
        signatory=envelope.signatories.get(),
        user=cast.mentor,
        reason="The date of the second outcome is wrong.",
    )
    transcript.refresh_from_db()
    assert transcript.status == TranscriptStatus.DRAFT
    assert selectors.transcript_in_force(mobility=transcript.mobility) is None
    assert AuditEvent.objects.filter(action="transcript.reopened").exists()
    # Sent again (the send page read before the decline is stale: its revision moved on).
    with pytest.raises(ConcurrentUpdate):
        transcript_send(actor=cast.mentor, transcript=transcript, revision=2)
    again = transcript_send(actor=cast.mentor, transcript=transcript, revision=3)
    assert again.pk != envelope.pk


def test_the_host_coordinator_withdraws_it_back_to_draft(cast):
    _assessed, transcript, envelope = sent_transcript(cast)
    envelope_withdraw(envelope=envelope, actor=cast.host, reason="Wrong signer.")
    transcript.refresh_from_db()
    assert transcript.status == TranscriptStatus.DRAFT


def test_the_sending_school_cannot_withdraw_the_hosts_transcript(cast):
    _assessed, _transcript, envelope = sent_transcript(cast)
    with pytest.raises(NotPermitted):
        envelope_withdraw(envelope=envelope, actor=cast.coordinator, reason="No.")


# --- amendments ---


def _change_a_result(cast: Any, signed: Any) -> None:
    assessment_record(
        actor=cast.mentor,
        mobility=signed.mobility,
        outcome=signed.assessed.not_achieved,
        result="achieved",
        method=AssessmentMethod.PRODUCT,
        assessed_on=date(2027, 4, 19),
        comment="Re-assessed: the door is finished.",
    )


def test_a_result_changed_after_signing_makes_the_transcript_outdated(cast):
    signed = signed_transcript(cast)
    _change_a_result(cast, signed)
    signed.transcript.refresh_from_db()
    assert selectors.transcript_outdated(signed.transcript)
    # What was signed stays as signed.
    row = transcript_content(signed.transcript)["units"][0]["outcomes"][1]
    assert (row["result"], row["reason"]) == ("not_achieved", REASON)


def test_an_amendment_is_drawn_anew_signed_again_and_replaces_the_signed_version(cast):
    signed = signed_transcript(cast)
    _change_a_result(cast, signed)
    amendment = transcript_amend(
        actor=cast.mentor, mobility=signed.mobility, reason="The door was finished later."
    )
    assert (amendment.number, amendment.amends, amendment.status) == (
        2,
        signed.transcript,
        TranscriptStatus.DRAFT,
    )
    content = transcript_content(amendment)
    assert (content["amends"], content["amendment_reason"]) == (1, "The door was finished later.")
    assert content["reference"] == f"TOR-{signed.mobility.pk}-2"
    assert content["units"][0]["outcomes"][1]["result"] == "achieved"
    # The signed version stays in force until the amendment is signed.
    assert selectors.transcript_in_force(mobility=signed.mobility) == signed.transcript
    envelope = transcript_send(actor=cast.mentor, transcript=amendment)
    _sign(envelope, cast.mentor)
    signed.transcript.refresh_from_db()
    amendment.refresh_from_db()
    assert signed.transcript.status == TranscriptStatus.SUPERSEDED
    assert amendment.status == TranscriptStatus.SIGNED
    assert selectors.transcript_in_force(mobility=signed.mobility) == amendment
    assert envelope.title["en"].endswith("amendment 1")


def test_nothing_changed_nothing_to_amend(cast):
    signed = signed_transcript(cast)
    with pytest.raises(DomainError, match="has changed since version 1"):
        transcript_amend(actor=cast.mentor, mobility=signed.mobility, reason="Just because.")
    assert Transcript.objects.filter(mobility=signed.mobility).count() == 1


def test_an_amendment_says_why(cast):
    signed = signed_transcript(cast)
    _change_a_result(cast, signed)
    with pytest.raises(DomainError, match="why"):
        transcript_amend(actor=cast.mentor, mobility=signed.mobility, reason="  ")


def test_only_a_signed_transcript_is_amended(cast):
    assessed, _transcript = prepared_transcript(cast)
    with pytest.raises(DomainError, match="Only a signed transcript"):
        transcript_amend(actor=cast.mentor, mobility=assessed.mobility, reason="x")


def test_only_the_host_side_amends(cast):
    signed = signed_transcript(cast)
    _change_a_result(cast, signed)
    with pytest.raises(NotPermitted):
        transcript_amend(actor=cast.coordinator, mobility=signed.mobility, reason="x")
