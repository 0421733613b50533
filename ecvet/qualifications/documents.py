"""What the unit document shows, arranged for its template (``_unit_document.html``).

The seed's unit template puts the learning outcomes in three columns, each a list under
"He/she is able to:", grouped under topic headings. Outcomes are stored as one ordered list
per column with heading rows among them; :func:`unit_document` turns that into columns of
groups, picks every text in the document's language and says when a text is shown in
another language because its translation is missing or older than its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ecvet.multilingual.text import MISSING, OUTDATED, pick, translation_state
from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    UnitVersion,
)


@dataclass(frozen=True)
class DocText:
    """A text as the document shows it, with the language it is actually in."""

    text: str
    language: str
    state: str

    @property
    def untranslated(self) -> bool:
        """Shown in another language: no translation into the document's language yet."""
        return self.state == MISSING and bool(self.text)

    @property
    def outdated(self) -> bool:
        return self.state == OUTDATED

    def __str__(self) -> str:
        return self.text


def doc_text(
    texts: Mapping[str, str] | None,
    basis: Mapping[str, Any] | None,
    *,
    source: str,
    language: str,
) -> DocText:
    """The text in ``language``; when it has none, the source text (else any), marked."""
    texts = texts or {}
    state = translation_state(texts, (basis or {}), source, language)
    if texts.get(language, "").strip():
        return DocText(texts[language], language, state)
    if texts.get(source, "").strip():
        return DocText(texts[source], source, state)
    text = pick(texts, language)
    found = next((code for code, value in texts.items() if value == text and text), language)
    return DocText(text, found, state)


@dataclass
class DocOutcome:
    number: int
    text: DocText
    criteria: DocText
    skills: list[EscoConcept]

    @property
    def has_notes(self) -> bool:
        """Something below the columns refers to this outcome by its number."""
        return bool(self.criteria.text or self.skills)


@dataclass
class DocGroup:
    heading: DocText | None
    outcomes: list[DocOutcome] = field(default_factory=list)


@dataclass
class DocColumn:
    category: str
    label: Any  # the lazy label, translated when the template renders it
    groups: list[DocGroup]


@dataclass
class UnitDocument:
    version: UnitVersion
    language: str
    name: DocText
    reference: DocText
    area_of_work: DocText
    description: DocText
    assessment_method: DocText
    columns: list[DocColumn]

    @property
    def noted_outcomes(self) -> list[DocOutcome]:
        return [
            outcome
            for column in self.columns
            for group in column.groups
            for outcome in group.outcomes
            if outcome.has_notes
        ]

    @property
    def has_criteria(self) -> bool:
        return any(outcome.criteria.text for outcome in self.noted_outcomes)

    @property
    def has_skills(self) -> bool:
        return any(outcome.skills for outcome in self.noted_outcomes)


def _version_text(version: UnitVersion, name: str, language: str) -> DocText:
    return doc_text(
        getattr(version, name),
        (version.translation_basis or {}).get(name),
        source=version.source_language,
        language=language,
    )


def _reference(version: UnitVersion, language: str) -> DocText:
    """The qualification's title, or the free-text reference of a supplementary unit."""
    qualification = version.qualification
    if qualification is not None:
        return doc_text(
            qualification.title,
            (qualification.translation_basis or {}).get("title"),
            source=qualification.source_language,
            language=language,
        )
    return _version_text(version, "qualification_reference", language)


def _columns(version: UnitVersion, language: str) -> list[DocColumn]:
    number = 0
    columns = []
    for category, rows in version.columns().items():
        groups: list[DocGroup] = []
        for row in rows:
            basis = row.translation_basis or {}
            text = doc_text(
                row.text, basis.get("text"), source=version.source_language, language=language
            )
            if row.is_heading:
                groups.append(DocGroup(heading=text))
                continue
            if not groups:
                groups.append(DocGroup(heading=None))
            number += 1
            criteria = doc_text(
                row.criteria,
                basis.get("criteria"),
                source=version.source_language,
                language=language,
            )
            skills = [link.skill for link in row.outcomeskill_set.all()]
            groups[-1].outcomes.append(DocOutcome(number, text, criteria, skills))
        columns.append(DocColumn(category, Category(category).label, groups))
    return columns


def unit_document(version: UnitVersion, language: str) -> UnitDocument:
    """The document of ``version`` (loaded by ``selectors.version_with_outcomes``)."""
    return UnitDocument(
        version=version,
        language=language,
        name=_version_text(version, "name", language),
        reference=_reference(version, language),
        area_of_work=_version_text(version, "area_of_work", language),
        description=_version_text(version, "description", language),
        assessment_method=_version_text(version, "assessment_method", language),
        columns=_columns(version, language),
    )
