"""Mobilities for a group: one template, one mobility and one Learning Agreement per learner,
all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.accounts.models import Membership, Role
from ecvet.mobilities.models import LearningAgreement, Mobility, MobilityGroup
from ecvet.mobilities.tests.factories import LearnerFactory
from ecvet.partnerships.tests.factories import partnership_for

pytestmark = pytest.mark.django_db


def _post(cast: Any, setup: Any, learners: list[Any], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Carpenters to Aalborg, April",
        "learners": [learner.pk for learner in learners],
        "partnership": setup.partnership.pk,
        "host_institution": cast.host_school.pk,
        "host_company": cast.host_company.pk,
        "mentor": cast.mentor.pk,
        "start": "2027-04-05",
        "end": "2027-04-30",
        "place": "Aalborg",
        "country": "DK",
        "units": [setup.item.pk],
    }
    data.update(changes)
    return data


def test_three_learners_get_three_mobilities_each_with_its_own_agreement(cast, login):
    setup = partnership_for(cast)
    learners = LearnerFactory.create_batch(3, school=cast.sending)
    client = login(cast.coordinator)
    response = client.post(reverse("mobility_group_new"), _post(cast, setup, learners))
    assert response.status_code == 302
    group = MobilityGroup.objects.get()
    assert group.name == "Carpenters to Aalborg, April"
    mobilities = list(Mobility.objects.filter(group=group))
    assert {m.learner_id for m in mobilities} == {learner.pk for learner in learners}
    agreements = LearningAgreement.objects.filter(mobility__group=group)
    assert agreements.count() == 3
    assert len({a.mobility_id for a in agreements}) == 3
    for agreement in agreements:
        assert [item.partnership_unit_id for item in agreement.units.all()] == [setup.item.pk]
    page = client.get(response.url).content.decode()
    assert "3 mobilities were planned" in page
    assert page.count("data-mobility=") == 3


def test_the_group_form_offers_the_schools_learners(cast, login):
    partnership_for(cast)
    learner = LearnerFactory.create(school=cast.sending, group="GA-2")
    stranger = LearnerFactory.create(school=cast.other_school)
    page = login(cast.coordinator).get(reverse("mobility_group_new")).content.decode()
    assert f"{learner.last_name} {learner.first_name} · GA-2" in page
    assert stranger.last_name not in page


def test_a_learner_whose_school_is_not_sending_is_named_and_nothing_is_created(cast, login):
    setup = partnership_for(cast)
    Membership.objects.create(
        user=cast.coordinator, institution=cast.host_school, role=Role.COORDINATOR
    )
    ours = LearnerFactory.create_batch(2, school=cast.sending)
    theirs = LearnerFactory.create(school=cast.host_school)
    response = login(cast.coordinator).post(
        reverse("mobility_group_new"), _post(cast, setup, [*ours, theirs], place="Vejle")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "is not the sending partner of the partnership" in page
    assert theirs.full_name in page
    assert 'value="Vejle"' in page
    assert not Mobility.objects.exists()
    assert not MobilityGroup.objects.exists()


def test_a_group_with_a_host_outside_the_partnership_creates_nothing(cast, login):
    setup = partnership_for(cast)
    learners = LearnerFactory.create_batch(2, school=cast.sending)
    response = login(cast.coordinator).post(
        reverse("mobility_group_new"),
        _post(cast, setup, learners, host_institution=cast.sending.pk),
    )
    assert response.status_code == 400
    assert not Mobility.objects.exists()
    assert not MobilityGroup.objects.exists()


def test_a_group_without_learners_is_refused_with_the_field_named(cast, login):
    setup = partnership_for(cast)
    response = login(cast.coordinator).post(reverse("mobility_group_new"), _post(cast, setup, []))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not MobilityGroup.objects.exists()


def test_the_outsider_cannot_create_a_group_of_our_learners(cast, login):
    setup = partnership_for(cast)
    learners = LearnerFactory.create_batch(2, school=cast.sending)
    client = login(cast.outsider)
    page = client.get(reverse("mobility_group_new")).content.decode()
    assert learners[0].last_name not in page
    response = client.post(reverse("mobility_group_new"), _post(cast, setup, learners))
    assert response.status_code == 400
    assert not Mobility.objects.exists()
