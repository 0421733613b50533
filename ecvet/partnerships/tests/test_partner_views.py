"""Adding, changing and removing partners through the screens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.institutions.tests.factories import ContactPersonFactory, InstitutionFactory
from ecvet.partnerships.models import Partner, PartnerRole
from ecvet.partnerships.tests.factories import partnership_for, sent_memorandum

pytestmark = pytest.mark.django_db


def test_the_coordinator_adds_the_host_company_with_its_contact_and_signatory(cast, login):
    setup = partnership_for(cast)
    contact = ContactPersonFactory.create(institution=cast.host_company, name="Anne Boss")
    response = login(cast.coordinator).post(
        reverse("partner_new", args=[setup.partnership.pk]),
        {
            "institution": cast.host_company.pk,
            "role": PartnerRole.HOST_COMPANY,
            "responsibilities_en": "Trains and assesses the learner at work.",
            "contact": contact.pk,
            "signatory": cast.mentor.pk,
            "signatory_job_title": "Workshop manager",
        },
    )
    partner = Partner.objects.get(partnership=setup.partnership, institution=cast.host_company)
    assert response.status_code == 302
    assert partner.role == PartnerRole.HOST_COMPANY
    assert partner.contact == contact
    assert partner.signatory == cast.mentor
    assert partner.responsibilities == {"en": "Trains and assesses the learner at work."}


def test_the_new_partner_form_offers_only_institutions_that_are_not_partners(cast, login):
    setup = partnership_for(cast)
    text = (
        login(cast.coordinator)
        .get(reverse("partner_new", args=[setup.partnership.pk]))
        .content.decode()
    )
    assert f'<option value="{cast.host_company.pk}"' in text
    assert f'<option value="{cast.host_school.pk}"' not in text
    assert "Unrelated school" not in text


def test_choosing_an_institution_reloads_its_contacts_and_signatories(cast, login):
    setup = partnership_for(cast)
    ContactPersonFactory.create(institution=cast.host_company, name="Anne Boss")
    ContactPersonFactory.create(institution=cast.sending, name="Not theirs")
    response = login(cast.coordinator).get(
        reverse("partner_new", args=[setup.partnership.pk]),
        {"institution": cast.host_company.pk},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert "data-partner-people" in text
    assert "<html" not in text
    assert "Anne Boss" in text
    assert "Lars Hansen" in text
    assert "Not theirs" not in text
    assert "Ilze" not in text


def test_a_signatory_of_another_institution_is_refused_and_the_input_kept(cast, login):
    setup = partnership_for(cast)
    response = login(cast.coordinator).post(
        reverse("partner_new", args=[setup.partnership.pk]),
        {
            "institution": cast.host_company.pk,
            "role": PartnerRole.HOST_COMPANY,
            "responsibilities_lv": "Apmāca audzēkni darbā.",
            "signatory": cast.coordinator.pk,
        },
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Apmāca audzēkni darbā." in text
    assert not Partner.objects.filter(institution=cast.host_company).exists()


def test_a_partner_without_role_is_refused(cast, login):
    setup = partnership_for(cast)
    response = login(cast.coordinator).post(
        reverse("partner_new", args=[setup.partnership.pk]),
        {"institution": cast.host_company.pk, "signatory_name": "Paper Person"},
    )
    assert response.status_code == 400
    assert 'value="Paper Person"' in response.content.decode()


def test_the_host_names_its_own_signatory_but_cannot_change_its_role(cast, login):
    setup = partnership_for(cast)
    deputy = UserFactory.create(first_name="Karen", last_name="Holm")
    MembershipFactory.create(user=deputy, institution=cast.host_school, role=Role.TEACHER)
    partner = setup.partnership.partners.get(institution=cast.host_school)
    url = reverse("partner_edit", args=[setup.partnership.pk, partner.pk])
    client = login(cast.host)
    page = client.get(url).content.decode()
    assert "Karen Holm" in page
    assert "disabled" in page
    response = client.post(
        url,
        {
            "revision": setup.partnership.revision,
            "role": PartnerRole.INTERMEDIARY,
            "signatory": deputy.pk,
            "signatory_job_title": "Deputy head",
        },
    )
    partner.refresh_from_db()
    assert response.status_code == 302
    assert partner.signatory == deputy
    assert partner.role == PartnerRole.HOSTING


def test_the_coordinator_changes_a_partners_role(cast, login):
    setup = partnership_for(cast)
    partner = setup.partnership.partners.get(institution=cast.host_school)
    response = login(cast.coordinator).post(
        reverse("partner_edit", args=[setup.partnership.pk, partner.pk]),
        {
            "revision": setup.partnership.revision,
            "role": PartnerRole.INTERMEDIARY,
            "signatory": cast.host.pk,
        },
    )
    partner.refresh_from_db()
    assert response.status_code == 302
    assert partner.role == PartnerRole.INTERMEDIARY


def test_a_stale_partner_form_keeps_the_text_and_reports_the_conflict(cast, login):
    setup = partnership_for(cast)
    partner = setup.partnership.partners.get(institution=cast.host_school)
    url = reverse("partner_edit", args=[setup.partnership.pk, partner.pk])
    stale = setup.partnership.revision
    client = login(cast.coordinator)
    first = {"revision": stale, "role": PartnerRole.HOSTING, "signatory_job_title": "Rector"}
    second = {"revision": stale, "role": PartnerRole.HOSTING, "signatory_job_title": "Dean"}
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    partner.refresh_from_db()
    assert response.status_code == 400
    assert "Someone else changed the partnership" in response.content.decode()
    assert 'value="Dean"' in response.content.decode()
    assert partner.signatory_job_title == "Rector"


def test_a_teacher_cannot_edit_a_partner(cast, login):
    setup = partnership_for(cast)
    partner = setup.partnership.partners.get(institution=cast.host_school)
    url = reverse("partner_edit", args=[setup.partnership.pk, partner.pk])
    assert login(cast.teacher).get(url).status_code == 403


def test_the_coordinator_removes_a_partner_after_confirming(cast, login):
    setup = partnership_for(cast)
    partner = setup.partnership.partners.get(institution=cast.host_school)
    url = reverse("partner_remove", args=[setup.partnership.pk, partner.pk])
    client = login(cast.coordinator)
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Host VET school" in confirm.content.decode()
    assert Partner.objects.filter(pk=partner.pk).exists()
    assert client.post(url).status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_the_coordinating_institution_cannot_be_removed(cast, login):
    setup = partnership_for(cast)
    own = setup.partnership.partners.get(institution=cast.sending)
    client = login(cast.coordinator)
    response = client.post(
        reverse("partner_remove", args=[setup.partnership.pk, own.pk]), follow=True
    )
    assert "cannot leave its own partnership" in response.content.decode()
    assert Partner.objects.filter(pk=own.pk).exists()


def test_partners_cannot_change_while_the_mou_is_out_for_signature(cast, login):
    setup, _envelope = sent_memorandum(cast)
    partner = setup.partnership.partners.get(institution=cast.host_school)
    client = login(cast.coordinator)
    response = client.post(
        reverse("partner_remove", args=[setup.partnership.pk, partner.pk]), follow=True
    )
    assert "is out for signature" in response.content.decode()
    assert Partner.objects.filter(pk=partner.pk).exists()
    added = client.post(
        reverse("partner_new", args=[setup.partnership.pk]),
        {"institution": cast.host_company.pk, "role": PartnerRole.HOST_COMPANY},
    )
    assert added.status_code == 400
    assert "is out for signature" in added.content.decode()


@pytest.mark.parametrize("url_name", ["partner_new", "partner_edit", "partner_remove"])
@pytest.mark.parametrize("who", ["outsider", "learner"])
def test_an_outsider_or_a_learner_gets_404_on_partner_screens(cast, login, url_name, who):
    setup = partnership_for(cast)
    partner = setup.partnership.partners.get(institution=cast.host_school)
    args = [setup.partnership.pk] + ([] if url_name == "partner_new" else [partner.pk])
    url = reverse(url_name, args=args)
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 404
    payload = {"institution": cast.other_school.pk, "role": PartnerRole.HOSTING}
    assert client.post(url, payload).status_code == 404
    assert Partner.objects.filter(pk=partner.pk, role=PartnerRole.HOSTING).exists()
    assert setup.partnership.partners.count() == 2


def test_a_partner_of_another_partnership_is_not_found_here(cast, login):
    setup = partnership_for(cast)
    other = partnership_for(cast)
    foreign = other.partnership.partners.get(institution=cast.host_school)
    url = reverse("partner_edit", args=[setup.partnership.pk, foreign.pk])
    assert login(cast.coordinator).get(url).status_code == 404


def test_an_institution_unknown_to_the_coordinator_cannot_be_added(cast, login):
    setup = partnership_for(cast)
    hidden = InstitutionFactory.create(name="Hidden school")
    response = login(cast.coordinator).post(
        reverse("partner_new", args=[setup.partnership.pk]),
        {"institution": hidden.pk, "role": PartnerRole.HOSTING},
    )
    assert response.status_code == 400
    assert not Partner.objects.filter(institution=hidden).exists()
