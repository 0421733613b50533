"""The list of mobilities: who sees which, filters, and a fixed number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from ecvet.accounts.models import Membership, Role
from ecvet.accounts.tests.factories import UserFactory
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.mobilities.services.mobilities import mobility_create
from ecvet.mobilities.tests.factories import LearnerFactory
from ecvet.mobilities.tests.setup import mobility_for
from ecvet.partnerships.tests.factories import partnership_for

pytestmark = pytest.mark.django_db


def _more_mobilities(cast: Any, partnership: Any, count: int, *, mentor: Any = None) -> None:
    for number in range(count):
        mobility_create(
            actor=cast.coordinator,
            learner=LearnerFactory.create(school=cast.sending),
            partnership=partnership,
            host_institution=cast.host_school,
            host_company=cast.host_company,
            mentor=mentor or cast.mentor,
            start=date(2027, 5, 1 + number),
            end=date(2027, 5, 28),
            place="Odense",
            units=[],
        )


def test_each_row_shows_learner_period_host_mentor_status_and_agreement(cast, login):
    setup = mobility_for(cast)
    page = login(cast.coordinator).get(reverse("mobility_list")).content.decode()
    assert reverse("mobility_detail", args=[setup.mobility.pk]) in page
    assert setup.learner.full_name in page
    assert "3.7 weeks" in page
    assert "Host VET school" in page
    assert "Host carpentry" in page
    assert "Lars Hansen" in page
    assert 'data-mobility-status="planned"' in page
    assert 'data-agreement-status="draft"' in page
    assert "LA v1: Draft" in page


def test_the_list_filters_by_status_partnership_and_search(cast, login):
    setup = mobility_for(cast)
    client = login(cast.coordinator)
    url = reverse("mobility_list")
    row = f'data-mobility="{setup.mobility.pk}"'
    assert row in client.get(url, {"status": "planned"}).content.decode()
    assert row not in client.get(url, {"status": "ongoing"}).content.decode()
    assert (
        row in client.get(url, {"partnership": setup.partnership.partnership.pk}).content.decode()
    )
    assert row in client.get(url, {"q": "aalborg"}).content.decode()
    empty = client.get(url, {"q": "nowhere-at-all"}).content.decode()
    assert row not in empty
    assert "No mobility matches." in empty


def test_the_list_answers_a_search_with_the_results_only_for_htmx(cast, login):
    mobility_for(cast)
    response = login(cast.coordinator).get(
        reverse("mobility_list"), {"q": "aalborg"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "data-mobility-list" in page
    assert "<html" not in page


def test_the_mentor_sees_only_the_mobilities_they_mentor(cast, login):
    setup = mobility_for(cast)
    other_mentor = UserFactory.create(username="mentor2", first_name="Other", last_name="Mentor")
    Membership.objects.create(user=other_mentor, institution=cast.host_company, role=Role.MENTOR)
    _more_mobilities(cast, setup.partnership.partnership, 1, mentor=other_mentor)
    others = Mobility.objects.exclude(pk=setup.mobility.pk).get()
    page = login(cast.mentor).get(reverse("mobility_list")).content.decode()
    assert f'data-mobility="{setup.mobility.pk}"' in page
    assert f'data-mobility="{others.pk}"' not in page


def test_the_host_coordinator_sees_the_mobilities_placed_with_the_host(cast, login):
    setup = mobility_for(cast)
    page = login(cast.host).get(reverse("mobility_list")).content.decode()
    assert f'data-mobility="{setup.mobility.pk}"' in page


def test_the_outsider_sees_no_mobility_of_others(cast, login):
    mobility_for(cast)
    page = login(cast.outsider).get(reverse("mobility_list")).content.decode()
    assert "data-mobility=" not in page
    assert "Host VET school" not in page
    assert "Roberts" not in page


def test_a_learner_gets_404_on_the_list(cast, login):
    mobility_for(cast)
    assert login(cast.learner).get(reverse("mobility_list")).status_code == 404


def test_the_list_keeps_a_fixed_number_of_queries_as_mobilities_grow(
    cast, login, django_assert_max_num_queries
):
    setup = mobility_for(cast)
    partnership = setup.partnership.partnership
    _more_mobilities(cast, partnership, 2)
    client = login(cast.coordinator)
    client.get(reverse("mobility_list"))
    with django_assert_max_num_queries(10) as few:
        response = client.get(reverse("mobility_list"))
    assert response.content.decode().count("data-mobility=") == 3
    _more_mobilities(cast, partnership, 5)
    Mobility.objects.filter(pk=setup.mobility.pk).update(status=MobilityStatus.ONGOING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("mobility_list"))
    assert response.content.decode().count("data-mobility=") == 8


def test_a_coordinator_is_offered_to_plan_mobilities(cast, login):
    page = login(cast.coordinator).get(reverse("mobility_list")).content.decode()
    assert reverse("mobility_new") in page
    assert reverse("mobility_group_new") in page
    assert "No mobility yet." in page


def test_the_partnership_filter_lists_only_visible_partnerships(cast, login):
    partnership_for(cast)
    page = login(cast.outsider).get(reverse("mobility_list")).content.decode()
    assert "Carpenters LV-DK" not in page
