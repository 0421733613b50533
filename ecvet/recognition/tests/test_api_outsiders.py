"""Nobody outside a mobility sees or touches its validation and recognition through the API:
every operation is a 404 to an outsider, to another learner and to a mentor of another
mobility. ``OBJECT_OPERATIONS`` is the list the project's outsider matrix imports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.api import api as ninja_api
from ecvet.mobilities.models import Mobility
from ecvet.recognition.models import Recognition, Validation
from ecvet.recognition.services import mobility_validate, validation_record
from ecvet.recognition.tests.assessed import assessed_mobility
from ecvet.recognition.tests.setup import outcomes, the_unit

pytestmark = pytest.mark.django_db

PATHS = ("validation", "validate", "recogni")
OBJECT_OPERATIONS = {
    ("get", "/api/v1/mobilities/{mobility_id}/validations"),
    ("put", "/api/v1/mobilities/{mobility_id}/validations/{outcome_id}"),
    ("post", "/api/v1/mobilities/{mobility_id}/validate"),
    ("get", "/api/v1/mobilities/{mobility_id}/recognitions"),
    ("put", "/api/v1/mobilities/{mobility_id}/recognitions/{agreement_unit_id}"),
    ("post", "/api/v1/mobilities/{mobility_id}/recognise"),
}
OWN_OPERATIONS: set[tuple[str, str]] = set()
PUBLIC_OPERATIONS: set[tuple[str, str]] = set()
# Valid bodies, so that the 404 says "not yours", not "invalid request".
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("put", "/api/v1/mobilities/{mobility_id}/validations/{outcome_id}"): {"matches": False},
    ("put", "/api/v1/mobilities/{mobility_id}/recognitions/{agreement_unit_id}"): {
        "kinds": ["other"]
    },
}


def ids_of(cast: Any) -> dict[str, Any]:
    """A completed, assessed mobility of the sending school, one outcome decided."""
    mobility = assessed_mobility(cast)
    first = outcomes(mobility)[0]
    return {
        "mobility_id": mobility.pk,
        "outcome_id": first.pk,
        "agreement_unit_id": the_unit(mobility).pk,
    }


def _call(client: Any, method: str, path: str, ids: dict[str, Any]) -> Any:
    url = path.format(**ids)
    if method == "get":
        return client.get(url)
    body = json.dumps(BODIES.get((method, path), {}))
    return client.generic(method.upper(), url, body, content_type="application/json")


def _other_mentor() -> Any:
    """A mentor at another company, with mobilities of their own elsewhere."""
    from ecvet.institutions.models import InstitutionKind
    from ecvet.institutions.tests.factories import InstitutionFactory

    company = InstitutionFactory.create(name="Other workshop", kind=InstitutionKind.COMPANY)
    user = UserFactory.create(username="mentor-other", first_name="Ole", last_name="Berg")
    MembershipFactory.create(user=user, institution=company, role=Role.MENTOR)
    return user


def _another_learner(cast: Any) -> Any:
    user = UserFactory.create(username="learner-anna", first_name="Anna", last_name="Liepa")
    MembershipFactory.create(user=user, institution=cast.sending, role=Role.LEARNER)
    return user


def test_every_validation_and_recognition_operation_is_listed_here():
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if any(part in path for part in PATHS)
    }
    assert operations == OBJECT_OPERATIONS | OWN_OPERATIONS | PUBLIC_OPERATIONS


@pytest.mark.parametrize("who", ["outsider", "another learner", "another mentor"])
@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_outsiders_get_404_from_every_operation(cast, api, who, method, path):
    ids = ids_of(cast)
    person = {
        "outsider": lambda: cast.outsider,
        "another learner": lambda: _another_learner(cast),
        "another mentor": _other_mentor,
    }[who]()

    response = _call(api(person), method, path, ids)

    assert response.status_code == 404, response.content


def test_the_coordinator_reaches_every_operation_so_the_404s_above_mean_not_yours(cast, api):
    ids = ids_of(cast)
    client = api(cast.coordinator)
    for method, path in sorted(OBJECT_OPERATIONS):
        response = _call(client, method, path, ids)
        assert response.status_code not in {404, 422}, (method, path, response.content)


def test_nothing_changed_after_the_outsiders_attempts(cast, api):
    ids = ids_of(cast)
    mobility = Mobility.objects.get(pk=ids["mobility_id"])
    for outcome in outcomes(mobility):
        validation_record(
            actor=cast.coordinator,
            mobility=mobility,
            outcome=outcome,
            host_result="achieved" if outcome.pk == ids["outcome_id"] else "not_achieved",
            matches=outcome.pk == ids["outcome_id"],
        )
    mobility_validate(actor=cast.coordinator, mobility=mobility)
    for person in (cast.outsider, _another_learner(cast)):
        client = api(person)
        for method, path in sorted(OBJECT_OPERATIONS):
            if method != "get":
                _call(client, method, path, ids)
    mobility.refresh_from_db()
    assert mobility.status == "validated"
    assert Validation.objects.get(outcome_id=ids["outcome_id"]).matches is True
    assert not Recognition.objects.exists()
