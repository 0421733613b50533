"""Reading ESCO files in the two shapes people have.

- The official download (``skills_en.csv``, ``occupations_en.csv``): columns ``conceptType,
  conceptUri, skillType, reuseLevel, preferredLabel, altLabels, hiddenLabels, status,
  modifiedDate, scopeNote, definition, inScheme, description``; ``altLabels`` is one label a
  line.
- The URI + text files (``skills-uri-text.csv``): ``id, description``, where the preferred
  label, the alternatives and the definition run together as one text. The labels are the
  lowercase words before the first capitalised one (the definition's first sentence); the
  preferred label is a best guess from them (see ``_guess_preferred``).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ecvet.qualifications.models import EscoKind

OFFICIAL_FILES = ("skills_en.csv", "occupations_en.csv")
URI_TEXT_FILES = ("skills-uri-text.csv", "occupations-uri-text.csv")


class EscoFormatError(ValueError):
    """The file is neither shape; the message names the file and what is missing."""


@dataclass(frozen=True)
class EscoRecord:
    uri: str
    kind: str
    preferred_label: str
    labels: str
    definition: str
    skill_type: str = ""


def files_in(path: Path) -> list[Path]:
    """The ESCO files of a folder (in a fixed order), or the file itself."""
    if path.is_dir():
        found = [
            path / name for name in (*OFFICIAL_FILES, *URI_TEXT_FILES) if (path / name).exists()
        ]
        if not found:
            names = ", ".join((*OFFICIAL_FILES, *URI_TEXT_FILES))
            raise EscoFormatError(f"{path}: no ESCO file in this folder (looked for {names}).")
        return found
    if not path.exists():
        raise EscoFormatError(f"{path}: no such file.")
    return [path]


def read_records(path: Path) -> Iterator[EscoRecord]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or [])
        if {"conceptUri", "preferredLabel"} <= columns:
            yield from _official(reader)
        elif {"id", "description"} <= columns:
            yield from _uri_text(reader)
        else:
            raise EscoFormatError(
                f"{path}: expected the columns conceptUri and preferredLabel (official ESCO "
                f"CSV) or id and description (URI + text); found {sorted(columns)}."
            )


def kind_of(uri: str) -> str:
    if "/esco/skill/" in uri:
        return EscoKind.SKILL
    if "/esco/occupation/" in uri:
        return EscoKind.OCCUPATION
    if "/esco/isco/" in uri:
        return EscoKind.ISCO_GROUP
    raise EscoFormatError(f"{uri!r} is not an ESCO skill, occupation or ISCO group URI.")


def _official(reader: csv.DictReader[str]) -> Iterator[EscoRecord]:
    for row in reader:
        uri = row["conceptUri"].strip()
        preferred = row["preferredLabel"].strip()
        alternatives = [line.strip() for line in (row.get("altLabels") or "").splitlines()]
        definition = (row.get("definition") or row.get("description") or "").strip()
        yield EscoRecord(
            uri=uri,
            kind=kind_of(uri),
            preferred_label=preferred,
            labels="\n".join([preferred, *(a for a in alternatives if a)]),
            definition=definition,
            skill_type=(row.get("skillType") or "").strip(),
        )


_DEFINITION_START = re.compile(r"\s(?=[A-Z])")


def _uri_text(reader: csv.DictReader[str]) -> Iterator[EscoRecord]:
    for row in reader:
        uri = row["id"].strip()
        text = " ".join(row["description"].split())
        start = _DEFINITION_START.search(text)
        labels, definition = (text[: start.start()], text[start.end() :]) if start else (text, "")
        yield EscoRecord(
            uri=uri,
            kind=kind_of(uri),
            preferred_label=_guess_preferred(labels),
            labels=labels,
            definition=definition,
        )


_SMALL_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "the", "to", "with"})


def _guess_preferred(labels: str) -> str:
    """The labels run together ("manage musical staff manage staff of music …"). The
    alternatives mostly repeat the first label's head noun, so the first label ends at the
    first occurrence of the most repeated word; failing that, where its first word comes
    again, or after five words. Only for display: search uses every label word."""
    words = labels.split()
    counts = Counter(word for word in words if word not in _SMALL_WORDS)
    if counts:
        top = max(counts.values())
        heads = [w for w, n in counts.items() if n == top]
        head_at = max(words.index(head) for head in heads)
        if 1 <= head_at <= 6 and top > 1:
            return " ".join(words[: head_at + 1])
    for position in range(2, min(len(words), 8)):
        if words[position] == words[0]:
            return " ".join(words[:position])
    return " ".join(words[:5])
