from __future__ import annotations

import pytest

from ecvet.qualifications.models import Category, Unit
from ecvet.qualifications.search import unit_search
from ecvet.qualifications.selectors import unit_list
from ecvet.qualifications.services.outcomes import outcome_add, outcome_delete, outcome_update
from ecvet.qualifications.services.units import (
    unit_copy,
    unit_create,
    unit_draft,
    unit_version_agree,
    unit_version_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def make(cast):
    """``make(name, ...)`` → a unit of the sending school written through the services."""

    def _make(
        name: dict[str, str],
        *,
        description: dict[str, str] | None = None,
        outcomes: tuple[dict[str, str], ...] = (),
        criteria: dict[str, str] | None = None,
        owner=None,
        actor=None,
        shared: bool = False,
    ) -> Unit:
        actor = actor or cast.teacher
        unit = unit_create(
            actor=actor,
            owner=owner or cast.sending,
            shared=shared,
            name=name,
            description=description or {},
        )
        for text in outcomes:
            outcome_add(
                actor=actor,
                version=unit.latest_version,
                category=Category.SKILLS,
                text=text,
                criteria=criteria,
            )
        return unit

    return _make


@pytest.fixture
def library(make):
    """A small library: a carpentry unit in both languages, and two others."""
    return {
        "carpentry": make(
            {"en": "Carpentry joints", "lv": "Galdnieka savienojumi"},
            description={"en": "Traditional timber framing.", "lv": "Tradicionālās koka karkasa."},
            outcomes=(
                {"en": "Select and sharpen chisels.", "lv": "Izvēlas un uzasina kaltus."},
                {"en": "Glue a mortise joint.", "lv": "Līmē tapu savienojumu."},
            ),
        ),
        "welding": make(
            {"en": "Welding basics", "lv": "Metināšanas pamati"},
            description={"en": "Safe work with arc welding."},
            outcomes=({"en": "Weld two steel plates."},),
            criteria={"en": "The seam passes the bend test."},
        ),
        "customer": make(
            {"en": "Customer service", "lv": "Klientu apkalpošana"},
            outcomes=({"en": "Greet the customer, Ilze Kalniņa, by name."},),
        ),
    }


def names(user, query: str) -> list[str]:
    return [
        unit.latest_version.name["en"]
        for unit in unit_search(units=unit_list(user=user), query=query)
    ]


def test_a_unit_is_found_by_a_word_of_its_name(cast, library):
    assert names(cast.coordinator, "welding") == ["Welding basics"]


def test_a_unit_is_found_by_its_description(cast, library):
    assert names(cast.coordinator, "timber") == ["Carpentry joints"]


def test_a_unit_is_found_by_an_outcome_and_by_its_assessment_criteria(cast, library):
    assert names(cast.coordinator, "chisels") == ["Carpentry joints"]
    assert names(cast.coordinator, "bend test") == ["Welding basics"]


def test_latvian_text_is_found_typed_with_or_without_diacritics(cast, library):
    assert names(cast.coordinator, "metināšanas") == ["Welding basics"]
    assert names(cast.coordinator, "metinasanas") == ["Welding basics"]
    assert names(cast.coordinator, "kalnina") == ["Customer service"]
    assert names(cast.coordinator, "KALNIŅA") == ["Customer service"]


def test_galdnieks_finds_a_galdnieks_written_with_a_capital(cast, make):
    make({"en": "Joiner", "lv": "Galdnieks"})
    assert names(cast.coordinator, "galdnieks") == ["Joiner"]


def test_every_word_is_a_prefix(cast, library):
    assert names(cast.coordinator, "carp") == ["Carpentry joints"]
    assert names(cast.coordinator, "carp chis") == ["Carpentry joints"]


def test_every_word_must_match(cast, library):
    assert names(cast.coordinator, "weld chisels") == []


def test_a_name_match_ranks_above_a_body_only_match(cast, make):
    make(
        {"en": "Site safety"},
        outcomes=({"en": "Keep the scaffold safe; inspect the scaffold daily."},),
    )
    make({"en": "Scaffold assembly"}, description={"en": "Erect frames and boards."})

    assert names(cast.coordinator, "scaffold") == ["Scaffold assembly", "Site safety"]


def test_equal_matches_keep_the_order_of_creation(cast, make):
    first = make({"en": "Roofing one"})
    second = make({"en": "Roofing one"})

    found = unit_search(units=unit_list(user=cast.coordinator), query="roofing")
    assert [unit.pk for unit in found] == [first.pk, second.pk]


def test_only_the_given_units_are_searched(cast, make):
    hidden = make({"en": "Secret joinery"}, owner=cast.other_school, actor=cast.outsider)
    shared = make(
        {"en": "Shared joinery"}, owner=cast.other_school, actor=cast.outsider, shared=True
    )
    own = make({"en": "Own joinery"})

    assert names(cast.coordinator, "joinery") == ["Shared joinery", "Own joinery"]
    assert names(cast.outsider, "secret") == ["Secret joinery"]
    narrowed = unit_list(user=cast.coordinator).filter(owner=cast.sending)
    assert list(unit_search(units=narrowed, query="joinery")) == [own]
    assert hidden not in unit_search(units=unit_list(user=cast.learner), query="joinery")
    assert shared in unit_search(units=unit_list(user=cast.admin), query="joinery")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "a*",
        "NEAR(",
        "x OR",
        "-",
        ":",
        "welding AND",
        "(weld",
        "weld & !x | y",
        "'",
        "c++",
        "жир",
        "日本語",
        "x" * 3000,
        "٣",
        "a\\b",
    ],
)
def test_hostile_input_never_raises(cast, library, query):
    assert isinstance(names(cast.coordinator, query), list)


@pytest.mark.parametrize("query", ["", "   ", '"*:-()', "&|!"])
def test_a_query_without_words_returns_the_units_as_given(cast, library, query):
    units = unit_list(user=cast.coordinator).order_by("-pk")
    assert list(unit_search(units=units, query=query)) == list(units)


def test_punctuation_inside_words_splits_them_alike_in_texts_and_queries(cast, make):
    make({"en": "Safety"}, outcomes=({"en": "Send an e-mail to the site office (ISO 9001:2015)."},))
    assert names(cast.coordinator, "mail") == ["Safety"]
    assert names(cast.coordinator, "e-mail") == ["Safety"]
    assert names(cast.coordinator, "2015") == ["Safety"]


def test_operator_words_are_searched_as_plain_words(cast, make):
    make({"en": "Near and far"})
    assert names(cast.coordinator, "NEAR AND") == ["Near and far"]


def test_the_search_follows_an_edit_of_the_name_and_of_an_outcome(cast, library):
    carpentry = library["carpentry"]
    unit_version_update(
        actor=cast.teacher, version=carpentry.latest_version, name={"en": "Cabinet making"}
    )
    outcome = carpentry.latest_version.outcomes.order_by("position").first()
    outcome_update(actor=cast.teacher, outcome=outcome, text={"en": "Hone planes."})

    assert names(cast.coordinator, "carpentry") == []
    assert names(cast.coordinator, "cabinet") == ["Cabinet making"]
    assert names(cast.coordinator, "chisels") == []
    assert names(cast.coordinator, "hone") == ["Cabinet making"]


def test_a_deleted_outcome_is_no_longer_found(cast, library):
    welding = library["welding"]
    outcome_delete(actor=cast.teacher, outcome=welding.latest_version.outcomes.get())
    assert names(cast.coordinator, "steel") == []


def test_a_new_draft_is_searched_and_not_the_agreed_version_before_it(cast, library):
    welding = library["welding"]
    unit_version_agree(actor=cast.coordinator, version=welding.latest_version)
    draft = unit_draft(actor=cast.teacher, unit=welding)
    assert names(cast.coordinator, "steel") == ["Welding basics"]

    unit_version_update(actor=cast.teacher, version=draft, name={"en": "Brazing basics"})
    assert names(cast.coordinator, "pamati") == []
    assert names(cast.coordinator, "brazing steel") == ["Brazing basics"]


def test_a_copy_is_found_beside_its_original(cast, library):
    carpentry = library["carpentry"]
    copy = unit_copy(actor=cast.outsider, version=carpentry.latest_version, owner=cast.other_school)

    assert names(cast.outsider, "mortise") == ["Carpentry joints"]
    assert [u.pk for u in unit_search(units=unit_list(user=cast.admin), query="mortise")] == [
        carpentry.pk,
        copy.pk,
    ]


def test_the_search_is_one_lazy_query_that_can_be_counted_and_sliced(
    cast, make, django_assert_num_queries
):
    for number in range(30):
        make({"en": f"Masonry {number}"})
    units = unit_list(user=cast.coordinator)

    with django_assert_num_queries(0):
        found = unit_search(units=units, query="masonry")
    with django_assert_num_queries(1):
        assert found.count() == 30
    with django_assert_num_queries(1):
        page = list(found[25:])
    assert [unit.latest_version.name["en"] for unit in page] == [
        f"Masonry {number}" for number in range(25, 30)
    ]
