"""The Learning Agreement through its services: units and plans, checks, sending to the
parties, the mobility agreed when all signed, frozen content, amendments, the workload."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.mobilities import selectors
from ecvet.mobilities.models import AgreementStatus, MobilityStatus
from ecvet.mobilities.services.agreements import (
    agreement_amend,
    agreement_checks,
    agreement_send,
    agreement_unit_add,
    agreement_unit_update,
    workload_balance,
)
from ecvet.mobilities.services.mobilities import AgreementFrozen, mobility_update
from ecvet.mobilities.tests.setup import START, learner_of, mobility_for, sent_agreement
from ecvet.partnerships.services.units import partnership_unit_add
from ecvet.partnerships.tests.factories import agreed_unit
from ecvet.signing.models import SignatoryStatus
from ecvet.signing.services import signature_decline, signature_sign

pytestmark = pytest.mark.django_db


def _sign_all(envelope):
    for slot in envelope.signatories.all():
        signature_sign(envelope=envelope, signatory=slot, user=slot.user, password=PASSWORD)


def test_the_sending_school_the_mentor_and_the_learner_sign_and_the_mobility_is_agreed(cast):
    setup, envelope = sent_agreement(cast)
    assert [(s.party, s.user) for s in envelope.signatories.all()] == [
        ("sending", cast.coordinator),
        ("host", cast.mentor),
        ("learner", cast.learner),
    ]
    assert setup.mobility.status == MobilityStatus.PLANNED
    _sign_all(envelope)
    setup.agreement.refresh_from_db()
    setup.mobility.refresh_from_db()
    assert setup.agreement.status == AgreementStatus.SIGNED
    assert setup.mobility.status == MobilityStatus.AGREED


def test_a_minors_guardian_signs_too(cast):
    minor = learner_of(
        cast,
        user=None,
        first_name="Anna",
        last_name="Liepa",
        born=date(START.year - 16, 6, 1),
        guardian_name="Inese Liepa",
    )
    setup = mobility_for(cast, learner=minor)
    envelope = agreement_send(actor=cast.coordinator, agreement=setup.agreement)
    slots = {s.party: s for s in envelope.signatories.all()}
    assert set(slots) == {"sending", "host", "learner", "guardian"}
    assert slots["guardian"].name == "Inese Liepa"
    assert slots["guardian"].user is None  # signs on paper


def test_a_minor_without_a_guardian_cannot_be_sent(cast):
    minor = learner_of(cast, user=None, first_name="Anna", born=date(START.year - 16, 6, 1))
    setup = mobility_for(cast, learner=minor)
    assert any("guardian" in c.message for c in agreement_checks(agreement=setup.agreement))
    with pytest.raises(DomainError, match="guardian"):
        agreement_send(actor=cast.coordinator, agreement=setup.agreement)


def test_an_agreement_without_units_or_plan_is_not_sent(cast):
    setup = mobility_for(cast, planned=False)
    with pytest.raises(DomainError, match="at least one unit"):
        agreement_send(actor=cast.coordinator, agreement=setup.agreement)
    setup.agreement.refresh_from_db()
    assert setup.agreement.status == AgreementStatus.DRAFT


def test_only_units_agreed_by_every_partner_go_into_the_agreement(cast):
    setup = mobility_for(cast, planned=False)
    item = partnership_unit_add(
        actor=cast.coordinator,
        partnership=setup.partnership.partnership,
        unit=agreed_unit(cast.sending, name="Door making"),
    )
    with pytest.raises(DomainError, match="not yet agreed"):
        agreement_unit_add(actor=cast.coordinator, agreement=setup.agreement, partnership_unit=item)


def test_once_sent_the_mobility_and_the_plan_are_frozen_until_an_amendment(cast):
    setup, envelope = sent_agreement(cast)
    with pytest.raises(AgreementFrozen):
        mobility_update(
            actor=cast.coordinator, mobility=setup.mobility, revision=None, place="Odense"
        )
    item = setup.agreement.units.get()
    with pytest.raises(AgreementFrozen):
        agreement_unit_update(actor=cast.coordinator, item=item, when="Any day")
    _sign_all(envelope)
    amendment = agreement_amend(
        actor=cast.coordinator, mobility=setup.mobility, reason="The host moved the dates"
    )
    assert (amendment.number, amendment.status) == (2, AgreementStatus.DRAFT)
    assert amendment.units.get().methods == item.methods  # the plan is copied
    mobility_update(
        actor=cast.coordinator,
        mobility=setup.mobility,
        revision=None,
        end=date(2027, 5, 7),
    )
    second = agreement_send(actor=cast.coordinator, agreement=amendment)
    assert {s.user for s in second.signatories.all()} == {
        s.user for s in envelope.signatories.all()
    }
    assert second.content["duration"]["end"] == "2027-05-07"
    assert envelope.content["duration"]["end"] != "2027-05-07"  # the signed one is unchanged
    _sign_all(second)
    setup.agreement.refresh_from_db()
    assert setup.agreement.status == AgreementStatus.SUPERSEDED


def test_a_declined_agreement_is_a_draft_again_with_the_reason(cast):
    setup, envelope = sent_agreement(cast)
    slot = envelope.signatories.get(party="learner")
    signature_decline(envelope=envelope, signatory=slot, user=cast.learner, reason="Wrong dates")
    setup.agreement.refresh_from_db()
    envelope.refresh_from_db()
    assert setup.agreement.status == AgreementStatus.DRAFT
    assert envelope.closing_reason == "Wrong dates"
    assert slot.__class__.objects.get(pk=slot.pk).status == SignatoryStatus.DECLINED


def test_sending_what_was_not_reviewed_is_a_conflict(cast):
    setup = mobility_for(cast)
    with pytest.raises(ConcurrentUpdate):
        agreement_send(actor=cast.coordinator, agreement=setup.agreement, seen_hash="0" * 64)
    with pytest.raises(ConcurrentUpdate):
        agreement_send(
            actor=cast.coordinator,
            agreement=setup.agreement,
            revision=setup.agreement.revision - 1,
        )


def test_only_the_sending_coordinators_prepare_the_agreement(cast):
    setup = mobility_for(cast)
    item = setup.agreement.units.get()
    for person in (cast.host, cast.mentor, cast.learner, cast.outsider, cast.teacher):
        with pytest.raises(NotPermitted):
            agreement_unit_update(actor=person, item=item, when="Tomorrow")
        with pytest.raises(NotPermitted):
            agreement_send(actor=person, agreement=setup.agreement)


def test_the_assessor_works_at_the_host_or_the_sending_school(cast):
    setup = mobility_for(cast)
    item = setup.agreement.units.get()
    with pytest.raises(ValidationError):
        agreement_unit_update(actor=cast.coordinator, item=item, assessor=cast.outsider)
    agreement_unit_update(actor=cast.coordinator, item=item, assessor=cast.teacher)


def test_the_workload_balance_weighs_the_units_against_the_working_days(cast, settings):
    settings.MOBILITY_HOURS_PER_DAY = 8
    setup = mobility_for(cast)
    version = setup.agreement.units.get().version
    version.workload, version.workload_unit = Decimal(30), "days"
    version.save(update_fields=["workload", "workload_unit"])
    balance = workload_balance(setup.agreement)
    # 5 to 30 April 2027: 20 working days, 160 hours; the unit needs 30 days, 240 hours.
    assert (balance.available_hours, balance.planned_hours) == (Decimal(160), Decimal(240))
    assert balance.over
    assert any("240" in c.message for c in agreement_checks(agreement=setup.agreement))


def test_choosing_half_the_outcomes_counts_half_the_workload(cast):
    setup = mobility_for(cast)
    item = setup.agreement.units.get()
    version = item.version
    from ecvet.qualifications.tests.factories import LearningOutcomeFactory

    LearningOutcomeFactory.create(version=version)
    version.workload, version.workload_unit = Decimal(40), "hours"
    version.save(update_fields=["workload", "workload_unit"])
    first = version.outcomes.filter(is_heading=False).first()
    agreement_unit_update(actor=cast.coordinator, item=item, outcomes=[first])
    assert workload_balance(setup.agreement).planned_hours == Decimal(20)


def test_each_person_sees_only_the_mobilities_that_are_theirs(cast):
    from ecvet.accounts.models import Membership, Role
    from ecvet.accounts.tests.factories import UserFactory

    setup = mobility_for(cast)
    other_user = UserFactory.create(username="learner2")
    Membership.objects.create(user=other_user, institution=cast.sending, role=Role.LEARNER)
    for person in (
        cast.coordinator,
        cast.teacher,
        cast.host,
        cast.mentor,
        cast.learner,
        cast.admin,
    ):
        assert selectors.mobility_list(user=person).filter(pk=setup.mobility.pk).exists()
    for person in (cast.outsider, other_user):
        assert not selectors.mobility_list(user=person).exists()
