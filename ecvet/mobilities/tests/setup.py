"""A mobility as tests need it, built through the services: the cast's learner (with an
account) placed with the host school and the host company's mentor under the cast's
partnership, one agreed unit chosen with a complete assessment plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ecvet.accounts.models import Membership, Role
from ecvet.mobilities.models import AssessmentMethod, Learner, LearningAgreement, Mobility
from ecvet.mobilities.services.agreements import agreement_send, agreement_unit_update
from ecvet.mobilities.services.mobilities import mobility_create
from ecvet.partnerships.tests.factories import Setup, partnership_for
from ecvet.signing.models import Envelope

START = date(2027, 4, 5)
END = date(2027, 4, 30)


def learner_of(cast: Any, *, born: date = date(2005, 3, 14), **fields: Any) -> Learner:
    return Learner.objects.create(
        school=cast.sending,
        user=fields.pop("user", cast.learner),
        first_name=fields.pop("first_name", cast.learner.first_name),
        last_name=fields.pop("last_name", cast.learner.last_name),
        date_of_birth=born,
        email="roberts@example.org",
        **fields,
    )


@dataclass
class MobilitySetup:
    partnership: Setup
    learner: Learner
    mobility: Mobility
    agreement: LearningAgreement


def mobility_for(
    cast: Any, *, learner: Learner | None = None, planned: bool = True
) -> MobilitySetup:
    """A planned mobility whose agreement is ready to send (``planned``: with its plan)."""
    setup = partnership_for(cast)
    # The host company is the workplace; it need not be a partner of the MoU.
    if not Membership.objects.filter(user=cast.mentor, role=Role.MENTOR).exists():
        Membership.objects.create(user=cast.mentor, institution=cast.host_company, role=Role.MENTOR)
    person = learner or learner_of(cast)
    mobility = mobility_create(
        actor=cast.coordinator,
        learner=person,
        partnership=setup.partnership,
        host_institution=cast.host_school,
        host_company=cast.host_company,
        mentor=cast.mentor,
        start=START,
        end=END,
        place="Aalborg",
        units=[setup.item] if planned else [],
    )
    agreement = mobility.agreements.get()
    if planned:
        item = agreement.units.get()
        agreement_unit_update(
            actor=cast.coordinator,
            item=item,
            methods=[AssessmentMethod.OBSERVATION, AssessmentMethod.PRODUCT],
            when="In the last week",
            where="Host carpentry workshop",
            evidence={"en": "The finished door", "lv": "Pabeigtās durvis"},
            criteria={"en": "Joints are tight", "lv": "Savienojumi ir cieši"},
        )
    agreement.refresh_from_db()
    return MobilitySetup(setup, person, mobility, agreement)


def sent_agreement(cast: Any) -> tuple[MobilitySetup, Envelope]:
    setup = mobility_for(cast)
    envelope = agreement_send(actor=cast.coordinator, agreement=setup.agreement)
    setup.agreement.refresh_from_db()
    return setup, envelope
