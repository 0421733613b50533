"""Units in: check the whole file first, report every problem with its line, then write it
all in one transaction through the unit and outcome services — or write nothing.

Two inputs: the JSON document of format version 1 (:func:`units_import`, new units) and a
CSV of outcomes appended to a draft version (:func:`outcomes_csv_import`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from ecvet.accounts import scoping
from ecvet.audit.services import audit_record
from ecvet.errors import NotPermitted
from ecvet.institutions.models import Institution
from ecvet.multilingual.text import pick
from ecvet.qualifications.models import (
    EscoConcept,
    EscoKind,
    LearningOutcome,
    Qualification,
    Unit,
    UnitVersion,
    VersionStatus,
)
from ecvet.qualifications.search import normalise
from ecvet.qualifications.selectors import (
    author_institution_ids,
    qualification_list,
    unit_can_change,
)
from ecvet.qualifications.services.outcomes import outcome_add, outcome_skill_accept
from ecvet.qualifications.services.units import VersionAgreed, unit_create
from ecvet.qualifications.transfer.problems import (
    ImportRefused,
    Lines,
    Path,
    Problem,
    clean_loc,
    decode_text,
    display_path,
    json_positions,
    pydantic_message,
)
from ecvet.qualifications.transfer.schema import (
    COLUMNS,
    ESCO_SKILL_PATTERN,
    SCHEMA_PREFIX,
    SCHEMA_URI,
    SCHEMA_VERSION,
    Heading,
    QualificationRef,
    UnitDoc,
    UnitsDocument,
)

_ESCO_URI = re.compile(ESCO_SKILL_PATTERN)


def _check_owner(actor: Any, owner: Institution) -> None:
    if not scoping.is_platform_admin(actor) and owner.pk not in author_institution_ids(actor):
        raise NotPermitted(_("You cannot write units for %(name)s.") % {"name": owner})


def _esco_skills(uris: Iterable[str]) -> dict[str, EscoConcept]:
    return {
        concept.uri: concept
        for concept in EscoConcept.objects.filter(uri__in=set(uris), kind=EscoKind.SKILL)
    }


def _unknown_skill(uri: str) -> str:
    return _(
        "The ESCO skill %(uri)s is not known on this site. Import the ESCO data first, "
        "or remove the link."
    ) % {"uri": uri}


# --- the JSON document ---


@dataclass
class UnitsPlan:
    """A checked document: what :func:`units_import` writes."""

    units: list[UnitDoc]
    qualifications: list[Qualification | None]
    skills: dict[str, EscoConcept]
    lines: list[int] = field(default_factory=list)


class _Located:
    """The parsed JSON text with the line of every path in it."""

    def __init__(self, text: str, located_at: Path) -> None:
        self.positions, self.duplicates = json_positions(text)
        self.lines = Lines(text)
        self.located_at = located_at

    def line(self, path: Path) -> int:
        full = (*self.located_at, *path)
        while full not in self.positions:
            full = full[:-1]
        return self.lines.of(self.positions[full])

    def problem(self, path: Path, message: str) -> Problem:
        return Problem(message, line=self.line(path), path=display_path(path))


def _parse(text: str, located_at: Path) -> tuple[Any, _Located]:
    def no_constants(name: str) -> Any:
        raise ValueError(name)

    try:
        data = json.loads(text, parse_constant=no_constants)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                Problem(
                    _("This is not valid JSON (column %(column)s): %(reason)s.")
                    % {"column": error.colno, "reason": error.msg},
                    line=error.lineno,
                )
            ]
        ) from error
    except ValueError as error:  # NaN or Infinity, which JSON does not have
        line = text.count("\n", 0, max(text.find(str(error)), 0)) + 1
        raise ImportRefused(
            [Problem(_("%(value)s is not a JSON number.") % {"value": error}, line=line)]
        ) from error
    except RecursionError as error:
        raise ImportRefused([Problem(_("The JSON is nested too deeply."))]) from error
    for key in located_at:
        data = data[key]
    return data, _Located(text, located_at)


def _version_problem(schema: Any) -> str:
    if schema is None:
        return _(
            "This is not a unit file of ECVET Mobility: “schema” is missing. It must be “%(uri)s”."
        ) % {"uri": SCHEMA_URI}
    match = re.fullmatch(re.escape(SCHEMA_PREFIX) + r"(\d+)", str(schema))
    if match:
        return _(
            "The file is written in version %(found)s of the unit format; this site reads "
            "version %(known)s only."
        ) % {"found": match.group(1), "known": SCHEMA_VERSION}
    return _("“%(value)s” is not a unit format of ECVET Mobility; expected “%(uri)s”.") % {
        "value": schema,
        "uri": SCHEMA_URI,
    }


def _raw_units(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    units = data.get("units")
    if not isinstance(units, list):
        return []
    return [(index, unit) for index, unit in enumerate(units) if isinstance(unit, dict)]


def _raw_skill_links(data: dict[str, Any]) -> list[tuple[Path, str]]:
    """Every well-formed ESCO URI in the document, wherever the rest is broken."""
    links: list[tuple[Path, str]] = []
    for index, unit in _raw_units(data):
        outcomes = unit.get("outcomes")
        if not isinstance(outcomes, dict):
            continue
        for column in COLUMNS:
            items = outcomes.get(column)
            for position, item in enumerate(items if isinstance(items, list) else []):
                uris = item.get("esco_skills") if isinstance(item, dict) else None
                for n, uri in enumerate(uris if isinstance(uris, list) else []):
                    if isinstance(uri, str) and _ESCO_URI.match(uri):
                        path = ("units", index, "outcomes", column, position, "esco_skills", n)
                        links.append((path, uri))
    return links


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _qualification_match(
    ref: QualificationRef, candidates: list[Qualification], owner: Institution
) -> Qualification | None:
    """The visible qualification with the same country, level and a title in a shared
    language; the owner's own first, then the oldest."""
    matches = [
        q
        for q in candidates
        if q.country.code == ref.country
        and q.eqf_level == ref.eqf_level
        and any(_same_text(text, q.title.get(code, "")) for code, text in ref.title.items() if text)
    ]
    matches.sort(key=lambda q: (q.owner_id != owner.pk, q.pk))
    return matches[0] if matches else None


def _raw_qualifications(
    data: dict[str, Any], actor: Any, owner: Institution, where: _Located
) -> tuple[dict[int, Qualification], list[Problem]]:
    refs: dict[int, QualificationRef] = {}
    for index, unit in _raw_units(data):
        raw = unit.get("qualification")
        if isinstance(raw, dict):
            try:
                refs[index] = QualificationRef.model_validate(raw)
            except SchemaError:
                continue  # reported with the rest of the document's form
    if not refs:
        return {}, []
    candidates = list(
        qualification_list(user=actor).filter(
            country__in={r.country for r in refs.values()},
            eqf_level__in={r.eqf_level for r in refs.values()},
        )
    )
    found: dict[int, Qualification] = {}
    problems = []
    for index, ref in refs.items():
        match = _qualification_match(ref, candidates, owner)
        if match is None:
            problems.append(
                where.problem(
                    ("units", index, "qualification"),
                    _(
                        "There is no qualification “%(title)s” (%(country)s, EQF level "
                        "%(level)s) that you can see. Add it to the library first, or write "
                        "the reference as text in “qualification_reference”."
                    )
                    % {"title": pick(ref.title), "country": ref.country, "level": ref.eqf_level},
                )
            )
        else:
            found[index] = match
    return found, problems


def units_check(
    *, actor: Any, owner: Institution, document: bytes | str, located_at: Path = ()
) -> UnitsPlan:
    """Check a whole document and return what to write, or raise :class:`ImportRefused`
    with every problem found. Nothing is written.

    ``located_at`` is where the document sits inside the JSON text (the API receives it
    inside its request body), so that lines count in the text the client sent.
    """
    data, where = _parse(decode_text(document), located_at)
    if not isinstance(data, dict):
        raise ImportRefused(
            [where.problem((), _("The file must hold one JSON object with “schema” and “units”."))]
        )
    if data.get("schema") != SCHEMA_URI:
        raise ImportRefused([where.problem(("schema",), _version_problem(data.get("schema")))])

    problems = [
        where.problem(
            path[len(located_at) :],
            _("“%(key)s” appears twice in this object.") % {"key": path[-1]},
        )
        for path in where.duplicates
        if path[: len(located_at)] == located_at
    ]
    document_model: UnitsDocument | None = None
    try:
        document_model = UnitsDocument.model_validate(data)
    except SchemaError as error:
        for detail in error.errors():
            path = clean_loc(detail["loc"])
            problems.append(where.problem(path, pydantic_message(detail)))

    links = _raw_skill_links(data)
    skills = _esco_skills(uri for _path, uri in links)
    problems += [
        where.problem(path, _unknown_skill(uri)) for path, uri in links if uri not in skills
    ]
    qualifications, missing = _raw_qualifications(data, actor, owner, where)
    problems += missing
    if document_model is not None and not document_model.units:
        problems.append(where.problem(("units",), _("The file holds no units.")))
    if problems or document_model is None:
        raise ImportRefused(problems)
    units = document_model.units
    return UnitsPlan(
        units=units,
        qualifications=[qualifications.get(i) for i in range(len(units))],
        skills=skills,
        lines=[where.line(("units", i)) for i in range(len(units))],
    )


def _provenance_text(unit: UnitDoc) -> str:
    parts: list[str] = []
    source = unit.provenance
    if source is not None:
        parts += [text for text in (source.institution, source.country) if text]
        if source.unit_id is not None:
            parts.append(_("unit %(id)s") % {"id": source.unit_id})
    if unit.version is not None:
        parts.append(_("version %(number)s") % {"number": unit.version})
    return ", ".join(parts) or _("a file")


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _unit_write(
    *,
    actor: Any,
    owner: Institution,
    unit: UnitDoc,
    qualification: Qualification | None,
    plan: UnitsPlan,
) -> Unit:
    created = unit_create(
        actor=actor,
        owner=owner,
        name=unit.name,
        qualification=qualification,
        qualification_reference=unit.qualification_reference,
        area_of_work=unit.area_of_work,
        eqf_level=unit.eqf_level,
        national_level=unit.national_level,
        description=unit.description,
        kind=unit.kind,
        workload=_decimal(unit.workload),
        workload_unit=unit.workload_unit,
        ecvet_points=_decimal(unit.ecvet_points),
        assessment_method=unit.assessment_method,
        source_language=unit.source_language,
    )
    version = created.latest_version
    for column in COLUMNS:
        for item in getattr(unit.outcomes, column):
            if isinstance(item, Heading):
                outcome_add(
                    actor=actor,
                    version=version,
                    category=column,
                    text=item.heading,
                    is_heading=True,
                )
                continue
            outcome = outcome_add(
                actor=actor,
                version=version,
                category=column,
                text=item.text,
                criteria=item.criteria,
            )
            for uri in dict.fromkeys(item.esco_skills):
                outcome_skill_accept(actor=actor, outcome=outcome, skill=plan.skills[uri])
    audit_record(
        actor=actor,
        action="unit.imported",
        target=created,
        changes={"imported_from": [None, _provenance_text(unit)]},
    )
    return created


def units_import(
    *, actor: Any, owner: Institution, document: bytes | str, located_at: Path = ()
) -> list[Unit]:
    """Import every unit of a document as a new unit of ``owner`` (draft version 1), or
    nothing: raises :class:`ImportRefused` listing every problem with its line."""
    _check_owner(actor, owner)
    plan = units_check(actor=actor, owner=owner, document=document, located_at=located_at)
    created: list[Unit] = []
    with transaction.atomic():
        for index, (unit, qualification) in enumerate(
            zip(plan.units, plan.qualifications, strict=True)
        ):
            try:
                created.append(
                    _unit_write(
                        actor=actor, owner=owner, unit=unit, qualification=qualification, plan=plan
                    )
                )
            except ValidationError as error:
                # The checks above should have caught it; if a model rule did, say where.
                raise ImportRefused(
                    Problem(message, line=plan.lines[index], path=f"units[{index}]")
                    for message in error.messages
                ) from error
    return created


# --- the CSV of outcomes ---

CSV_COLUMN_ALIASES = {
    "knowledge": "knowledge",
    "k": "knowledge",
    "zinasanas": "knowledge",
    "skills": "skills",
    "skill": "skills",
    "s": "skills",
    "prasmes": "skills",
    "competence": "competence",
    "competences": "competence",
    "c": "competence",
    "kompetence": "competence",
    "kompetences": "competence",
}
CSV_YES = frozenset({"yes", "y", "true", "1", "x", "ja"})
CSV_NO = frozenset({"no", "n", "false", "0", "ne", ""})
_SKILL_SEPARATORS = re.compile(r"[\s,]+")


@dataclass
class CsvRow:
    line: int
    category: str
    is_heading: bool
    text: dict[str, str]
    criteria: dict[str, str]
    skills: list[str]


def _delimiter(text: str) -> str:
    """Comma, or the semicolon Excel writes where the decimal separator is a comma (Latvia)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _known_language(code: str) -> bool:
    return code in settings.CONTENT_LANGUAGES or code in LANG_INFO


def _csv_header(header: list[str]) -> tuple[list[str], list[Problem]]:
    names = [normalise(name.strip()) for name in header]
    problems = []
    for name in names:
        prefix, _sep, code = name.partition("_")
        known = name in {"column", "heading", "esco_skills"} or (
            prefix in {"text", "criteria"} and _known_language(code)
        )
        if name and not known:
            problems.append(
                Problem(
                    _(
                        "Unknown column “%(name)s”. Use column, heading, text_<language>, "
                        "criteria_<language> and esco_skills."
                    )
                    % {"name": name},
                    line=1,
                    path=name,
                )
            )
    for name in sorted({n for n in names if n and names.count(n) > 1}):
        problems.append(
            Problem(_("The column “%(name)s” appears twice.") % {"name": name}, line=1, path=name)
        )
    if "column" not in names:
        problems.append(
            Problem(_("The column “column” (knowledge, skills or competence) is missing."), line=1)
        )
    if not any(name.startswith("text_") for name in names):
        problems.append(Problem(_("There is no text column such as text_en."), line=1))
    return names, problems


def _csv_row(line: int, cells: dict[str, str], problems: list[Problem]) -> CsvRow:
    def problem(path: str, message: str) -> None:
        problems.append(Problem(message, line=line, path=path))

    raw_column = cells.get("column")
    category = CSV_COLUMN_ALIASES.get(normalise(raw_column or ""), "")
    # Without a "column" header the header problem says it once, not every row again.
    if not category and raw_column is not None:
        problem(
            "column",
            _("“%(value)s” is not a column: use knowledge, skills or competence.")
            % {"value": raw_column},
        )
    raw_heading = normalise(cells.get("heading", ""))
    if raw_heading not in CSV_YES | CSV_NO:
        problem("heading", _("Write yes or no, not “%(value)s”.") % {"value": raw_heading})
    is_heading = raw_heading in CSV_YES
    text = {name[5:]: value for name, value in cells.items() if name.startswith("text_") and value}
    criteria = {
        name[9:]: value for name, value in cells.items() if name.startswith("criteria_") and value
    }
    skills = [uri for uri in _SKILL_SEPARATORS.split(cells.get("esco_skills", "")) if uri]
    if not text:
        problem("text", _("Write the text in at least one language."))
    if is_heading and criteria:
        problem("criteria", _("A topic heading has no assessment criteria."))
    if is_heading and skills:
        problem("esco_skills", _("A topic heading cannot be linked to an ESCO skill."))
    for uri in skills:
        if not _ESCO_URI.match(uri):
            problem(
                "esco_skills",
                _("“%(value)s” is not an ESCO skill URI (http://data.europa.eu/esco/skill/…).")
                % {"value": uri},
            )
    return CsvRow(line, category, is_heading, text, criteria, skills)


def outcomes_csv_check(data: bytes | str) -> tuple[list[CsvRow], dict[str, EscoConcept]]:
    """The rows of a CSV of outcomes, or :class:`ImportRefused` with every problem."""
    text = decode_text(data)
    if not text.strip():
        raise ImportRefused([Problem(_("The file is empty."))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        names, problems = _csv_header(next(reader))
        rows = []
        end = reader.line_num
        for record in reader:
            line, end = end + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            extra = [cell for cell in record[len(names) :] if cell.strip()]
            if extra:
                problems.append(
                    Problem(_("This row has more cells than the header has columns."), line=line)
                )
            padded = [*record, *[""] * (len(names) - len(record))]
            cells = {n: v.strip() for n, v in zip(names, padded, strict=False) if n}
            rows.append(_csv_row(line, cells, problems))
    except csv.Error as error:
        raise ImportRefused(
            [
                Problem(
                    _("The CSV cannot be read: %(reason)s.") % {"reason": error},
                    line=reader.line_num,
                )
            ]
        ) from error
    skills = _esco_skills(uri for row in rows for uri in row.skills)
    for row in rows:
        for uri in row.skills:
            if _ESCO_URI.match(uri) and uri not in skills:
                problems.append(Problem(_unknown_skill(uri), line=row.line, path="esco_skills"))
    if not rows and not problems:
        problems.append(Problem(_("The file has no outcome rows.")))
    if problems:
        raise ImportRefused(problems)
    return rows, skills


def outcomes_csv_import(
    *, actor: Any, version: UnitVersion, data: bytes | str
) -> list[LearningOutcome]:
    """Append every row of a CSV of outcomes to a draft version, in file order, or nothing."""
    if not unit_can_change(user=actor, unit=version.unit):
        raise NotPermitted(_("You cannot change this unit."))
    if version.status != VersionStatus.DRAFT:
        raise VersionAgreed(version)
    rows, skills = outcomes_csv_check(data)
    created = []
    with transaction.atomic():
        for row in rows:
            outcome = outcome_add(
                actor=actor,
                version=version,
                category=row.category,
                text=row.text,
                criteria=row.criteria,
                is_heading=row.is_heading,
            )
            for uri in dict.fromkeys(row.skills):
                outcome_skill_accept(actor=actor, outcome=outcome, skill=skills[uri])
            created.append(outcome)
    return created
