"""Working together on units through the screens: bringing units into scope, agreeing them,
commenting and proposing outcomes, and answering proposals."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from ecvet.notifications.models import Notification
from ecvet.partnerships.models import NoteKind, PartnershipUnit, ProposalStatus, UnitAgreement
from ecvet.partnerships.services.units import (
    partnership_unit_update_version,
    unit_note_add,
)
from ecvet.partnerships.tests.factories import agreed_unit, partnership_for, sent_memorandum
from ecvet.qualifications.models import VersionStatus
from ecvet.qualifications.search import unit_reindex
from ecvet.qualifications.services.units import unit_draft, unit_version_agree
from ecvet.qualifications.tests.factories import LearningOutcomeFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _unit_url(setup) -> str:
    return reverse("partnership_unit", args=[setup.partnership.pk, setup.item.pk])


def _proposal(cast, setup, text="Uses a CNC router safely."):
    return unit_note_add(
        actor=cast.host,
        partnership_unit=setup.item,
        kind=NoteKind.PROPOSAL,
        text=text,
        language="en",
        category="skills",
    )


# --- units in scope ---


def test_the_coordinator_finds_a_unit_and_brings_it_into_the_partnership(cast, login):
    setup = partnership_for(cast)
    unit = agreed_unit(cast.sending, name="Door making")
    unit_reindex([unit.pk])
    url = reverse("partnership_unit_add", args=[setup.partnership.pk])
    client = login(cast.coordinator)
    page = client.get(url, {"q": "door"}).content.decode()
    assert "Door making" in page
    assert f'data-unit-choice="{setup.item.unit_id}"' not in page
    response = client.post(url, {"unit": unit.pk})
    assert response.status_code == 302
    assert setup.partnership.units.filter(unit=unit).exists()


def test_the_unit_search_answers_htmx_with_the_choices_only(cast, login):
    setup = partnership_for(cast)
    unit_reindex([agreed_unit(cast.sending, name="Door making").pk])
    response = login(cast.coordinator).get(
        reverse("partnership_unit_add", args=[setup.partnership.pk]),
        {"q": "door"},
        headers={"HX-Request": "true"},
    )
    assert "Door making" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_a_unit_the_coordinator_cannot_see_is_not_added(cast, login):
    setup = partnership_for(cast)
    hidden = UnitFactory.create(owner=cast.other_school)
    response = login(cast.coordinator).post(
        reverse("partnership_unit_add", args=[setup.partnership.pk]), {"unit": hidden.pk}
    )
    assert response.status_code == 302
    assert not setup.partnership.units.filter(unit=hidden).exists()


def test_the_host_does_not_add_units(cast, login):
    setup = partnership_for(cast)
    url = reverse("partnership_unit_add", args=[setup.partnership.pk])
    assert login(cast.host).get(url).status_code == 403


def test_the_coordinator_takes_a_unit_out(cast, login):
    setup = partnership_for(cast)
    response = login(cast.coordinator).post(
        reverse("partnership_unit_remove", args=[setup.partnership.pk, setup.item.pk])
    )
    assert response.status_code == 302
    assert not PartnershipUnit.objects.filter(pk=setup.item.pk).exists()


def test_units_cannot_be_taken_out_while_the_mou_is_out_for_signature(cast, login):
    setup, _envelope = sent_memorandum(cast)
    response = login(cast.coordinator).post(
        reverse("partnership_unit_remove", args=[setup.partnership.pk, setup.item.pk]),
        follow=True,
    )
    assert "is out for signature" in response.content.decode()
    assert PartnershipUnit.objects.filter(pk=setup.item.pk).exists()


def test_the_coordinator_moves_a_unit_to_its_newer_version(cast, login):
    setup = partnership_for(cast)
    draft = unit_draft(actor=cast.coordinator, unit=setup.item.unit)
    unit_version_agree(actor=cast.coordinator, version=draft)
    response = login(cast.coordinator).post(
        reverse("partnership_unit_update_version", args=[setup.partnership.pk, setup.item.pk])
    )
    setup.item.refresh_from_db()
    assert response.status_code == 302
    assert setup.item.version == draft


# --- the unit page and agreement ---


def test_the_unit_page_shows_the_three_columns_and_each_partners_agreement(cast, login):
    setup = partnership_for(cast, agreed=False)
    LearningOutcomeFactory.create(
        version=setup.item.version, category="knowledge", text={"en": "Knows wood species."}
    )
    page = login(cast.host).get(_unit_url(setup)).content.decode()
    assert 'data-column="knowledge"' in page
    assert 'data-column="skills"' in page
    assert 'data-column="competence"' in page
    assert "Knows wood species." in page
    assert page.count("data-waiting") == 2
    assert "Agree for Host VET school" in page
    assert "Agree for Sending VET school" not in page


def test_the_host_agrees_the_version_for_its_school(cast, login):
    setup = partnership_for(cast, agreed=False)
    host_partner = setup.partnership.partners.get(institution=cast.host_school)
    response = login(cast.host).post(
        reverse("partnership_unit_agree", args=[setup.partnership.pk, setup.item.pk]),
        {"partner": host_partner.pk, "version": setup.item.version_id},
        follow=True,
    )
    agreement = UnitAgreement.objects.get(partnership_unit=setup.item)
    assert agreement.partner == host_partner
    assert agreement.agreed_by == cast.host
    assert "Host VET school agreed version 1." in response.content.decode()


def test_the_host_cannot_agree_for_the_sending_school(cast, login):
    setup = partnership_for(cast, agreed=False)
    sending = setup.partnership.partners.get(institution=cast.sending)
    response = login(cast.host).post(
        reverse("partnership_unit_agree", args=[setup.partnership.pk, setup.item.pk]),
        {"partner": sending.pk, "version": setup.item.version_id},
        follow=True,
    )
    assert "Only a coordinator of Sending VET school can agree for it." in (
        response.content.decode()
    )
    assert not UnitAgreement.objects.exists()


def test_agreeing_a_version_the_partnership_moved_away_from_agrees_nothing(cast, login):
    setup = partnership_for(cast, agreed=False)
    seen = setup.item.version
    draft = unit_draft(actor=cast.coordinator, unit=setup.item.unit)
    unit_version_agree(actor=cast.coordinator, version=draft)
    partnership_unit_update_version(actor=cast.coordinator, partnership_unit=setup.item)
    host_partner = setup.partnership.partners.get(institution=cast.host_school)
    response = login(cast.host).post(
        reverse("partnership_unit_agree", args=[setup.partnership.pk, setup.item.pk]),
        {"partner": host_partner.pk, "version": seen.pk},
        follow=True,
    )
    assert "Nothing was agreed" in response.content.decode()
    assert "from version 1 to version 2" in response.content.decode()
    assert not UnitAgreement.objects.exists()


def test_a_draft_version_has_no_agree_button_and_says_why(cast, login):
    setup = partnership_for(cast, agreed=False)
    setup.item.version.status = VersionStatus.DRAFT
    setup.item.version.save(update_fields=["status"])
    page = login(cast.host).get(_unit_url(setup)).content.decode()
    assert "Agree for Host VET school" not in page
    assert "This version is still a draft." in page


def test_the_coordinator_reminds_the_partners_to_agree(cast, login):
    setup = partnership_for(cast, agreed=False)
    before = Notification.objects.filter(recipient=cast.host).count()
    response = login(cast.coordinator).post(
        reverse("partnership_unit_request", args=[setup.partnership.pk, setup.item.pk]),
        follow=True,
    )
    assert "people were asked to agree the unit" in response.content.decode()
    assert Notification.objects.filter(recipient=cast.host).count() == before + 1


def test_the_host_cannot_send_reminders(cast, login):
    setup = partnership_for(cast, agreed=False)
    response = login(cast.host).post(
        reverse("partnership_unit_request", args=[setup.partnership.pk, setup.item.pk]),
        follow=True,
    )
    assert "Only the coordinating institution" in response.content.decode()


def test_the_unit_page_keeps_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    setup = partnership_for(cast)
    client = login(cast.coordinator)
    _proposal(cast, setup)
    client.get(_unit_url(setup))
    with django_assert_max_num_queries(30) as few:
        client.get(_unit_url(setup))
    for number in range(4):
        _proposal(cast, setup, text=f"Proposal {number}")
        unit_note_add(
            actor=cast.teacher,
            partnership_unit=setup.item,
            kind=NoteKind.COMMENT,
            text=f"Comment {number}",
            language="en",
        )
        LearningOutcomeFactory.create(version=setup.item.version)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_unit_url(setup))
    assert response.content.decode().count("data-note=") == 9


# --- comments and proposals ---


def test_a_teacher_comments_on_the_unit(cast, login):
    setup = partnership_for(cast)
    response = login(cast.teacher).post(
        reverse("unit_note_new", args=[setup.partnership.pk, setup.item.pk]),
        {"kind": NoteKind.COMMENT, "text": "Can we add planing by hand?"},
    )
    note = setup.item.notes.get()
    assert response.status_code == 302
    assert note.kind == NoteKind.COMMENT
    assert note.author == cast.teacher
    assert note.institution == cast.sending


def test_a_proposal_without_column_is_refused_and_the_text_kept(cast, login):
    setup = partnership_for(cast)
    response = login(cast.host).post(
        reverse("unit_note_new", args=[setup.partnership.pk, setup.item.pk]),
        {"kind": NoteKind.PROPOSAL, "text": "Restores old window frames."},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Say in which column the outcome belongs" in text
    assert "Restores old window frames." in text
    assert not setup.item.notes.exists()


def test_the_host_proposes_an_outcome_and_the_authors_take_it_into_a_new_draft(cast, login):
    setup = partnership_for(cast)
    host = login(cast.host)
    host.post(
        reverse("unit_note_new", args=[setup.partnership.pk, setup.item.pk]),
        {"kind": NoteKind.PROPOSAL, "text": "Restores old window frames.", "category": "skills"},
    )
    note = setup.item.notes.get()
    assert note.status == ProposalStatus.OPEN
    host_page = host.get(_unit_url(setup)).content.decode()
    answer_url = reverse("proposal_answer", args=[setup.partnership.pk, note.pk])
    assert answer_url not in host_page

    coordinator = login(cast.coordinator)
    assert answer_url in coordinator.get(_unit_url(setup)).content.decode()
    response = coordinator.post(answer_url, {"decision": "accept", "answer": ""}, follow=True)
    note.refresh_from_db()
    unit = setup.item.unit
    unit.refresh_from_db()
    latest = unit.latest_version
    assert "The outcome was added to the unit's draft." in unescape(response.content.decode())
    assert note.status == ProposalStatus.ACCEPTED
    assert latest.number == 2
    assert latest.status == VersionStatus.DRAFT
    assert latest.outcomes.filter(
        category="skills", text__en="Restores old window frames."
    ).exists()
    setup.item.refresh_from_db()
    assert setup.item.version.number == 1


def test_rejecting_a_proposal_needs_an_answer(cast, login):
    setup = partnership_for(cast)
    note = _proposal(cast, setup)
    url = reverse("proposal_answer", args=[setup.partnership.pk, note.pk])
    client = login(cast.coordinator)
    response = client.post(url, {"decision": "reject", "answer": "  "}, follow=True)
    note.refresh_from_db()
    assert "Say why the proposal is not taken." in response.content.decode()
    assert note.status == ProposalStatus.OPEN

    response = client.post(
        url, {"decision": "reject", "answer": "We have no CNC machines."}, follow=True
    )
    note.refresh_from_db()
    assert note.status == ProposalStatus.REJECTED
    assert "We have no CNC machines." in response.content.decode()


def test_the_host_cannot_answer_a_proposal_on_the_sending_schools_unit(cast, login):
    setup = partnership_for(cast)
    note = _proposal(cast, setup)
    response = login(cast.host).post(
        reverse("proposal_answer", args=[setup.partnership.pk, note.pk]),
        {"decision": "accept"},
        follow=True,
    )
    note.refresh_from_db()
    assert "Only the unit's authors take proposals into it." in unescape(response.content.decode())
    assert note.status == ProposalStatus.OPEN


# --- who is refused ---

UNIT_PAGES = [
    "partnership_unit",
    "partnership_unit_agree",
    "partnership_unit_remove",
    "partnership_unit_update_version",
    "partnership_unit_request",
    "unit_note_new",
]


@pytest.mark.parametrize("url_name", [*UNIT_PAGES, "partnership_unit_add", "proposal_answer"])
@pytest.mark.parametrize("who", ["outsider", "learner"])
def test_an_outsider_or_a_learner_gets_404_on_unit_screens(cast, login, url_name, who):
    setup = partnership_for(cast, agreed=False)
    note = _proposal(cast, setup)
    if url_name in UNIT_PAGES:
        args = [setup.partnership.pk, setup.item.pk]
    elif url_name == "proposal_answer":
        args = [setup.partnership.pk, note.pk]
    else:
        args = [setup.partnership.pk]
    url = reverse(url_name, args=args)
    client = login(getattr(cast, who))
    assert client.get(url).status_code in {404, 405}
    payload = {
        "partner": setup.partnership.partners.get(institution=cast.host_school).pk,
        "version": setup.item.version_id,
        "kind": NoteKind.COMMENT,
        "text": "Mine",
        "decision": "reject",
        "answer": "No.",
        "unit": setup.item.unit_id,
    }
    assert client.post(url, payload).status_code == 404
    note.refresh_from_db()
    assert note.status == ProposalStatus.OPEN
    assert setup.item.notes.count() == 1
    assert not UnitAgreement.objects.exists()
    assert PartnershipUnit.objects.filter(pk=setup.item.pk).exists()


def test_a_unit_of_another_partnership_is_not_found_here(cast, login):
    setup = partnership_for(cast)
    other = partnership_for(cast)
    url = reverse("partnership_unit", args=[setup.partnership.pk, other.item.pk])
    assert login(cast.coordinator).get(url).status_code == 404
