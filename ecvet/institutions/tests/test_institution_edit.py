from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.audit.models import AuditEvent
from ecvet.institutions.models import Institution

pytestmark = pytest.mark.django_db


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "registered_by": "",
        "name": "Snedker Jensen",
        "kind": "company",
        "country": "DK",
        "street_address": "Vej 1",
        "postal_code": "9000",
        "city": "Aalborg",
        "website": "https://snedker.example",
        "email": "",
        "phone": "",
        "erasmus_oid": "",
        "pic": "",
        "national_registration_number": "",
        "legal_identifier": "",
    }
    data.update(overrides)
    return data


def test_coordinator_registers_a_host_company_and_it_is_audited(cast, login):
    client = login(cast.coordinator)
    response = client.post(
        reverse("institution_new"), form_data(registered_by=str(cast.sending.pk))
    )
    company = Institution.objects.get(name="Snedker Jensen")
    assert response.status_code == 302
    assert response["Location"] == reverse("institution_detail", args=[company.pk])
    assert company.registered_by == cast.sending
    event = AuditEvent.objects.for_target(company).get()
    assert event.action == "institution.created"
    assert event.actor == cast.coordinator
    page = client.get(response["Location"]).content.decode()
    assert "Institution registered" in page


def test_a_bad_identifier_is_explained_and_nothing_typed_is_lost(cast, login):
    response = login(cast.coordinator).post(
        reverse("institution_new"),
        form_data(registered_by=str(cast.sending.pk), erasmus_oid="12345", pic="abc"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "letter E followed by 8 digits" in page
    assert "A PIC is 9 digits" in page
    assert 'value="Snedker Jensen"' in page
    assert 'value="https://snedker.example"' in page
    assert not Institution.objects.filter(name="Snedker Jensen").exists()


def test_a_duplicate_erasmus_oid_is_refused_with_a_message(cast, login):
    response = login(cast.coordinator).post(
        reverse("institution_new"),
        form_data(registered_by=str(cast.sending.pk), erasmus_oid="E10000002"),
    )
    assert response.status_code == 400
    assert "already has this Erasmus+ OID" in response.content.decode()


def test_error_messages_speak_latvian_to_a_latvian_reader(cast, login):
    client = login(cast.coordinator)
    client.cookies["ecvet_language"] = "lv"
    response = client.post(
        reverse("institution_new"), form_data(registered_by=str(cast.sending.pk), pic="abc")
    )
    assert response.status_code == 400
    assert "PIC ir 9 cipari" in response.content.decode()


def test_coordinator_cannot_register_on_behalf_of_a_school_they_do_not_manage(cast, login):
    response = login(cast.coordinator).post(
        reverse("institution_new"), form_data(registered_by=str(cast.other_school.pk))
    )
    assert response.status_code == 400
    assert not Institution.objects.filter(name="Snedker Jensen").exists()


def test_editing_records_what_changed_from_what(cast, login):
    client = login(cast.host)
    data = form_data(name="Host VET school", kind="vet_school", city="Aarhus")
    del data["registered_by"]
    response = client.post(reverse("institution_edit", args=[cast.host_school.pk]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.for_target(cast.host_school).get(action="institution.updated")
    assert event.changes["city"] == ["Rīga", "Aarhus"]
    assert event.actor == cast.host


def test_a_contact_person_is_added_changed_and_removed_with_history(cast, login):
    client = login(cast.coordinator)
    url = reverse("contact_new", args=[cast.host_company.pk])
    response = client.post(url, {"name": "Lars", "position": "Owner", "email": "bad", "phone": ""})
    assert response.status_code == 400
    assert 'value="Lars"' in response.content.decode()
    client.post(url, {"name": "Lars", "position": "Owner", "email": "l@x.dk", "phone": "1"})
    contact = cast.host_company.contacts.get()
    client.post(
        reverse("contact_edit", args=[contact.pk]),
        {
            "name": "Lars",
            "position": "Owner",
            "email": "l@x.dk",
            "phone": "1",
            "is_authorised_signatory": "on",
        },
    )
    contact.refresh_from_db()
    assert contact.is_authorised_signatory
    client.post(reverse("contact_remove", args=[contact.pk]))
    assert not cast.host_company.contacts.exists()
    actions = list(
        AuditEvent.objects.for_target(cast.host_company)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["contact.created", "contact.updated", "contact.deleted"]


def test_search_finds_by_name_city_and_oid_and_filters_by_kind(cast, login):
    client = login(cast.coordinator)

    def names(**params: str) -> list[str]:
        response = client.get(reverse("institution_list"), params)
        return [i.name for i in response.context["page"].object_list]

    assert names(q="carpentry") == ["Host carpentry"]
    assert names(q="E10000002") == ["Host VET school"]
    assert names(kind="company") == ["Host carpentry"]
    assert names(country="LV") == ["Sending VET school"]


def test_htmx_search_returns_only_the_results_fragment(cast, login):
    response = login(cast.coordinator).get(
        reverse("institution_list"), {"q": "host"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Host VET school" in page
