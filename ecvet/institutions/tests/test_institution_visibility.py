from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.institutions.selectors import institution_can_change, institution_list
from ecvet.institutions.tests.factories import ContactPersonFactory

pytestmark = pytest.mark.django_db


def visible_names(user) -> set[str]:
    return set(institution_list(user=user).values_list("name", flat=True))


def test_sending_coordinator_sees_own_school_and_the_partners_it_registered(cast):
    assert visible_names(cast.coordinator) == {
        "Sending VET school",
        "Host VET school",
        "Host carpentry",
    }


def test_host_coordinator_and_mentor_see_only_their_own_institution(cast):
    assert visible_names(cast.host) == {"Host VET school"}
    assert visible_names(cast.mentor) == {"Host carpentry"}


def test_outsider_sees_only_the_unrelated_school(cast):
    assert visible_names(cast.outsider) == {"Unrelated school"}


def test_platform_admin_sees_every_institution(cast):
    assert len(visible_names(cast.admin)) == 4


def test_registrar_may_edit_a_partner_only_until_it_has_its_own_coordinator(cast):
    assert institution_can_change(user=cast.coordinator, institution=cast.host_company)
    # The host school has its own coordinator: its data is theirs now.
    assert not institution_can_change(user=cast.coordinator, institution=cast.host_school)
    assert institution_can_change(user=cast.host, institution=cast.host_school)


def test_teachers_learners_and_mentors_cannot_edit_institutions(cast):
    for user in (cast.teacher, cast.learner, cast.mentor):
        assert not institution_can_change(user=user, institution=cast.sending)
    assert not institution_can_change(user=cast.mentor, institution=cast.host_company)


@pytest.mark.parametrize("url_name", ["institution_detail", "institution_edit", "contact_new"])
def test_outsider_gets_404_for_every_page_of_another_institution(cast, login, url_name):
    client = login(cast.outsider)
    for institution in (cast.sending, cast.host_school, cast.host_company):
        response = client.get(reverse(url_name, args=[institution.pk]))
        assert response.status_code == 404


def test_outsider_cannot_edit_or_remove_another_institutions_contact(cast, login):
    contact = ContactPersonFactory.create(institution=cast.sending, name="Director")
    client = login(cast.outsider)
    assert client.get(reverse("contact_edit", args=[contact.pk])).status_code == 404
    assert client.post(reverse("contact_edit", args=[contact.pk]), {"name": "X"}).status_code == 404
    assert client.post(reverse("contact_remove", args=[contact.pk])).status_code == 404
    contact.refresh_from_db()
    assert contact.name == "Director"


def test_outsider_posting_an_edit_changes_nothing(cast, login):
    response = login(cast.outsider).post(
        reverse("institution_edit", args=[cast.sending.pk]),
        {"name": "Hijacked", "kind": "vet_school", "country": "LV"},
    )
    assert response.status_code == 404
    cast.sending.refresh_from_db()
    assert cast.sending.name == "Sending VET school"


def test_learner_can_view_own_school_but_not_edit_it(cast, login):
    client = login(cast.learner)
    assert client.get(reverse("institution_detail", args=[cast.sending.pk])).status_code == 200
    assert client.get(reverse("institution_edit", args=[cast.sending.pk])).status_code == 404
    assert client.get(reverse("institution_new")).status_code == 404


def test_people_with_access_are_listed_only_for_managers(cast, login):
    url = reverse("institution_detail", args=[cast.sending.pk])
    assert "People with access" in login(cast.coordinator).get(url).content.decode()
    page = login(cast.learner).get(url).content.decode()
    assert "People with access" not in page
    assert cast.teacher.last_name not in page


def test_anonymous_visitors_are_sent_to_log_in(cast, client):
    for url in (
        reverse("institution_list"),
        reverse("institution_detail", args=[cast.sending.pk]),
        reverse("institution_new"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_institution_list_queries_do_not_grow_with_the_data(
    cast, login, django_assert_max_num_queries
):
    from ecvet.institutions.tests.factories import InstitutionFactory

    client = login(cast.coordinator)
    InstitutionFactory.create_batch(40, registered_by=cast.sending)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("institution_list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 43
