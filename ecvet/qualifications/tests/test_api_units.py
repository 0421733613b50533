from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    EscoKind,
    LearningOutcome,
    OutcomeSkill,
    Unit,
    UnitVersion,
    VersionStatus,
)
from ecvet.qualifications.services.outcomes import outcome_add, outcome_skill_accept
from ecvet.qualifications.services.units import unit_create, unit_version_agree
from ecvet.qualifications.tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"
WOODWORK = "http://data.europa.eu/esco/skill/woodwork"


def send(client: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.generic(method, url, json.dumps(body or {}), content_type="application/json")


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json() if response.content else None


def esco_skills() -> list[EscoConcept]:
    return [
        EscoConcept.objects.create(
            uri=WOODWORK,
            kind=EscoKind.SKILL,
            preferred_label="use woodworking tools",
            labels="use woodworking tools\noperate woodworking tools",
            definition="Use hand and power tools to shape wood.",
        ),
        EscoConcept.objects.create(
            uri="http://data.europa.eu/esco/skill/paint",
            kind=EscoKind.SKILL,
            preferred_label="apply paint",
            labels="apply paint",
            definition="Apply coats of paint to surfaces.",
        ),
        EscoConcept.objects.create(
            uri="http://data.europa.eu/esco/occupation/carpenter",
            kind=EscoKind.OCCUPATION,
            preferred_label="carpenter",
        ),
    ]


def make_unit(cast: Any, owner: Any = None, **fields: Any) -> Unit:
    unit = unit_create(
        actor=cast.admin,
        owner=owner or cast.sending,
        name=fields.pop("name", {"en": "Repair jobs", "lv": "Remonta darbi"}),
        **fields,
    )
    for text in ("Measure the board", "Saw along the line"):
        outcome_add(
            actor=cast.admin, version=unit.latest_version, category="skills", text={"en": text}
        )
    return unit


def rows(detail: dict[str, Any], category: str) -> list[dict[str, Any]]:
    return next(c for c in detail["version"]["columns"] if c["category"] == category)["rows"]


# --- the whole flow ---


def test_a_unit_is_written_agreed_changed_compared_copied_shared_and_found(cast, api):
    teacher, coordinator = api(cast.teacher), api(cast.coordinator)
    esco_skills()

    qualification = ok(
        send(
            coordinator,
            "POST",
            f"{API}/qualifications",
            {
                "owner_id": cast.sending.pk,
                "title": {"en": "Carpenter", "lv": "Galdnieks"},
                "country": "LV",
                "eqf_level": 3,
            },
        ),
        201,
    )
    unit = ok(
        send(
            teacher,
            "POST",
            f"{API}/units",
            {
                "owner_id": cast.sending.pk,
                "name": {"en": "Repair or Rebuilding jobs", "lv": "Remonta vai pārbūves darbi"},
                "qualification_id": qualification["id"],
                "eqf_level": 3,
                "workload": 80,
                "assessment_method": {"en": "Practical task observed by the mentor"},
            },
        ),
        201,
    )
    unit_url = f"{API}/units/{unit['id']}"
    assert unit["version"]["number"] == 1
    assert unit["version"]["status"] == "draft"
    assert unit["version"]["qualification"]["title"]["en"] == "Carpenter"
    assert unit["version"]["workload"] == 80.0

    # Outcomes: a heading with an outcome under it, one put just below the heading, a paste.
    heading = ok(
        send(
            teacher,
            "POST",
            f"{unit_url}/outcomes",
            {"category": "knowledge", "text": {"en": "Wooden materials"}, "is_heading": True},
        ),
        201,
    )
    ok(
        send(
            teacher,
            "POST",
            f"{unit_url}/outcomes",
            {"category": "knowledge", "text": {"en": "Wood species and their properties"}},
        ),
        201,
    )
    first = ok(
        send(
            teacher,
            "POST",
            f"{unit_url}/outcomes",
            {
                "category": "knowledge",
                "text": {"en": "Moisture of wood"},
                "criteria": {"en": "Measures moisture with a meter"},
                "after": heading["id"],
            },
        ),
        201,
    )
    assert first["position"] == 1
    pasted = ok(
        send(
            teacher,
            "POST",
            f"{unit_url}/outcomes/paste",
            {
                "category": "skills",
                "language": "en",
                "text": (
                    "He/she is able to:\n- Work accurately with joinery\n- Use woodworking tools"
                ),
            },
        ),
        201,
    )
    assert [row["text"] for row in pasted] == [
        {"en": "Work accurately with joinery"},
        {"en": "Use woodworking tools"},
    ]
    moved = ok(send(teacher, "POST", f"{API}/outcomes/{pasted[1]['id']}/move", {"offset": -1}))
    assert moved["position"] == 0

    # ESCO: suggestions for the outcome's text, then the person accepts one.
    suggestions = ok(teacher.get(f"{API}/esco/suggestions", {"text": "use woodworking tools"}))
    assert suggestions[0]["uri"] == WOODWORK
    assert "woodworking" in suggestions[0]["matched"]
    link = ok(
        send(teacher, "POST", f"{API}/outcomes/{pasted[1]['id']}/esco-skills", {"uri": WOODWORK}),
        201,
    )
    assert link["label"] == "use woodworking tools"

    detail = ok(teacher.get(unit_url))
    knowledge = rows(detail, "knowledge")
    assert [(r["is_heading"], r["text"]["en"], r["heading_id"]) for r in knowledge] == [
        (True, "Wooden materials", None),
        (False, "Moisture of wood", heading["id"]),
        (False, "Wood species and their properties", heading["id"]),
    ]
    assert [r["text"]["en"] for r in rows(detail, "skills")] == [
        "Use woodworking tools",
        "Work accurately with joinery",
    ]
    assert rows(detail, "skills")[0]["esco_skills"][0]["uri"] == WOODWORK
    checks = {check["code"]: check for check in detail["checks"]}
    assert set(checks) == {"structured", "component", "period", "independent", "assessable"}
    assert not checks["structured"]["ok"]  # the competence column is still empty
    assert checks["structured"]["warnings"]
    assert checks["period"]["ok"]

    # Agreeing: the coordinator agrees for the owner, a teacher may not, twice is a conflict.
    assert send(teacher, "POST", f"{unit_url}/versions/1/agree").status_code == 403
    agreed = ok(send(coordinator, "POST", f"{unit_url}/versions/1/agree"))
    assert agreed["status"] == "agreed"
    assert agreed["agreed_by"] == "Ilze Kalniņa"
    again = send(coordinator, "POST", f"{unit_url}/versions/1/agree")
    assert again.status_code == 409
    assert again.json()["detail"]

    # Editing the agreed unit starts version 2; version 1 stays as agreed.
    before = ok(teacher.get(f"{unit_url}/versions/1"))
    changed = ok(send(teacher, "PATCH", unit_url, {"name": {"en": "Repair jobs"}, "eqf_level": 4}))
    assert (changed["version"]["number"], changed["version"]["status"]) == (2, "draft")
    assert changed["version"]["based_on"] == 1
    assert changed["version"]["name"] == {"en": "Repair jobs"}
    assert ok(teacher.get(f"{unit_url}/versions/1")) == before
    versions = ok(teacher.get(f"{unit_url}/versions"))
    assert [(v["number"], v["status"], v["agreed_by"]) for v in versions] == [
        (1, "agreed", "Ilze Kalniņa"),
        (2, "draft", None),
    ]

    # The agreed version's rows refuse edits; the draft's rows take them.
    refused = send(teacher, "PATCH", f"{API}/outcomes/{first['id']}", {"text": {"en": "x"}})
    assert refused.status_code == 409
    assert "Version 1" in refused.json()["detail"]
    draft_first = rows(changed, "knowledge")[1]
    assert draft_first["id"] != first["id"]
    ok(
        send(
            teacher,
            "PATCH",
            f"{API}/outcomes/{draft_first['id']}",
            {"text": {"en": "Moisture content of wood"}},
        )
    )
    ok(send(teacher, "DELETE", f"{API}/outcomes/{rows(changed, 'skills')[1]['id']}"), 204)

    diff = ok(teacher.get(f"{unit_url}/versions/1/diff/2"))
    assert diff["has_changes"]
    assert {(c["field"], c["language"]) for c in diff["fields"]} == {
        ("name", "en"),
        ("name", "lv"),
        ("eqf_level", ""),
    }
    columns = {column["category"]: column for column in diff["columns"]}
    assert [r["status"] for r in columns["knowledge"]["rows"]] == [
        "unchanged",
        "changed",
        "unchanged",
    ]
    assert columns["knowledge"]["rows"][1]["changes"] == [
        {
            "field": "text",
            "language": "en",
            "old": "Moisture of wood",
            "new": "Moisture content of wood",
        }
    ]
    assert [r["status"] for r in columns["skills"]["rows"]] == ["unchanged", "removed"]
    assert not columns["competence"]["has_changes"]

    # Shared in the library, the outsider finds it, copies it for their own school.
    outsider = api(cast.outsider)
    assert outsider.get(unit_url).status_code == 404
    assert ok(send(coordinator, "POST", f"{unit_url}/share", {"shared": True}))["shared"]
    found = ok(outsider.get(f"{API}/units", {"q": "rebuilding"}))
    assert [item["id"] for item in found["items"]] == []  # v2 renamed it
    found = ok(outsider.get(f"{API}/units", {"q": "repair"}))
    assert [item["id"] for item in found["items"]] == [unit["id"]]
    copy = ok(
        send(
            outsider, "POST", f"{unit_url}/copy", {"owner_id": cast.other_school.pk, "version": 1}
        ),
        201,
    )
    assert copy["owner"]["id"] == cast.other_school.pk
    assert copy["copied_from"] == {
        "unit_id": unit["id"],
        "version": 1,
        "owner": "Sending VET school",
    }
    assert (copy["version"]["number"], copy["version"]["status"]) == (1, "draft")
    assert copy["version"]["name"]["en"] == "Repair or Rebuilding jobs"
    # The shared unit stays the owner's to change.
    assert send(outsider, "PATCH", unit_url, {"name": {"en": "Mine"}}).status_code == 403
    assert send(outsider, "POST", f"{unit_url}/share", {"shared": False}).status_code == 403


# --- units ---


def test_the_unit_list_shows_each_units_latest_version(cast, api):
    qualification = QualificationFactory.create(owner=cast.sending)
    unit = make_unit(cast, qualification=qualification, eqf_level=3)
    body = ok(api(cast.teacher).get(f"{API}/units"))
    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == unit.pk
    assert item["owner"] == {"id": cast.sending.pk, "name": "Sending VET school", "country": "LV"}
    assert item["shared"] is False
    assert item["copied_from"] is None
    latest = item["latest"]
    assert (latest["number"], latest["status"], latest["kind"], latest["eqf_level"]) == (
        1,
        "draft",
        "professional",
        3,
    )
    assert latest["name"] == {"en": "Repair jobs", "lv": "Remonta darbi"}
    assert latest["qualification"] == {"id": qualification.pk, "title": qualification.title}


def test_the_unit_list_filters_by_qualification_level_kind_country_and_owner(cast, api):
    qualification = QualificationFactory.create(owner=cast.sending)
    carpentry = make_unit(cast, qualification=qualification, eqf_level=3)
    life = make_unit(cast, name={"en": "Teamwork"}, kind="life_skills", eqf_level=4)
    danish = make_unit(cast, owner=cast.host_school, name={"en": "Doors"})
    Unit.objects.filter(pk=danish.pk).update(shared=True)
    client = api(cast.teacher)

    def ids(**filters: Any) -> list[int]:
        return [item["id"] for item in ok(client.get(f"{API}/units", filters))["items"]]

    assert ids() == [carpentry.pk, life.pk, danish.pk]
    assert ids(qualification=qualification.pk) == [carpentry.pk]
    assert ids(eqf_level=4) == [life.pk]
    assert ids(kind="life_skills") == [life.pk]
    assert ids(country="dk") == [danish.pk]
    assert ids(institution=cast.sending.pk) == [carpentry.pk, life.pk]
    assert ids(q="teamwork") == [life.pk]
    assert ids(q="saw line", institution=cast.host_school.pk) == [danish.pk]
    assert client.get(f"{API}/units", {"kind": "sleeping"}).status_code == 422


def test_the_unit_list_pages_with_limit_and_offset(cast, api):
    units = [make_unit(cast, name={"en": f"Unit {n}"}) for n in range(3)]
    body = ok(api(cast.teacher).get(f"{API}/units", {"limit": 2, "offset": 1}))
    assert body["count"] == 3
    assert [item["id"] for item in body["items"]] == [units[1].pk, units[2].pk]


def test_the_unit_list_keeps_a_fixed_number_of_queries(cast, api, django_assert_max_num_queries):
    client = api(cast.teacher)
    qualification = QualificationFactory.create(owner=cast.sending)
    source = make_unit(cast, owner=cast.host_school)
    unit_version_agree(actor=cast.admin, version=source.latest_version)

    def list_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            ok(client.get(f"{API}/units", {"limit": 100}))
        return len(queries)

    make_unit(cast, qualification=qualification)
    few = list_queries()
    for n in range(15):
        make_unit(cast, qualification=qualification, name={"en": f"Unit {n}"})
        Unit.objects.filter(pk=make_unit(cast).pk).update(copied_from=source.latest, shared=n % 2)
    with django_assert_max_num_queries(few):
        body = ok(client.get(f"{API}/units", {"limit": 100}))
    assert body["count"] == 31
    assert few <= 6


def test_the_unit_detail_keeps_a_fixed_number_of_queries(cast, api, django_assert_max_num_queries):
    esco_skills()
    skill = EscoConcept.objects.get(uri=WOODWORK)
    client = api(cast.teacher)
    qualification = QualificationFactory.create(owner=cast.sending)
    unit = make_unit(cast, qualification=qualification)
    version = unit.latest_version

    def detail_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            ok(client.get(f"{API}/units/{unit.pk}"))
        return len(queries)

    few = detail_queries()
    for n in range(20):
        outcome = outcome_add(
            actor=cast.admin,
            version=version,
            category=Category.values[n % 3],
            text={"en": f"O {n}"},
        )
        outcome_skill_accept(actor=cast.admin, outcome=outcome, skill=skill)
    with django_assert_max_num_queries(few):
        body = ok(client.get(f"{API}/units/{unit.pk}"))
    assert sum(len(column["rows"]) for column in body["version"]["columns"]) == 22
    assert few <= 9


def test_creating_a_unit_for_another_school_is_refused(cast, api):
    body = {"owner_id": cast.sending.pk, "name": {"en": "Mine"}}
    assert send(api(cast.outsider), "POST", f"{API}/units", body).status_code == 404
    assert send(api(cast.learner), "POST", f"{API}/units", body).status_code == 403
    assert not Unit.objects.exists()


def test_invalid_unit_fields_come_back_as_422_with_their_names(cast, api):
    client = api(cast.teacher)
    hidden = QualificationFactory.create(owner=cast.other_school)

    def fields(body: dict[str, Any]) -> list[str]:
        response = send(client, "POST", f"{API}/units", {"owner_id": cast.sending.pk, **body})
        assert response.status_code == 422, response.content
        return [error["loc"][-1] for error in response.json()["detail"]]

    assert fields({"name": {"en": "A"}, "eqf_level": 9}) == ["eqf_level"]
    assert fields({"name": {"en": "A"}, "workload": 12.25}) == ["workload"]
    assert fields({"name": {"en": "A"}, "kind": "hobby"}) == ["kind"]
    assert fields({"name": {"en": " "}}) == ["name"]
    assert fields({"name": {"en": "A"}, "qualification_id": hidden.pk}) == ["qualification_id"]
    assert fields({}) == ["name"]
    assert not Unit.objects.exists()


def test_a_refused_edit_of_an_agreed_unit_starts_no_new_version(cast, api):
    unit = make_unit(cast)
    unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    response = send(api(cast.teacher), "PATCH", f"{API}/units/{unit.pk}", {"name": {"en": ""}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"
    assert list(unit.versions.values_list("number", flat=True)) == [1]


def test_an_empty_patch_starts_the_draft_of_an_agreed_unit(cast, api):
    unit = make_unit(cast)
    unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    body = ok(send(api(cast.teacher), "PATCH", f"{API}/units/{unit.pk}", {}))
    assert (body["version"]["number"], body["version"]["status"]) == (2, "draft")
    assert len(rows(body, "skills")) == 2
    again = ok(send(api(cast.teacher), "PATCH", f"{API}/units/{unit.pk}", {}))
    assert again["version"]["number"] == 2


def test_a_version_the_unit_does_not_have_is_404(cast, api):
    unit = make_unit(cast)
    client = api(cast.teacher)
    assert client.get(f"{API}/units/{unit.pk}/versions/2").status_code == 404
    assert client.get(f"{API}/units/{unit.pk}/versions/1/diff/2").status_code == 404
    assert send(client, "POST", f"{API}/units/{unit.pk}/versions/2/agree").status_code == 404


def test_copying_for_an_institution_one_may_not_write_for_is_refused(cast, api):
    unit = make_unit(cast)
    client = api(cast.teacher)
    response = send(
        client, "POST", f"{API}/units/{unit.pk}/copy", {"owner_id": cast.host_school.pk}
    )
    assert response.status_code == 403
    response = send(
        client, "POST", f"{API}/units/{unit.pk}/copy", {"owner_id": cast.other_school.pk}
    )
    assert response.status_code == 404
    assert Unit.objects.count() == 1


# --- outcomes ---


def test_outcome_rows_refuse_bad_input_with_422(cast, api):
    unit = make_unit(cast)
    client = api(cast.teacher)
    url = f"{API}/units/{unit.pk}/outcomes"
    other = make_unit(cast).latest_version.outcomes.order_by("position")[0]

    def fields(path: str, body: dict[str, Any]) -> list[str]:
        response = send(client, "POST", path, body)
        assert response.status_code == 422, response.content
        return [error["loc"][-1] for error in response.json()["detail"]]

    assert fields(url, {"category": "attitudes", "text": {"en": "x"}}) == ["category"]
    assert fields(url, {"category": "skills", "text": {"en": " "}}) == ["text"]
    assert fields(url, {"category": "skills", "text": {"en": "x"}, "after": other.pk}) == ["after"]
    paste = f"{url}/paste"
    assert fields(paste, {"category": "skills", "language": "de", "text": "x"}) == ["language"]
    assert fields(paste, {"category": "skills", "language": "en", "text": "\n- \n"}) == ["text"]
    assert unit.latest_version.outcomes.count() == 2


def test_a_new_row_of_an_agreed_unit_lands_in_a_new_draft(cast, api):
    unit = make_unit(cast)
    agreed = unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    row = ok(
        send(
            api(cast.teacher),
            "POST",
            f"{API}/units/{unit.pk}/outcomes",
            {"category": "competence", "text": {"en": "Work safely"}},
        ),
        201,
    )
    assert row["version"] == 2
    assert agreed.outcomes.count() == 2
    assert UnitVersion.objects.get(unit=unit, number=2).outcomes.count() == 3


def test_deleting_and_moving_rows_of_an_agreed_version_is_a_conflict(cast, api):
    unit = make_unit(cast)
    unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    client = api(cast.teacher)
    first = unit.latest_version.outcomes.order_by("position")[0]
    assert send(client, "DELETE", f"{API}/outcomes/{first.pk}").status_code == 409
    assert send(client, "POST", f"{API}/outcomes/{first.pk}/move", {"offset": 1}).status_code == 409
    assert LearningOutcome.objects.filter(pk=first.pk, position=0).exists()


def test_moving_a_row_reorders_its_column(cast, api):
    unit = make_unit(cast)
    first, second = unit.latest_version.outcomes.order_by("position")
    moved = ok(send(api(cast.teacher), "POST", f"{API}/outcomes/{first.pk}/move", {"offset": 5}))
    assert moved["position"] == 1
    assert list(unit.latest_version.outcomes.order_by("position")) == [second, first]


def test_esco_links_are_accepted_and_removed_on_the_draft(cast, api):
    woodwork, _paint, occupation = esco_skills()
    unit = make_unit(cast)
    outcome = unit.latest_version.outcomes.order_by("position")[0]
    client = api(cast.teacher)
    url = f"{API}/outcomes/{outcome.pk}/esco-skills"
    ok(send(client, "POST", url, {"uri": WOODWORK}), 201)
    assert list(outcome.esco_skills.all()) == [woodwork]
    unknown = send(client, "POST", url, {"uri": "http://data.europa.eu/esco/skill/none"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "uri"
    assert send(client, "POST", url, {"uri": occupation.uri}).status_code == 400
    assert send(client, "DELETE", f"{url}?uri={WOODWORK}").status_code == 204
    assert not OutcomeSkill.objects.exists()
    assert send(client, "DELETE", f"{url}?uri=http://nowhere").status_code == 404


def test_suggestions_are_ranked_with_the_words_that_matched(cast, api):
    esco_skills()
    body = ok(
        api(cast.teacher).get(f"{API}/esco/suggestions", {"text": "paint a door", "limit": 1})
    )
    assert [(s["uri"], s["label"], s["matched"]) for s in body] == [
        ("http://data.europa.eu/esco/skill/paint", "apply paint", ["paint"])
    ]
    assert body[0]["score"] > 0
    assert api(cast.teacher).get(f"{API}/esco/suggestions", {"text": ""}).status_code == 422


# --- who sees what ---


def unit_operations(
    unit: Unit, outcome: LearningOutcome, owner_id: int
) -> list[tuple[str, str, dict[str, Any] | None]]:
    base = f"{API}/units/{unit.pk}"
    row = f"{API}/outcomes/{outcome.pk}"
    return [
        ("GET", base, None),
        ("PATCH", base, {"name": {"en": "Changed"}}),
        ("GET", f"{base}/versions", None),
        ("GET", f"{base}/versions/1", None),
        ("GET", f"{base}/versions/1/diff/1", None),
        ("POST", f"{base}/versions/1/agree", {}),
        ("POST", f"{base}/copy", {"owner_id": owner_id}),
        ("POST", f"{base}/share", {"shared": True}),
        ("POST", f"{base}/outcomes", {"category": "skills", "text": {"en": "x"}}),
        ("POST", f"{base}/outcomes/paste", {"category": "skills", "language": "en", "text": "x"}),
        ("PATCH", row, {"text": {"en": "Changed"}}),
        ("DELETE", row, None),
        ("POST", f"{row}/move", {"offset": 1}),
        ("POST", f"{row}/esco-skills", {"uri": WOODWORK}),
        ("DELETE", f"{row}/esco-skills?uri={WOODWORK}", None),
    ]


def test_the_outsider_gets_404_from_every_unit_endpoint_and_changes_nothing(cast, api):
    esco_skills()
    unit = make_unit(cast)
    outcome = unit.latest_version.outcomes.order_by("position")[0]
    client = api(cast.outsider)
    for method, url, body in unit_operations(unit, outcome, cast.other_school.pk):
        assert send(client, method, url, body).status_code == 404, (method, url)
    qualification = QualificationFactory.create(owner=cast.sending)
    assert client.get(f"{API}/qualifications/{qualification.pk}").status_code == 404
    for path in ("units", "qualifications"):
        assert ok(client.get(f"{API}/{path}"))["count"] == 0
    unit.refresh_from_db()
    assert not unit.shared
    assert unit.latest_version.status == VersionStatus.DRAFT
    assert unit.latest_version.name["en"] == "Repair jobs"
    assert [o.text["en"] for o in unit.latest_version.outcomes.order_by("position")] == [
        "Measure the board",
        "Saw along the line",
    ]
    assert Unit.objects.count() == 1
    assert not OutcomeSkill.objects.exists()


def test_a_learner_sees_no_units_even_shared_ones(cast, api):
    esco_skills()
    unit = make_unit(cast)
    Unit.objects.filter(pk=unit.pk).update(shared=True)
    outcome = unit.latest_version.outcomes.order_by("position")[0]
    client = api(cast.learner)
    assert ok(client.get(f"{API}/units"))["count"] == 0
    for method, url, body in unit_operations(unit, outcome, cast.sending.pk):
        assert send(client, method, url, body).status_code == 404, (method, url)


def test_a_shared_unit_is_read_by_others_but_only_its_owner_changes_it(cast, api):
    esco_skills()
    unit = make_unit(cast)
    Unit.objects.filter(pk=unit.pk).update(shared=True)
    outcome = unit.latest_version.outcomes.order_by("position")[0]
    client = api(cast.outsider)
    assert ok(client.get(f"{API}/units/{unit.pk}"))["id"] == unit.pk
    assert ok(client.get(f"{API}/units"))["count"] == 1
    for method, url, body in unit_operations(unit, outcome, cast.sending.pk):
        if method == "GET":
            continue
        # Copying is allowed, but not into the owner's school, which the outsider cannot see.
        expected = 404 if url.endswith("/copy") else 403
        assert send(client, method, url, body).status_code == expected, (method, url)
    unit.refresh_from_db()
    assert unit.latest_version.name["en"] == "Repair jobs"
    assert unit.latest_version.outcomes.count() == 2
