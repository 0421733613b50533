"""Nobody outside a mobility sees or touches anything of it through the API: learners,
mobilities, learner profiles, Learning Agreement versions and their units are 404 to an
outsider, and to a learner of the same school who is not the one going."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.api import api as ninja_api
from ecvet.mobilities.models import AgreementUnit, Learner, LearnerProfile, Mobility
from ecvet.mobilities.tests.setup import learner_of, mobility_for
from ecvet.partnerships.services.units import partnership_unit_add, unit_agreement_record
from ecvet.partnerships.tests.factories import agreed_unit

pytestmark = pytest.mark.django_db

PREFIXES = ("/api/v1/learners", "/api/v1/mobilit", "/api/v1/agreement-units")
OBJECT_OPERATIONS = {
    ("get", "/api/v1/learners/{learner_id}"),
    ("patch", "/api/v1/learners/{learner_id}"),
    ("get", "/api/v1/mobilities/{mobility_id}"),
    ("patch", "/api/v1/mobilities/{mobility_id}"),
    ("post", "/api/v1/mobilities/{mobility_id}/status"),
    ("get", "/api/v1/mobilities/{mobility_id}/profile"),
    ("patch", "/api/v1/mobilities/{mobility_id}/profile"),
    ("post", "/api/v1/mobilities/{mobility_id}/profile/send"),
    ("post", "/api/v1/mobilities/{mobility_id}/profile/answer"),
    ("get", "/api/v1/mobilities/{mobility_id}/agreements"),
    ("post", "/api/v1/mobilities/{mobility_id}/agreements/amend"),
    ("get", "/api/v1/mobilities/{mobility_id}/agreements/{number}"),
    ("patch", "/api/v1/mobilities/{mobility_id}/agreements/{number}"),
    ("post", "/api/v1/mobilities/{mobility_id}/agreements/{number}/units"),
    ("post", "/api/v1/mobilities/{mobility_id}/agreements/{number}/send"),
    ("patch", "/api/v1/agreement-units/{item_id}"),
    ("delete", "/api/v1/agreement-units/{item_id}"),
}
# The caller's own: lists hold only what they may see; creating names a school, learner or
# partnership of theirs (another's is refused: see the tests below).
OWN_OPERATIONS = {
    ("get", "/api/v1/learners"),
    ("post", "/api/v1/learners"),
    ("post", "/api/v1/learners/import"),
    ("get", "/api/v1/mobilities"),
    ("post", "/api/v1/mobilities"),
    ("post", "/api/v1/mobility-groups"),
}
PUBLIC_OPERATIONS: set[tuple[str, str]] = set()
# Valid bodies, so that the 404 says "not yours", not "invalid request".
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("patch", "/api/v1/learners/{learner_id}"): {"phone": "+371 2000 0000"},
    ("patch", "/api/v1/mobilities/{mobility_id}"): {"place": "Odense"},
    # Refused by the map for the planned mobility: the coordinator reaches it (409), and
    # nothing moves.
    ("post", "/api/v1/mobilities/{mobility_id}/status"): {"wanted": "ongoing"},
    ("patch", "/api/v1/mobilities/{mobility_id}/profile"): {"knowledge": {"en": "Joinery"}},
    ("post", "/api/v1/mobilities/{mobility_id}/profile/answer"): {"proposals": "Windows"},
    ("post", "/api/v1/mobilities/{mobility_id}/agreements/amend"): {"reason": "x"},
    ("patch", "/api/v1/mobilities/{mobility_id}/agreements/{number}"): {"enclosures": ["cv"]},
    ("post", "/api/v1/mobilities/{mobility_id}/agreements/{number}/units"): {
        "partnership_unit_id": "{other_item_id}"
    },
    ("patch", "/api/v1/agreement-units/{item_id}"): {"when": "Never"},
}


def mobility_of(cast: Any, learner: Learner | None = None) -> dict[str, Any]:
    """A planned mobility of the sending school with its plan, and a second unit agreed in
    its partnership (to add): the ids of each kind of object, for the paths' placeholders."""
    setup = mobility_for(cast, learner=learner)
    partnership = setup.partnership.partnership
    other = partnership_unit_add(
        actor=cast.coordinator,
        partnership=partnership,
        unit=agreed_unit(cast.sending, name="Professional terminology"),
    )
    for partner in partnership.partners.all():
        user = cast.coordinator if partner.institution_id == cast.sending.pk else cast.host
        unit_agreement_record(actor=user, partnership_unit=other, partner=partner)
    return {
        "learner_id": setup.learner.pk,
        "mobility_id": setup.mobility.pk,
        "number": 1,
        "item_id": setup.agreement.units.get().pk,
        "other_item_id": other.pk,
    }


def another_learner(cast: Any) -> Learner:
    user = UserFactory.create(username="learner-anna", first_name="Anna", last_name="Liepa")
    MembershipFactory.create(user=user, institution=cast.sending, role=Role.LEARNER)
    return learner_of(cast, user=user, first_name="Anna", last_name="Liepa")


def _call(client: Any, method: str, path: str, ids: dict[str, Any]) -> Any:
    url = path.format(**ids)
    if method == "get":
        return client.get(url)
    body = json.dumps(BODIES.get((method, path), {}))
    for name, value in ids.items():
        body = body.replace(f'"{{{name}}}"', str(value))
    return client.generic(method.upper(), url, body, content_type="application/json")


def test_every_learner_and_mobility_operation_is_listed_here():
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        # The assessment, transcript, recognition and Europass routers list their own.
        if path.startswith(PREFIXES) and "mobilities" in operation.get("tags", [])
    }
    assert operations == OBJECT_OPERATIONS | OWN_OPERATIONS | PUBLIC_OPERATIONS


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_the_outsider_gets_404_from_every_operation_on_another_schools_mobility(
    cast, api, method, path
):
    ids = mobility_of(cast)
    response = _call(api(cast.outsider), method, path, ids)
    assert response.status_code == 404, response.content


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_a_learner_gets_404_from_every_operation_on_another_learners_mobility(
    cast, api, method, path
):
    mobility_of(cast)  # the cast's learner has their own mobility, too
    ids = mobility_of(cast, learner=another_learner(cast))
    response = _call(api(cast.learner), method, path, ids)
    assert response.status_code == 404, response.content


def test_the_coordinator_reaches_every_operation_so_the_404s_above_mean_not_yours(cast, api):
    ids = mobility_of(cast)
    client = api(cast.coordinator)
    # Deleting the unit last: the other operations need it.
    for method, path in sorted(OBJECT_OPERATIONS, key=lambda op: (op[0] == "delete", op)):
        response = _call(client, method, path, ids)
        assert response.status_code != 404, (method, path, response.content)
        assert response.status_code != 422, (method, path, response.content)


def test_nothing_changed_after_the_outsiders_and_another_learners_attempts(cast, api):
    mobility_of(cast)  # the cast's learner's own
    ids = mobility_of(cast, learner=another_learner(cast))
    for person in (cast.outsider, cast.learner):
        client = api(person)
        for method, path in sorted(OBJECT_OPERATIONS):
            if method != "get":
                _call(client, method, path, ids)
    mobility = Mobility.objects.get(pk=ids["mobility_id"])
    assert (mobility.place, mobility.status, mobility.revision) == ("Aalborg", "planned", 1)
    assert Learner.objects.get(pk=ids["learner_id"]).phone == ""
    assert LearnerProfile.objects.get(mobility=mobility).knowledge == {}
    agreement = mobility.agreements.get()
    assert (agreement.status, agreement.enclosures) == ("draft", [])
    assert AgreementUnit.objects.get(pk=ids["item_id"]).when == "In the last week"
    assert agreement.units.count() == 1


def test_the_outsiders_own_lists_hold_nothing_of_the_sending_school(cast, api):
    mobility_of(cast)
    client = api(cast.outsider)
    for path in ("/api/v1/learners", "/api/v1/mobilities"):
        body = client.get(path).content.decode()
        assert "Bērziņš" not in body
        assert "Aalborg" not in body


def test_the_outsider_plans_nothing_with_another_schools_learner_or_partnership(cast, api):
    ids = mobility_of(cast)
    mobility = Mobility.objects.get(pk=ids["mobility_id"])
    learner = learner_of(cast, user=None, first_name="Anna", last_name="Liepa")
    plan = {
        "learner_id": learner.pk,
        "partnership_id": mobility.partnership_id,
        "host_institution_id": cast.host_school.pk,
        "start": "2027-04-05",
        "end": "2027-04-30",
    }
    client = api(cast.outsider)
    created = client.post("/api/v1/mobilities", json.dumps(plan), content_type="application/json")
    assert created.status_code == 422
    group = {**plan, "name": "x", "learner_ids": [learner.pk]}
    del group["learner_id"]
    grouped = client.post(
        "/api/v1/mobility-groups", json.dumps(group), content_type="application/json"
    )
    assert grouped.status_code == 422
    assert Mobility.objects.count() == 1
