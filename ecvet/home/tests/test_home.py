from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "section"),
    [
        ("coordinator", "coordinator"),
        ("teacher", "teacher"),
        ("learner", "learner"),
        ("host", "coordinator"),
        ("mentor", "mentor"),
        ("outsider", "coordinator"),
        ("admin", "platform"),
    ],
)
def test_each_role_gets_its_own_home(cast, login, who, section):
    response = login(getattr(cast, who)).get(reverse("home"))
    assert response.status_code == 200
    assert f'data-role-home="{section}"' in response.content.decode()


def test_a_learner_is_told_who_their_coordinator_is(cast, login):
    page = login(cast.learner).get(reverse("home")).content.decode()
    assert cast.coordinator.get_full_name() in page


def test_a_mentor_is_pointed_to_the_school_that_placed_the_company(cast, login):
    page = login(cast.mentor).get(reverse("home")).content.decode()
    assert cast.coordinator.get_full_name() in page


def test_the_coordinators_home_lists_the_partners_it_registered_but_not_others(cast, login):
    page = login(cast.coordinator).get(reverse("home")).content.decode()
    assert "Host carpentry" in page
    assert "Unrelated school" not in page


def test_navigation_shows_only_entries_the_user_can_use(cast, login):
    coordinator_page = login(cast.coordinator).get(reverse("home")).content.decode()
    assert 'data-phase="partnership"' in coordinator_page
    assert reverse("invitation_list") in coordinator_page
    assert reverse("unit_list") in coordinator_page
    learner_page = login(cast.learner).get(reverse("home")).content.decode()
    assert reverse("invitation_list") not in learner_page
    assert reverse("unit_list") not in learner_page
    # No phase is shown without an entry in it: no empty menus, no placeholder pages.
    for phase in ("before", "during", "after"):
        assert f'data-phase="{phase}"' not in learner_page
    for phase in ("during", "after"):
        assert f'data-phase="{phase}"' not in coordinator_page


def test_a_person_without_an_institution_is_told_what_to_do(login, db):
    page = login(UserFactory.create()).get(reverse("home")).content.decode()
    assert "Ask your coordinator for an invitation" in page


def test_switching_to_latvian_translates_the_page(cast, login):
    client = login(cast.learner)
    response = client.post(reverse("set_language"), {"language": "lv", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="lv">' in page
    assert "Audzēknis" in page
    assert "Iestādes" in page or "Institūcijas" in page


def test_the_home_page_reads_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    client = login(cast.coordinator)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("home")).status_code == 200


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
