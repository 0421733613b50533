from __future__ import annotations

from decimal import Decimal

import pytest

from ecvet.qualifications.diff import (
    Change,
    OutcomeRow,
    RowStatus,
    column_diff,
    map_diff,
    similarity,
    version_diff,
)
from ecvet.qualifications.models import Category, UnitVersion
from ecvet.qualifications.selectors import version_with_outcomes
from ecvet.qualifications.services.outcomes import (
    outcome_add,
    outcome_delete,
    outcome_move,
    outcome_update,
)
from ecvet.qualifications.services.units import (
    unit_create,
    unit_draft,
    unit_version_agree,
    unit_version_update,
)
from ecvet.qualifications.tests.factories import QualificationFactory


def row(
    id_: int, en: str, *, lv: str = "", heading: bool = False, criteria: str = ""
) -> OutcomeRow:
    text = {"en": en, **({"lv": lv} if lv else {})}
    return OutcomeRow(
        id=id_,
        position=id_,
        is_heading=heading,
        text=text,
        criteria={"en": criteria} if criteria else {},
    )


def statuses(rows: list) -> list[tuple[str, int | None, int | None]]:
    return [
        (r.status.value, r.old.id if r.old else None, r.new.id if r.new else None) for r in rows
    ]


# --- one column, without a database ---


def test_identical_columns_are_all_unchanged():
    old = [row(1, "Measure"), row(2, "Saw")]
    new = [row(11, "Measure"), row(12, "Saw")]
    assert statuses(column_diff(old, new)) == [("unchanged", 1, 11), ("unchanged", 2, 12)]


def test_a_row_added_in_the_middle_stands_where_it_was_added():
    old = [row(1, "Measure"), row(2, "Saw")]
    new = [row(11, "Measure"), row(13, "Plane the board"), row(12, "Saw")]
    assert statuses(column_diff(old, new)) == [
        ("unchanged", 1, 11),
        ("added", None, 13),
        ("unchanged", 2, 12),
    ]


def test_a_removed_row_stands_where_it_was():
    old = [row(1, "Measure"), row(2, "Saw"), row(3, "Sand")]
    new = [row(11, "Measure"), row(13, "Sand")]
    assert statuses(column_diff(old, new)) == [
        ("unchanged", 1, 11),
        ("removed", 2, None),
        ("unchanged", 3, 13),
    ]


def test_a_reworded_row_is_one_changed_row_with_its_old_and_new_text():
    old = [row(1, "Work accurately with tasks of joinery.")]
    new = [row(11, "Work accurately with joinery tasks.")]
    [result] = column_diff(old, new)
    assert result.status == RowStatus.CHANGED
    assert result.changes == (
        Change(
            "text",
            "en",
            "Work accurately with tasks of joinery.",
            "Work accurately with joinery tasks.",
        ),
    )


def test_a_changed_translation_names_only_its_language():
    old = [row(1, "Saw", lv="Zāģēt")]
    new = [row(11, "Saw", lv="Zāģēt kokmateriālus")]
    [result] = column_diff(old, new)
    assert result.status == RowStatus.CHANGED
    assert result.changes == (Change("text", "lv", "Zāģēt", "Zāģēt kokmateriālus"),)


def test_a_new_criterion_and_a_heading_flag_are_changes_of_the_row():
    old = [row(1, "Wooden materials"), row(2, "Measure")]
    new = [row(11, "Wooden materials", heading=True), row(12, "Measure", criteria="within 1 mm")]
    result = column_diff(old, new)
    assert statuses(result) == [("changed", 1, 11), ("changed", 2, 12)]
    assert result[0].changes == (Change("is_heading", "", "false", "true"),)
    assert result[1].changes == (Change("criteria", "en", "", "within 1 mm"),)


def test_a_row_replaced_by_something_else_entirely_is_removed_and_added():
    old = [row(1, "Measure"), row(2, "Glue the joints"), row(3, "Sand")]
    new = [row(11, "Measure"), row(12, "Keep the workshop tidy"), row(13, "Sand")]
    assert statuses(column_diff(old, new)) == [
        ("unchanged", 1, 11),
        ("removed", 2, None),
        ("added", None, 12),
        ("unchanged", 3, 13),
    ]


def test_within_a_replaced_block_each_old_row_pairs_with_its_closest_new_row():
    old = [row(1, "Read a technical drawing"), row(2, "Choose the right wood")]
    new = [
        row(11, "Order the materials"),
        row(12, "Read a technical drawing carefully"),
        row(13, "Choose the right wood species"),
    ]
    assert statuses(column_diff(old, new)) == [
        ("added", None, 11),
        ("changed", 1, 12),
        ("changed", 2, 13),
    ]


def test_a_moved_row_shows_as_removed_and_added():
    old = [row(1, "Measure"), row(2, "Saw"), row(3, "Sand")]
    new = [row(13, "Sand"), row(11, "Measure"), row(12, "Saw")]
    assert statuses(column_diff(old, new)) == [
        ("added", None, 13),
        ("unchanged", 1, 11),
        ("unchanged", 2, 12),
        ("removed", 3, None),
    ]


def test_whitespace_at_the_ends_and_empty_languages_are_no_change():
    old = [row(1, "Saw ")]
    new = [
        OutcomeRow(id=11, position=0, is_heading=False, text={"en": "Saw", "lv": ""}, criteria={})
    ]
    assert statuses(column_diff(old, new)) == [("unchanged", 1, 11)]


def test_empty_columns_compare_to_nothing_and_to_all_added():
    assert column_diff([], []) == []
    assert statuses(column_diff([], [row(11, "Saw")])) == [("added", None, 11)]
    assert statuses(column_diff([row(1, "Saw")], [])) == [("removed", 1, None)]


def test_similarity_reads_only_the_languages_both_rows_have():
    assert similarity(row(1, "Saw", lv="Zāģēt"), row(2, "Saw")) == 1.0
    assert similarity(row(1, "Saw"), OutcomeRow(2, 0, False, {"lv": "Zāģēt"}, {})) == 0.0


def test_map_diff_lists_each_changed_language_in_order():
    assert map_diff("name", {"lv": "A", "en": "B"}, {"en": "C", "lv": "A", "de": "D"}) == [
        Change("name", "de", "", "D"),
        Change("name", "en", "B", "C"),
    ]


# --- two versions of a unit ---


@pytest.mark.django_db
def test_the_diff_of_two_versions_lists_header_changes_and_each_column(cast):
    qualification = QualificationFactory.create(
        owner=cast.sending, title={"en": "Carpenter", "lv": "Galdnieks"}
    )
    unit = unit_create(
        actor=cast.teacher,
        owner=cast.sending,
        name={"en": "Repair jobs", "lv": "Remonta darbi"},
        workload=Decimal("40"),
    )
    v1 = unit.latest_version
    for text in ("Measure", "Saw", "Sand"):
        outcome_add(actor=cast.teacher, version=v1, category=Category.SKILLS, text={"en": text})
    outcome_add(actor=cast.teacher, version=v1, category=Category.KNOWLEDGE, text={"en": "Wood"})
    unit_version_agree(actor=cast.coordinator, version=v1)

    v2 = unit_draft(actor=cast.teacher, unit=unit)
    unit_version_update(
        actor=cast.teacher,
        version=v2,
        name={"en": "Repair and rebuilding jobs", "lv": "Remonta darbi"},
        qualification=qualification,
        workload=Decimal("40.0"),
        eqf_level=3,
    )
    skills = {o.text["en"]: o for o in v2.outcomes.filter(category=Category.SKILLS)}
    outcome_update(actor=cast.teacher, outcome=skills["Saw"], text={"en": "Saw straight"})
    outcome_delete(actor=cast.teacher, outcome=skills["Sand"])
    added = outcome_add(
        actor=cast.teacher, version=v2, category=Category.COMPETENCE, text={"en": "Work safely"}
    )
    outcome_move(actor=cast.teacher, outcome=added, offset=0)

    diff = version_diff(
        version_with_outcomes(UnitVersion.objects.get(pk=v1.pk)),
        version_with_outcomes(UnitVersion.objects.get(pk=v2.pk)),
    )

    assert (diff.old_number, diff.new_number, diff.has_changes) == (1, 2, True)
    assert diff.fields == (
        Change("name", "en", "Repair jobs", "Repair and rebuilding jobs"),
        Change("qualification", "en", "", "Carpenter"),
        Change("qualification", "lv", "", "Galdnieks"),
        Change("eqf_level", "", "", "3"),
    )
    columns = {column.category: column for column in diff.columns}
    assert [column.category for column in diff.columns] == ["knowledge", "skills", "competence"]
    assert not columns["knowledge"].has_changes
    assert [(r.status, r.new.text["en"] if r.new else None) for r in columns["skills"].rows] == [
        (RowStatus.UNCHANGED, "Measure"),
        (RowStatus.CHANGED, "Saw straight"),
        (RowStatus.REMOVED, None),
    ]
    assert [r.status for r in columns["competence"].rows] == [RowStatus.ADDED]


@pytest.mark.django_db
def test_a_version_compared_with_itself_has_no_changes(cast):
    unit = unit_create(actor=cast.teacher, owner=cast.sending, name={"en": "Doors"})
    outcome_add(
        actor=cast.teacher, version=unit.latest_version, category="skills", text={"en": "Hang"}
    )
    version = version_with_outcomes(unit.latest_version)
    diff = version_diff(version, version)
    assert not diff.has_changes
    assert diff.fields == ()
