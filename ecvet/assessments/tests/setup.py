"""An ongoing mobility as the assessment tests need it: the cast's mobility with its unit's
version holding three outcomes and a heading, its agreement signed by every party, started."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.mobilities.models import AgreementUnit, Mobility
from ecvet.mobilities.services.mobilities import mobility_transition
from ecvet.mobilities.tests.setup import MobilitySetup, sent_agreement
from ecvet.qualifications.models import Category, LearningOutcome
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.signing.services import signature_sign


@dataclass
class Ongoing:
    setup: MobilitySetup
    mobility: Mobility
    unit: AgreementUnit
    outcomes: list[LearningOutcome]
    heading: LearningOutcome


def signed_mobility(cast: Any, *, start: bool = True) -> Ongoing:
    setup, envelope = sent_agreement(cast)
    for user in (cast.coordinator, cast.mentor, cast.learner):
        signature_sign(
            envelope=envelope,
            signatory=envelope.signatories.get(user=user),
            user=user,
            password=PASSWORD,
        )
    mobility = setup.mobility
    if start:
        mobility = mobility_transition(actor=cast.coordinator, mobility=mobility, wanted="ongoing")
    mobility.refresh_from_db()
    unit = setup.agreement.units.get()
    version = unit.version
    # More outcomes of the (already agreed) version: the unit has none chosen, so every
    # outcome of the version is to be achieved; the heading never is.
    heading = LearningOutcomeFactory.create(
        version=version, category=Category.KNOWLEDGE, is_heading=True
    )
    LearningOutcomeFactory.create(version=version, category=Category.KNOWLEDGE)
    LearningOutcomeFactory.create(version=version, category=Category.COMPETENCE)
    outcomes = list(version.outcomes.filter(is_heading=False).order_by("category", "position"))
    return Ongoing(setup, mobility, unit, outcomes, heading)
