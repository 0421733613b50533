"""The learners API: the school's learners one by one, and all at once from its spreadsheet."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ecvet.audit.models import AuditEvent
from ecvet.mobilities.models import Learner
from ecvet.mobilities.tests.factories import LearnerFactory, years_ago
from ecvet.mobilities.tests.setup import learner_of
from ecvet.qualifications.tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

HEADER = "First name,Surname,Date of birth,E-mail,Group\n"


def send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def csv_of(count: int, *, bad_row: int | None = None) -> bytes:
    """A school's CSV of ``count`` adult learners; the spreadsheet row ``bad_row`` (the
    header is row 1) has a date that does not exist."""
    lines = [HEADER]
    for row in range(2, count + 2):
        born = "31.02.2004" if row == bad_row else f"{(row % 28) + 1:02d}.05.2004"
        lines.append(f"Learner{row},Surname{row},{born},l{row}@example.org,GA-2\n")
    return "".join(lines).encode()


def upload(client: Any, school: Any, content: bytes, *, name: str = "learners.csv", **extra: Any):
    data = {"file": SimpleUploadedFile(name, content), "school_id": school.pk, **extra}
    return client.post("/api/v1/learners/import", data)


# --- one by one ---


def test_the_coordinator_adds_a_learner_to_the_school(cast, api):
    qualification = QualificationFactory.create(owner=cast.sending)
    response = send(
        api(cast.coordinator),
        "POST",
        "/api/v1/learners",
        {
            "school_id": cast.sending.pk,
            "first_name": " Anna ",
            "last_name": "Liepa",
            "date_of_birth": "2004-09-01",
            "gender": "female",
            "nationality": "lv",
            "qualification_id": qualification.pk,
            "group": "GA-2",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["nationality"], body["gender"]) == ("Anna Liepa", "LV", "female")
    assert body["school"]["name"] == "Sending VET school"
    assert body["qualification"]["id"] == qualification.pk
    assert (body["minor"], body["account"], body["mobility_count"]) == (False, None, 0)
    assert AuditEvent.objects.filter(action="learner.created").count() == 1


def test_a_minor_without_a_guardian_is_a_422_naming_the_field(cast, api):
    response = send(
        api(cast.teacher),
        "POST",
        "/api/v1/learners",
        {
            "school_id": cast.sending.pk,
            "first_name": "Kārlis",
            "last_name": "Jaunais",
            "date_of_birth": years_ago(16).isoformat(),
        },
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "guardian_name"
    assert not Learner.objects.exists()


def test_the_outsider_and_the_host_add_no_learner_to_the_sending_school(cast, api):
    body = {
        "school_id": cast.sending.pk,
        "first_name": "Anna",
        "last_name": "Liepa",
        "date_of_birth": "2004-09-01",
    }
    for person in (cast.outsider, cast.host, cast.learner):
        response = send(api(person), "POST", "/api/v1/learners", body)
        assert response.status_code == 404, person
    assert not Learner.objects.exists()


def test_the_school_lists_and_filters_its_learners_and_a_learner_sees_only_themself(cast, api):
    qualification = QualificationFactory.create(owner=cast.sending)
    own = learner_of(cast, group="GA-2", qualification=qualification)
    LearnerFactory.create(school=cast.sending, first_name="Anna", group="GB-1")
    stranger = LearnerFactory.create(school=cast.other_school, first_name="Stranger")
    client = api(cast.teacher)
    listed = client.get("/api/v1/learners").json()
    assert listed["count"] == 2
    assert [item["name"] for item in client.get("/api/v1/learners?group=GA-2").json()["items"]] == [
        "Roberts Bērziņš"
    ]
    assert client.get("/api/v1/learners?search=anna").json()["count"] == 1
    pursuing = client.get(f"/api/v1/learners?qualification={qualification.pk}").json()
    assert [item["id"] for item in pursuing["items"]] == [own.pk]
    mine = api(cast.learner).get("/api/v1/learners").json()
    assert [item["id"] for item in mine["items"]] == [own.pk]
    theirs = api(cast.outsider).get("/api/v1/learners").json()
    assert [item["id"] for item in theirs["items"]] == [stranger.pk]


def test_the_learner_list_keeps_a_fixed_number_of_queries(cast, api, django_assert_max_num_queries):
    qualification = QualificationFactory.create(owner=cast.sending)
    learner_of(cast, qualification=qualification)
    client = api(cast.coordinator)
    client.get("/api/v1/learners")
    with django_assert_max_num_queries(10) as few:
        client.get("/api/v1/learners")
    LearnerFactory.create_batch(6, school=cast.sending, qualification=qualification)
    with django_assert_max_num_queries(len(few)):
        assert client.get("/api/v1/learners").json()["count"] == 7


def test_the_coordinator_changes_a_learner_with_the_revision_read_and_links_the_account(cast, api):
    learner = learner_of(cast, user=None)
    client = api(cast.coordinator)
    url = f"/api/v1/learners/{learner.pk}"
    revision = client.get(url).json()["revision"]
    response = send(
        client,
        "PATCH",
        url,
        {"revision": revision, "phone": "+371 2000 0000", "account_id": cast.learner.pk},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["phone"] == "+371 2000 0000"
    assert body["account"]["id"] == cast.learner.pk
    stale = send(client, "PATCH", url, {"revision": revision, "phone": "1"})
    assert stale.status_code == 409
    wrong = send(client, "PATCH", url, {"account_id": cast.teacher.pk})
    assert wrong.status_code == 422
    learner.refresh_from_db()
    assert (learner.phone, learner.user) == ("+371 2000 0000", cast.learner)


def test_the_learner_reads_but_does_not_change_their_record(cast, api):
    learner = learner_of(cast)
    client = api(cast.learner)
    url = f"/api/v1/learners/{learner.pk}"
    assert client.get(url).json()["name"] == "Roberts Bērziņš"
    assert send(client, "PATCH", url, {"phone": "1"}).status_code == 403


def test_a_learner_gets_404_on_another_learner_and_the_outsider_on_any(cast, api):
    other = LearnerFactory.create(school=cast.sending)
    learner_of(cast)
    for person in (cast.learner, cast.outsider):
        client = api(person)
        assert client.get(f"/api/v1/learners/{other.pk}").status_code == 404
        assert send(
            client, "PATCH", f"/api/v1/learners/{other.pk}", {"phone": "1"}
        ).status_code == (404)


# --- import ---


def test_a_dry_run_shows_the_rows_and_imports_nothing(cast, api):
    content = (HEADER + "Anna,Liepa,17.05.2004,anna@example.org,GA-2\n").encode()
    response = upload(api(cast.coordinator), cast.sending, content, dry_run="true")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["dry_run"], body["count"]) == (True, 1)
    [row] = body["rows"]
    assert (row["row"], row["first_name"], row["date_of_birth"]) == (2, "Anna", "2004-05-17")
    assert body["columns"]["date_of_birth"] == "Date of birth"
    assert not Learner.objects.exists()


def test_a_bad_date_in_row_217_of_500_imports_nothing_and_names_row_217(cast, api):
    client = api(cast.coordinator)
    for dry_run in ("true", "false"):
        response = upload(client, cast.sending, csv_of(500, bad_row=217), dry_run=dry_run)
        assert response.status_code == 422, response.content
        body = response.json()
        assert body["problems"] == [
            {
                "row": 217,
                "column": "Date of birth",
                "message": "“31.02.2004” is not a date. Write it as 17.05.2008 or 2008-05-17.",
            }
        ]
        assert "Nothing was imported" in body["detail"]
    assert not Learner.objects.exists()


def test_500_learners_import_in_seconds_all_at_once(cast, api):
    started = time.monotonic()
    response = upload(api(cast.coordinator), cast.sending, csv_of(500))
    assert response.status_code == 201, response.content
    assert time.monotonic() - started < 10
    body = response.json()
    assert body["count"] == 500
    assert len(body["learner_ids"]) == 500
    assert Learner.objects.filter(school=cast.sending).count() == 500
    again = upload(api(cast.coordinator), cast.sending, csv_of(1))
    assert again.status_code == 422
    assert again.json()["problems"][0]["row"] == 2


def test_an_excel_workbook_imports_too(cast, api):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Vārds", "Uzvārds", "Dzimšanas datums"])
    sheet.append(["Anna", "Liepa", "2004-05-17"])
    data = io.BytesIO()
    workbook.save(data)
    response = upload(api(cast.coordinator), cast.sending, data.getvalue(), name="learners.xlsx")
    assert response.status_code == 201, response.content
    assert Learner.objects.get().full_name == "Anna Liepa"


def test_a_file_that_is_not_a_spreadsheet_is_a_422_with_its_reason(cast, api):
    response = upload(api(cast.coordinator), cast.sending, b"\xd0\xcf\x11\xe0old", name="a.xls")
    assert response.status_code == 422
    assert "old Excel file" in response.json()["problems"][0]["message"]


def test_the_outsider_and_the_host_import_nothing_into_the_sending_school(cast, api):
    for person in (cast.outsider, cast.host, cast.learner):
        response = upload(api(person), cast.sending, csv_of(2))
        assert response.status_code == 404, person
    assert not Learner.objects.exists()
