"""Preparing a Learning Agreement draft on its screens: the texts and enclosures, the units
(all or some of their outcomes) and each unit's assessment plan; a signed agreement refuses
every change, and an amendment opens a new draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.mobilities.models import AgreementStatus, AgreementUnit, AssessmentMethod
from ecvet.mobilities.services.agreements import agreement_send, agreement_update
from ecvet.mobilities.tests.setup import MobilitySetup, mobility_for, sent_agreement
from ecvet.partnerships.services.units import partnership_unit_add, unit_agreement_record
from ecvet.partnerships.tests.factories import agreed_unit
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.signing.services import signature_sign

pytestmark = pytest.mark.django_db

TEXTS = {
    "learning_activities_en": "Doors in the host workshop",
    "learning_activities_lv": "Durvis darbnīcā",
    "documentation_en": "A transcript of records",
    "documentation_lv": "Sekmju izraksts",
    "validation_recognition_en": "The head of practice validates",
    "validation_recognition_lv": "Prakses vadītājs apstiprina",
}


def _detail(setup: MobilitySetup, number: int = 1) -> str:
    return reverse("agreement_detail", args=[setup.mobility.pk, number])


def _signed(cast: Any) -> MobilitySetup:
    setup, envelope = sent_agreement(cast)
    for user in (cast.coordinator, cast.mentor, cast.learner):
        signature_sign(
            envelope=envelope,
            signatory=envelope.signatories.get(user=user),
            user=user,
            password=PASSWORD,
        )
    setup.agreement.refresh_from_db()
    return setup


def _another_unit(cast: Any, setup: MobilitySetup, *, agreed: bool = True) -> Any:
    """A second unit in the partnership, with outcomes in two columns."""
    item = partnership_unit_add(
        actor=cast.coordinator,
        partnership=setup.partnership.partnership,
        unit=agreed_unit(cast.sending, "Door making" if agreed else "Not agreed yet"),
    )
    LearningOutcomeFactory.create(
        version=item.version,
        category=Category.KNOWLEDGE,
        text={"en": "Name the woods", "lv": "Nosauc kokus"},
    )
    LearningOutcomeFactory.create(
        version=item.version,
        category=Category.COMPETENCE,
        text={"en": "Plan the day", "lv": "Plāno dienu"},
    )
    if agreed:
        for partner in setup.partnership.partnership.partners.all():
            user = cast.coordinator if partner.institution_id == cast.sending.pk else cast.host
            unit_agreement_record(actor=user, partnership_unit=item, partner=partner)
    return item


# --- the texts and enclosures ---


def test_the_coordinator_writes_activities_documentation_and_enclosures(cast, login):
    setup = mobility_for(cast)
    setup.agreement.refresh_from_db()
    url = reverse("agreement_edit", args=[setup.mobility.pk, 1])
    client = login(cast.coordinator)
    page = client.get(url).content.decode()
    assert 'name="learning_activities_lv"' in page
    assert 'name="enclosures" value="cv"' in page
    response = client.post(
        url, {"revision": setup.agreement.revision, **TEXTS, "enclosures": ["cv", "mobility"]}
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(setup)
    setup.agreement.refresh_from_db()
    assert setup.agreement.learning_activities == {
        "en": "Doors in the host workshop",
        "lv": "Durvis darbnīcā",
    }
    assert setup.agreement.enclosures == ["cv", "mobility"]
    assert 'value="cv" id="id_enclosures_1" checked' in client.get(url).content.decode()


def test_saving_over_someone_elses_change_is_a_conflict_that_keeps_the_input(cast, login):
    setup = mobility_for(cast)
    setup.agreement.refresh_from_db()
    url = reverse("agreement_edit", args=[setup.mobility.pk, 1])
    read_at = setup.agreement.revision
    agreement_update(
        actor=cast.coordinator,
        agreement=setup.agreement,
        revision=None,
        learning_activities={"en": "Windows instead"},
    )
    response = login(cast.coordinator).post(url, {"revision": read_at, **TEXTS})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this agreement while you were editing it." in page
    assert "Durvis darbnīcā" in page  # what the user typed is still there
    setup.agreement.refresh_from_db()
    assert setup.agreement.learning_activities == {"en": "Windows instead"}
    assert f'name="revision" value="{setup.agreement.revision}"' in page


# --- units ---


def test_only_agreed_units_not_yet_chosen_are_offered(cast, login):
    setup = mobility_for(cast)
    offered = _another_unit(cast, setup)
    waiting = _another_unit(cast, setup, agreed=False)
    page = login(cast.coordinator).get(reverse("agreement_unit_add", args=[setup.mobility.pk, 1]))
    text = page.content.decode()
    assert f'data-choice="{offered.pk}"' in text
    assert f'data-choice="{waiting.pk}"' not in text
    assert f'data-choice="{setup.partnership.item.pk}"' not in text  # already in
    assert "Name the woods" in text


def test_a_unit_is_added_with_a_subset_of_its_outcomes(cast, login):
    setup = mobility_for(cast)
    item = _another_unit(cast, setup)
    chosen = item.version.outcomes.get(category=Category.KNOWLEDGE)
    response = login(cast.coordinator).post(
        reverse("agreement_unit_add", args=[setup.mobility.pk, 1]),
        {"partnership_unit": item.pk, "outcomes": [chosen.pk]},
    )
    added = AgreementUnit.objects.get(agreement=setup.agreement, partnership_unit=item)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "agreement_unit_edit", args=[setup.mobility.pk, added.pk]
    )
    assert list(added.outcomes.all()) == [chosen]


def test_outcomes_of_another_unit_are_refused_and_nothing_is_added(cast, login):
    setup = mobility_for(cast)
    item = _another_unit(cast, setup)
    foreign = setup.partnership.item.version.outcomes.get()
    response = login(cast.coordinator).post(
        reverse("agreement_unit_add", args=[setup.mobility.pk, 1]),
        {"partnership_unit": item.pk, "outcomes": [foreign.pk]},
    )
    assert response.status_code == 400
    assert not AgreementUnit.objects.filter(partnership_unit=item).exists()


def test_a_unit_not_agreed_by_every_partner_cannot_be_added(cast, login):
    setup = mobility_for(cast)
    waiting = _another_unit(cast, setup, agreed=False)
    response = login(cast.coordinator).post(
        reverse("agreement_unit_add", args=[setup.mobility.pk, 1]),
        {"partnership_unit": waiting.pk},
    )
    assert response.status_code == 400
    assert not AgreementUnit.objects.filter(partnership_unit=waiting).exists()


def test_the_assessment_plan_is_saved(cast, login):
    setup = mobility_for(cast)
    item = setup.agreement.units.get()
    url = reverse("agreement_unit_edit", args=[setup.mobility.pk, item.pk])
    client = login(cast.coordinator)
    page = client.get(url).content.decode()
    assert 'value="observation" id="id_methods_0" checked' in page
    assert "Lars Hansen" in page
    response = client.post(
        url,
        {
            "assessor": cast.teacher.pk,
            "methods": [AssessmentMethod.INTERVIEW, AssessmentMethod.TEST],
            "when": "On 28 April",
            "where": "At the host school",
            "evidence_en": "Answers",
            "evidence_lv": "Atbildes",
            "criteria_en": "Names every part",
            "criteria_lv": "Nosauc katru daļu",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.assessor == cast.teacher
    assert item.methods == ["interview", "test"]
    assert item.when == "On 28 April"
    assert item.evidence == {"en": "Answers", "lv": "Atbildes"}
    assert item.criteria == {"en": "Names every part", "lv": "Nosauc katru daļu"}
    page = client.get(_detail(setup)).content.decode()
    assert "Jānis Ozols" in page
    assert "Names every part" in page


def test_an_assessor_from_outside_the_mobility_is_refused(cast, login):
    setup = mobility_for(cast)
    item = setup.agreement.units.get()
    response = login(cast.coordinator).post(
        reverse("agreement_unit_edit", args=[setup.mobility.pk, item.pk]),
        {"assessor": cast.outsider.pk, "methods": ["test"]},
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.assessor == cast.mentor


def test_a_unit_is_removed_by_a_post_only(cast, login):
    setup = mobility_for(cast)
    item = setup.agreement.units.get()
    url = reverse("agreement_unit_remove", args=[setup.mobility.pk, item.pk])
    client = login(cast.coordinator)
    assert client.get(url).status_code == 405
    assert AgreementUnit.objects.filter(pk=item.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not AgreementUnit.objects.filter(pk=item.pk).exists()


# --- frozen once sent; amendments ---


def test_a_signed_agreement_cannot_be_edited(cast, login):
    setup = _signed(cast)
    client = login(cast.coordinator)
    url = reverse("agreement_edit", args=[setup.mobility.pk, 1])
    response = client.post(url, {"revision": setup.agreement.revision, **TEXTS}, follow=True)
    page = response.content.decode()
    assert "is signed, so what it states cannot change. Start an amendment" in page
    setup.agreement.refresh_from_db()
    assert setup.agreement.learning_activities == {}
    assert client.get(url).status_code == 302
    item = setup.agreement.units.get()
    plan = client.post(
        reverse("agreement_unit_edit", args=[setup.mobility.pk, item.pk]),
        {"methods": ["test"]},
        follow=True,
    )
    assert "cannot change" in plan.content.decode()
    item.refresh_from_db()
    assert item.methods == ["observation", "product"]
    removed = client.post(
        reverse("agreement_unit_remove", args=[setup.mobility.pk, item.pk]), follow=True
    )
    assert "cannot change" in removed.content.decode()
    assert AgreementUnit.objects.filter(pk=item.pk).exists()


def test_an_agreement_out_for_signature_cannot_be_edited(cast, login):
    setup, _envelope = sent_agreement(cast)
    response = login(cast.coordinator).post(
        reverse("agreement_edit", args=[setup.mobility.pk, 1]),
        {"revision": setup.agreement.revision, **TEXTS},
        follow=True,
    )
    assert "is out for signature" in response.content.decode()


def test_an_amendment_opens_a_new_draft_signed_again(cast, login):
    setup = _signed(cast)
    client = login(cast.coordinator)
    amend_url = reverse("agreement_amend", args=[setup.mobility.pk])
    assert client.get(amend_url).status_code == 200
    assert client.post(amend_url, {"reason": ""}).status_code == 400
    response = client.post(amend_url, {"reason": "Two more weeks at the host."})
    assert response.status_code == 302
    assert response["Location"] == _detail(setup, 2)
    page = client.get(_detail(setup, 2)).content.decode()
    assert 'data-banner="draft"' in page
    assert "This amendment replaces version 1 of this Learning Agreement." in page
    assert "Two more weeks at the host." in page
    edit = client.post(
        reverse("agreement_edit", args=[setup.mobility.pk, 2]),
        {"revision": 1, **TEXTS},
    )
    assert edit.status_code == 302
    amendment = setup.mobility.agreements.get(number=2)
    envelope = agreement_send(actor=cast.coordinator, agreement=amendment)
    for user in (cast.coordinator, cast.mentor, cast.learner):
        signature_sign(
            envelope=envelope,
            signatory=envelope.signatories.get(user=user),
            user=user,
            password=PASSWORD,
        )
    old = client.get(_detail(setup)).content.decode()
    assert 'data-banner="superseded"' in old
    assert _detail(setup, 2) in old
    amendment.refresh_from_db()
    assert amendment.status == AgreementStatus.SIGNED


def test_an_amendment_of_a_draft_is_refused_with_a_reason(cast, login):
    setup = mobility_for(cast)
    response = login(cast.coordinator).post(
        reverse("agreement_amend", args=[setup.mobility.pk]), {"reason": "Early."}
    )
    assert response.status_code == 400
    assert "Only a signed agreement is amended" in response.content.decode()
    assert setup.mobility.agreements.count() == 1


def test_the_host_and_the_learner_cannot_prepare_the_agreement(cast, login):
    setup = mobility_for(cast)
    item = setup.agreement.units.get()
    urls = [
        reverse("agreement_edit", args=[setup.mobility.pk, 1]),
        reverse("agreement_unit_add", args=[setup.mobility.pk, 1]),
        reverse("agreement_unit_edit", args=[setup.mobility.pk, item.pk]),
        reverse("agreement_unit_remove", args=[setup.mobility.pk, item.pk]),
        reverse("agreement_send", args=[setup.mobility.pk, 1]),
        reverse("agreement_amend", args=[setup.mobility.pk]),
    ]
    for user in (cast.host, cast.mentor, cast.learner):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"revision": 1, "methods": ["test"]}).status_code == 404
    assert AgreementUnit.objects.filter(pk=item.pk).exists()
