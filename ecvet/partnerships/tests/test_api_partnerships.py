from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecvet.audit.models import AuditEvent
from ecvet.institutions.tests.factories import ContactPersonFactory
from ecvet.partnerships.models import (
    MemorandumStatus,
    NoteKind,
    Partner,
    PartnerRole,
    Partnership,
    PartnershipUnit,
    ProposalStatus,
    UnitAgreement,
)
from ecvet.partnerships.services.partnerships import partnership_create
from ecvet.partnerships.services.units import unit_note_add
from ecvet.partnerships.tests.factories import TERMS, agreed_unit, partnership_for
from ecvet.qualifications.models import VersionStatus
from ecvet.qualifications.services.units import unit_draft, unit_version_agree

pytestmark = pytest.mark.django_db
URL = "/api/v1/partnerships"


def queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


# --- partnerships ---


def test_a_coordinator_starts_a_partnership_for_their_school(cast, api):
    response = send(
        api(cast.coordinator),
        "POST",
        URL,
        {
            "owner_id": cast.sending.pk,
            "title": "Carpenters LV-DK",
            "assessment": {"en": "The mentor observes.", "lv": "Mentors novēro."},
            "mobility_min_weeks": 2,
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    partnership = Partnership.objects.get(pk=body["id"])
    assert body["title"] == "Carpenters LV-DK"
    assert body["owner"]["id"] == cast.sending.pk
    assert body["terms"]["assessment"] == {"en": "The mentor observes.", "lv": "Mentors novēro."}
    assert body["terms"]["valid_from"] == "2026-01-01"
    assert [p["role"] for p in body["partners"]] == [PartnerRole.SENDING]
    assert [m["status"] for m in body["mou"]] == [MemorandumStatus.DRAFT]
    assert body["locked"] is False
    assert body["permissions"]["manage"] is True
    assert AuditEvent.objects.for_target(partnership).get().actor == cast.coordinator


def test_a_teacher_may_not_start_a_partnership(cast, api):
    body = {"owner_id": cast.sending.pk, "title": "Mine"}
    response = send(api(cast.teacher), "POST", URL, body)
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Partnership.objects.exists()


def test_a_partnership_for_a_school_one_cannot_see_is_404(cast, api):
    response = send(api(cast.outsider), "POST", URL, {"owner_id": cast.sending.pk, "title": "x"})
    assert response.status_code == 404
    assert not Partnership.objects.exists()


def test_invalid_terms_are_named_in_a_422(cast, api):
    client = api(cast.coordinator)
    body = {"owner_id": cast.sending.pk, "title": "x", "mobility_min_weeks": 0}
    response = send(client, "POST", URL, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "mobility_min_weeks"
    body = {"owner_id": cast.sending.pk, "title": "x", "mobility_min_weeks": 8}
    body["mobility_max_weeks"] = 4
    response = send(client, "POST", URL, body)
    assert response.status_code == 422, response.content
    assert "longer" in json.dumps(response.json())
    assert not Partnership.objects.exists()


def test_both_partners_list_and_search_the_partnership(cast, api):
    setup = partnership_for(cast)
    partnership_create(actor=cast.coordinator, owner=cast.sending, title="Bakers LV-EE")
    for user in (cast.coordinator, cast.host, cast.teacher):
        body = api(user).get(URL).json()
        titles = {row["title"] for row in body["items"]}
        assert "Carpenters LV-DK" in titles
    body = api(cast.coordinator).get(URL, {"search": "host vet"}).json()
    assert [row["id"] for row in body["items"]] == [setup.partnership.pk]
    row = body["items"][0]
    assert row["partner_count"] == 2
    assert row["unit_count"] == 1
    assert row["mou"]["number"] == 1
    assert [p["institution"]["name"] for p in row["partners"]] == [
        "Sending VET school",
        "Host VET school",
    ]
    assert api(cast.host).get(URL).json()["count"] == 1


def test_the_outsider_and_the_learner_list_no_partnership(cast, api):
    partnership_for(cast)
    for user in (cast.outsider, cast.learner):
        body = api(user).get(URL)
        assert body.json() == {"items": [], "count": 0}
        assert "Carpenters" not in body.content.decode()


def test_the_partnership_list_keeps_a_fixed_number_of_queries(
    cast, api, django_assert_max_num_queries
):
    client = api(cast.coordinator)
    partnership_for(cast)
    few = queries(client, URL)
    for number in range(4):
        partnership = partnership_create(
            actor=cast.coordinator, owner=cast.sending, title=f"More {number}"
        )
        Partner.objects.create(
            partnership=partnership, institution=cast.host_school, role=PartnerRole.HOSTING
        )
    with django_assert_max_num_queries(few):
        assert client.get(URL).json()["count"] == 5
    assert few <= 10


def test_the_partnership_shows_units_with_each_partners_agreement(cast, api):
    setup = partnership_for(cast, agreed=False)
    partners = {p.institution_id: p for p in setup.partnership.partners.all()}
    unit_agreement_record_for(cast, setup, partners[cast.sending.pk])
    body = api(cast.host).get(f"{URL}/{setup.partnership.pk}").json()
    assert body["terms"]["evaluation"] == TERMS["evaluation"]
    [unit] = body["units"]
    assert unit["id"] == setup.item.pk
    assert unit["version"]["number"] == 1
    assert unit["agreed"] is False
    assert [a["partner_id"] for a in unit["agreed_by"]] == [partners[cast.sending.pk].pk]
    assert unit["agreed_by"][0]["agreed_by"] == "Ilze Kalniņa"
    assert [w["partner_id"] for w in unit["waiting_for"]] == [partners[cast.host_school.pk].pk]
    assert body["permissions"] == {
        "manage": False,
        "write_profile": False,
        "agree_for": [partners[cast.host_school.pk].pk],
    }
    partner = next(p for p in body["partners"] if p["institution"]["id"] == cast.host_school.pk)
    assert partner["signatory"] == {"id": cast.host.pk, "name": "Mette Nielsen"}
    assert partner["responsibilities"]["en"] == "Finds placements and assesses."


def unit_agreement_record_for(cast: Any, setup: Any, partner: Partner) -> None:
    from ecvet.partnerships.services.units import unit_agreement_record

    user = cast.coordinator if partner.institution_id == cast.sending.pk else cast.host
    unit_agreement_record(actor=user, partnership_unit=setup.item, partner=partner)


def test_the_partnership_detail_keeps_a_fixed_number_of_queries(
    cast, api, django_assert_max_num_queries
):
    setup = partnership_for(cast)
    client = api(cast.coordinator)
    url = f"{URL}/{setup.partnership.pk}"
    few = queries(client, url)
    for number in range(3):
        send(
            client, "POST", f"{url}/units", {"unit_id": agreed_unit(cast.sending, f"U{number}").pk}
        )
    with django_assert_max_num_queries(few):
        assert len(client.get(url).json()["units"]) == 4


def test_the_coordinator_changes_the_terms_with_the_revision_read(cast, api):
    setup = partnership_for(cast, agreed=False)
    client = api(cast.coordinator)
    url = f"{URL}/{setup.partnership.pk}"
    revision = client.get(url).json()["revision"]
    response = send(
        client,
        "PATCH",
        url,
        {"assessment": {"en": "Observed and discussed."}, "revision": revision},
    )
    assert response.status_code == 200, response.content
    assert response.json()["terms"]["assessment"] == {"en": "Observed and discussed."}
    assert response.json()["revision"] == revision + 1


def test_a_stale_revision_is_a_409_and_the_first_writers_terms_stay(cast, api):
    setup = partnership_for(cast, agreed=False)
    client = api(cast.coordinator)
    url = f"{URL}/{setup.partnership.pk}"
    revision = client.get(url).json()["revision"]
    first = send(client, "PATCH", url, {"evaluation": {"en": "First"}, "revision": revision})
    assert first.status_code == 200
    second = send(client, "PATCH", url, {"evaluation": {"en": "Second"}, "revision": revision})
    assert second.status_code == 409
    assert "Someone else changed this" in second.json()["detail"]
    setup.partnership.refresh_from_db()
    assert setup.partnership.evaluation == {"en": "First"}


def test_the_terms_of_a_mou_out_for_signature_are_frozen_409(cast, api):
    setup = partnership_for(cast)
    client = api(cast.coordinator)
    sent = send(client, "POST", f"{URL}/{setup.partnership.pk}/mou/1/send")
    assert sent.status_code == 200, sent.content
    response = send(client, "PATCH", f"{URL}/{setup.partnership.pk}", {"title": "Changed"})
    assert response.status_code == 409
    assert "out for signature" in response.json()["detail"]
    setup.partnership.refresh_from_db()
    assert setup.partnership.title == "Carpenters LV-DK"
    assert client.get(f"{URL}/{setup.partnership.pk}").json()["locked"] is True


def test_the_sending_schools_teacher_writes_the_trainee_profile_but_not_the_terms(cast, api):
    setup = partnership_for(cast)
    client = api(cast.teacher)
    url = f"{URL}/{setup.partnership.pk}"
    response = send(client, "PATCH", url, {"profile_skills": {"en": "Uses hand tools."}})
    assert response.status_code == 200, response.content
    assert response.json()["trainee_profile"]["profile_skills"] == {"en": "Uses hand tools."}
    assert send(client, "PATCH", url, {"title": "Mine"}).status_code == 403
    assert send(api(cast.host), "PATCH", url, {"profile_skills": {"en": "x"}}).status_code == 403


# --- partners ---


def test_the_coordinator_adds_updates_and_removes_a_partner(cast, api):
    setup = partnership_for(cast, agreed=False)
    client = api(cast.coordinator)
    contact = ContactPersonFactory.create(institution=cast.host_company)
    response = send(
        client,
        "POST",
        f"{URL}/{setup.partnership.pk}/partners",
        {
            "institution_id": cast.host_company.pk,
            "role": "host_company",
            "responsibilities": {"en": "Trains the learner at work."},
            "contact_id": contact.pk,
            "signatory_id": cast.mentor.pk,
            "signatory_job_title": "Owner",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["role"] == "host_company"
    assert body["contact"]["id"] == contact.pk
    assert body["signs_as"] == "Lars Hansen"
    partner_id = body["id"]
    response = send(client, "PATCH", f"/api/v1/partners/{partner_id}", {"signatory_id": None})
    assert response.status_code == 200, response.content
    assert response.json()["signatory"] is None
    response = send(client, "DELETE", f"/api/v1/partners/{partner_id}")
    assert response.status_code == 204
    assert not Partner.objects.filter(pk=partner_id).exists()


def test_a_signatory_or_contact_of_another_institution_is_a_422(cast, api):
    setup = partnership_for(cast, agreed=False)
    client = api(cast.coordinator)
    url = f"{URL}/{setup.partnership.pk}/partners"
    body = {"institution_id": cast.host_company.pk, "role": "host_company"}
    response = send(client, "POST", url, {**body, "signatory_id": cast.outsider.pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "signatory_id"
    other = ContactPersonFactory.create(institution=cast.sending)
    response = send(client, "POST", url, {**body, "contact_id": other.pk})
    assert response.json()["detail"][0]["loc"][-1] == "contact_id"
    response = send(client, "POST", url, {**body, "institution_id": cast.other_school.pk})
    assert response.json()["detail"][0]["loc"][-1] == "institution_id"
    assert setup.partnership.partners.count() == 2


def test_the_host_names_its_signatory_but_not_its_role(cast, api):
    setup = partnership_for(cast, agreed=False, signatories=False)
    partner = setup.partnership.partners.get(institution=cast.host_school)
    client = api(cast.host)
    url = f"/api/v1/partners/{partner.pk}"
    response = send(
        client, "PATCH", url, {"signatory_id": cast.host.pk, "signatory_job_title": "Rector"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["signatory_job_title"] == "Rector"
    assert send(client, "PATCH", url, {"role": "intermediary"}).status_code == 403
    assert send(client, "DELETE", url).status_code == 403


def test_the_coordinating_school_cannot_leave_its_own_partnership(cast, api):
    setup = partnership_for(cast, agreed=False)
    own = setup.partnership.partners.get(institution=cast.sending)
    response = send(api(cast.coordinator), "DELETE", f"/api/v1/partners/{own.pk}")
    assert response.status_code == 400
    assert response.json()["detail"]
    assert Partner.objects.filter(pk=own.pk).exists()


# --- units ---


def test_the_coordinator_brings_a_unit_in_and_takes_it_out(cast, api):
    setup = partnership_for(cast, agreed=False)
    client = api(cast.coordinator)
    unit = agreed_unit(cast.sending, "Roof frames")
    response = send(client, "POST", f"{URL}/{setup.partnership.pk}/units", {"unit_id": unit.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit_id"] == unit.pk
    assert body["version"]["name"]["en"] == "Roof frames"
    assert len(body["waiting_for"]) == 2
    assert client.get(f"/api/v1/partnership-units/{body['id']}").json()["id"] == body["id"]
    response = send(client, "DELETE", f"/api/v1/partnership-units/{body['id']}")
    assert response.status_code == 204
    assert not PartnershipUnit.objects.filter(pk=body["id"]).exists()


def test_a_unit_one_cannot_see_is_a_422(cast, api):
    setup = partnership_for(cast, agreed=False)
    hidden = agreed_unit(cast.other_school)
    url = f"{URL}/{setup.partnership.pk}/units"
    response = send(api(cast.coordinator), "POST", url, {"unit_id": hidden.pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "unit_id"


def test_each_partner_agrees_the_unit_and_then_it_is_agreed(cast, api):
    setup = partnership_for(cast, agreed=False)
    partners = {p.institution_id: p for p in setup.partnership.partners.all()}
    url = f"/api/v1/partnership-units/{setup.item.pk}/agree"
    version_id = setup.item.version_id
    response = send(
        api(cast.coordinator),
        "POST",
        url,
        {"partner_id": partners[cast.sending.pk].pk, "version_id": version_id},
    )
    assert response.status_code == 200, response.content
    assert response.json()["agreed"] is False
    host = api(cast.host)
    refused = send(host, "POST", url, {"partner_id": partners[cast.sending.pk].pk})
    assert refused.status_code == 403
    response = send(host, "POST", url, {"partner_id": partners[cast.host_school.pk].pk})
    assert response.json()["agreed"] is True
    again = send(host, "POST", url, {"partner_id": partners[cast.host_school.pk].pk})
    assert again.status_code == 400
    assert "already agreed" in again.json()["detail"]


def test_agreeing_a_version_other_than_the_one_read_is_a_409(cast, api):
    setup = partnership_for(cast, agreed=False)
    old_version = setup.item.version
    draft = unit_draft(actor=cast.coordinator, unit=setup.item.unit)
    unit_version_agree(actor=cast.coordinator, version=draft)
    client = api(cast.coordinator)
    moved = send(client, "POST", f"/api/v1/partnership-units/{setup.item.pk}/update-version")
    assert moved.status_code == 200, moved.content
    assert moved.json()["version"]["number"] == 2
    partner = setup.partnership.partners.get(institution=cast.sending)
    response = send(
        client,
        "POST",
        f"/api/v1/partnership-units/{setup.item.pk}/agree",
        {"partner_id": partner.pk, "version_id": old_version.pk},
    )
    assert response.status_code == 409
    assert not UnitAgreement.objects.filter(version=draft).exists()


def test_the_coordinator_asks_the_partners_to_agree(cast, api):
    setup = partnership_for(cast, agreed=False)
    response = send(
        api(cast.coordinator), "POST", f"/api/v1/partnership-units/{setup.item.pk}/request"
    )
    assert response.status_code == 200, response.content
    assert response.json()["asked"] >= 1
    forbidden = send(api(cast.host), "POST", f"/api/v1/partnership-units/{setup.item.pk}/request")
    assert forbidden.status_code == 403


# --- comments and proposals ---


def test_the_host_proposes_an_outcome_and_the_authors_take_it(cast, api):
    setup = partnership_for(cast)
    url = f"/api/v1/partnership-units/{setup.item.pk}/notes"
    response = send(
        api(cast.host),
        "POST",
        url,
        {
            "kind": "proposal",
            "text": "Assembles a timber roof truss.",
            "language": "en",
            "category": "skills",
        },
    )
    assert response.status_code == 201, response.content
    note = response.json()
    assert note["institution"]["id"] == cast.host_school.pk
    assert note["status"] == ProposalStatus.OPEN
    assert note["author"] == "Mette Nielsen"
    comment = send(
        api(cast.teacher), "POST", url, {"kind": "comment", "text": "Fine", "language": "lv"}
    )
    assert comment.status_code == 201
    assert comment.json()["status"] is None
    listed = api(cast.coordinator).get(url).json()
    assert [n["id"] for n in listed["items"]] == [note["id"], comment.json()["id"]]
    refused = send(
        api(cast.host), "POST", f"/api/v1/unit-notes/{note['id']}/answer", {"accept": True}
    )
    assert refused.status_code == 403
    answered = send(
        api(cast.coordinator), "POST", f"/api/v1/unit-notes/{note['id']}/answer", {"accept": True}
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == ProposalStatus.ACCEPTED
    latest = setup.item.unit.versions.order_by("-number")[0]
    assert latest.status == VersionStatus.DRAFT
    assert latest.outcomes.filter(text__en="Assembles a timber roof truss.").exists()
    twice = send(
        api(cast.coordinator), "POST", f"/api/v1/unit-notes/{note['id']}/answer", {"accept": False}
    )
    assert twice.status_code == 409


def test_a_refused_proposal_needs_a_reason_and_a_bad_language_is_a_422(cast, api):
    setup = partnership_for(cast)
    note = unit_note_add(
        actor=cast.host,
        partnership_unit=setup.item,
        kind=NoteKind.PROPOSAL,
        text="Paints",
        language="en",
        category="skills",
    )
    client = api(cast.coordinator)
    url = f"/api/v1/unit-notes/{note.pk}/answer"
    response = send(client, "POST", url, {"accept": False})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "answer"
    response = send(client, "POST", url, {"accept": False, "answer": "Not in our programme."})
    assert response.json()["status"] == ProposalStatus.REJECTED
    notes_url = f"/api/v1/partnership-units/{setup.item.pk}/notes"
    bad = send(client, "POST", notes_url, {"kind": "comment", "text": "x", "language": "xx"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "language"


def test_the_note_list_keeps_a_fixed_number_of_queries(cast, api, django_assert_max_num_queries):
    setup = partnership_for(cast)
    client = api(cast.coordinator)
    url = f"/api/v1/partnership-units/{setup.item.pk}/notes"
    unit_note_add(
        actor=cast.host, partnership_unit=setup.item, kind="comment", text="1", language="en"
    )
    few = queries(client, url)
    for number in range(5):
        unit_note_add(
            actor=cast.host,
            partnership_unit=setup.item,
            kind="proposal",
            text=f"Outcome {number}",
            language="en",
            category="skills",
        )
    with django_assert_max_num_queries(few):
        assert client.get(url).json()["count"] == 6
