from __future__ import annotations

import json

import pytest
from django.test import Client

from ecvet.audit.models import AuditEvent
from ecvet.institutions.models import Institution

pytestmark = pytest.mark.django_db
URL = "/api/v1/institutions"


def test_without_a_token_the_api_answers_401(cast):
    client = Client()
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/{cast.sending.pk}").status_code == 401
    assert client.get("/api/v1/me").status_code == 401


def test_a_wrong_or_revoked_token_is_refused(cast, api):
    assert Client(headers={"Authorization": "Bearer ecv_nonsense"}).get(URL).status_code == 401
    client = api(cast.coordinator)
    token = cast.coordinator.api_tokens.get()
    token.revoked_at = token.created_at
    token.save()
    assert client.get(URL).status_code == 401


def test_the_list_holds_only_what_the_user_may_see(cast, api):
    body = api(cast.coordinator).get(URL).json()
    assert body["count"] == 3
    assert {item["name"] for item in body["items"]} == {
        "Sending VET school",
        "Host VET school",
        "Host carpentry",
    }
    outsider_body = api(cast.outsider).get(URL).json()
    assert [item["name"] for item in outsider_body["items"]] == ["Unrelated school"]


def test_the_list_filters_like_the_screen(cast, api):
    body = api(cast.coordinator).get(URL, {"kind": "company"}).json()
    assert [item["name"] for item in body["items"]] == ["Host carpentry"]
    body = api(cast.coordinator).get(URL, {"country": "dk", "q": "vet"}).json()
    assert [item["name"] for item in body["items"]] == ["Host VET school"]


def test_outsider_gets_404_for_another_institution(cast, api):
    client = api(cast.outsider)
    for institution in (cast.sending, cast.host_school, cast.host_company):
        assert client.get(f"{URL}/{institution.pk}").status_code == 404
        response = client.patch(
            f"{URL}/{institution.pk}", json.dumps({"name": "X"}), content_type="application/json"
        )
        assert response.status_code == 404


def test_coordinator_registers_a_partner_through_the_api(cast, api):
    payload = {
        "name": "Tømrer Madsen",
        "kind": "company",
        "country": "dk",
        "registered_by_id": cast.sending.pk,
        "pic": "949000111",
    }
    response = api(cast.coordinator).post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    created = Institution.objects.get(name="Tømrer Madsen")
    assert response.json()["id"] == created.pk
    assert created.country.code == "DK"
    assert AuditEvent.objects.for_target(created).get().actor == cast.coordinator


def test_registering_for_someone_elses_school_is_404(cast, api):
    payload = {"name": "X", "kind": "company", "country": "DK", "registered_by_id": cast.sending.pk}
    response = api(cast.outsider).post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == 404
    assert not Institution.objects.filter(name="X").exists()


def test_invalid_identifiers_are_named_in_a_422(cast, api):
    payload = {
        "name": "X",
        "kind": "company",
        "country": "DK",
        "registered_by_id": cast.sending.pk,
        "erasmus_oid": "E1",
    }
    response = api(cast.coordinator).post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "erasmus_oid"


def test_patch_changes_only_the_given_fields_and_is_audited(cast, api):
    response = api(cast.host).patch(
        f"{URL}/{cast.host_school.pk}",
        json.dumps({"city": "Aarhus"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    cast.host_school.refresh_from_db()
    assert cast.host_school.city == "Aarhus"
    assert cast.host_school.name == "Host VET school"
    event = AuditEvent.objects.for_target(cast.host_school).get()
    assert event.changes == {"city": ["Rīga", "Aarhus"]}


def test_a_mentor_may_read_but_not_change_their_company(cast, api):
    client = api(cast.mentor)
    assert client.get(f"{URL}/{cast.host_company.pk}").status_code == 200
    response = client.patch(
        f"{URL}/{cast.host_company.pk}", json.dumps({"city": "X"}), content_type="application/json"
    )
    assert response.status_code == 404


def test_the_list_keeps_a_fixed_number_of_queries(cast, api, django_assert_max_num_queries):
    from ecvet.institutions.tests.factories import ContactPersonFactory, InstitutionFactory

    client = api(cast.coordinator)
    for institution in InstitutionFactory.create_batch(30, registered_by=cast.sending):
        ContactPersonFactory.create(institution=institution)
    with django_assert_max_num_queries(6):
        response = client.get(URL, {"limit": 100})
    assert response.json()["count"] == 33
