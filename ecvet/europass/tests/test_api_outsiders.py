"""Nobody outside a mobility sees or touches its Europass Mobility or letters through the API:
every operation is 404 to an outsider, to another learner of the same school, and to a mentor
of another mobility. ``OBJECT_OPERATIONS`` is what ``tests/test_outsider_matrix.py`` imports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.api import api as ninja_api
from ecvet.europass.models import EuropassMobility, RecommendationLetter
from ecvet.europass.services.europass import europass_prepare
from ecvet.europass.services.letters import letter_create
from ecvet.europass.tests.setup import recognised_mobility

pytestmark = pytest.mark.django_db

OBJECT_OPERATIONS = {
    ("get", "/api/v1/mobilities/{mobility_id}/europass"),
    ("post", "/api/v1/mobilities/{mobility_id}/europass"),
    ("post", "/api/v1/mobilities/{mobility_id}/europass/amend"),
    ("get", "/api/v1/mobilities/{mobility_id}/europass/{number}"),
    ("patch", "/api/v1/mobilities/{mobility_id}/europass/{number}"),
    ("post", "/api/v1/mobilities/{mobility_id}/europass/{number}/send"),
    ("get", "/api/v1/mobilities/{mobility_id}/europass/{number}/pdf"),
    ("get", "/api/v1/mobilities/{mobility_id}/letters"),
    ("post", "/api/v1/mobilities/{mobility_id}/letters"),
    ("get", "/api/v1/mobilities/{mobility_id}/letters/{number}"),
    ("get", "/api/v1/mobilities/{mobility_id}/letters/{number}/pdf"),
}
OWN_OPERATIONS: set[tuple[str, str]] = set()
PUBLIC_OPERATIONS: set[tuple[str, str]] = set()
# Valid bodies, so that the 404 says "not yours", not "invalid request".
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/mobilities/{mobility_id}/europass/amend"): {"reason": "x"},
    ("patch", "/api/v1/mobilities/{mobility_id}/europass/{number}"): {"programme": "Nordplus"},
    ("post", "/api/v1/mobilities/{mobility_id}/letters"): {"addressee_name": "Someone"},
}


def _is_europass(path: str) -> bool:
    return path.startswith("/api/v1/mobilities/{mobility_id}/") and path.split("/")[5] in {
        "europass",
        "letters",
    }


def documents_of(cast: Any) -> dict[str, Any]:
    """The cast's recognised mobility with its Europass Mobility prepared and a letter."""
    setup = recognised_mobility(cast)
    europass_prepare(actor=cast.coordinator, mobility=setup.mobility)
    letter_create(actor=cast.coordinator, mobility=setup.mobility)
    return {"mobility_id": setup.mobility.pk, "number": 1}


def another_learner(cast: Any) -> Any:
    user = UserFactory.create(username="learner-anna", first_name="Anna", last_name="Liepa")
    MembershipFactory.create(user=user, institution=cast.sending, role=Role.LEARNER)
    return user


def another_mentor(cast: Any) -> Any:
    """A mentor of the same host company who mentors another learner, not this one."""
    from ecvet.mobilities.tests.setup import learner_of, mobility_for

    user = UserFactory.create(username="mentor-two", first_name="Nils", last_name="Holm")
    MembershipFactory.create(user=user, institution=cast.host_company, role=Role.MENTOR)
    ward = UserFactory.create(username="learner-ben", first_name="Ben", last_name="Ozols")
    MembershipFactory.create(user=ward, institution=cast.sending, role=Role.LEARNER)
    learner = learner_of(cast, user=ward, first_name="Ben", last_name="Ozols")
    other = mobility_for(cast, learner=learner)
    other.mobility.mentor = user
    other.mobility.save(update_fields=["mentor"])
    return user


def _call(client: Any, method: str, path: str, ids: dict[str, Any]) -> Any:
    url = path.format(**ids)
    if method == "get":
        return client.get(url)
    body = json.dumps(BODIES.get((method, path), {}))
    return client.generic(method.upper(), url, body, content_type="application/json")


def test_every_europass_and_letter_operation_is_listed_here() -> None:
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if _is_europass(path)
    }
    assert operations == OBJECT_OPERATIONS | OWN_OPERATIONS | PUBLIC_OPERATIONS


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_the_outsider_gets_404_from_every_operation(cast: Any, api: Any, method, path) -> None:
    ids = documents_of(cast)
    response = _call(api(cast.outsider), method, path, ids)
    assert response.status_code == 404, response.content


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_another_learner_gets_404_from_every_operation(cast: Any, api: Any, method, path) -> None:
    ids = documents_of(cast)
    response = _call(api(another_learner(cast)), method, path, ids)
    assert response.status_code == 404, response.content


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_a_mentor_of_another_mobility_gets_404_from_every_operation(
    cast: Any, api: Any, method, path
) -> None:
    ids = documents_of(cast)
    response = _call(api(another_mentor(cast)), method, path, ids)
    assert response.status_code == 404, response.content


def test_the_coordinator_reaches_every_operation_so_the_404s_above_mean_not_yours(
    cast: Any, api: Any
) -> None:
    ids = documents_of(cast)
    client = api(cast.coordinator)
    for method, path in sorted(OBJECT_OPERATIONS):
        response = _call(client, method, path, ids)
        assert response.status_code not in {404, 422}, (method, path, response.content)


def test_nothing_changed_after_the_refused_attempts(cast: Any, api: Any) -> None:
    ids = documents_of(cast)
    for person in (cast.outsider, another_learner(cast)):
        client = api(person)
        for method, path in sorted(OBJECT_OPERATIONS):
            if method != "get":
                _call(client, method, path, ids)
    document = EuropassMobility.objects.get()
    assert (document.status, document.programme, document.revision) == ("draft", "Erasmus+", 1)
    assert RecommendationLetter.objects.count() == 1
