"""The mobilities API: planning one or a group, changing what they state, their status, and
the learner profile for the host."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.mobilities.models import (
    MOBILITY_TRANSITIONS,
    Learner,
    Mobility,
    MobilityGroup,
    MobilityStatus,
    ProfileStatus,
)
from ecvet.mobilities.services.agreements import agreement_send
from ecvet.mobilities.tests.factories import LearnerFactory
from ecvet.mobilities.tests.setup import END, START, learner_of, mobility_for
from ecvet.partnerships.tests.factories import partnership_for

pytestmark = pytest.mark.django_db


def send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def _at(mobility: Mobility, status: str) -> None:
    Mobility.objects.filter(pk=mobility.pk).update(status=status)


def _plan(cast: Any, setup: Any, learner: Learner, **extra: Any) -> dict[str, Any]:
    return {
        "learner_id": learner.pk,
        "partnership_id": setup.partnership.pk,
        "host_institution_id": cast.host_school.pk,
        "host_company_id": cast.host_company.pk,
        "mentor_id": cast.mentor.pk,
        "start": START.isoformat(),
        "end": END.isoformat(),
        "place": "Aalborg",
        "unit_ids": [setup.item.pk],
        **extra,
    }


def another_learner(cast: Any, first_name: str = "Anna") -> Learner:
    """A second learner of the sending school, with an account of their own."""
    user = UserFactory.create(username=f"learner-{first_name.lower()}", first_name=first_name)
    MembershipFactory.create(user=user, institution=cast.sending, role=Role.LEARNER)
    return learner_of(cast, user=user, first_name=first_name, last_name="Liepa")


# --- planning ---


def test_the_coordinator_plans_a_mobility_with_its_profile_and_agreement_draft(cast, api):
    setup = partnership_for(cast)
    learner = learner_of(cast)
    body = _plan(cast, setup, learner, grant_amount="1200.00", travel_paid_by="programme")
    response = send(api(cast.coordinator), "POST", "/api/v1/mobilities", body)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["learner"] == {"id": learner.pk, "name": "Roberts Bērziņš"}
    assert created["host_institution"]["name"] == "Host VET school"
    assert created["host_company"]["name"] == "Host carpentry"
    assert created["mentor"] == {"id": cast.mentor.pk, "name": "Lars Hansen"}
    assert (created["status"], created["weeks"], created["country"]) == ("planned", 3.7, "DK")
    assert created["grant_amount"] == "1200.00"
    assert created["travel_paid_by"] == "programme"
    assert created["profile"]["status"] == ProfileStatus.DRAFT
    assert [a["number"] for a in created["agreements"]] == [1]
    assert created["agreement"]["status"] == "draft"
    assert created["permissions"] == {
        "manage": True,
        "run": True,
        "next_statuses": ["cancelled"],
    }
    mobility = Mobility.objects.get(pk=created["id"])
    assert mobility.agreements.get().units.get().partnership_unit == setup.item


def test_a_learner_partnership_host_or_mentor_one_cannot_choose_is_a_422(cast, api):
    setup = partnership_for(cast)
    learner = learner_of(cast)
    client = api(cast.coordinator)
    stranger = LearnerFactory.create(school=cast.other_school)
    for wrong in (
        {"learner_id": stranger.pk},
        {"partnership_id": partnership_for(cast).partnership.pk + 100},
        {"host_institution_id": cast.other_school.pk},
        {"host_company_id": cast.other_school.pk},
        {"mentor_id": cast.teacher.pk},
        {"unit_ids": [setup.item.pk + 100]},
        {"end": "2027-03-01"},
    ):
        response = send(client, "POST", "/api/v1/mobilities", _plan(cast, setup, learner, **wrong))
        assert response.status_code == 422, (wrong, response.content)
    assert not Mobility.objects.exists()


def test_the_host_may_not_plan_a_mobility_for_the_sending_schools_learner(cast, api):
    setup = partnership_for(cast)
    body = _plan(cast, setup, learner_of(cast))
    response = send(api(cast.host), "POST", "/api/v1/mobilities", body)
    # The host does not see the sending school's learners at all.
    assert response.status_code == 422
    assert "learner_id" in response.content.decode()
    assert not Mobility.objects.exists()


def test_a_group_of_mobilities_comes_from_one_template_each_with_its_own_agreement(cast, api):
    setup = partnership_for(cast)
    first, second = learner_of(cast), another_learner(cast)
    body = {
        "name": "Carpenters to Aalborg, April",
        "partnership_id": setup.partnership.pk,
        "learner_ids": [first.pk, second.pk],
        "host_institution_id": cast.host_school.pk,
        "host_company_id": cast.host_company.pk,
        "mentor_id": cast.mentor.pk,
        "start": START.isoformat(),
        "end": END.isoformat(),
        "unit_ids": [setup.item.pk],
    }
    response = send(api(cast.coordinator), "POST", "/api/v1/mobility-groups", body)
    assert response.status_code == 201, response.content
    group = response.json()
    assert group["name"] == "Carpenters to Aalborg, April"
    assert sorted(m["learner"]["id"] for m in group["mobilities"]) == sorted([first.pk, second.pk])
    assert {m["group"]["id"] for m in group["mobilities"]} == {group["id"]}
    for mobility in Mobility.objects.filter(group_id=group["id"]):
        assert mobility.agreements.get().units.get().partnership_unit == setup.item


def test_a_group_with_one_learner_one_cannot_see_creates_nothing(cast, api):
    setup = partnership_for(cast)
    body = {
        "name": "Group",
        "partnership_id": setup.partnership.pk,
        "learner_ids": [learner_of(cast).pk, LearnerFactory.create(school=cast.other_school).pk],
        "host_institution_id": cast.host_school.pk,
        "start": START.isoformat(),
        "end": END.isoformat(),
    }
    response = send(api(cast.coordinator), "POST", "/api/v1/mobility-groups", body)
    assert response.status_code == 422
    assert not MobilityGroup.objects.exists()
    assert not Mobility.objects.exists()


# --- reading ---


def test_the_school_the_host_and_the_mentor_list_the_mobility_and_filter_it(cast, api):
    setup = mobility_for(cast)
    for person in (cast.coordinator, cast.teacher, cast.host, cast.mentor, cast.learner):
        listed = api(person).get("/api/v1/mobilities").json()
        assert [m["id"] for m in listed["items"]] == [setup.mobility.pk], person
    client = api(cast.coordinator)
    partnership = setup.partnership.partnership.pk
    for query, found in (
        ("?status=planned", 1),
        ("?status=ongoing", 0),
        (f"?partnership={partnership}", 1),
        (f"?partnership={partnership + 100}", 0),
        ("?search=Aalborg", 1),
        ("?search=Bērziņš", 1),
        ("?search=Nobody", 0),
    ):
        assert client.get(f"/api/v1/mobilities{query}").json()["count"] == found, query


def test_the_outsider_lists_no_mobility(cast, api):
    mobility_for(cast)
    body = api(cast.outsider).get("/api/v1/mobilities").json()
    assert body == {"items": [], "count": 0}


def test_the_mobility_list_keeps_a_fixed_number_of_queries(
    cast, api, django_assert_max_num_queries
):
    setup = mobility_for(cast)
    client = api(cast.coordinator)
    client.get("/api/v1/mobilities")
    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/mobilities")
    for _number in range(4):
        learner = LearnerFactory.create(school=cast.sending)
        mobility_for(cast, learner=learner)
    agreement_send(actor=cast.coordinator, agreement=setup.agreement)
    with django_assert_max_num_queries(len(few)):
        listed = client.get("/api/v1/mobilities").json()
    assert listed["count"] == 5
    assert {m["agreement"]["status"] for m in listed["items"]} == {"draft", "out_for_signature"}


def test_a_learner_sees_their_own_mobility_but_gets_404_on_another_learners(cast, api):
    own = mobility_for(cast)
    theirs = mobility_for(cast, learner=another_learner(cast))
    client = api(cast.learner)
    listed = client.get("/api/v1/mobilities").json()
    assert [m["id"] for m in listed["items"]] == [own.mobility.pk]
    mine = client.get(f"/api/v1/mobilities/{own.mobility.pk}").json()
    assert mine["permissions"] == {"manage": False, "run": False, "next_statuses": []}
    for suffix in ("", "/profile", "/agreements", "/agreements/1"):
        url = f"/api/v1/mobilities/{theirs.mobility.pk}{suffix}"
        assert client.get(url).status_code == 404, url
        assert client.get(f"/api/v1/mobilities/{own.mobility.pk}{suffix}").status_code == 200


# --- changing ---


def test_the_coordinator_changes_the_mobility_with_the_revision_read(cast, api):
    setup = mobility_for(cast)
    client = api(cast.coordinator)
    url = f"/api/v1/mobilities/{setup.mobility.pk}"
    revision = client.get(url).json()["revision"]
    response = send(
        client,
        "PATCH",
        url,
        {
            "revision": revision,
            "place": "Odense",
            "insurance_paid_by": "sending",
            "financial_notes": {"en": "Meals paid by the host", "lv": "Ēdināšanu maksā"},
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["place"], body["insurance_paid_by"], body["revision"]) == (
        "Odense",
        "sending",
        revision + 1,
    )
    assert body["financial_notes"]["en"] == "Meals paid by the host"


def test_a_stale_revision_is_a_409_and_the_first_change_stays(cast, api):
    setup = mobility_for(cast)
    client = api(cast.coordinator)
    url = f"/api/v1/mobilities/{setup.mobility.pk}"
    revision = client.get(url).json()["revision"]
    assert send(client, "PATCH", url, {"revision": revision, "place": "Odense"}).status_code == 200
    response = send(client, "PATCH", url, {"revision": revision, "place": "Vejle"})
    assert response.status_code == 409
    assert "Someone else changed this" in response.json()["detail"]
    assert Mobility.objects.get(pk=setup.mobility.pk).place == "Odense"


def test_what_an_agreement_out_for_signature_states_cannot_change_409(cast, api):
    setup = mobility_for(cast)
    agreement_send(actor=cast.coordinator, agreement=setup.agreement)
    url = f"/api/v1/mobilities/{setup.mobility.pk}"
    response = send(api(cast.coordinator), "PATCH", url, {"place": "Odense"})
    assert response.status_code == 409
    assert "out for signature" in response.json()["detail"]
    assert Mobility.objects.get(pk=setup.mobility.pk).place == "Aalborg"


def test_the_host_and_the_learner_may_read_but_not_change_the_mobility(cast, api):
    setup = mobility_for(cast)
    url = f"/api/v1/mobilities/{setup.mobility.pk}"
    for person in (cast.host, cast.mentor, cast.learner):
        response = send(api(person), "PATCH", url, {"place": "Odense"})
        assert response.status_code == 403, person
    assert Mobility.objects.get(pk=setup.mobility.pk).place == "Aalborg"


# --- status ---


def status(client: Any, mobility: Mobility, wanted: str, reason: str = "") -> Any:
    url = f"/api/v1/mobilities/{mobility.pk}/status"
    return send(client, "POST", url, {"wanted": wanted, "reason": reason})


def test_the_host_says_the_mobility_started_and_ended(cast, api):
    setup = mobility_for(cast)
    _at(setup.mobility, MobilityStatus.AGREED)
    client = api(cast.host)
    detail = client.get(f"/api/v1/mobilities/{setup.mobility.pk}").json()
    assert detail["permissions"]["next_statuses"] == ["cancelled", "ongoing"]
    response = status(client, setup.mobility, "ongoing")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ongoing"
    assert status(client, setup.mobility, "completed").json()["status"] == "completed"


def test_recognised_to_ongoing_is_refused_409_naming_both_statuses(cast, api):
    setup = mobility_for(cast)
    _at(setup.mobility, MobilityStatus.RECOGNISED)
    response = status(api(cast.coordinator), setup.mobility, "ongoing")
    assert response.status_code == 409
    assert response.json()["detail"] == "This cannot go from “Recognised” to “Ongoing”."
    assert Mobility.objects.get(pk=setup.mobility.pk).status == MobilityStatus.RECOGNISED


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (current, wanted)
        for current, wanted in itertools.product(MobilityStatus.values, MobilityStatus.values)
        if wanted not in MOBILITY_TRANSITIONS[current]
    ],
)
def test_every_refused_status_pair_is_a_409_with_its_message(cast, api, current, wanted):
    setup = mobility_for(cast, planned=False)
    _at(setup.mobility, current)
    response = status(api(cast.coordinator), setup.mobility, wanted, reason="x")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert str(MobilityStatus(current).label) in detail
    assert str(MobilityStatus(wanted).label) in detail
    assert Mobility.objects.get(pk=setup.mobility.pk).status == current


def test_cancelling_needs_a_reason_and_agreed_is_not_set_by_hand(cast, api):
    setup = mobility_for(cast)
    client = api(cast.coordinator)
    assert status(client, setup.mobility, "cancelled").status_code == 422
    refused = status(client, setup.mobility, "agreed")
    assert refused.status_code == 400
    assert "signed its Learning Agreement" in refused.json()["detail"]
    cancelled = status(client, setup.mobility, "cancelled", reason="Broken leg")
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["cancel_reason"]) == (
        "cancelled",
        "Broken leg",
    )


def test_an_unknown_status_is_a_422(cast, api):
    setup = mobility_for(cast)
    assert status(api(cast.coordinator), setup.mobility, "abroad").status_code == 422


def test_the_learner_may_not_change_their_mobilitys_status(cast, api):
    setup = mobility_for(cast)
    assert status(api(cast.learner), setup.mobility, "cancelled", "x").status_code == 403
    assert Mobility.objects.get(pk=setup.mobility.pk).status == MobilityStatus.PLANNED


# --- the learner profile ---


def test_the_school_writes_and_sends_the_profile_and_the_host_answers(cast, api):
    setup = mobility_for(cast)
    url = f"/api/v1/mobilities/{setup.mobility.pk}/profile"
    teacher = api(cast.teacher)
    profile = teacher.get(url).json()
    assert (profile["status"], profile["revision"]) == ("draft", 1)
    written = send(
        teacher,
        "PATCH",
        url,
        {
            "revision": 1,
            "knowledge": {"en": "Wooden materials", "lv": "Koka materiāli"},
            "social": {"en": "Works well in a team"},
        },
    )
    assert written.status_code == 200, written.content
    assert written.json()["knowledge"]["lv"] == "Koka materiāli"
    assert written.json()["revision"] == 2
    stale = send(teacher, "PATCH", url, {"revision": 1, "skills": {"en": "x"}})
    assert stale.status_code == 409
    assert send(teacher, "POST", f"{url}/send").status_code == 403
    sent = send(api(cast.coordinator), "POST", f"{url}/send")
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == ProfileStatus.SENT
    answered = send(
        api(cast.mentor), "POST", f"{url}/answer", {"proposals": "Restoring old windows"}
    )
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert body["status"] == ProfileStatus.ANSWERED
    assert body["host_proposals"] == "Restoring old windows"
    assert body["answered_by"] == {"id": cast.mentor.pk, "name": "Lars Hansen"}


def test_an_empty_profile_is_not_sent_and_a_draft_is_not_answered(cast, api):
    setup = mobility_for(cast)
    url = f"/api/v1/mobilities/{setup.mobility.pk}/profile"
    refused = send(api(cast.coordinator), "POST", f"{url}/send")
    assert refused.status_code == 400
    assert "Write the profile" in refused.json()["detail"]
    early = send(api(cast.host), "POST", f"{url}/answer", {"proposals": "x"})
    assert early.status_code == 400
    assert "not sent the profile" in early.json()["detail"]


def test_the_learner_reads_their_profile_but_neither_writes_nor_answers_it(cast, api):
    setup = mobility_for(cast)
    url = f"/api/v1/mobilities/{setup.mobility.pk}/profile"
    client = api(cast.learner)
    assert client.get(url).status_code == 200
    assert send(client, "PATCH", url, {"knowledge": {"en": "x"}}).status_code == 403
    assert send(client, "POST", f"{url}/answer", {"proposals": "x"}).status_code == 403
