"""The unit document: the seed's unit template on the page and in the PDF, in each language."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from ecvet.accounts.models import User
from ecvet.demo.build import build_demo
from ecvet.demo.units import REPAIR, DemoUnit
from ecvet.documents.tests.reading import normalise, pdf_reader, pdf_text
from ecvet.qualifications.models import Category, EscoConcept, EscoKind, Unit, UnitVersion
from ecvet.qualifications.selectors import version_with_outcomes
from ecvet.qualifications.services.outcomes import outcome_add, outcome_skill_accept
from ecvet.qualifications.services.units import (
    unit_copy,
    unit_create,
    unit_version_agree,
    unit_version_update,
)
from ecvet.qualifications.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "lv"]
HEADER_LABELS = [
    "Name of the Unit",
    "Reference to the qualification",
    "Area of work tasks",
    "EQF-level",
    "National level",
    "Description of the Unit",
]
COLUMNS = [Category.KNOWLEDGE, Category.SKILLS, Category.COMPETENCE]


def other(language: str) -> str:
    return "lv" if language == "en" else "en"


def seed_document(spec: DemoUnit, language: str) -> list[str]:
    """Everything the seed's unit template shows, in reading order, in ``language``.

    Labels come from the catalogue (English until translated), content from the demo unit,
    whose English is checked word for word against the seed in the demo's tests."""
    with translation.override(language):
        label = {msgid: gettext(msgid) for msgid in HEADER_LABELS}
        hint = gettext("brief overview of the steps, required to fulfil the task")
        lead = gettext("He/she is able to:")
        columns = [str(category.label) for category in COLUMNS]
    reference = {"en": "Carpenter", "lv": "Galdnieks"}[language]
    parts = [
        label["Name of the Unit"],
        spec.name[language],
        label["Reference to the qualification"],
        reference,
        label["Area of work tasks"],
        spec.area_of_work[language],
        label["EQF-level"],  # empty, as in the seed
        label["National level"],
        spec.national_level,
        label["Description of the Unit"],
        f"<{hint}>",  # the description itself is empty, as in the seed
        *columns,
    ]
    for category in COLUMNS:
        parts.append(lead)
        parts.extend(getattr(row, language) for row in spec.columns[category])
    return [normalise(part) for part in parts]


def assert_in_order(text: str, parts: list[str]) -> None:
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} is missing after …{text[max(0, position - 80) : position]}"
        position = found + len(part)


def page_text(markup: str) -> str:
    return normalise(html.unescape(strip_tags(markup)))


def column_rows(markup: str, category: str) -> list[tuple[str, str]]:
    """(kind, text) of each topic heading and outcome in a column, in order."""
    cell = re.search(rf'<td data-column="{category}">(.*?)</td>', markup, re.S)
    assert cell is not None
    rows = re.findall(r'<p class="[^"]*unit-doc-topic">(.*?)</p>|<li>(.*?)</li>', cell[1], re.S)
    return [
        ("heading", page_text(topic)) if topic else ("outcome", page_text(item))
        for topic, item in rows
    ]


def render_partial(version: UnitVersion, lang: str, *, interface: str) -> str:
    with translation.override(interface):
        return render_to_string(
            "qualifications/_unit_document.html",
            {"version": version_with_outcomes(version), "lang": lang},
        )


@pytest.fixture
def repair(db: None) -> Unit:
    build_demo(password="demo")
    return Unit.objects.get(versions__name__en=REPAIR.name["en"])


def reader(username: str = "teacher") -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_repair_unit_page_shows_every_field_and_outcome_of_the_seed_in_its_structure(
    repair, lang
):
    # The document's language, not the reader's interface language, decides.
    markup = render_partial(repair.latest_version, lang, interface=other(lang))

    assert_in_order(page_text(markup), seed_document(REPAIR, lang))
    assert re.findall(r'<th scope="col"[^>]*data-column="(\w+)"', markup) == [
        "knowledge",
        "skills",
        "competence",
    ]
    for category in COLUMNS:
        expected = [
            ("heading" if row.is_heading else "outcome", getattr(row, lang))
            for row in REPAIR.columns[category]
        ]
        assert column_rows(markup, category) == expected
    assert 'data-translation="missing"' not in markup


def test_the_document_needs_no_query_beyond_the_selectors(repair, django_assert_num_queries):
    version = version_with_outcomes(repair.latest_version)
    with django_assert_num_queries(0):
        render_to_string("qualifications/_unit_document.html", {"version": version, "lang": "lv"})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_repair_unit_pdf_shows_every_field_and_outcome_of_the_seed_in_its_structure(
    repair, lang
):
    with translation.override(other(lang)):
        response = reader().get(reverse("unit_pdf", args=[repair.pk, 1]), {"lang": lang})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="repair-or-rebuilding-jobs-v1-{lang}.pdf"'
    )
    text = pdf_text(response.content)
    # Header, Knowledge → Skills → Competence, each column's headings and outcomes in order.
    assert_in_order(text, seed_document(REPAIR, lang))
    metadata = pdf_reader(response.content).metadata
    assert metadata is not None
    assert metadata.title == REPAIR.name[lang]
    assert metadata.author == "Vidzemes Amatu tehnikums"


def test_the_pdf_is_in_the_interface_language_unless_another_is_asked(repair):
    client = reader()
    url = reverse("unit_pdf", args=[repair.pk, 1])
    response = client.get(url, headers={"accept-language": "lv"})
    assert response["Content-Disposition"].endswith('-v1-lv.pdf"')
    assert "Remonta vai pārbūves darbi" in pdf_text(response.content)
    assert client.get(url, {"lang": "de"}).status_code == 404
    assert client.get(reverse("unit_pdf", args=[repair.pk, 2])).status_code == 404


def test_the_outsider_gets_404_for_the_pdf_of_a_unit_not_shared(cast, login):
    unit = UnitFactory.create(owner=cast.sending)
    url = reverse("unit_pdf", args=[unit.pk, 1])
    assert login(cast.outsider).get(url).status_code == 404
    assert login(cast.teacher).get(url).status_code == 200


def test_staff_of_any_school_can_print_a_unit_shared_in_the_library(repair):
    response = reader("outsider").get(reverse("unit_pdf", args=[repair.pk, 1]), {"lang": "en"})
    assert response.status_code == 200


def test_the_pdf_only_answers_reading(repair):
    url = reverse("unit_pdf", args=[repair.pk, 1])
    assert reader().post(url).status_code == 405


# --- the parts below the seed's template --------------------------------------------------


@pytest.fixture
def detailed(cast) -> UnitVersion:
    """A unit with everything set: workload, points, method, criteria and an ESCO link."""
    unit = unit_create(
        actor=cast.teacher,
        owner=cast.sending,
        name={"en": "Door making", "lv": "Durvju izgatavošana"},
        qualification_reference={"en": "Supplement"},
        workload=Decimal("40"),
        ecvet_points=Decimal("2.5"),
        assessment_method={"en": "Observation at the workplace", "lv": "Novērošana darbā"},
    )
    version = unit.latest_version
    outcome_add(
        actor=cast.teacher,
        version=version,
        category=Category.SKILLS,
        text={"en": "Make a frame.", "lv": "Izgatavot rāmi."},
    )
    joints = outcome_add(
        actor=cast.teacher,
        version=version,
        category=Category.SKILLS,
        text={"en": "Cut the joints.", "lv": "Izzāģēt savienojumus."},
        criteria={"en": "Gaps under 1 mm", "lv": "Spraugas mazākas par 1 mm"},
    )
    skill = EscoConcept.objects.create(
        uri="http://data.europa.eu/esco/skill/2e8e2acf-5d58-4d99-807d-2ed77a6c8b17",
        kind=EscoKind.SKILL,
        preferred_label="join wood elements",
    )
    outcome_skill_accept(actor=cast.teacher, outcome=joints, skill=skill)
    return unit_version_agree(actor=cast.coordinator, version=version)


def test_below_the_template_come_kind_workload_points_method_criteria_and_esco_skills(detailed):
    markup = render_partial(detailed, "lv", interface="en")
    text = page_text(markup)
    with translation.override("lv"):
        labels = [
            gettext(msgid)
            for msgid in ("Kind", "Expected workload", "ECVET points", "Assessment method")
        ]
    assert_in_order(text, [*labels[:1], labels[1], "40", labels[2], "2,5", labels[3]])
    assert "Novērošana darbā" in text
    # The one outcome with notes is numbered in its column and listed below with them.
    assert column_rows(markup, "skills") == [
        ("outcome", "Izgatavot rāmi."),
        ("outcome", "Izzāģēt savienojumus.2"),
    ]
    assert_in_order(text, ["2", "Izzāģēt savienojumus.", "Spraugas mazākas par 1 mm"])
    assert 'href="http://data.europa.eu/esco/skill/2e8e2acf' in markup
    assert "join wood elements" in text


def test_ecvet_points_and_workload_are_left_out_when_not_set(cast):
    unit = UnitFactory.create(owner=cast.sending)
    text = page_text(render_partial(unit.latest_version, "en", interface="en"))
    assert "Kind" in text
    for absent in ("ECVET points", "Expected workload", "Assessment method", "ESCO skills"):
        assert absent not in text


def test_the_version_its_agreement_and_where_it_was_copied_from_are_shown(cast, detailed):
    text = page_text(render_partial(detailed, "en", interface="lv"))
    assert re.search(r"Version 1 · Agreed on \w+\.? \d+, \d{4} by Ilze Kalniņa", text)

    copy = unit_copy(actor=cast.teacher, version=detailed, owner=cast.sending)
    text = page_text(render_partial(copy.latest_version, "en", interface="en"))
    assert "Version 1 · Draft" in text
    assert "Copied from “Door making” (Sending VET school), version 1." in text


def test_a_missing_translation_shows_the_source_text_marked_not_translated(cast):
    unit = unit_create(actor=cast.teacher, owner=cast.sending, name={"en": "Door making"})
    outcome_add(
        actor=cast.teacher,
        version=unit.latest_version,
        category=Category.KNOWLEDGE,
        text={"en": "Knowledge about joints for doors."},
    )
    markup = render_partial(unit.latest_version, "lv", interface="lv")
    assert '<span lang="en">Door making</span>' in markup
    assert '<span lang="en">Knowledge about joints for doors.</span>' in markup
    assert markup.count('data-translation="missing"') == 2
    # In its own language nothing is marked.
    assert 'data-translation="missing"' not in render_partial(
        unit.latest_version, "en", interface="lv"
    )


def test_a_translation_older_than_its_source_is_marked(cast):
    unit = unit_create(
        actor=cast.teacher,
        owner=cast.sending,
        name={"en": "Door making", "lv": "Durvju izgatavošana"},
    )
    unit_version_update(
        actor=cast.teacher,
        version=unit.latest_version,
        name={"en": "Making doors", "lv": "Durvju izgatavošana"},
    )
    markup = render_partial(unit.latest_version, "lv", interface="en")
    assert "Durvju izgatavošana" in markup
    assert 'data-translation="outdated"' in markup
