from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.audit.models import AuditEvent
from ecvet.qualifications.models import Qualification
from ecvet.qualifications.tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/qualifications"


def send(client: Any, method: str, url: str, body: dict[str, Any]) -> Any:
    return client.generic(method, url, json.dumps(body), content_type="application/json")


def carpenter(cast: Any, **fields: Any) -> dict[str, Any]:
    return {
        "owner_id": cast.sending.pk,
        "title": {"en": "Carpenter", "lv": "Galdnieks"},
        "country": "lv",
        "eqf_level": 3,
        "national_level": "LKI 3",
        **fields,
    }


def test_a_teacher_describes_a_qualification_for_their_school(cast, api):
    response = send(api(cast.teacher), "POST", URL, carpenter(cast))
    assert response.status_code == 201, response.content
    body = response.json()
    qualification = Qualification.objects.get(pk=body["id"])
    assert body["title"] == {"en": "Carpenter", "lv": "Galdnieks"}
    assert body["country"] == "LV"
    assert body["owner"] == {"id": cast.sending.pk, "name": "Sending VET school", "country": "LV"}
    assert AuditEvent.objects.for_target(qualification).get().actor == cast.teacher


def test_a_qualification_for_an_institution_one_cannot_see_is_404(cast, api):
    response = send(api(cast.outsider), "POST", URL, carpenter(cast))
    assert response.status_code == 404
    assert not Qualification.objects.exists()


def test_a_learner_may_not_describe_a_qualification(cast, api):
    response = send(api(cast.learner), "POST", URL, carpenter(cast))
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Qualification.objects.exists()


def test_invalid_fields_are_named_in_a_422(cast, api):
    client = api(cast.teacher)
    response = send(client, "POST", URL, carpenter(cast, eqf_level=9))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "eqf_level"
    response = send(client, "POST", URL, carpenter(cast, title={"en": "  "}))
    assert response.status_code == 422
    assert [error["loc"][-1] for error in response.json()["detail"]] == ["title"]


def test_the_list_holds_the_schools_own_and_shared_qualifications(cast, api):
    own = QualificationFactory.create(
        owner=cast.sending, eqf_level=3, title={"en": "Joiner", "lv": "Namdaris"}
    )
    shared = QualificationFactory.create(owner=cast.other_school, shared=True, country="EE")
    QualificationFactory.create(owner=cast.other_school)
    body = api(cast.teacher).get(URL).json()
    assert [item["id"] for item in body["items"]] == [own.pk, shared.pk]
    assert [i["id"] for i in api(cast.teacher).get(URL, {"country": "ee"}).json()["items"]] == [
        shared.pk
    ]
    assert [i["id"] for i in api(cast.teacher).get(URL, {"eqf_level": 3}).json()["items"]] == [
        own.pk
    ]
    found = api(cast.teacher).get(URL, {"search": "namdar"}).json()["items"]
    assert [item["id"] for item in found] == [own.pk]


def test_a_learner_and_an_outsider_see_nothing_of_the_schools_qualifications(cast, api):
    qualification = QualificationFactory.create(owner=cast.sending)
    for person in (cast.learner, cast.outsider):
        client = api(person)
        assert client.get(URL).json()["count"] == 0
        assert client.get(f"{URL}/{qualification.pk}").status_code == 404
        response = send(client, "PATCH", f"{URL}/{qualification.pk}", {"awarding_body": "X"})
        assert response.status_code == 404
    qualification.refresh_from_db()
    assert qualification.awarding_body == ""


def test_patch_changes_only_the_given_fields(cast, api):
    qualification = QualificationFactory.create(owner=cast.sending)
    response = send(
        api(cast.teacher),
        "PATCH",
        f"{URL}/{qualification.pk}",
        {"awarding_body": "VISC", "country": "ee"},
    )
    assert response.status_code == 200, response.content
    qualification.refresh_from_db()
    assert (qualification.awarding_body, qualification.country.code) == ("VISC", "EE")
    assert qualification.eqf_level == 4


def test_a_shared_qualification_of_another_school_is_read_but_not_changed(cast, api):
    qualification = QualificationFactory.create(owner=cast.other_school, shared=True)
    client = api(cast.teacher)
    assert client.get(f"{URL}/{qualification.pk}").status_code == 200
    response = send(client, "PATCH", f"{URL}/{qualification.pk}", {"awarding_body": "X"})
    assert response.status_code == 403
