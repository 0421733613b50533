"""A recognised mobility as the Europass Mobility and letter tests need it (and the demo may
reuse): completed, assessed by the mentor with one outcome not achieved (and one partly),
validated, and recognised with "Europass Mobility" and "recommendation letter" among its
kinds. Every field of the Europass template the system holds is filled: the learner's address
and nationality, the institutions' addresses, phones and e-mails, the sending school's
contact person in the partnership, the mentor's phone and position, the Erasmus+ file code
and the learning activities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ecvet.assessments.models import OutcomeResult
from ecvet.assessments.services import assessment_record
from ecvet.institutions.models import ContactPerson, Institution
from ecvet.mobilities.models import AgreementUnit, LearningAgreement, Mobility
from ecvet.partnerships.models import Partner, Partnership
from ecvet.qualifications.models import Category, LearningOutcome
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.recognition.models import RecognitionKind
from ecvet.recognition.services import (
    UNACHIEVED,
    mobility_recognise,
    mobility_validate,
    recognition_record,
    validation_record,
)
from ecvet.recognition.tests.setup import completed_mobility, outcomes, the_unit

NOT_ACHIEVED_REASON = "The saw tore out a knot in the oak; the door was not finished in time."
ACTIVITIES = {
    "en": "Repairing old doors and windows in the host's workshop",
    "lv": "Veco durvju un logu remonts uzņēmuma darbnīcā",
}
KINDS = (RecognitionKind.GRADE_BOOK, RecognitionKind.EUROPASS, RecognitionKind.RECOMMENDATION)


@dataclass
class Recognised:
    mobility: Mobility
    unit: AgreementUnit
    achieved: list[LearningOutcome]
    partly: LearningOutcome
    not_achieved: LearningOutcome


def _fill_the_facts(cast: Any, mobility: Mobility) -> None:
    """What the Europass Mobility prints that the plain test data leaves empty."""
    learner = mobility.learner
    learner.address = "Rīgas iela 5, Cēsis"
    learner.nationality = "LV"
    learner.save(update_fields=["address", "nationality"])
    for institution, street, postal, city, phone, email in (
        (cast.sending, "Valmieras iela 2", "LV-4101", "Cēsis", "+371 6410 0000", "info@vat.lv"),
        (cast.host_company, "Havnegade 7", "9000", "Aalborg", "+45 9800 0000", "mail@hc.dk"),
        (cast.host_school, "Skolevej 1", "9000", "Aalborg", "+45 9900 0000", "info@hs.dk"),
    ):
        Institution.objects.filter(pk=institution.pk).update(
            street_address=street, postal_code=postal, city=city, phone=phone, email=email
        )
    contact = ContactPerson.objects.create(
        institution=cast.sending,
        name="Ilze Kalniņa",
        position="International coordinator",
        email="ilze@vat.lv",
        phone="+371 2600 0001",
    )
    Partner.objects.filter(partnership=mobility.partnership, institution=cast.sending).update(
        contact=contact
    )
    ContactPerson.objects.create(
        institution=cast.host_company,
        name="Lars Hansen",
        position="Master carpenter",
        email=cast.mentor.email,
        phone="+45 2000 0002",
    )
    Partnership.objects.filter(pk=mobility.partnership_id).update(
        file_code="2026-1-LV01-KA122-VET-000123456"
    )
    # As written into the agreement before it was sent (the agreement is signed by now).
    LearningAgreement.objects.filter(mobility=mobility).update(learning_activities=ACTIVITIES)


def recognised_mobility(cast: Any, *, kinds: Sequence[str] = KINDS) -> Recognised:
    mobility = completed_mobility(cast)
    _fill_the_facts(cast, mobility)
    unit = the_unit(mobility)
    version = unit.version
    LearningOutcomeFactory.create(
        version=version,
        category=Category.KNOWLEDGE,
        text={"en": "Names the parts of a door", "lv": "Nosauc durvju daļas"},
    )
    LearningOutcomeFactory.create(
        version=version,
        category=Category.SKILLS,
        text={"en": "Fits a door frame", "lv": "Iestiprina durvju rāmi"},
    )
    every = outcomes(mobility)
    not_achieved = next(o for o in every if o.text.get("en") == "Works safely")
    partly = next(o for o in every if o.text.get("en") == "Fits a door frame")
    achieved = [o for o in every if o not in (not_achieved, partly)]
    results = {o.pk: OutcomeResult.ACHIEVED for o in achieved}
    results[partly.pk] = OutcomeResult.PARTLY_ACHIEVED
    results[not_achieved.pk] = OutcomeResult.NOT_ACHIEVED
    reasons = {
        partly.pk: "Fitted with help; the second frame was not checked.",
        not_achieved.pk: NOT_ACHIEVED_REASON,
    }
    for outcome in every:
        assessment_record(
            actor=cast.mentor,
            mobility=mobility,
            outcome=outcome,
            result=results[outcome.pk],
            method="observation",
            reason=reasons.get(outcome.pk, ""),
        )
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcome,
            host_result=results[outcome.pk],
            matches=results[outcome.pk] not in UNACHIEVED,
        )
    mobility = mobility_validate(actor=cast.coordinator, mobility=mobility)
    recognition_record(
        actor=cast.coordinator,
        mobility=mobility,
        agreement_unit=unit,
        kinds=list(kinds),
        grade="9" if RecognitionKind.GRADE_BOOK in kinds else "",
    )
    mobility = mobility_recognise(actor=cast.coordinator, mobility=mobility)
    mobility.refresh_from_db()
    return Recognised(mobility, unit, achieved, partly, not_achieved)
