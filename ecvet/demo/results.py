"""What Dāvis, the demo learner back home, has to show for his mobility: the mentor's
assessment of every outcome (one not achieved in time, with the reason and a re-assessment
planned), a photo kept as evidence, his own self-assessment, the transcript of records signed
by the host, the sending school's validation and recognition, his Europass Mobility and a
recommendation letter.

Built through the services in the order it happened: assessed in the last week abroad,
validated and recognised in the weeks after. Dates are set from the mobility's period, so they
stay in the past whenever the demo is loaded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from ecvet.accounts.models import User
from ecvet.assessments.models import OutcomeResult
from ecvet.assessments.selectors import outcomes_to_achieve
from ecvet.assessments.services import (
    assessment_record,
    evidence_add,
    self_assessment_record,
)
from ecvet.mobilities.models import AgreementUnit, AssessmentMethod, Mobility
from ecvet.mobilities.selectors import agreement_in_force, agreement_units
from ecvet.recognition.models import RecognitionKind
from ecvet.recognition.services import (
    mobility_recognise,
    mobility_validate,
    recognition_record,
    validation_prefill,
    validation_record,
)


@dataclass(frozen=True)
class Answer:
    """The mentor's and Dāvis's answers for one outcome (by its English text)."""

    result: str
    method: str
    comment: str
    self_result: str
    self_comment: str = ""
    reason: str = ""


A, P, N = OutcomeResult.ACHIEVED, OutcomeResult.PARTLY_ACHIEVED, OutcomeResult.NOT_ACHIEVED
OBSERVED, TASK, TALK = (
    AssessmentMethod.OBSERVATION,
    AssessmentMethod.PRACTICAL_TASK,
    AssessmentMethod.INTERVIEW,
)

ANSWERS: dict[str, Answer] = {
    "Identifying and selecting different wood sorts.": Answer(
        A, TALK, "Named oak, pine, larch and ash in the yard and chose larch for the sills.", A
    ),
    "Knowledge of local safety rules.": Answer(
        A, TALK, "Explained the site rules for working on scaffolding and with lime dust.", A
    ),
    "Knowledge about joints for doors.": Answer(
        N,
        TALK,
        "We talked about frame-and-panel doors, but the door work was left for the spring.",
        P,
        "I only saw the old doors being taken off.",
        reason="The oak door for the listed house was postponed by the owner, so the door "
        "joints could not be practised or assessed during the four weeks.",
    ),
    "Identify and use different hand tools in accordance to the different kind of woos "
    "work.": Answer(
        A, OBSERVED, "Sets up and uses the Danish workbench plane and chisels with care.", A
    ),
    "Work accurately with tasks of joinery.": Answer(
        P,
        TASK,
        "The window sash joints fit; the first frame needed filler at one corner.",
        A,
        "My joints were good after the first try.",
        reason="The first of the two window frames needed filler at one corner; the second "
        "was tight without it.",
    ),
    "Act in accordance to the local safety rules.": Answer(
        A, OBSERVED, "Always wore the harness on the scaffold and kept the workplace tidy.", A
    ),
    "Meet the host-company and co-workers with an open mind.": Answer(
        A, OBSERVED, "Took part in the team's morning meetings from the first week.", A
    ),
}


def _photo() -> SimpleUploadedFile:
    """A small drawing of the window frame Dāvis made, as a JPEG photo would come from a
    phone (the demo has no camera)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 360), (236, 226, 205))
    draw = ImageDraw.Draw(image)
    draw.rectangle((90, 40, 390, 320), outline=(139, 90, 43), width=22)
    draw.line((240, 40, 240, 320), fill=(139, 90, 43), width=14)
    draw.line((90, 180, 390, 180), fill=(139, 90, 43), width=14)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("window-frame.jpg", buffer.getvalue(), "image/jpeg")


def _units(mobility: Mobility) -> list[AgreementUnit]:
    agreement = agreement_in_force(mobility=mobility)
    assert agreement is not None, "Dāvis's agreement is signed before he is assessed"
    return list(agreement_units(agreement=agreement))


def demo_assessment(*, mobility: Mobility, mentor: User, learner: User) -> None:
    """The mentor's answers in the last week abroad, the photo of the window frame, and
    Dāvis's own answers."""
    last_week = mobility.end - timedelta(days=4)
    for item in _units(mobility):
        for number, outcome in enumerate(outcomes_to_achieve(item)):
            answer = ANSWERS.get(outcome.text.get("en", ""))
            if answer is None:
                continue
            assessment = assessment_record(
                actor=mentor,
                mobility=mobility,
                outcome=outcome,
                result=answer.result,
                method=answer.method,
                assessed_on=last_week + timedelta(days=number % 4),
                comment=answer.comment,
                reason=answer.reason,
                reassessment_planned_on=(
                    mobility.end + timedelta(weeks=22) if answer.result == N else None
                ),
            )
            if outcome.text.get("en") == "Work accurately with tasks of joinery.":
                evidence_add(
                    actor=mentor,
                    assessment=assessment,
                    upload=_photo(),
                    note="The second window frame, fitted on site.",
                )
            self_assessment_record(
                actor=learner,
                mobility=mobility,
                outcome=outcome,
                result=answer.self_result,
                comment=answer.self_comment,
            )


def demo_transcript(*, mobility: Mobility, mentor: User, password: str) -> None:
    """The mentor issues the transcript of records for the host and signs it online."""
    from ecvet.signing.services import signature_sign
    from ecvet.transcripts.services import transcript_prepare, transcript_send

    transcript = transcript_prepare(actor=mentor, mobility=mobility)
    envelope = transcript_send(actor=mentor, transcript=transcript, signer=mentor)
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(user=mentor),
        user=mentor,
        password=password,
        seen_hash=envelope.content_hash,
        place="Aalborg",
    )


def demo_validation(*, mobility: Mobility, coordinator: User, decided_on: date) -> None:
    """Every outcome decided on as the sending school pre-fills it: matching the Carpenter
    qualification unless the host did not find it achieved; then validated."""
    results = {a.outcome_id: a.result for a in mobility.assessments.all()}
    for draft in validation_prefill(mobility=mobility):
        result = results.get(draft.outcome.pk, OutcomeResult.NOT_ASSESSED)
        matches = draft.matches and result in {A, P}
        validation_record(
            actor=coordinator,
            mobility=mobility,
            outcome=draft.outcome,
            host_result=result,
            matches=matches,
            required_outcome=draft.required_outcome,
            comment=(
                ""
                if matches
                else "Not achieved at the host: to be learnt at school in the spring term."
            ),
            decided_on=decided_on,
        )
    mobility_validate(actor=coordinator, mobility=mobility)


def demo_recognition(*, mobility: Mobility, coordinator: User, decided_on: date) -> None:
    """The Repair unit counts as a grade in the grade book, as credit for the practical
    placement, in his Europass Mobility and in a recommendation letter."""
    for item in _units(mobility):
        recognition_record(
            actor=coordinator,
            mobility=mobility,
            agreement_unit=item,
            kinds=[
                RecognitionKind.GRADE_BOOK,
                RecognitionKind.PLACEMENT_CREDIT,
                RecognitionKind.EUROPASS,
                RecognitionKind.RECOMMENDATION,
            ],
            grade="8",
            note="Door joints to be completed at school before the qualification exam.",
            decided_on=decided_on,
        )
    mobility_recognise(actor=coordinator, mobility=mobility)


EUROPASS_TEXTS = {
    "objective": {
        "en": "To learn traditional Danish methods of restoring wooden windows and doors in "
        "half-timbered houses, as part of the Carpenter qualification.",
        "lv": "Apgūt tradicionālās Dānijas metodes koka logu un durvju restaurācijai "
        "pildrežģu mājās kā daļu no galdnieka kvalifikācijas.",
    },
    "language_skills": {
        "en": "Worked in English every day with a Danish team; learnt the basic Danish names "
        "of tools and wood sorts.",
        "lv": "Katru dienu strādāja angliski dāņu komandā; apguva darbarīku un koksnes "
        "veidu pamatnosaukumus dāņu valodā.",
    },
    "digital_skills": {
        "en": "Kept a photo log of each step of the work on a phone.",
        "lv": "Tālrunī veidoja foto dienasgrāmatu par katru darba soli.",
    },
    "organisational_skills": {
        "en": "Planned his own work on two window frames within the team's weekly plan.",
        "lv": "Plānoja savu darbu pie diviem logu rāmjiem komandas nedēļas plāna ietvaros.",
    },
    "social_skills": {
        "en": "Took part in the team's morning meetings and worked with co-workers on site.",
        "lv": "Piedalījās komandas rīta sanāksmēs un strādāja kopā ar kolēģiem objektā.",
    },
}


def demo_europass(*, mobility: Mobility, coordinator: User, mentor: User, password: str) -> None:
    """The sending school prepares his Europass Mobility with its texts, the host's mentor
    signs it; the coordinator writes a recommendation letter for employers."""
    from ecvet.europass.services.europass import europass_prepare, europass_send, europass_update
    from ecvet.europass.services.letters import letter_create
    from ecvet.signing.services import signature_sign

    document = europass_prepare(actor=coordinator, mobility=mobility)
    document = europass_update(
        actor=coordinator,
        document=document,
        programme="Erasmus+",
        **EUROPASS_TEXTS,  # type: ignore[arg-type]
    )
    envelope = europass_send(actor=coordinator, document=document, signer=mentor)
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(user=mentor),
        user=mentor,
        password=password,
        seen_hash=envelope.content_hash,
        place="Aalborg",
    )
    letter_create(
        actor=coordinator,
        mobility=mobility,
        personal_note={
            "en": "Dāvis is careful, punctual and asks good questions; the host's team would "
            "gladly work with him again.",
            "lv": "Dāvis ir rūpīgs, precīzs un uzdod labus jautājumus; uzņēmuma komanda ar "
            "prieku ar viņu strādātu atkal.",
        },
    )
