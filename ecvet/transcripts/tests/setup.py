"""Transcripts as tests need them, built through the services.

:func:`assessed_mobility`: the cast's ongoing mobility (its agreement signed by every party)
with every field a transcript states filled — the learner's qualification, the host's
addresses, the unit's EQF level, workload and ECVET points, outcomes in English and Latvian,
one under a topic heading — and the mentor's answers: two outcomes achieved, one not achieved
with its reason and a planned re-assessment.

:func:`signed_transcript`: the same mobility with its transcript signed by the mentor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.assessments.services import assessment_record
from ecvet.assessments.tests.setup import Ongoing, signed_mobility
from ecvet.institutions.models import Institution
from ecvet.mobilities.models import AssessmentMethod, Mobility
from ecvet.qualifications.models import Category, LearningOutcome, WorkloadUnit
from ecvet.qualifications.tests.factories import QualificationFactory
from ecvet.signing.models import Envelope
from ecvet.signing.services import signature_sign
from ecvet.transcripts.models import Transcript
from ecvet.transcripts.services import transcript_prepare, transcript_send

#: The texts of the three outcomes (in column order: knowledge, skills, competence) and the
#: knowledge column's topic heading.
TOPIC = {"en": "Wooden materials", "lv": "Koka materiāli"}
TEXTS = [
    {"en": "Names the parts of a door", "lv": "Nosauc durvju daļas"},
    {"en": "Makes a mortise and tenon joint", "lv": "Izgatavo tapas savienojumu"},
    {"en": "Works safely on their own", "lv": "Strādā droši patstāvīgi"},
]
REASON = "The saw tore out a knot in the oak; the door was not finished in time."
REASSESSMENT = date(2027, 6, 15)
COMMENT = "Neat and careful work."


@dataclass
class Assessed:
    ongoing: Ongoing
    mobility: Mobility
    #: The outcomes to achieve, in column order; ``not_achieved`` is the second.
    outcomes: list[LearningOutcome]
    not_achieved: LearningOutcome
    assessed_on: date


@dataclass
class Signed:
    assessed: Assessed
    mobility: Mobility
    transcript: Transcript
    envelope: Envelope


def in_column_order(outcomes: list[LearningOutcome]) -> list[LearningOutcome]:
    """Knowledge, skills, competence (the template's order, not the alphabet's)."""
    order = {category.value: index for index, category in enumerate(Category)}
    return sorted(outcomes, key=lambda o: (order[o.category], o.position, o.pk))


def _fill(cast: Any, ongoing: Ongoing) -> list[LearningOutcome]:
    """Every fact the transcript states, with texts in both languages; the outcomes in
    column order."""
    qualification = QualificationFactory.create(
        title={"en": "Carpenter", "lv": "Galdnieks"},
        eqf_level=3,
        national_level="LKI 3",
        owner=cast.sending,
    )
    learner = ongoing.mobility.learner
    learner.qualification = qualification
    learner.save(update_fields=["qualification"])
    streets = ((cast.host_school, "Vesterbro 12"), (cast.host_company, "Havnegade 3"))
    for institution, street in streets:
        Institution.objects.filter(pk=institution.pk).update(
            street_address=street, postal_code="9000", city="Aalborg"
        )
    version = ongoing.unit.version
    version.eqf_level = 4
    version.workload = Decimal("40")
    version.workload_unit = WorkloadUnit.HOURS
    version.ecvet_points = Decimal("3")
    version.save(update_fields=["eqf_level", "workload", "workload_unit", "ecvet_points"])
    LearningOutcome.objects.filter(pk=ongoing.heading.pk).update(text=TOPIC)
    outcomes = in_column_order(ongoing.outcomes)
    for outcome, text in zip(outcomes, TEXTS, strict=True):
        LearningOutcome.objects.filter(pk=outcome.pk).update(text=text)
        outcome.text = text
    return outcomes


def assessed_mobility(cast: Any, *, answered: int = 3) -> Assessed:
    """The mentor answered the first ``answered`` outcomes (all three by default): the
    second one not achieved, with its reason and a planned re-assessment."""
    ongoing = signed_mobility(cast)
    outcomes = _fill(cast, ongoing)
    day = timezone.localdate() - timedelta(days=1)
    answers: list[dict[str, Any]] = [
        {"result": "achieved", "method": AssessmentMethod.OBSERVATION, "comment": COMMENT},
        {
            "result": "not_achieved",
            "method": AssessmentMethod.PRODUCT,
            "reason": REASON,
            "reassessment_planned_on": REASSESSMENT,
        },
        {"result": "achieved", "method": AssessmentMethod.PRACTICAL_TASK},
    ]
    for outcome, answer in list(zip(outcomes, answers, strict=True))[:answered]:
        assessment_record(
            actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, assessed_on=day, **answer
        )
    mobility = Mobility.objects.get(pk=ongoing.mobility.pk)
    return Assessed(ongoing, mobility, outcomes, outcomes[1], day)


def prepared_transcript(cast: Any, **kwargs: Any) -> tuple[Assessed, Transcript]:
    assessed = assessed_mobility(cast, **kwargs)
    transcript = transcript_prepare(actor=cast.mentor, mobility=assessed.mobility)
    return assessed, transcript


def sent_transcript(cast: Any) -> tuple[Assessed, Transcript, Envelope]:
    assessed, transcript = prepared_transcript(cast)
    envelope = transcript_send(actor=cast.mentor, transcript=transcript)
    transcript.refresh_from_db()
    return assessed, transcript, envelope


def signed_transcript(cast: Any) -> Signed:
    """An assessed mobility (one outcome not achieved) whose transcript the mentor signed."""
    assessed, transcript, envelope = sent_transcript(cast)
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(user=cast.mentor),
        user=cast.mentor,
        password=PASSWORD,
        place="Aalborg",
    )
    transcript.refresh_from_db()
    envelope.refresh_from_db()
    return Signed(assessed, Mobility.objects.get(pk=assessed.mobility.pk), transcript, envelope)
