"""Nobody outside a mobility sees or touches its assessment through the API: the sheet, the
answers, the evidence and its files, the self-assessment and the comparison are 404 to an
outsider, to another learner of the same school, and to a mentor of another mobility (a
mentor sees only the learners placed with them)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.api import api as ninja_api
from ecvet.assessments.models import Assessment, Evidence, SelfAssessment
from ecvet.assessments.services import assessment_record, evidence_add
from ecvet.assessments.tests.setup import signed_mobility
from ecvet.assessments.tests.test_evidence import PDF, png
from ecvet.mobilities.models import Mobility
from ecvet.mobilities.tests.setup import learner_of, mobility_for

pytestmark = pytest.mark.django_db

OBJECT_OPERATIONS = {
    ("get", "/api/v1/mobilities/{mobility_id}/assessment"),
    ("get", "/api/v1/mobilities/{mobility_id}/assessment/comparison"),
    ("put", "/api/v1/mobilities/{mobility_id}/assessment/{outcome_id}"),
    ("post", "/api/v1/mobilities/{mobility_id}/assessment/{outcome_id}/evidence"),
    ("get", "/api/v1/evidence/{evidence_id}"),
    ("delete", "/api/v1/evidence/{evidence_id}"),
    ("get", "/api/v1/mobilities/{mobility_id}/self-assessment"),
    ("put", "/api/v1/mobilities/{mobility_id}/self-assessment/{outcome_id}"),
}
OWN_OPERATIONS: set[tuple[str, str]] = set()
PUBLIC_OPERATIONS: set[tuple[str, str]] = set()
# Valid bodies, so that the 404 says "not yours", not "invalid request".
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("put", "/api/v1/mobilities/{mobility_id}/assessment/{outcome_id}"): {
        "result": "not_assessed",
        "comment": "Changed",
    },
    ("put", "/api/v1/mobilities/{mobility_id}/self-assessment/{outcome_id}"): {
        "result": "achieved"
    },
}
UPLOAD = ("post", "/api/v1/mobilities/{mobility_id}/assessment/{outcome_id}/evidence")


def _is_assessment_path(path: str) -> bool:
    return path.startswith("/api/v1/evidence") or any(
        part in path for part in ("/assessment", "/self-assessment")
    )


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def assessed_mobility(cast: Any) -> dict[str, Any]:
    """The cast's learner's ongoing mobility with one answer and its evidence: the ids of each
    kind of object, for the paths' placeholders."""
    ongoing = signed_mobility(cast)
    answer = assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=ongoing.outcomes[0],
        result="achieved",
        comment="Tight joints",
    )
    evidence = evidence_add(
        actor=cast.mentor, assessment=answer, upload=SimpleUploadedFile("door.pdf", PDF)
    )
    return {
        "mobility_id": ongoing.mobility.pk,
        "outcome_id": ongoing.outcomes[0].pk,
        "evidence_id": evidence.pk,
    }


def another_learners(cast: Any) -> tuple[Any, Mobility]:
    """A learner of the same school, and their own mobility."""
    user = UserFactory.create(username="learner-anna", first_name="Anna", last_name="Liepa")
    MembershipFactory.create(user=user, institution=cast.sending, role=Role.LEARNER)
    learner = learner_of(cast, user=user, first_name="Anna", last_name="Liepa")
    return user, mobility_for(cast, learner=learner).mobility


def another_mentors(cast: Any) -> tuple[Any, Mobility]:
    """A mentor of the same host company, and the mobility of the learner placed with them."""
    user = UserFactory.create(username="mentor-ole", first_name="Ole", last_name="Berg")
    MembershipFactory.create(user=user, institution=cast.host_company, role=Role.MENTOR)
    learner = learner_of(cast, user=None, first_name="Pēteris", last_name="Kalns")
    theirs = mobility_for(cast, learner=learner).mobility
    Mobility.objects.filter(pk=theirs.pk).update(mentor=user)
    return user, theirs


def _call(client: Any, method: str, path: str, ids: dict[str, Any]) -> Any:
    url = path.format(**ids)
    if method == "get":
        return client.get(url)
    if (method, path) == UPLOAD:
        return client.post(url, {"file": SimpleUploadedFile("side.png", png()), "note": "x"})
    body = json.dumps(BODIES.get((method, path), {}))
    return client.generic(method.upper(), url, body, content_type="application/json")


def test_every_assessment_operation_is_listed_here():
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if _is_assessment_path(path)
    }
    assert operations == OBJECT_OPERATIONS | OWN_OPERATIONS | PUBLIC_OPERATIONS


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_the_outsider_gets_404_from_every_operation(cast, api, method, path):
    ids = assessed_mobility(cast)
    response = _call(api(cast.outsider), method, path, ids)
    assert response.status_code == 404, response.content


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_another_learner_gets_404_from_every_operation(cast, api, method, path):
    ids = assessed_mobility(cast)
    response = _call(api(another_learners(cast)[0]), method, path, ids)
    assert response.status_code == 404, response.content


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_a_mentor_of_another_mobility_gets_404_from_every_operation(cast, api, method, path):
    ids = assessed_mobility(cast)
    response = _call(api(another_mentors(cast)[0]), method, path, ids)
    assert response.status_code == 404, response.content


def test_the_mentor_and_the_learner_reach_every_operation_so_the_404s_mean_not_yours(cast, api):
    ids = assessed_mobility(cast)
    # Removing the evidence last: the other operations need it.
    operations = sorted(OBJECT_OPERATIONS, key=lambda op: (op[0] == "delete", op))
    for person in (cast.learner, cast.mentor):
        client = api(person)
        for method, path in operations:
            response = _call(client, method, path, ids)
            assert response.status_code not in {404, 422}, (person, method, path, response.content)


def test_nothing_changed_after_the_outsiders_another_learners_and_another_mentors_attempts(
    cast, api
):
    ids = assessed_mobility(cast)
    before = Assessment.objects.values().get()
    for person in (cast.outsider, another_learners(cast)[0], another_mentors(cast)[0]):
        client = api(person)
        for method, path in sorted(OBJECT_OPERATIONS):
            if method != "get":
                _call(client, method, path, ids)
    assert Assessment.objects.values().get() == before
    evidence = Evidence.objects.get()
    assert evidence.pk == ids["evidence_id"]
    assert evidence.file.storage.exists(evidence.file.name)
    assert not SelfAssessment.objects.exists()


def test_what_the_others_see_of_their_own_holds_nothing_of_this_learner(cast, api):
    ids = assessed_mobility(cast)
    for person, own in (another_learners(cast), another_mentors(cast)):
        client = api(person)
        for path in ("assessment", "assessment/comparison", "self-assessment"):
            response = client.get(f"/api/v1/mobilities/{own.pk}/{path}")
            assert response.status_code == 200
            body = response.content.decode()
            assert "Tight joints" not in body
            assert "door.pdf" not in body
            assert f"/evidence/{ids['evidence_id']}" not in body
