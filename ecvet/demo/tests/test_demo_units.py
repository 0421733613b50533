from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from ecvet.accounts.models import User
from ecvet.demo.build import SENDING, build_demo, default_esco_folder, esco_import_once
from ecvet.demo.units import INTERNATIONALIZATION, REPAIR, UNITS, USE_HAND_TOOLS, DemoUnit
from ecvet.documents.tests.reading import normalise
from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    EscoKind,
    OutcomeSkill,
    Qualification,
    Unit,
    UnitKind,
    VersionStatus,
)
from ecvet.qualifications.selectors import version_with_outcomes

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR).parent / "shared" / "seed" / "000_ec3bf22ba364aef9.txt"


def demo_unit(spec: DemoUnit) -> Unit:
    return Unit.objects.get(versions__number=1, versions__name__en=spec.name["en"])


@pytest.fixture
def seed_text() -> str:
    if not SEED.exists():
        pytest.fail(f"the seed must be beside the project ({SEED}): see the README")
    # The seed's PDF extraction: bullets (U+F0B7), wrapped lines, doubled spaces.
    return normalise(SEED.read_text(encoding="utf-8").replace("\uf0b7", " "))


@pytest.mark.parametrize("spec", UNITS, ids=["repair", "internationalization"])
def test_the_demo_units_are_the_seeds_text_word_for_word_and_in_its_order(seed_text, spec):
    start = seed_text.index(f"Name of the Unit: {spec.name['en']}")
    reference = "Carpenter" if spec.of_carpenter else spec.qualification_reference["en"]
    assert f"Reference to the qualification: {reference} " in seed_text[start:]
    assert f"Area of work tasks: {spec.area_of_work['en']} " in seed_text[start:]
    assert f"National level: {spec.national_level} " in seed_text[start:]
    position = start
    for category in (Category.KNOWLEDGE, Category.SKILLS, Category.COMPETENCE):
        for row in spec.columns[category]:
            wanted = normalise(row.en) + (":" if row.is_heading else "")
            found = seed_text.find(wanted, position)
            assert found > position, f"{wanted!r} is not next in the seed"
            position = found


def test_every_outcome_has_its_latvian_translation():
    for spec in UNITS:
        for rows in spec.columns.values():
            for row in rows:
                assert row.en.strip()
                assert row.lv.strip()
                assert row.en != row.lv


def test_the_demo_has_the_seeds_two_units_shared_written_and_agreed_by_the_school():
    build_demo(password="demo")
    teacher = User.objects.get(username="teacher")
    coordinator = User.objects.get(username="coordinator")
    for spec in UNITS:
        unit = demo_unit(spec)
        version = unit.latest_version
        assert unit.owner.name == SENDING
        assert unit.shared
        assert unit.created_by == teacher
        assert (version.number, version.status) == (1, VersionStatus.AGREED)
        assert version.agreed_by == coordinator
        assert version.name == spec.name
        assert version.area_of_work == spec.area_of_work
        assert version.eqf_level is None
        assert version.national_level == "3"
        assert version.description == {}
        rows = list(version.outcomes.order_by("category", "position"))
        expected = [
            (category, row.is_heading, {"en": row.en, "lv": row.lv})
            for category in (Category.COMPETENCE, Category.KNOWLEDGE, Category.SKILLS)
            for row in spec.columns[category]
        ]
        assert [(o.category, o.is_heading, o.text) for o in rows] == expected

    repair = demo_unit(REPAIR).latest_version
    assert repair.qualification == Qualification.objects.get(title__en="Carpenter")
    assert repair.kind == UnitKind.PROFESSIONAL
    assert [o.text["en"] for o in repair.outcomes.filter(is_heading=True)] == [
        "Wooden materials",
        "Historical and traditional work methods",
        "Miter and Lock Joints",
    ]
    assert not repair.outcomes.filter(is_heading=True).exclude(category=Category.KNOWLEDGE)
    internationalization = demo_unit(INTERNATIONALIZATION).latest_version
    assert internationalization.qualification is None
    assert internationalization.qualification_reference == {
        "en": "Global mind set and trade opportunity",
        "lv": "Globāla domāšana un tirdzniecības iespējas",
    }
    assert internationalization.kind == UnitKind.ENTREPRENEURSHIP
    # Without ESCO imported, nothing is linked.
    assert not OutcomeSkill.objects.exists()


def test_the_demo_imports_esco_once_and_links_the_carpenter_and_the_repair_outcomes():
    folder = default_esco_folder()
    if not folder.is_dir():
        pytest.fail(f"ESCO must be beside the project ({folder}): see the README")
    build_demo(password="demo", esco_folder=folder)

    assert EscoConcept.objects.filter(kind=EscoKind.SKILL).count() > 10000
    carpenter = Qualification.objects.get(title__en="Carpenter")
    occupation = EscoConcept.objects.get(uri=carpenter.esco_occupation_uri)
    assert occupation.kind == EscoKind.OCCUPATION
    assert occupation.preferred_label.startswith("carpenter")

    repair = version_with_outcomes(demo_unit(REPAIR).latest_version)
    linked = {
        outcome.text["en"]: {link.skill.uri for link in outcome.outcomeskill_set.all()}
        for outcome in repair.outcomes.all()
        if outcome.outcomeskill_set.all()
    }
    wanted = {row.en: set(row.esco) for row in REPAIR.outcomes if row.esco}
    assert linked == wanted
    assert len(linked) >= 5
    hand_tools = next(row.en for row in REPAIR.outcomes if USE_HAND_TOOLS in row.esco)
    labels = {EscoConcept.objects.get(uri=uri).preferred_label for uri in linked[hand_tools]}
    assert labels == {"use hand tools", "woodworking tools"}
    assert not OutcomeSkill.objects.filter(
        outcome__version__unit=demo_unit(INTERNATIONALIZATION)
    ).exists()
    accepted_by = OutcomeSkill.objects.values_list("accepted_by__username", flat=True)
    assert set(accepted_by) == {"teacher"}

    # The unit document lists the skills with their ESCO addresses.
    page = render_to_string("qualifications/_unit_document.html", {"version": repair, "lang": "lv"})
    assert 'href="http://data.europa.eu/esco/skill/7cd6de25' in page
    assert "use hand tools" in page

    # Loading again neither imports again nor links twice.
    imported_at = occupation.imported_at
    links = OutcomeSkill.objects.count()
    assert esco_import_once(folder) is False
    build_demo(password="demo", esco_folder=folder)
    occupation.refresh_from_db()
    assert occupation.imported_at == imported_at
    assert OutcomeSkill.objects.count() == links
