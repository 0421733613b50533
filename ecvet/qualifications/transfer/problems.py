"""What went wrong in an import file, said with its line so a person can find and mend it."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecvet.errors import DomainError
from ecvet.qualifications.transfer.schema import HEADING_TAG, OUTCOME_TAG

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One problem of an import file: where (line, and the JSON path or CSV column) and why."""

    message: str
    line: int | None = None
    path: str = ""

    def __str__(self) -> str:
        if self.line and self.path:
            return _("Line %(line)s, %(path)s: %(message)s") % {
                "line": self.line,
                "path": self.path,
                "message": self.message,
            }
        if self.line:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "path": self.path, "message": self.message}


class ImportRefused(DomainError):
    """The file has problems; nothing of it was imported. ``problems`` lists every one."""

    status_code = 422

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.path))
        count = len(self.problems)
        super().__init__(
            ngettext(
                "Nothing was imported: the file has %(count)d problem.",
                "Nothing was imported: the file has %(count)d problems.",
                count,
            )
            % {"count": count}
        )


def decode_text(data: bytes | str) -> str:
    """The text of an uploaded file: UTF-8, with or without the byte order mark Excel writes.

    Raises :class:`ImportRefused` naming the line of the first byte that is not UTF-8.
    """
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportRefused(
            [
                Problem(
                    _(
                        "The file is not UTF-8 text. Save it as UTF-8 (in Excel: "
                        "“CSV UTF-8”) and try again."
                    ),
                    line=line,
                )
            ]
        ) from error


class Lines:
    """Line numbers (from 1) of character offsets in a text."""

    def __init__(self, text: str) -> None:
        self._starts = [match.end() for match in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) + 1


_WHITESPACE = " \t\n\r"
_SCALAR = re.compile(r"[^\s,\]}]+")


def json_positions(text: str) -> tuple[dict[Path, int], list[Path]]:
    """Where each value of a valid JSON text starts, by path, and which keys repeat.

    A member's position is its key's, so an unknown key points at itself. ``json`` throws
    the positions away; a second, tiny walk over the already-valid text gets them back.
    """
    positions: dict[Path, int] = {}
    duplicates: list[Path] = []
    scanstring: Any = json.decoder.scanstring  # type: ignore[attr-defined]

    def skip(i: int) -> int:
        while text[i] in _WHITESPACE:
            i += 1
        return i

    def value(i: int, path: Path) -> int:
        positions.setdefault(path, i)
        char = text[i]
        if char == "{":
            i = skip(i + 1)
            if text[i] == "}":
                return i + 1
            while True:
                key, end = scanstring(text, i + 1)
                child = (*path, key)
                if child in positions:
                    # The last one counts, as in ``json``: forget what the first held.
                    duplicates.append(child)
                    for known in [p for p in positions if p[: len(child)] == child]:
                        del positions[known]
                positions[child] = i
                i = skip(value(skip(skip(end) + 1), child))
                if text[i] == "}":
                    return i + 1
                i = skip(i + 1)
        if char == "[":
            i = skip(i + 1)
            index = 0
            if text[i] == "]":
                return i + 1
            while True:
                i = skip(value(i, (*path, index)))
                if text[i] == "]":
                    return i + 1
                i = skip(i + 1)
                index += 1
        if char == '"':
            return int(scanstring(text, i + 1)[1])
        match = _SCALAR.match(text, i)
        return match.end() if match else i + 1

    value(skip(0), ())
    return positions, duplicates


def display_path(loc: Iterable[str | int]) -> str:
    """``units[1].outcomes.skills[3].text`` from a location tuple (indexes count from 0)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def clean_loc(loc: Iterable[str | int]) -> Path:
    """A pydantic error location as a path in the document: without union tags and markers."""
    return tuple(part for part in loc if part not in {HEADING_TAG, OUTCOME_TAG, "[key]"})


def pydantic_message(error: Any) -> str:
    """A pydantic error in the reader's language (pydantic itself speaks English only)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = list(error["loc"])
    names = [part for part in clean_loc(loc) if isinstance(part, str)]
    field = names[-1] if names else ""
    if kind == "missing":
        return _("“%(field)s” is required.") % {"field": field}
    if kind == "extra_forbidden":
        return _("“%(field)s” is not a field of this format.") % {"field": field}
    if kind == "blank_text":
        return _("Write it in at least one language.")
    if kind == "too_short" and loc and loc[-1] != "[key]":
        return _("Write it in at least one language.")
    if kind == "one_decimal":
        return _("Use at most one digit after the decimal point.")
    if kind == "literal_error":
        return _("Use one of: %(expected)s.") % {"expected": ctx.get("expected", "")}
    if kind == "string_pattern_mismatch":
        if "[key]" in loc:
            return _("“%(code)s” is not a language code such as en or lv.") % {"code": field}
        if "esco_skills" in names:
            return _("This is not an ESCO skill URI (http://data.europa.eu/esco/skill/…).")
        if field == "country":
            return _("Write a two-letter country code in capitals, such as LV.")
        return _("This value does not have the expected form.")
    if kind == "string_too_long":
        return _("Use at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind in {"string_type"}:
        return _("Write a text here.")
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return _("Write a whole number here.")
    if kind in {"float_type", "float_parsing"}:
        return _("Write a number here.")
    if kind == "greater_than_equal":
        return _("Use a number of at least %(limit)s.") % {"limit": ctx.get("ge")}
    if kind in {"less_than_equal", "less_than"}:
        limit = ctx.get("le", ctx.get("lt"))
        return _("Use a number below %(limit)s.") % {"limit": limit}
    if kind in {"dict_type", "model_type"}:
        return _("Write an object {…} here.")
    if kind == "list_type":
        return _("Write a list […] here.")
    if kind in {"union_tag_not_found", "union_tag_invalid"}:
        return _("Write an object with either “heading” or “text”.")
    if kind.startswith(("datetime", "date")):
        return _("Write a date and time such as 2026-01-31T12:00:00Z.")
    return str(error.get("msg", kind))
