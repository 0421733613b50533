"""Working together on units: every partner agrees the same finished version; comments and
proposed outcomes; partners see the units in scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.partnerships import selectors
from ecvet.partnerships.models import NoteKind, ProposalStatus
from ecvet.partnerships.services.units import (
    partnership_unit_add,
    partnership_unit_update_version,
    proposal_answer,
    unit_agreement_record,
    unit_note_add,
)
from ecvet.partnerships.tests.factories import agreed_unit, partnership_for
from ecvet.qualifications.models import VersionStatus
from ecvet.qualifications.selectors import qualification_list, unit_list
from ecvet.qualifications.services.units import unit_draft, unit_version_agree
from ecvet.qualifications.tests.factories import QualificationFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _partners(setup, cast):
    return (
        setup.partnership.partners.get(institution=cast.sending),
        setup.partnership.partners.get(institution=cast.host_school),
    )


def test_a_unit_is_agreed_in_the_partnership_only_when_every_partner_agreed(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    setup = partnership_for(cast, agreed=False)
    sending, host = _partners(setup, cast)
    [row] = selectors.agreement_rows(partnership=setup.partnership)
    assert not row.is_agreed
    unit_agreement_record(actor=cast.coordinator, partnership_unit=setup.item, partner=sending)
    [row] = selectors.agreement_rows(partnership=setup.partnership)
    assert (row.agreed, row.waiting, row.is_agreed) == ([sending], [host], False)
    with django_capture_on_commit_callbacks(execute=True):
        unit_agreement_record(actor=cast.host, partnership_unit=setup.item, partner=host)
    [row] = selectors.agreement_rows(partnership=setup.partnership)
    assert row.is_agreed
    assert any("Every partner has agreed" in mail.subject for mail in mailoutbox)


def test_a_partner_agrees_only_for_itself_and_only_once(cast):
    setup = partnership_for(cast, agreed=False)
    sending, host = _partners(setup, cast)
    with pytest.raises(NotPermitted):
        unit_agreement_record(actor=cast.host, partnership_unit=setup.item, partner=sending)
    with pytest.raises(NotPermitted):
        unit_agreement_record(actor=cast.teacher, partnership_unit=setup.item, partner=sending)
    with pytest.raises(NotPermitted):
        unit_agreement_record(actor=cast.outsider, partnership_unit=setup.item, partner=host)
    unit_agreement_record(actor=cast.host, partnership_unit=setup.item, partner=host)
    with pytest.raises(DomainError):
        unit_agreement_record(actor=cast.host, partnership_unit=setup.item, partner=host)


def test_a_draft_version_cannot_be_agreed_by_partners(cast):
    setup = partnership_for(cast, agreed=False)
    draft_unit = UnitFactory.create(owner=cast.sending)
    item = partnership_unit_add(
        actor=cast.coordinator, partnership=setup.partnership, unit=draft_unit
    )
    _sending, host = _partners(setup, cast)
    with pytest.raises(DomainError, match="still a draft"):
        unit_agreement_record(actor=cast.host, partnership_unit=item, partner=host)


def test_agreeing_a_version_the_partnership_has_moved_away_from_is_a_conflict(cast):
    setup = partnership_for(cast, agreed=False)
    _sending, host = _partners(setup, cast)
    seen = setup.item.version
    draft = unit_draft(actor=cast.coordinator, unit=setup.item.unit)
    unit_version_agree(actor=cast.coordinator, version=draft)
    partnership_unit_update_version(actor=cast.coordinator, partnership_unit=setup.item)
    with pytest.raises(ConcurrentUpdate):
        unit_agreement_record(
            actor=cast.host, partnership_unit=setup.item, partner=host, version=seen
        )


def test_a_new_version_needs_every_partner_to_agree_again(cast):
    setup = partnership_for(cast, agreed=True)
    [row] = selectors.agreement_rows(partnership=setup.partnership)
    assert row.is_agreed
    draft = unit_draft(actor=cast.coordinator, unit=setup.item.unit)
    [row] = selectors.agreement_rows(partnership=setup.partnership)
    assert row.newer_version
    assert row.is_agreed  # still agreed: the partnership uses version 1
    unit_version_agree(actor=cast.coordinator, version=draft)
    partnership_unit_update_version(actor=cast.coordinator, partnership_unit=setup.item)
    [row] = selectors.agreement_rows(partnership=setup.partnership)
    assert (row.item.version.number, row.is_agreed, len(row.waiting)) == (2, False, 2)


def test_the_host_proposes_an_outcome_and_the_authors_take_it_into_a_new_draft(cast):
    setup = partnership_for(cast)
    proposal = unit_note_add(
        actor=cast.host,
        partnership_unit=setup.item,
        kind=NoteKind.PROPOSAL,
        text="Fits a door with concealed hinges",
        language="en",
        category="skills",
    )
    assert (proposal.institution, proposal.status) == (cast.host_school, ProposalStatus.OPEN)
    with pytest.raises(NotPermitted):  # the host does not write the sending school's unit
        proposal_answer(actor=cast.host, note=proposal, accept=True)
    answered = proposal_answer(actor=cast.teacher, note=proposal, accept=True)
    assert answered.status == ProposalStatus.ACCEPTED
    unit = setup.item.unit
    unit.refresh_from_db()
    draft = unit.latest_version
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert draft.outcomes.filter(text__en="Fits a door with concealed hinges").exists()
    setup.item.refresh_from_db()
    assert setup.item.version.number == 1  # the partnership keeps the agreed version
    with pytest.raises(DomainError):  # answered once
        proposal_answer(actor=cast.teacher, note=proposal, accept=False, answer="No")


def test_a_proposal_not_taken_says_why_and_needs_a_column(cast):
    setup = partnership_for(cast)
    with pytest.raises(ValidationError):
        unit_note_add(
            actor=cast.host,
            partnership_unit=setup.item,
            kind=NoteKind.PROPOSAL,
            text="Something",
            language="en",
        )
    proposal = unit_note_add(
        actor=cast.host,
        partnership_unit=setup.item,
        kind=NoteKind.PROPOSAL,
        text="Builds a staircase",
        language="en",
        category="competence",
    )
    with pytest.raises(ValidationError):
        proposal_answer(actor=cast.coordinator, note=proposal, accept=False, answer=" ")
    rejected = proposal_answer(
        actor=cast.coordinator, note=proposal, accept=False, answer="Too big for two weeks"
    )
    assert (rejected.status, rejected.answer) == (ProposalStatus.REJECTED, "Too big for two weeks")


def test_partners_staff_comment_and_outsiders_cannot(cast):
    setup = partnership_for(cast)
    note = unit_note_add(
        actor=cast.teacher,
        partnership_unit=setup.item,
        kind=NoteKind.COMMENT,
        text="Our learners know the joints already.",
        language="en",
    )
    assert note.status == ""
    for person in (cast.outsider, cast.learner):
        with pytest.raises(NotPermitted):
            unit_note_add(
                actor=person,
                partnership_unit=setup.item,
                kind=NoteKind.COMMENT,
                text="x",
                language="en",
            )


def test_partners_see_the_units_and_qualifications_in_scope_and_nobody_else_does(cast):
    setup = partnership_for(cast)
    qualification = QualificationFactory.create(owner=cast.sending)
    unit = agreed_unit(cast.sending, name="Door making")
    unit.latest_version.qualification = qualification
    unit.latest_version.save(update_fields=["qualification"])
    assert not unit_list(user=cast.host).filter(pk=unit.pk).exists()
    partnership_unit_add(actor=cast.coordinator, partnership=setup.partnership, unit=unit)
    assert unit_list(user=cast.host).filter(pk=unit.pk).exists()
    assert qualification_list(user=cast.host).filter(pk=qualification.pk).exists()
    for person in (cast.outsider, cast.learner, cast.mentor):
        assert not unit_list(user=person).filter(pk=unit.pk).exists()
        assert not qualification_list(user=person).filter(pk=qualification.pk).exists()


def test_a_partnership_is_seen_by_its_partners_staff_only(cast):
    setup = partnership_for(cast)
    for person in (cast.coordinator, cast.teacher, cast.host, cast.admin):
        assert selectors.partnership_list(user=person).filter(pk=setup.partnership.pk).exists()
    for person in (cast.outsider, cast.learner, cast.mentor):
        assert not selectors.partnership_list(user=person).filter(pk=setup.partnership.pk)


def test_a_proposed_different_outcome_replaces_its_original_in_the_new_draft(cast):
    setup = partnership_for(cast)
    original = setup.item.version.outcomes.get()
    proposal = unit_note_add(
        actor=cast.host,
        partnership_unit=setup.item,
        kind=NoteKind.PROPOSAL,
        text="Uses the local hand tools of the host workshop",
        language="en",
        category=original.category,
        replaces=original,
    )
    proposal_answer(actor=cast.teacher, note=proposal, accept=True)
    unit = setup.item.unit
    unit.refresh_from_db()
    draft = unit.latest_version
    assert [o.text.get("en") for o in draft.outcomes.all()] == [
        "Uses the local hand tools of the host workshop"
    ]
    original.refresh_from_db()
    assert original.text["en"] != "Uses the local hand tools of the host workshop"


def test_a_partners_own_manager_may_resend_its_unchanged_role(cast):
    from ecvet.partnerships.services.partnerships import partner_update

    setup = partnership_for(cast)
    host = setup.partnership.partners.get(institution=cast.host_school)
    partner_update(actor=cast.host, partner=host, role=host.role, signatory_job_title="Rector")
    host.refresh_from_db()
    assert host.signatory_job_title == "Rector"
