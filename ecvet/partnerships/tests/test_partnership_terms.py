"""The partnership's terms: who changes them, conflicts, and the lock of a frozen MoU."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ecvet.audit.models import AuditEvent
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.partnerships.models import MemorandumStatus, PartnerRole
from ecvet.partnerships.services.memoranda import memorandum_amend
from ecvet.partnerships.services.partnerships import (
    TermsFrozen,
    partner_add,
    partner_remove,
    partner_update,
    partnership_create,
    partnership_update,
)
from ecvet.partnerships.tests.factories import TERMS, partnership_for, sent_memorandum
from ecvet.signing.services import envelope_withdraw

pytestmark = pytest.mark.django_db


def test_a_new_partnership_has_its_school_as_sending_partner_and_a_draft_mou(cast):
    partnership = partnership_create(
        actor=cast.coordinator, owner=cast.sending, title="  Carpenters  ", **TERMS
    )
    assert partnership.title == "Carpenters"
    [partner] = partnership.partners.all()
    assert (partner.institution, partner.role) == (cast.sending, PartnerRole.SENDING)
    [memorandum] = partnership.memoranda.all()
    assert (memorandum.number, memorandum.status) == (1, MemorandumStatus.DRAFT)
    assert AuditEvent.objects.for_target(partnership).filter(action="partnership.created")


def test_only_a_coordinator_of_the_institution_starts_a_partnership(cast):
    for person in (cast.teacher, cast.outsider, cast.host):
        with pytest.raises(NotPermitted):
            partnership_create(actor=person, owner=cast.sending, title="Not mine")


def test_the_shortest_mobility_cannot_be_longer_than_the_longest(cast):
    with pytest.raises(ValidationError):
        partnership_create(
            actor=cast.coordinator,
            owner=cast.sending,
            title="Odd",
            mobility_min_weeks=10,
            mobility_max_weeks=2,
        )


def test_an_edit_read_before_someone_elses_save_is_a_conflict_and_the_first_save_stays(cast):
    setup = partnership_for(cast)
    seen = setup.partnership.revision
    partnership_update(
        actor=cast.coordinator,
        partnership=setup.partnership,
        revision=seen,
        assessment={"en": "First writer's text"},
    )
    with pytest.raises(ConcurrentUpdate):
        partnership_update(
            actor=cast.coordinator,
            partnership=setup.partnership,
            revision=seen,
            assessment={"en": "Second writer's text"},
        )
    setup.partnership.refresh_from_db()
    assert setup.partnership.assessment == {"en": "First writer's text"}
    assert setup.partnership.revision == seen + 1


def test_the_host_cannot_change_the_terms_but_the_sending_teacher_writes_the_profile(cast):
    setup = partnership_for(cast)
    with pytest.raises(NotPermitted):
        partnership_update(
            actor=cast.host, partnership=setup.partnership, revision=None, title="Mine now"
        )
    partnership_update(
        actor=cast.teacher,
        partnership=setup.partnership,
        revision=None,
        profile_skills={"en": "Uses hand tools safely", "lv": "Droši lieto rokas darbarīkus"},
    )
    with pytest.raises(NotPermitted):
        partnership_update(
            actor=cast.host,
            partnership=setup.partnership,
            revision=None,
            profile_skills={"en": "Host's idea"},
        )


def test_terms_are_frozen_while_the_mou_is_out_for_signature_or_signed(cast):
    setup, envelope = sent_memorandum(cast)
    with pytest.raises(TermsFrozen):
        partnership_update(
            actor=cast.coordinator,
            partnership=setup.partnership,
            revision=None,
            assessment={"en": "Changed after sending"},
        )
    with pytest.raises(TermsFrozen):
        partner_add(
            actor=cast.coordinator,
            partnership=setup.partnership,
            institution=cast.host_company,
            role=PartnerRole.HOST_COMPANY,
        )
    host = setup.partnership.partners.get(institution=cast.host_school)
    with pytest.raises(TermsFrozen):
        partner_update(actor=cast.host, partner=host, signatory_job_title="Rector")
    with pytest.raises(TermsFrozen):
        partner_remove(actor=cast.coordinator, partner=host)
    # The trainee profile is not part of the MoU: it stays open.
    partnership_update(
        actor=cast.coordinator,
        partnership=setup.partnership,
        revision=None,
        profile_social={"en": "Works well in a team"},
    )
    # Withdrawn back to draft: the terms open again.
    envelope_withdraw(envelope=envelope, actor=cast.coordinator, reason="Wrong dates")
    partnership_update(
        actor=cast.coordinator,
        partnership=setup.partnership,
        revision=None,
        assessment={"en": "Changed after withdrawing"},
    )


def test_an_amendment_opens_the_terms_of_a_signed_mou_and_needs_a_reason(cast):
    from ecvet.accounts.tests.factories import PASSWORD
    from ecvet.signing.services import signature_sign

    setup, envelope = sent_memorandum(cast)
    with pytest.raises(DomainError):  # not signed yet: withdraw instead
        memorandum_amend(actor=cast.coordinator, partnership=setup.partnership, reason="x")
    for slot in envelope.signatories.all():
        signature_sign(envelope=envelope, signatory=slot, user=slot.user, password=PASSWORD)
    with pytest.raises(DomainError):
        memorandum_amend(actor=cast.coordinator, partnership=setup.partnership, reason="  ")
    with pytest.raises(NotPermitted):
        memorandum_amend(actor=cast.host, partnership=setup.partnership, reason="Mine")
    amendment = memorandum_amend(
        actor=cast.coordinator, partnership=setup.partnership, reason="Add the host company"
    )
    assert (amendment.number, amendment.amends, amendment.status) == (
        2,
        setup.memorandum,
        MemorandumStatus.DRAFT,
    )
    partner_add(
        actor=cast.coordinator,
        partnership=setup.partnership,
        institution=cast.host_company,
        role=PartnerRole.HOST_COMPANY,
    )
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.SIGNED  # still in force meanwhile


def test_a_partner_is_added_once_and_the_coordinating_school_cannot_leave(cast):
    setup = partnership_for(cast)
    with pytest.raises(ValidationError):
        partner_add(
            actor=cast.coordinator,
            partnership=setup.partnership,
            institution=cast.host_school,
            role=PartnerRole.HOSTING,
        )
    own = setup.partnership.partners.get(institution=cast.sending)
    with pytest.raises(DomainError):
        partner_remove(actor=cast.coordinator, partner=own)


def test_a_signatory_must_belong_to_the_partner_institution(cast):
    setup = partnership_for(cast, signatories=False)
    host = setup.partnership.partners.get(institution=cast.host_school)
    with pytest.raises(ValidationError):
        partner_update(actor=cast.coordinator, partner=host, signatory=cast.coordinator)
    partner_update(actor=cast.host, partner=host, signatory=cast.host, signatory_job_title="Rector")
    host.refresh_from_db()
    assert host.signs_as == cast.host.get_full_name()


def test_only_the_coordinating_school_changes_a_partners_role(cast):
    setup = partnership_for(cast)
    host = setup.partnership.partners.get(institution=cast.host_school)
    with pytest.raises(NotPermitted):
        partner_update(actor=cast.host, partner=host, role=PartnerRole.INTERMEDIARY)
    with pytest.raises(NotPermitted):
        partner_update(actor=cast.outsider, partner=host, signatory_job_title="x")
