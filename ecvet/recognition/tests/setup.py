"""A completed mobility as validation tests need it: its agreement signed by every party,
started and ended; the learner and the unit share a qualification; the unit has two
outcomes (and a topic heading, which is not an outcome)."""

from __future__ import annotations

from typing import Any

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.mobilities.models import AgreementUnit, Mobility
from ecvet.mobilities.services.mobilities import mobility_transition
from ecvet.mobilities.tests.setup import sent_agreement
from ecvet.qualifications.models import Category, LearningOutcome
from ecvet.qualifications.tests.factories import LearningOutcomeFactory, QualificationFactory
from ecvet.signing.services import signature_sign


def completed_mobility(cast: Any, *, linked: bool = True, status: str = "completed") -> Mobility:
    setup, envelope = sent_agreement(cast)
    for user in (cast.coordinator, cast.mentor, cast.learner):
        signature_sign(
            envelope=envelope,
            signatory=envelope.signatories.get(user=user),
            user=user,
            password=PASSWORD,
        )
    item = setup.agreement.units.get()
    version = item.version
    LearningOutcomeFactory.create(
        version=version, category=Category.SKILLS, is_heading=True, text={"en": "Doors"}
    )
    LearningOutcomeFactory.create(
        version=version, category=Category.COMPETENCE, text={"en": "Works safely"}
    )
    if linked:
        qualification = QualificationFactory.create(owner=cast.sending)
        version.qualification = qualification
        version.save(update_fields=["qualification"])
        setup.learner.qualification = qualification
        setup.learner.save(update_fields=["qualification"])
    mobility = mobility_transition(
        actor=cast.coordinator, mobility=setup.mobility, wanted="ongoing"
    )
    if status == "completed":
        mobility = mobility_transition(actor=cast.coordinator, mobility=mobility, wanted=status)
    mobility.refresh_from_db()
    return mobility


def the_unit(mobility: Mobility) -> AgreementUnit:
    return AgreementUnit.objects.get(agreement__mobility=mobility)


def outcomes(mobility: Mobility) -> list[LearningOutcome]:
    return list(
        the_unit(mobility)
        .version.outcomes.filter(is_heading=False)
        .order_by("category", "position", "pk")
    )
