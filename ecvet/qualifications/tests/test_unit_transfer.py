from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecvet.accounts.models import Role, User
from ecvet.accounts.tests.factories import MembershipFactory
from ecvet.audit.models import AuditEvent
from ecvet.demo.build import build_demo
from ecvet.errors import NotPermitted
from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    EscoKind,
    LearningOutcome,
    OutcomeSkill,
    Unit,
    VersionStatus,
)
from ecvet.qualifications.selectors import unit_list
from ecvet.qualifications.services.outcomes import outcome_add, outcome_skill_accept
from ecvet.qualifications.services.units import (
    VersionAgreed,
    unit_create,
    unit_version_agree,
)
from ecvet.qualifications.tests.factories import QualificationFactory, UnitFactory
from ecvet.qualifications.transfer.export import outcomes_csv_export, units_export
from ecvet.qualifications.transfer.importing import outcomes_csv_import, units_import
from ecvet.qualifications.transfer.problems import ImportRefused, json_positions
from ecvet.qualifications.transfer.schema import (
    SCHEMA_FILE,
    SCHEMA_URI,
    UnitsDocument,
    json_schema_text,
)

pytestmark = pytest.mark.django_db

SAW = "http://data.europa.eu/esco/skill/aaa"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "unit-import-export.md"
# What says where a unit came from rather than what it says.
IDENTITY_KEYS = ("version", "status", "provenance")


@pytest.fixture
def saw(db):
    return EscoConcept.objects.create(
        uri=SAW, kind=EscoKind.SKILL, preferred_label="use hand tools"
    )


@pytest.fixture
def carpenter(cast):
    return QualificationFactory.create(
        owner=cast.sending,
        title={"en": "Carpenter", "lv": "Galdnieks"},
        country="LV",
        eqf_level=4,
    )


def _add(user, version, category, en, lv="", *, heading=False, criteria=None):
    text = {"en": en, "lv": lv} if lv else {"en": en}
    return outcome_add(
        actor=user,
        version=version,
        category=category,
        text=text,
        criteria=criteria,
        is_heading=heading,
    )


@pytest.fixture
def seed_units(cast, carpenter, saw):
    """The seed's two units: one of the Carpenter qualification (agreed), one supplementary."""
    teacher = cast.teacher
    repair = unit_create(
        actor=teacher,
        owner=cast.sending,
        name={"en": "Repair or Rebuilding jobs", "lv": "Remonta vai pārbūves darbi"},
        qualification=carpenter,
        area_of_work={
            "en": "Reconstruction wood making with traditional elements and cultural focus",
            "lv": "Rekonstrukcijas koka darbi ar tradicionāliem elementiem",
        },
        eqf_level=4,
        national_level="3",
        workload="80.0",
        workload_unit="hours",
        assessment_method={"en": "Practical task observed by the mentor"},
    )
    version = repair.latest_version
    k = Category.KNOWLEDGE
    _add(teacher, version, k, "Wooden materials", "Koka materiāli", heading=True)
    _add(
        teacher,
        version,
        k,
        "Identifying and selecting different wood sorts.",
        "Atpazīst un izvēlas dažādas koksnes šķirnes.",
        criteria={"en": "Names five wood sorts.", "lv": "Nosauc piecas koksnes šķirnes."},
    )
    _add(teacher, version, k, "Knowledge about proper treatment of woods.")
    _add(teacher, version, k, "Historical and traditional work methods", heading=True)
    _add(teacher, version, k, "Knowledge of carpenter traditions.", "Zina galdnieku tradīcijas.")
    joinery = _add(teacher, version, Category.SKILLS, "Work accurately with tasks of joinery.")
    outcome_skill_accept(actor=teacher, outcome=joinery, skill=saw)
    _add(teacher, version, Category.SKILLS, "Act in accordance to the local safety rules.")
    _add(
        teacher,
        version,
        Category.COMPETENCE,
        "Use the described skills with a responsible mind set.",
        criteria={"en": "Works safely without reminders."},
    )
    unit_version_agree(actor=cast.coordinator, version=version)

    trade = unit_create(
        actor=teacher,
        owner=cast.sending,
        name={"en": "Internationalization and Project Management"},
        qualification_reference={
            "en": "Global mind set and trade opportunity",
            "lv": "Globāla domāšana un tirdzniecības iespējas",
        },
        kind="entrepreneurship",
        workload="2.5",
        workload_unit="days",
        ecvet_points="1.5",
        national_level="3",
    )
    version = trade.latest_version
    _add(teacher, version, k, "Understand the advances of international collaboration.")
    _add(teacher, version, Category.SKILLS, "Reflect over possible trade opportunity.")
    _add(teacher, version, Category.COMPETENCE, "Be open for innovative ideas.")
    return [Unit.objects.get(pk=repair.pk), Unit.objects.get(pk=trade.pk)]


@pytest.fixture
def writer(cast):
    """The sending coordinator, who also writes units for the host school."""
    MembershipFactory.create(user=cast.coordinator, institution=cast.host_school, role=Role.TEACHER)
    return User.objects.get(pk=cast.coordinator.pk)


def content(document):
    """The units of a document without what says where they came from."""
    units = copy.deepcopy(document["units"])
    for unit in units:
        for key in IDENTITY_KEYS:
            unit.pop(key, None)
    return units


def counts():
    return (Unit.objects.count(), LearningOutcome.objects.count(), OutcomeSkill.objects.count())


def line_of(text, needle, occurrence=1):
    """The line of the ``occurrence``-th ``needle`` in ``text``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return text.count("\n", 0, start) + 1


# --- the JSON document ---


def test_every_unit_round_trips_through_json_into_another_institution(cast, seed_units, writer):
    exported = units_export(user=writer, units=seed_units)
    text = json.dumps(exported, indent=2, ensure_ascii=False)

    imported = units_import(actor=writer, owner=cast.host_school, document=text.encode())

    again = units_export(user=writer, units=imported)
    assert content(again) == content(exported)
    assert [u.owner for u in imported] == [cast.host_school, cast.host_school]
    assert all(u.latest_version.number == 1 for u in imported)
    assert all(u.latest_version.status == VersionStatus.DRAFT for u in imported)
    assert imported[0].latest_version.qualification == seed_units[0].latest_version.qualification
    assert exported["units"][0]["outcomes"]["skills"][0]["esco_skills"] == [SAW]
    assert exported["units"][0]["status"] == "agreed"


def test_the_export_holds_the_seed_unit_as_written(seed_units, writer):
    unit = units_export(user=writer, units=seed_units[:1])["units"][0]
    assert unit["qualification"] == {
        "title": {"en": "Carpenter", "lv": "Galdnieks"},
        "country": "LV",
        "eqf_level": 4,
    }
    assert unit["workload"] == 80.0
    assert unit["provenance"]["institution"] == "Sending VET school"
    assert unit["outcomes"]["knowledge"][:2] == [
        {"heading": {"en": "Wooden materials", "lv": "Koka materiāli"}},
        {
            "text": {
                "en": "Identifying and selecting different wood sorts.",
                "lv": "Atpazīst un izvēlas dažādas koksnes šķirnes.",
            },
            "criteria": {"en": "Names five wood sorts.", "lv": "Nosauc piecas koksnes šķirnes."},
        },
    ]


def test_every_demo_unit_round_trips(cast):
    build_demo(password="demo password for tests")
    admin = User.objects.get(username="admin")
    units = list(Unit.objects.exclude(latest=None))
    assert len(units) == 2  # the seed's two units
    exported = units_export(user=admin, units=units)
    imported = units_import(actor=admin, owner=cast.other_school, document=json.dumps(exported))
    assert content(units_export(user=admin, units=imported)) == content(exported)


def test_the_export_follows_the_published_json_schema(seed_units, writer):
    document = json.loads(json.dumps(units_export(user=writer, units=seed_units)))
    jsonschema.validate(document, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    UnitsDocument.model_validate(document)


def test_the_committed_json_schema_is_the_generated_one():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text(), (
        "regenerate it: .venv/bin/python -m ecvet.qualifications.transfer.schema"
    )


def test_the_documented_example_is_a_valid_document():
    example = re.search(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert example
    document = UnitsDocument.model_validate(json.loads(example.group(1)))
    assert document.units[0].outcomes.knowledge[0].heading["lv"] == "Koka materiāli"  # type: ignore[union-attr]


def _broken_document(carpenter_title: str) -> str:
    """Four problems in three units, pretty-printed so each has its own line."""
    document = {
        "schema": SCHEMA_URI,
        "units": [
            {
                "name": {"en": "Fine unit"},
                "outcomes": {"knowledge": [{"heading": {"en": "Wood"}}, {"text": {"en": "x"}}]},
            },
            {
                "name": {"en": "  "},
                "qualification": {
                    "title": {"en": carpenter_title},
                    "country": "LV",
                    "eqf_level": 4,
                },
                "outcomes": {
                    "knowlege": [],
                    "skills": [
                        {"text": {"en": "Saw"}, "esco_skills": [SAW]},
                        {
                            "text": {"en": "Plane"},
                            "esco_skills": ["http://data.europa.eu/esco/skill/nope"],
                        },
                    ],
                },
            },
            {"name": {"en": "Level as text"}, "eqf_level": "4"},
        ],
    }
    return json.dumps(document, indent=2)


def test_a_broken_file_changes_nothing_and_names_every_problem_with_its_line(
    cast, carpenter, saw, seed_units
):
    text = _broken_document("Cabinet maker")
    before = counts()

    with pytest.raises(ImportRefused) as refused:
        units_import(actor=cast.teacher, owner=cast.sending, document=text)

    assert counts() == before
    found = {(p.path, p.line) for p in refused.value.problems}
    assert found == {
        ("units[1].name", line_of(text, '"name"', 2)),
        ("units[1].qualification", line_of(text, '"qualification"')),
        ("units[1].outcomes.knowlege", line_of(text, '"knowlege"')),
        ("units[1].outcomes.skills[1].esco_skills[0]", line_of(text, "skill/nope")),
        ("units[2].eqf_level", line_of(text, '"eqf_level": "4"')),
    }
    messages = {p.path: p.message for p in refused.value.problems}
    assert "at least one language" in messages["units[1].name"]
    assert "Cabinet maker" in messages["units[1].qualification"]
    assert "knowlege" in messages["units[1].outcomes.knowlege"]
    assert "skill/nope" in messages["units[1].outcomes.skills[1].esco_skills[0]"]
    assert "5 problems" in refused.value.message


def test_a_problem_in_an_outcome_points_at_the_line_where_the_item_starts(cast):
    text = (
        '{"schema": "' + SCHEMA_URI + '", "units": [\n'
        '  {"name": {"en": "A"}, "outcomes": {"skills": [\n'
        '    {"text": {"en": "one"}},\n'
        '    {"text": {"en": "two"}},\n'
        '    {"text": {"en": "three"}},\n'
        '    {"text": {}}\n'
        "  ]}}\n"
        "]}\n"
    )
    with pytest.raises(ImportRefused) as refused:
        units_import(actor=cast.teacher, owner=cast.sending, document=text)
    [problem] = refused.value.problems
    assert (problem.path, problem.line) == ("units[0].outcomes.skills[3].text", 6)
    assert str(problem).startswith("Line 6, units[0].outcomes.skills[3].text:")


def test_json_positions_know_where_every_value_and_key_starts():
    text = '{\n "a": [1,\n  {"b": "x\\"y"}],\n "c": null}'
    positions, duplicates = json_positions(text)
    assert text[positions[("a", 1)]] == "{"
    assert text[positions[("a", 1, "b")] :].startswith('"b"')
    assert text[positions[("c",)] :].startswith('"c"')
    assert duplicates == []


def test_an_unknown_format_version_is_refused_with_a_clear_message(cast, seed_units, writer):
    document = units_export(user=writer, units=seed_units)
    document["schema"] = "https://ecvet-mobility.eu/schema/units/2"
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        units_import(actor=writer, owner=cast.sending, document=json.dumps(document))
    assert counts() == before
    [problem] = refused.value.problems
    assert "version 2" in problem.message
    assert "version 1" in problem.message
    assert problem.path == "schema"


def test_a_file_without_the_format_is_refused(cast):
    with pytest.raises(ImportRefused) as refused:
        units_import(actor=cast.teacher, owner=cast.sending, document='{"units": []}')
    assert "“schema” is missing" in refused.value.problems[0].message


def test_a_json_syntax_error_is_reported_with_its_line_and_column(cast):
    text = '{\n  "schema": "' + SCHEMA_URI + '",\n  "units": [\n    {"name": {"en": "A"}}\n    {}\n'
    with pytest.raises(ImportRefused) as refused:
        units_import(actor=cast.teacher, owner=cast.sending, document=text)
    [problem] = refused.value.problems
    assert problem.line == 5
    assert "column 5" in problem.message


def test_a_file_that_is_not_utf8_is_refused_with_the_line(cast):
    data = ('{\n"schema": "' + SCHEMA_URI + '",\n"units": [{"name": {"lv": "Koks"}}]}').encode()
    data = data.replace(b"Koks", "Kokā".encode("cp1257"))
    with pytest.raises(ImportRefused) as refused:
        units_import(actor=cast.teacher, owner=cast.sending, document=data)
    assert refused.value.problems[0].line == 3
    assert "UTF-8" in refused.value.problems[0].message


def test_a_key_given_twice_is_a_problem(cast):
    text = '{"schema": "' + SCHEMA_URI + '", "units": [{"name": {"en": "A"}, "name": {"en": "B"}}]}'
    with pytest.raises(ImportRefused) as refused:
        units_import(actor=cast.teacher, owner=cast.sending, document=text)
    assert [p.path for p in refused.value.problems] == ["units[0].name"]


def test_a_byte_order_mark_is_accepted(cast):
    text = '{"schema": "' + SCHEMA_URI + '", "units": [{"name": {"en": "A"}}]}'
    [unit] = units_import(
        actor=cast.teacher, owner=cast.sending, document=b"\xef\xbb\xbf" + text.encode()
    )
    assert unit.latest_version.name == {"en": "A"}


def test_only_an_author_of_the_owner_can_import(cast):
    text = '{"schema": "' + SCHEMA_URI + '", "units": [{"name": {"en": "A"}}]}'
    for user in (cast.outsider, cast.learner):
        with pytest.raises(NotPermitted):
            units_import(actor=user, owner=cast.sending, document=text)
    assert not Unit.objects.exists()


def test_a_qualification_the_importer_cannot_see_is_not_found(cast, carpenter):
    text = json.dumps(
        {
            "schema": SCHEMA_URI,
            "units": [
                {
                    "name": {"en": "A"},
                    "qualification": {
                        "title": {"en": "carpenter "},
                        "country": "LV",
                        "eqf_level": 4,
                    },
                }
            ],
        }
    )
    with pytest.raises(ImportRefused):
        units_import(actor=cast.outsider, owner=cast.other_school, document=text)
    [unit] = units_import(actor=cast.teacher, owner=cast.sending, document=text)
    assert unit.latest_version.qualification == carpenter


def test_the_import_is_recorded_with_where_the_unit_came_from(cast, seed_units, writer):
    document = json.dumps(units_export(user=writer, units=seed_units[:1]))
    [unit] = units_import(actor=writer, owner=cast.host_school, document=document)
    event = AuditEvent.objects.for_target(unit).get(action="unit.imported")
    assert event.changes["imported_from"] == [
        None,
        f"Sending VET school, LV, unit {seed_units[0].pk}, version 1",
    ]


def test_exporting_all_visible_units_takes_a_fixed_number_of_queries(
    seed_units, writer, django_assert_max_num_queries
):
    for _ in range(3):
        UnitFactory.create(owner=seed_units[0].owner)
    with django_assert_max_num_queries(8):
        units_export(user=writer, units=unit_list(user=writer))


def test_the_export_refuses_a_unit_the_user_cannot_see(cast, seed_units):
    with pytest.raises(NotPermitted):
        units_export(user=cast.outsider, units=seed_units)


# --- the CSV of outcomes ---


@pytest.fixture
def empty_draft(cast):
    return unit_create(actor=cast.teacher, owner=cast.sending, name={"en": "Empty"}).latest_version


def test_outcomes_round_trip_through_csv(cast, seed_units, empty_draft):
    text = outcomes_csv_export(seed_units[0].latest_version)

    created = outcomes_csv_import(actor=cast.teacher, version=empty_draft, data=text.encode())

    assert len(created) == 8
    assert outcomes_csv_export(empty_draft) == text
    assert text.splitlines()[0] == (
        "column,heading,text_en,text_lv,criteria_en,criteria_lv,esco_skills"
    )


def test_a_semicolon_csv_with_a_byte_order_mark_from_latvian_excel_is_read(cast, saw, empty_draft):
    data = (
        "\ufeffcolumn;heading;text_lv;text_en;esco_skills\r\n"
        "zināšanas;jā;Koka materiāli;Wooden materials;\r\n"
        'K;nē;"Atpazīst koksnes; šķirnes";Wood sorts;\r\n'
        "\r\n"
        f"prasmes;;Strādā precīzi;Works accurately;{SAW}\r\n"
        "C;no;Atbildīgi;Responsibly;\r\n"
    ).encode()

    outcomes_csv_import(actor=cast.teacher, version=empty_draft, data=data)

    rows = [
        (o.category, o.position, o.is_heading, o.text["lv"])
        for o in LearningOutcome.objects.filter(version=empty_draft).order_by(
            "category", "position"
        )
    ]
    assert rows == [
        ("competence", 0, False, "Atbildīgi"),
        ("knowledge", 0, True, "Koka materiāli"),
        ("knowledge", 1, False, "Atpazīst koksnes; šķirnes"),
        ("skills", 0, False, "Strādā precīzi"),
    ]
    assert OutcomeSkill.objects.get().skill == saw


def test_csv_problems_are_named_with_their_line_and_nothing_is_added(cast, saw, empty_draft):
    data = (
        "column,heading,text_en,criteria_en,esco_skills\n"
        "knowledge,yes,Wood,,\n"
        'skills,no,"A text over\ntwo lines",,\n'
        "skils,no,Typo in the column,,\n"
        "skills,yes,A heading,With criteria,\n"
        "skills,no,,,\n"
        "skills,no,Unknown skill,,http://data.europa.eu/esco/skill/nope\n"
        "skills,maybe,Odd heading,,\n"
    )
    with pytest.raises(ImportRefused) as refused:
        outcomes_csv_import(actor=cast.teacher, version=empty_draft, data=data)

    assert not LearningOutcome.objects.filter(version=empty_draft).exists()
    assert [(p.line, p.path) for p in refused.value.problems] == [
        (5, "column"),
        (6, "criteria"),
        (7, "text"),
        (8, "esco_skills"),
        (9, "heading"),
    ]


def test_an_unknown_csv_column_is_named_on_line_1(cast, empty_draft):
    with pytest.raises(ImportRefused) as refused:
        outcomes_csv_import(
            actor=cast.teacher, version=empty_draft, data="column,txt_en\nskills,x\n"
        )
    assert (1, "txt_en") in [(p.line, p.path) for p in refused.value.problems]


def test_outcomes_are_not_imported_into_an_agreed_version(cast, seed_units):
    with pytest.raises(VersionAgreed):
        outcomes_csv_import(
            actor=cast.teacher,
            version=seed_units[0].latest_version,
            data="column,text_en\nskills,x\n",
        )


# --- screens ---


def test_a_version_downloads_as_json(cast, login, seed_units):
    unit = seed_units[0]
    response = login(cast.teacher).get(reverse("unit_version_export_json", args=[unit.pk, 1]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "repair-or-rebuilding-jobs-v1.json" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["units"][0]["name"]["lv"] == "Remonta vai pārbūves darbi"


def test_every_visible_unit_downloads_as_json(cast, login, seed_units):
    UnitFactory.create(owner=cast.other_school)
    response = login(cast.teacher).get(reverse("unit_list_export_json"))
    names = [u["name"]["en"] for u in json.loads(response.content)["units"]]
    assert names == ["Repair or Rebuilding jobs", "Internationalization and Project Management"]


def test_the_outcomes_csv_download_starts_with_a_byte_order_mark_for_excel(cast, login, seed_units):
    url = reverse("unit_version_outcomes_csv", args=[seed_units[0].pk, 1])
    response = login(cast.teacher).get(url + "?delimiter=semicolon")
    text = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert text.startswith("\ufeffcolumn;heading;text_en")


def test_the_import_page_imports_a_pasted_document(cast, login, seed_units, writer):
    document = json.dumps(units_export(user=writer, units=seed_units[1:]))
    response = login(writer).post(
        reverse("unit_import"), {"owner": cast.host_school.pk, "text": document}
    )
    unit = Unit.objects.get(owner=cast.host_school)
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_detail", args=[unit.pk])


def test_the_import_page_imports_an_uploaded_file(cast, login, seed_units, writer):
    document = json.dumps(units_export(user=writer, units=seed_units)).encode()
    upload = SimpleUploadedFile("units.json", document, content_type="application/json")
    response = login(writer).post(
        reverse("unit_import"), {"owner": cast.host_school.pk, "file": upload}
    )
    assert response.status_code == 302
    assert Unit.objects.filter(owner=cast.host_school).count() == 2


def test_a_failed_import_lists_every_problem_and_keeps_what_was_pasted(cast, login, carpenter, saw):
    pasted = _broken_document("Cabinet maker")
    before = counts()
    response = login(cast.teacher).post(
        reverse("unit_import"), {"owner": cast.sending.pk, "text": pasted}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert counts() == before
    assert page.count('<li><span class="badge') == 5
    assert f"Line {line_of(pasted, 'skill/nope')}" in page
    assert "units[1].outcomes.knowlege" in page
    assert response.context["form"]["text"].value() == pasted


def test_a_failed_upload_puts_the_file_text_in_the_box_to_mend(cast, login):
    text = '{"schema": "' + SCHEMA_URI + '", "units": [{"name": {}}]}'
    upload = SimpleUploadedFile("units.json", text.encode(), content_type="application/json")
    response = login(cast.teacher).post(
        reverse("unit_import"), {"owner": cast.sending.pk, "file": upload}
    )
    assert response.status_code == 400
    assert response.context["form"]["text"].value() == text


def test_the_import_page_offers_only_institutions_the_user_writes_for(cast, login, writer):
    response = login(writer).get(reverse("unit_import"))
    owners = list(response.context["form"].fields["owner"].queryset)
    assert owners == [cast.host_school, cast.sending]
    refused = login(cast.teacher).post(
        reverse("unit_import"), {"owner": cast.other_school.pk, "text": "{}"}
    )
    assert refused.status_code == 400
    assert not Unit.objects.exists()


def test_a_learner_cannot_import(cast, login, seed_units):
    client = login(cast.learner)
    assert client.get(reverse("unit_import")).status_code == 404
    url = reverse("unit_outcomes_import", args=[seed_units[1].pk])
    assert client.post(url, {"text": "column,text_en\nskills,x\n"}).status_code == 404


def test_the_csv_import_page_adds_rows_to_the_draft(cast, login, seed_units):
    unit = seed_units[1]
    response = login(cast.teacher).post(
        reverse("unit_outcomes_import", args=[unit.pk]),
        {"text": "column,heading,text_en\nskills,no,Added from a spreadsheet\n"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_detail", args=[unit.pk])
    assert unit.latest_version.outcomes.filter(text__en="Added from a spreadsheet").exists()


def test_the_csv_import_page_starts_a_draft_for_an_agreed_unit(cast, login, seed_units):
    unit = seed_units[0]
    client = login(cast.teacher)
    url = reverse("unit_outcomes_import", args=[unit.pk])
    assert "version 2" in client.get(url).content.decode()

    client.post(url, {"text": "column,text_en\nskills,Added\n"})

    unit.refresh_from_db()
    assert unit.latest_version.number == 2
    assert unit.latest_version.outcomes.filter(text__en="Added").exists()
    assert not unit.versions.get(number=1).outcomes.filter(text__en="Added").exists()


def test_a_refused_csv_leaves_no_new_draft_behind(cast, login, seed_units):
    unit = seed_units[0]
    response = login(cast.teacher).post(
        reverse("unit_outcomes_import", args=[unit.pk]),
        {"text": "column,text_en\nnowhere,x\n"},
    )
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    assert unit.versions.count() == 1


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("unit_version_export_json", lambda unit: [unit.pk, 1]),
        ("unit_version_outcomes_csv", lambda unit: [unit.pk, 1]),
        ("unit_outcomes_import", lambda unit: [unit.pk]),
    ],
)
def test_the_outsider_gets_404_for_another_schools_unit(cast, login, seed_units, url_name, args):
    url = reverse(url_name, args=args(seed_units[1]))
    client = login(cast.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "column,text_en\nskills,x\n"}).status_code == 404
    assert seed_units[1].latest_version.outcomes.count() == 3


def test_the_outsider_exports_none_of_the_other_schools_units(cast, login, seed_units):
    response = login(cast.outsider).get(reverse("unit_list_export_json"))
    assert json.loads(response.content)["units"] == []


def test_the_outsider_cannot_import_for_another_school(cast, login):
    text = '{"schema": "' + SCHEMA_URI + '", "units": [{"name": {"en": "A"}}]}'
    response = login(cast.outsider).post(
        reverse("unit_import"), {"owner": cast.sending.pk, "text": text}
    )
    assert response.status_code == 400
    assert not Unit.objects.exists()


# --- the API ---


def test_the_api_exports_one_unit_or_all(cast, api, seed_units):
    client = api(cast.teacher)
    one = client.get(f"/api/v1/units/export?unit={seed_units[1].pk}").json()
    every = client.get("/api/v1/units/export").json()
    assert [u["name"]["en"] for u in one["units"]] == [
        "Internationalization and Project Management"
    ]
    assert len(every["units"]) == 2
    assert every["schema"] == SCHEMA_URI


def test_the_api_imports_a_document_object(cast, api, seed_units, writer):
    document = units_export(user=writer, units=seed_units)
    response = api(writer).post(
        "/api/v1/units/import",
        json.dumps({"owner": cast.host_school.pk, "document": document}),
        content_type="application/json",
    )
    assert response.status_code == 201
    ids = response.json()["units"]
    assert list(Unit.objects.filter(pk__in=ids).values_list("owner", flat=True)) == [
        cast.host_school.pk,
        cast.host_school.pk,
    ]


def test_the_api_reports_problems_with_lines_of_the_request_body(cast, api, carpenter):
    body = (
        f'{{"owner": {cast.sending.pk},\n "document": {{"schema": "{SCHEMA_URI}",\n'
        '  "units": [\n   {"name": {}}]}}'
    )
    before = counts()
    response = api(cast.teacher).post("/api/v1/units/import", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {"line": 4, "path": "units[0].name", "message": "Write it in at least one language."}
    ]
    assert counts() == before


def test_the_api_imports_a_document_sent_as_text(cast, api):
    text = '{"schema": "' + SCHEMA_URI + '",\n"units": [{"name": {"en": "A"}, "kind": "x"}]}'
    response = api(cast.teacher).post(
        "/api/v1/units/import",
        json.dumps({"owner": cast.sending.pk, "document": text}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["line"] == 2


def test_the_api_serves_a_versions_outcomes_as_csv(cast, api, seed_units):
    response = api(cast.teacher).get(f"/api/v1/units/{seed_units[0].pk}/versions/1/outcomes.csv")
    assert response.status_code == 200
    assert (
        response.content.decode().splitlines()[1]
        == "knowledge,yes,Wooden materials,Koka materiāli,,,"
    )


def test_the_outsider_gets_404_from_every_transfer_operation(cast, api, seed_units):
    client = api(cast.outsider)
    unit = seed_units[1]
    assert client.get(f"/api/v1/units/export?unit={unit.pk}").status_code == 404
    assert client.get(f"/api/v1/units/{unit.pk}/versions/1/outcomes.csv").status_code == 404
    text = '{"schema": "' + SCHEMA_URI + '", "units": [{"name": {"en": "A"}}]}'
    response = client.post(
        "/api/v1/units/import",
        json.dumps({"owner": cast.sending.pk, "document": text}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert client.get("/api/v1/units/export").json()["units"] == []


def test_a_learner_cannot_import_through_the_api(cast, api):
    text = '{"schema": "' + SCHEMA_URI + '", "units": [{"name": {"en": "A"}}]}'
    response = api(cast.learner).post(
        "/api/v1/units/import",
        json.dumps({"owner": cast.sending.pk, "document": text}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Unit.objects.exists()
