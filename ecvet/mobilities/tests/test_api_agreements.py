"""The Learning Agreement through the API: units, assessment plans, checks and workload,
sending for signature, signing by the three parties on the envelope, and amendments."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.mobilities.models import AgreementStatus, AgreementUnit, LearningAgreement, Mobility
from ecvet.mobilities.tests.setup import END, START, mobility_for, sent_agreement
from ecvet.partnerships.services.units import partnership_unit_add, unit_agreement_record
from ecvet.partnerships.tests.factories import agreed_unit, partnership_for
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.signing.models import Envelope
from ecvet.signing.services import content_hash, signature_sign

pytestmark = pytest.mark.django_db


def send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def la(mobility: Mobility, suffix: str = "") -> str:
    return f"/api/v1/mobilities/{mobility.pk}/agreements{suffix}"


def second_unit(cast: Any, partnership: Any, *, agreed: bool = True) -> Any:
    """Another unit in the partnership (with three outcomes), agreed by both schools."""
    item = partnership_unit_add(
        actor=cast.coordinator,
        partnership=partnership,
        unit=agreed_unit(cast.sending, name="Professional terminology"),
    )
    LearningOutcomeFactory.create_batch(2, version=item.version)
    if agreed:
        for partner in partnership.partners.all():
            user = cast.coordinator if partner.institution_id == cast.sending.pk else cast.host
            unit_agreement_record(actor=user, partnership_unit=item, partner=partner)
    return item


def sign_all(cast: Any, envelope_id: int, seen_hash: str) -> None:
    envelope = Envelope.objects.get(pk=envelope_id)
    for slot in envelope.signatories.all():
        signature_sign(
            envelope=envelope,
            signatory=slot,
            user=slot.user,
            password=PASSWORD,
            seen_hash=seen_hash,
        )


def test_the_whole_flow_from_a_new_learner_to_an_agreed_mobility(cast, api):
    """Acceptance 1 through the API: learner, mobility, unit, plan, sent, signed by the
    sending school, the host's mentor and the learner on the envelope: the mobility is
    agreed."""
    setup = partnership_for(cast)
    coordinator = api(cast.coordinator)
    learner = send(
        coordinator,
        "POST",
        "/api/v1/learners",
        {
            "school_id": cast.sending.pk,
            "first_name": "Roberts",
            "last_name": "Bērziņš",
            "date_of_birth": "2005-03-14",
            "email": "roberts@example.org",
        },
    )
    assert learner.status_code == 201, learner.content
    learner_id = learner.json()["id"]
    linked = send(
        coordinator,
        "PATCH",
        f"/api/v1/learners/{learner_id}",
        {"account_id": cast.learner.pk, "revision": learner.json()["revision"]},
    )
    assert linked.status_code == 200, linked.content
    assert linked.json()["account"] == {"id": cast.learner.pk, "name": "Roberts Bērziņš"}
    planned = send(
        coordinator,
        "POST",
        "/api/v1/mobilities",
        {
            "learner_id": learner_id,
            "partnership_id": setup.partnership.pk,
            "host_institution_id": cast.host_school.pk,
            "host_company_id": cast.host_company.pk,
            "mentor_id": cast.mentor.pk,
            "start": START.isoformat(),
            "end": END.isoformat(),
            "place": "Aalborg",
        },
    )
    assert planned.status_code == 201, planned.content
    mobility = Mobility.objects.get(pk=planned.json()["id"])
    added = send(
        coordinator, "POST", la(mobility, "/1/units"), {"partnership_unit_id": setup.item.pk}
    )
    assert added.status_code == 201, added.content
    item_id = added.json()["id"]
    planned_unit = send(
        coordinator,
        "PATCH",
        f"/api/v1/agreement-units/{item_id}",
        {
            "assessor_id": cast.mentor.pk,
            "methods": ["observation", "product"],
            "when": "In the last week",
            "where": "Host carpentry workshop",
            "evidence": {"en": "The finished door", "lv": "Pabeigtās durvis"},
            "criteria": {"en": "Joints are tight", "lv": "Savienojumi ir cieši"},
        },
    )
    assert planned_unit.status_code == 200, planned_unit.content
    draft = coordinator.get(la(mobility, "/1")).json()
    assert [c for c in draft["checks"] if c["level"] == "error"] == []
    sent = send(
        coordinator,
        "POST",
        la(mobility, "/1/send"),
        {"revision": draft["revision"], "seen_hash": draft["draft_hash"]},
    )
    assert sent.status_code == 200, sent.content
    envelope_id = sent.json()["envelope_id"]
    content_hash_sent = sent.json()["content_hash"]
    assert content_hash_sent == draft["draft_hash"]
    for person in (cast.coordinator, cast.mentor, cast.learner):
        client = api(person)
        envelope = client.get(f"/api/v1/envelopes/{envelope_id}").json()
        mine = next(slot for slot in envelope["signatories"] if slot["is_you"])
        signed = send(
            client,
            "POST",
            f"/api/v1/envelopes/{envelope_id}/signatories/{mine['id']}/sign",
            {"password": PASSWORD, "seen_hash": content_hash_sent},
        )
        assert signed.status_code == 200, (person, signed.content)
    assert [s["party"] for s in envelope["signatories"]] == ["sending", "host", "learner"]
    after = coordinator.get(f"/api/v1/mobilities/{mobility.pk}").json()
    assert after["status"] == "agreed"
    assert after["agreement"]["status"] == AgreementStatus.SIGNED
    assert api(cast.learner).get(la(mobility, "/1")).json()["status"] == AgreementStatus.SIGNED


def test_a_draft_shows_its_units_plans_checks_workload_and_draft_hash(cast, api):
    setup = mobility_for(cast)
    body = api(cast.host).get(la(setup.mobility, "/1")).json()
    assert (body["number"], body["status"], body["envelope_id"]) == (1, "draft", None)
    assert body["content_hash"] is None
    assert body["draft_hash"] == content_hash(body["content"])
    assert body["sendings"] == []
    [unit] = body["units"]
    assert unit["partnership_unit_id"] == setup.partnership.item.pk
    assert unit["methods"] == ["observation", "product"]
    assert unit["assessor"] == {"id": cast.mentor.pk, "name": "Lars Hansen"}
    assert unit["all_outcomes"] is True
    assert body["content"]["units"][0]["assessment"]["where"] == "Host carpentry workshop"
    assert body["workload"]["available_hours"] == 160.0
    assert body["workload"]["unknown"] == ["Repair or Rebuilding jobs"]
    assert body["checks"] == []


def test_an_empty_draft_lists_what_blocks_sending_and_is_not_sent(cast, api):
    setup = mobility_for(cast, planned=False)
    client = api(cast.coordinator)
    body = client.get(la(setup.mobility, "/1")).json()
    errors = [c["message"] for c in body["checks"] if c["level"] == "error"]
    assert "Choose at least one unit the learner will achieve." in errors
    response = send(client, "POST", la(setup.mobility, "/1/send"))
    assert response.status_code == 400
    assert "cannot be sent yet" in response.json()["detail"]
    assert not Envelope.objects.exists()


def test_the_coordinator_changes_the_drafts_texts_and_enclosures(cast, api):
    setup = mobility_for(cast)
    client = api(cast.coordinator)
    revision = client.get(la(setup.mobility, "/1")).json()["revision"]
    response = send(
        client,
        "PATCH",
        la(setup.mobility, "/1"),
        {
            "revision": revision,
            "learning_activities": {"en": "Repairs old doors", "lv": "Remontē vecas durvis"},
            "enclosures": ["mobility", "cv"],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["learning_activities"]["en"] == "Repairs old doors"
    assert body["enclosures"] == ["cv", "mobility"]
    assert body["content"]["enclosures"] == ["cv", "mobility"]
    assert body["revision"] == revision + 1
    stale = send(client, "PATCH", la(setup.mobility, "/1"), {"revision": revision})
    assert stale.status_code == 409
    wrong = send(client, "PATCH", la(setup.mobility, "/1"), {"enclosures": ["passport"]})
    assert wrong.status_code == 422


def test_a_unit_is_added_with_chosen_outcomes_planned_and_removed(cast, api):
    setup = mobility_for(cast)
    item = second_unit(cast, setup.partnership.partnership)
    outcomes = list(item.version.outcomes.order_by("pk"))
    client = api(cast.coordinator)
    added = send(
        client,
        "POST",
        la(setup.mobility, "/1/units"),
        {"partnership_unit_id": item.pk, "outcome_ids": [outcomes[0].pk]},
    )
    assert added.status_code == 201, added.content
    unit = added.json()
    assert (unit["all_outcomes"], unit["outcome_ids"]) == (False, [outcomes[0].pk])
    assert unit["assessor"]["id"] == cast.mentor.pk  # the mentor, until someone else is named
    url = f"/api/v1/agreement-units/{unit['id']}"
    changed = send(
        client,
        "PATCH",
        url,
        {"assessor_id": cast.teacher.pk, "methods": ["test", "interview"], "outcome_ids": []},
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["assessor"] == {"id": cast.teacher.pk, "name": "Jānis Ozols"}
    assert body["methods"] == ["interview", "test"]
    assert body["all_outcomes"] is True
    assert send(client, "DELETE", url).status_code == 204
    assert not AgreementUnit.objects.filter(pk=unit["id"]).exists()


def test_a_unit_not_agreed_or_of_another_partnership_is_refused(cast, api):
    setup = mobility_for(cast)
    client = api(cast.coordinator)
    waiting = second_unit(cast, setup.partnership.partnership, agreed=False)
    refused = send(
        client, "POST", la(setup.mobility, "/1/units"), {"partnership_unit_id": waiting.pk}
    )
    assert refused.status_code == 400
    assert "not yet agreed by every partner" in refused.json()["detail"]
    elsewhere = partnership_for(cast).item
    foreign = send(
        client, "POST", la(setup.mobility, "/1/units"), {"partnership_unit_id": elsewhere.pk}
    )
    assert foreign.status_code == 422
    again = send(
        client,
        "POST",
        la(setup.mobility, "/1/units"),
        {"partnership_unit_id": setup.partnership.item.pk},
    )
    assert again.status_code == 422
    assert setup.agreement.units.count() == 1


def test_an_assessor_or_outcome_one_cannot_choose_is_a_422(cast, api):
    setup = mobility_for(cast)
    url = f"/api/v1/agreement-units/{setup.agreement.units.get().pk}"
    client = api(cast.coordinator)
    assert send(client, "PATCH", url, {"assessor_id": cast.outsider.pk}).status_code == 422
    foreign = LearningOutcomeFactory.create(version=agreed_unit(cast.sending).latest_version)
    assert send(client, "PATCH", url, {"outcome_ids": [foreign.pk]}).status_code == 422
    assert send(client, "PATCH", url, {"methods": ["guessing"]}).status_code == 422


def test_the_host_and_the_learner_read_the_plan_but_do_not_change_it(cast, api):
    setup = mobility_for(cast)
    url = f"/api/v1/agreement-units/{setup.agreement.units.get().pk}"
    for person in (cast.host, cast.mentor, cast.learner):
        client = api(person)
        assert client.get(la(setup.mobility, "/1")).status_code == 200
        assert send(client, "PATCH", url, {"when": "Never"}).status_code == 403, person
        assert send(client, "DELETE", url).status_code == 403, person
        assert send(client, "POST", la(setup.mobility, "/1/send")).status_code == 403, person
    assert setup.agreement.units.get().when == "In the last week"


def test_sending_is_refused_409_when_the_draft_changed_since_it_was_reviewed(cast, api):
    setup = mobility_for(cast)
    client = api(cast.coordinator)
    draft = client.get(la(setup.mobility, "/1")).json()
    url = f"/api/v1/agreement-units/{setup.agreement.units.get().pk}"
    assert send(client, "PATCH", url, {"when": "In the first week"}).status_code == 200
    stale_revision = send(
        client, "POST", la(setup.mobility, "/1/send"), {"revision": draft["revision"]}
    )
    assert stale_revision.status_code == 409
    stale_hash = send(
        client, "POST", la(setup.mobility, "/1/send"), {"seen_hash": draft["draft_hash"]}
    )
    assert stale_hash.status_code == 409
    assert not Envelope.objects.exists()


def test_a_sent_agreement_is_frozen_409_and_shows_its_hash_and_envelope(cast, api):
    setup, envelope = sent_agreement(cast)
    client = api(cast.coordinator)
    body = client.get(la(setup.mobility, "/1")).json()
    assert body["status"] == AgreementStatus.OUT
    assert (body["envelope_id"], body["code"]) == (envelope.pk, envelope.code)
    assert body["content_hash"] == envelope.content_hash
    assert body["content"] == envelope.content
    assert (body["checks"], body["workload"], body["draft_hash"]) == (None, None, None)
    assert [s["signatures_wanted"] for s in body["sendings"]] == [3]
    url = f"/api/v1/agreement-units/{setup.agreement.units.get().pk}"
    for method, path, payload in (
        ("PATCH", url, {"when": "Never"}),
        ("DELETE", url, None),
        ("PATCH", la(setup.mobility, "/1"), {"enclosures": ["cv"]}),
        (
            "POST",
            la(setup.mobility, "/1/units"),
            {"partnership_unit_id": setup.partnership.item.pk},
        ),
        ("POST", la(setup.mobility, "/1/send"), None),
    ):
        response = send(client, method, path, payload)
        assert response.status_code == 409, (method, path, response.content)
    assert Envelope.objects.count() == 1


def test_a_signed_agreement_is_amended_and_the_amendment_is_a_new_draft(cast, api):
    setup, envelope = sent_agreement(cast)
    sign_all(cast, envelope.pk, envelope.content_hash)
    client = api(cast.coordinator)
    assert client.get(f"/api/v1/mobilities/{setup.mobility.pk}").json()["status"] == "agreed"
    response = send(client, "POST", la(setup.mobility, "/amend"), {"reason": "Two more weeks"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["status"], body["amends"]) == (2, "draft", 1)
    assert body["reason"] == "Two more weeks"
    assert len(body["units"]) == 1
    assert body["units"][0]["when"] == "In the last week"
    changed = send(
        client, "PATCH", f"/api/v1/mobilities/{setup.mobility.pk}", {"end": "2027-05-14"}
    )
    assert changed.status_code == 200, changed.content
    assert client.get(la(setup.mobility, "/1")).json()["content"] == envelope.content
    listed = client.get(la(setup.mobility)).json()
    assert [(a["number"], a["status"]) for a in listed] == [(2, "draft"), (1, "signed")]


def test_only_a_signed_agreement_is_amended(cast, api):
    setup = mobility_for(cast)
    response = send(api(cast.coordinator), "POST", la(setup.mobility, "/amend"), {"reason": "x"})
    assert response.status_code == 400
    assert "Only a signed agreement is amended" in response.json()["detail"]
    assert LearningAgreement.objects.filter(mobility=setup.mobility).count() == 1


def test_a_version_that_does_not_exist_is_404(cast, api):
    setup = mobility_for(cast)
    assert api(cast.coordinator).get(la(setup.mobility, "/7")).status_code == 404
