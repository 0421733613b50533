"""Nobody outside a mobility sees its validation and recognition pages: an outsider, another
learner of the same school and a mentor of another mobility get 404 on every page, whatever
the method, and nothing changes. ``PAGES`` is the list for the project's outsider matrix: each
page needs a mobility pk."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.institutions.models import InstitutionKind
from ecvet.institutions.tests.factories import InstitutionFactory
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.recognition.models import Recognition, Validation
from ecvet.recognition.tests.assessed import REASON, assessed_mobility
from ecvet.recognition.tests.setup import outcomes

pytestmark = pytest.mark.django_db

PAGES = ("validation", "recognition", "recognition_summary")


def _people(cast: Any) -> dict[str, Any]:
    learner = UserFactory.create(username="learner-anna", first_name="Anna", last_name="Liepa")
    MembershipFactory.create(user=learner, institution=cast.sending, role=Role.LEARNER)
    company = InstitutionFactory.create(name="Other workshop", kind=InstitutionKind.COMPANY)
    mentor = UserFactory.create(username="mentor-other", first_name="Ole", last_name="Berg")
    MembershipFactory.create(user=mentor, institution=company, role=Role.MENTOR)
    return {"outsider": cast.outsider, "another learner": learner, "another mentor": mentor}


@pytest.mark.parametrize("who", ["outsider", "another learner", "another mentor"])
@pytest.mark.parametrize("name", PAGES)
def test_outsiders_get_404_on_every_page_whatever_the_method(cast, login, who, name):
    mobility = assessed_mobility(cast)
    first = outcomes(mobility)[0]
    client = login(_people(cast)[who])
    url = reverse(name, args=[mobility.pk])

    page = client.get(url)
    saved = client.post(url, {"outcome": first.pk, f"o{first.pk}-matches": "on"})
    confirmed = client.post(url, {"action": "validate"})

    assert page.status_code == 404
    assert REASON not in page.content.decode()
    assert saved.status_code == 404
    assert confirmed.status_code == 404
    assert not Validation.objects.exists()
    assert not Recognition.objects.exists()
    assert Mobility.objects.get(pk=mobility.pk).status == MobilityStatus.COMPLETED


@pytest.mark.parametrize("name", PAGES)
def test_a_page_of_a_mobility_that_does_not_exist_is_404(cast, login, name):
    response = login(cast.coordinator).get(reverse(name, args=[999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_signed_out_visitors_are_sent_to_log_in(cast, client, name):
    mobility = assessed_mobility(cast)

    response = client.get(reverse(name, args=[mobility.pk]))

    assert response.status_code == 302
    assert reverse("login") in response.url
