"""What changed between two versions of a unit, as data for any reader (API, screen, PDF).

:func:`version_diff` compares the header fields language by language and each column's
outcome rows in order. Nothing here formats or translates: a caller decides how to show
an added row or a changed Latvian text.

How rows are matched, per column:

1. :class:`difflib.SequenceMatcher` runs over the rows' full content (heading flag, text
   and criteria in every language). Rows in its equal blocks are ``unchanged``.
2. Inside a replaced block, each old row is paired, in order, with the most similar later
   new row whose text is similar enough (:func:`similarity` at least :data:`SIMILAR`); a
   pair is ``changed`` and lists what changed per language.
3. Old rows left over are ``removed``, new rows left over ``added``, each placed where it
   stood, so the rows read in the order of the new version with removals where they were.

A row moved to another place shows as removed at the old place and added at the new one:
difflib compares sequences, and a reader of two printed versions sees the same. ESCO links
are not compared: they annotate an outcome, they do not change what it says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from typing import Any

from ecvet.qualifications.models import Category, LearningOutcome, UnitVersion

#: Fields of the header that hold a language map, in the order of the unit template.
#: ``qualification`` is compared by its title map: that is what a reader of the unit sees.
MAP_FIELDS = (
    "name",
    "qualification",
    "qualification_reference",
    "area_of_work",
    "description",
    "assessment_method",
)
#: Single-value fields of the header, in the order of the unit template.
VALUE_FIELDS = (
    "eqf_level",
    "national_level",
    "kind",
    "workload",
    "workload_unit",
    "ecvet_points",
    "source_language",
)
#: Two rows whose texts are at least this similar are one changed row, not a swap.
SIMILAR = 0.5


class RowStatus(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Change:
    """One changed value: of a header field or of an outcome row.

    ``language`` is the language code for a text held in several languages, ``""`` for a
    single value (EQF level, workload, the heading flag). A missing value is ``""``; single
    values are given as text (``"4"``, ``"40.5"``, ``"true"``).
    """

    field: str
    language: str
    old: str
    new: str


@dataclass(frozen=True)
class OutcomeRow:
    """A learning outcome (or topic heading) as the diff saw it."""

    id: int
    position: int
    is_heading: bool
    text: Mapping[str, str]
    criteria: Mapping[str, str]

    @classmethod
    def of(cls, outcome: LearningOutcome) -> OutcomeRow:
        return cls(
            id=outcome.pk,
            position=outcome.position,
            is_heading=outcome.is_heading,
            text=dict(outcome.text or {}),
            criteria=dict(outcome.criteria or {}),
        )

    @property
    def key(self) -> tuple[Any, ...]:
        """The row's whole content: equal keys mean nothing a reader sees has changed."""
        return (self.is_heading, _clean_items(self.text), _clean_items(self.criteria))


@dataclass(frozen=True)
class RowDiff:
    """One row of a column in the comparison.

    ``old`` is None for an added row, ``new`` None for a removed one; ``changes`` is empty
    except for a changed row.
    """

    status: RowStatus
    old: OutcomeRow | None
    new: OutcomeRow | None
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class ColumnDiff:
    category: str
    rows: tuple[RowDiff, ...]

    @property
    def has_changes(self) -> bool:
        return any(row.status != RowStatus.UNCHANGED for row in self.rows)


@dataclass(frozen=True)
class VersionDiff:
    old_number: int
    new_number: int
    fields: tuple[Change, ...]
    columns: tuple[ColumnDiff, ...]

    @property
    def has_changes(self) -> bool:
        return bool(self.fields) or any(column.has_changes for column in self.columns)


def version_diff(old: UnitVersion, new: UnitVersion) -> VersionDiff:
    """What changed from ``old`` to ``new`` (two versions, usually of the same unit).

    Reads each version's outcomes once; load them with
    ``selectors.version_with_outcomes`` to read them from the prefetch.
    """
    old_rows = _rows_by_column(old)
    new_rows = _rows_by_column(new)
    return VersionDiff(
        old_number=old.number,
        new_number=new.number,
        fields=header_diff(old, new),
        columns=tuple(
            ColumnDiff(category, tuple(column_diff(old_rows[category], new_rows[category])))
            for category in Category.values
        ),
    )


def header_diff(old: UnitVersion, new: UnitVersion) -> tuple[Change, ...]:
    changes: list[Change] = []
    for name in MAP_FIELDS:
        changes.extend(map_diff(name, _header_map(old, name), _header_map(new, name)))
    for name in VALUE_FIELDS:
        before, after = _value_text(getattr(old, name)), _value_text(getattr(new, name))
        if before != after:
            changes.append(Change(name, "", before, after))
    return tuple(changes)


def map_diff(name: str, old: Mapping[str, str], new: Mapping[str, str]) -> list[Change]:
    """One change per language whose text differs (whitespace at the ends ignored)."""
    before, after = dict(_clean_items(old)), dict(_clean_items(new))
    return [
        Change(name, language, before.get(language, ""), after.get(language, ""))
        for language in sorted(before.keys() | after.keys())
        if before.get(language, "") != after.get(language, "")
    ]


def column_diff(old: Sequence[OutcomeRow], new: Sequence[OutcomeRow]) -> list[RowDiff]:
    """The rows of one column, compared as described in the module's docstring."""
    matcher = SequenceMatcher(
        a=[row.key for row in old], b=[row.key for row in new], autojunk=False
    )
    result: list[RowDiff] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(
                RowDiff(RowStatus.UNCHANGED, before, after)
                for before, after in zip(old[i1:i2], new[j1:j2], strict=True)
            )
        else:
            result.extend(_replaced(old[i1:i2], new[j1:j2]))
    return result


def row_changes(old: OutcomeRow, new: OutcomeRow) -> tuple[Change, ...]:
    changes = []
    if old.is_heading != new.is_heading:
        changes.append(
            Change("is_heading", "", _value_text(old.is_heading), _value_text(new.is_heading))
        )
    changes.extend(map_diff("text", old.text, new.text))
    changes.extend(map_diff("criteria", old.criteria, new.criteria))
    return tuple(changes)


def similarity(old: OutcomeRow, new: OutcomeRow) -> float:
    """How alike two rows' texts are: the best ratio over the languages both have.

    Per language, the better of the ratio over characters (a reworded sentence) and over
    words (a short outcome that grew: "Saw" → "Saw straight").
    """
    before, after = dict(_clean_items(old.text)), dict(_clean_items(new.text))
    return max(
        (
            _text_ratio(before[language], after[language])
            for language in before.keys() & after.keys()
        ),
        default=0.0,
    )


def _text_ratio(old: str, new: str) -> float:
    characters = SequenceMatcher(a=old, b=new, autojunk=False).ratio()
    words = SequenceMatcher(a=old.lower().split(), b=new.lower().split(), autojunk=False).ratio()
    return max(characters, words)


def _replaced(old: Sequence[OutcomeRow], new: Sequence[OutcomeRow]) -> list[RowDiff]:
    pairs: list[tuple[int, int]] = []
    start = 0
    for i, before in enumerate(old):
        scored = [(similarity(before, new[j]), j) for j in range(start, len(new))]
        best = max(scored, key=lambda item: (item[0], -item[1]), default=(0.0, -1))
        if best[0] >= SIMILAR:
            pairs.append((i, best[1]))
            start = best[1] + 1
    result: list[RowDiff] = []
    i = j = 0
    for pair_old, pair_new in [*pairs, (len(old), len(new))]:
        result.extend(RowDiff(RowStatus.REMOVED, row, None) for row in old[i:pair_old])
        result.extend(RowDiff(RowStatus.ADDED, None, row) for row in new[j:pair_new])
        if pair_old < len(old):
            before, after = old[pair_old], new[pair_new]
            result.append(RowDiff(RowStatus.CHANGED, before, after, row_changes(before, after)))
        i, j = pair_old + 1, pair_new + 1
    return result


def _rows_by_column(version: UnitVersion) -> dict[str, list[OutcomeRow]]:
    return {
        category: [OutcomeRow.of(outcome) for outcome in outcomes]
        for category, outcomes in version.columns().items()
    }


def _header_map(version: UnitVersion, name: str) -> Mapping[str, str]:
    if name == "qualification":
        qualification = version.qualification if version.qualification_id else None
        return qualification.title if qualification is not None else {}
    return getattr(version, name) or {}


def _clean_items(texts: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            (code, text.strip()) for code, text in (texts or {}).items() if text and text.strip()
        )
    )


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "normalize"):  # Decimal: 40.0 and 40 are the same workload
        return f"{value.normalize():f}"
    return str(value)
