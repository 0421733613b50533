"""Reading the school's spreadsheet of learners: CSV (UTF-8, comma or semicolon) or XLSX.

The file is read into :class:`LearnerRow` objects, one per spreadsheet row, each with the
values converted to what a :class:`~ecvet.mobilities.models.Learner` holds and the problems
found while converting them. Columns are found by their header, in English or Latvian,
whatever their order; unknown columns are ignored (and listed on the preview). The rules a
learner must follow (required fields, plausible date of birth, a guardian for a minor,
duplicates) are checked by ``services.learners.learners_validate``, which the import service
runs again before it writes anything.

Problems carry the row number the spreadsheet shows (the header is row 1) and the column as
its header is written in the file, so a person can find the cell: “Row 217, date of birth:
“31.02.2008” is not a date.”

Between the preview and the confirmation the uploaded file waits under
``MEDIA_ROOT/imports/`` (:func:`pending_save`), named by a random token kept in the session:
the confirmation reads and checks the file again, so nothing the browser sends is trusted.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django_countries import countries

from ecvet.errors import DomainError
from ecvet.institutions.models import Institution
from ecvet.mobilities.models import Gender
from ecvet.qualifications.models import Qualification

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
PENDING_DIR = "imports"
#: A pending file not confirmed within a day is deleted at the next upload.
PENDING_MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Column:
    """A column of the learners' spreadsheet: the learner field it fills, its header in the
    template (in the reader's language) and the other headers that name it."""

    field: str
    header: Promise
    aliases: tuple[str, ...]
    required: bool = False


COLUMNS = (
    Column(
        "first_name",
        pgettext_lazy("spreadsheet column", "First name"),
        ("first name", "first names", "first name(s)", "given name", "forename", "vārds"),
        required=True,
    ),
    Column(
        "last_name",
        pgettext_lazy("spreadsheet column", "Surname"),
        ("surname", "last name", "family name", "uzvārds"),
        required=True,
    ),
    Column(
        "date_of_birth",
        pgettext_lazy("spreadsheet column", "Date of birth"),
        ("date of birth", "birth date", "birthdate", "born", "dob", "dzimšanas datums"),
        required=True,
    ),
    Column("gender", pgettext_lazy("spreadsheet column", "Gender"), ("gender", "sex", "dzimums")),
    Column(
        "nationality",
        pgettext_lazy("spreadsheet column", "Nationality"),
        ("nationality", "citizenship", "pilsonība", "valstiskā piederība"),
    ),
    Column(
        "email",
        pgettext_lazy("spreadsheet column", "E-mail"),
        ("e-mail", "email", "e-mail address", "e-pasts", "e-pasta adrese"),
    ),
    Column(
        "phone",
        pgettext_lazy("spreadsheet column", "Phone"),
        ("phone", "telephone", "mobile", "phone number", "tālrunis", "telefons", "tālr."),
    ),
    Column("address", pgettext_lazy("spreadsheet column", "Address"), ("address", "adrese")),
    Column(
        "group",
        pgettext_lazy("spreadsheet column", "Group"),
        ("group", "class", "class or group", "grupa", "klase"),
    ),
    Column(
        "qualification",
        pgettext_lazy("spreadsheet column", "Qualification"),
        ("qualification", "qualification pursued", "kvalifikācija", "iegūstamā kvalifikācija"),
    ),
    Column(
        "progress",
        pgettext_lazy("spreadsheet column", "Progress"),
        ("progress", "progress so far", "progress until now", "mācību gaita", "sasniegumi"),
    ),
    Column(
        "guardian_name",
        pgettext_lazy("spreadsheet column", "Parent or guardian"),
        (
            "guardian",
            "parent",
            "parent or guardian",
            "guardian name",
            "vecāks vai aizbildnis",
            "vecāks",
            "aizbildnis",
            "likumiskais pārstāvis",
        ),
    ),
    Column(
        "guardian_email",
        pgettext_lazy("spreadsheet column", "Guardian's e-mail"),
        (
            "guardian e-mail",
            "guardian email",
            "guardian's e-mail",
            "parent's e-mail",
            "vecāka e-pasts",
            "aizbildņa e-pasts",
            "vecāka vai aizbildņa e-pasts",
        ),
    ),
    Column(
        "guardian_phone",
        pgettext_lazy("spreadsheet column", "Guardian's phone"),
        (
            "guardian phone",
            "guardian's phone",
            "parent's phone",
            "vecāka tālrunis",
            "aizbildņa tālrunis",
            "vecāka vai aizbildņa tālrunis",
        ),
    ),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}

_GENDERS = {
    Gender.FEMALE: ("female", "f", "woman", "girl", "sieviete", "s", "siev.", "meitene"),
    Gender.MALE: ("male", "m", "man", "boy", "vīrietis", "v", "vīr.", "puisis"),
    Gender.OTHER: ("other", "diverse", "x", "cits", "cita"),
}


@dataclass(frozen=True)
class RowProblem:
    """One problem of the file: its row as the spreadsheet shows it, the column as its
    header is written, and what is wrong, in the reader's language."""

    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class ImportRefused(DomainError):
    """The file has problems, so nothing of it was imported; ``problems`` lists every one."""

    status_code = 422

    def __init__(self, problems: Iterable[RowProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.row or 0, p.column))
        count = len(self.problems)
        super().__init__(
            ngettext(
                "Nothing was imported: the file has %(count)d problem.",
                "Nothing was imported: the file has %(count)d problems.",
                count,
            )
            % {"count": count}
        )


@dataclass
class LearnerRow:
    """One row of the file: the learner's field values, and what could not be read."""

    row: int
    fields: dict[str, Any]
    #: field → header as written in the file (shared by every row of a file).
    columns: dict[str, str]
    problems: list[RowProblem] = field(default_factory=list)
    #: The fields that could not be read: their cell is named in a problem already.
    failed: set[str] = field(default_factory=set)

    def column(self, name: str) -> str:
        """The header of a field's column as the file writes it (its label if absent)."""
        return self.columns.get(name) or str(COLUMN_BY_FIELD[name].header)

    def problem(self, name: str, message: str) -> None:
        self.problems.append(RowProblem(message, row=self.row, column=self.column(name)))
        self.failed.add(name)

    @property
    def full_name(self) -> str:
        return f"{self.fields.get('first_name', '')} {self.fields.get('last_name', '')}".strip()


@dataclass
class ParsedFile:
    rows: list[LearnerRow]
    #: Problems of the file as a whole (its header); each row's are on the row.
    problems: list[RowProblem]
    columns: dict[str, str]
    ignored: list[str]

    def all_problems(self) -> list[RowProblem]:
        return [*self.problems, *(p for row in self.rows for p in row.problems)]


# --- headers ---


def normalise(text: str) -> str:
    """Lower case, without diacritics, spaces or punctuation: “E-pasts” → “epasts”."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _header_names() -> dict[str, str]:
    """Every header that names a column, normalised → field. The template's headers in
    every interface language are among them, so a downloaded template always reads back."""
    names: dict[str, str] = {}
    for column in COLUMNS:
        for alias in column.aliases:
            names[normalise(alias)] = column.field
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.setdefault(normalise(str(column.header)), column.field)
    return names


def template_headers() -> list[str]:
    """The headers of the template, in the active language."""
    return [str(column.header) for column in COLUMNS]


def _map_header(
    header: list[str],
) -> tuple[dict[int, str], dict[str, str], list[str], list[RowProblem]]:
    """Column index → field, field → header as written, the ignored headers, problems."""
    names = _header_names()
    by_index: dict[int, str] = {}
    written: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[RowProblem] = []
    for index, raw in enumerate(header):
        text = raw.strip()
        if not text:
            continue
        name = names.get(normalise(text))
        if name is None:
            ignored.append(text)
        elif name in written:
            problems.append(
                RowProblem(
                    _("“%(first)s” and “%(second)s” are the same column: keep one.")
                    % {"first": written[name], "second": text},
                    row=None,
                    column="",
                )
            )
        else:
            by_index[index] = name
            written[name] = text
    for column in COLUMNS:
        if column.required and column.field not in written:
            problems.append(
                RowProblem(
                    _("The column “%(column)s” is missing.") % {"column": column.header},
                )
            )
    return by_index, written, ignored, problems


# --- reading the file ---


def _refuse(message: str, row: int | None = None) -> ImportRefused:
    return ImportRefused([RowProblem(message, row=row)])


def _csv_records(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = content.count(b"\n", 0, error.start) + 1
        raise _refuse(
            _(
                "The file is neither an Excel workbook (.xlsx) nor CSV text in UTF-8. In "
                "Excel, save it as “Excel Workbook” or “CSV UTF-8”."
            ),
            row=row,
        ) from error
    first_line = text.split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A record is a spreadsheet row, even when a quoted cell spans several lines.
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise _refuse(
            _("The CSV cannot be read: %(reason)s.") % {"reason": error}, row=reader.line_num
        ) from error


def _xlsx_records(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _refuse(
            _(
                "The file cannot be read as an Excel workbook (.xlsx). Save it again as “Excel "
                "Workbook” or as “CSV UTF-8”."
            )
        ) from error
    try:
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        # Some programs write a wrong used range; read what is there instead.
        sheet.reset_dimensions()
        for row in sheet.iter_rows():
            cells = [cell.value for cell in row]
            number = next((cell.row for cell in row if getattr(cell, "row", None)), None)
            if number is None:  # an empty row: nothing to read, no number to report
                continue
            yield number, cells
    finally:
        workbook.close()


def _records(content: bytes, filename: str) -> Iterator[tuple[int, list[Any]]]:
    if len(content) > MAX_BYTES:
        raise _refuse(_("The file is larger than 5 MB."))
    if content.startswith(b"PK\x03\x04"):
        return _xlsx_records(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            _(
                "This is an old Excel file (.xls). Save it as “Excel Workbook” (.xlsx) or as "
                "“CSV UTF-8” and upload that."
            )
        )
    if filename.lower().endswith(".xlsx"):
        raise _refuse(_("The file is not an Excel workbook, although its name ends in .xlsx."))
    return _csv_records(content)


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or not str(cell).strip() for cell in cells)


# --- values ---

_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})\.?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(value: Any) -> date:
    """A date from a cell: an Excel date, an Excel day number, or a text written as
    2008-05-17, 17.05.2008 (Latvian, also with a full stop at the end) or 17/05/2008.

    Raises ``ValueError`` when it is not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date cell that lost its format shows Excel's day number (39585 = 17 May 2008).
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:
            raise ValueError(value)
        return from_excel(value).date()
    text = str(value).strip()
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(text)
    return date(year, month, day)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed into a number cell
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _gender_names() -> dict[str, str]:
    names = {}
    for gender, aliases in _GENDERS.items():
        for alias in aliases:
            names[normalise(alias)] = str(gender)
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.setdefault(normalise(str(gender.label)), str(gender))
    return names


def _country(text: str) -> str:
    """An ISO code (LV, LVA) or a country's name in English or Latvian → the ISO 3166 code."""
    code = countries.alpha2(text)
    if code:
        return code
    for language in ("en", "lv"):
        code = countries.by_name(text, language=language)
        if code:
            return code
    return ""


def _qualification_titles(qualifications: Iterable[Qualification], school: Institution) -> dict:
    """Normalised title in any language → the qualification; a title shared by several
    qualifications maps to the school's own one, or to None (ambiguous)."""
    found: dict[str, Qualification | None] = {}
    for qualification in qualifications:
        for title in (qualification.title or {}).values():
            key = normalise(title)
            if not key:
                continue
            known = found.get(key, qualification)
            if known is not None and known.pk != qualification.pk:
                own = [q for q in (known, qualification) if q.owner_id == school.pk]
                known = own[0] if len(own) == 1 else None
            found[key] = known
    return found


class _Reader:
    """Converts one file's cells into learner field values, noting each problem."""

    def __init__(self, school: Institution, qualifications: Iterable[Qualification]) -> None:
        self.genders = _gender_names()
        self.titles = _qualification_titles(qualifications, school)

    def convert(self, row: LearnerRow, name: str, value: Any) -> None:
        text = _text(value)
        if name == "date_of_birth":
            if text:
                try:
                    row.fields[name] = parse_date(value)
                except (ValueError, OverflowError):
                    row.problem(
                        name,
                        _("“%(value)s” is not a date. Write it as 17.05.2008 or 2008-05-17.")
                        % {"value": text},
                    )
            return
        if name == "gender":
            if text:
                gender = self.genders.get(normalise(text))
                if gender is None:
                    row.problem(
                        name,
                        _("“%(value)s” is not a gender: write female, male or other.")
                        % {"value": text},
                    )
                row.fields[name] = gender or ""
            return
        if name == "nationality":
            if text:
                code = _country(text)
                if not code:
                    row.problem(
                        name,
                        _("“%(value)s” is not a country: write its code, e.g. LV, or its name.")
                        % {"value": text},
                    )
                row.fields[name] = code
            return
        if name == "qualification":
            if text:
                key = normalise(text)
                if key in self.titles and self.titles[key] is None:
                    row.problem(
                        name,
                        _(
                            "Several qualifications are called “%(value)s”: leave the cell "
                            "empty and choose the qualification on the learner's page."
                        )
                        % {"value": text},
                    )
                elif key not in self.titles:
                    row.problem(
                        name,
                        _(
                            "“%(value)s” is not a qualification of the school. Write its "
                            "title as the qualifications' list shows it."
                        )
                        % {"value": text},
                    )
                row.fields[name] = self.titles.get(key)
            return
        row.fields[name] = text


def read_learners(
    content: bytes, *, filename: str, school: Institution, qualifications: Iterable[Qualification]
) -> ParsedFile:
    """The rows of a learners' spreadsheet, with every problem of reading them.

    ``qualifications`` are those a learner of ``school`` may pursue (matched by title in any
    language). Raises :class:`ImportRefused` when the file as a whole cannot be read: not CSV
    or XLSX, larger than 5 MB, more than 5000 rows, or no header.
    """
    records = _records(content, filename)
    header: list[str] | None = None
    header_row = 0
    by_index: dict[int, str] = {}
    parsed = ParsedFile(rows=[], problems=[], columns={}, ignored=[])
    reader = _Reader(school, qualifications)
    for number, cells in records:
        if _blank(cells):
            continue
        if header is None:
            header = [_text(cell) for cell in cells]
            header_row = number
            by_index, parsed.columns, parsed.ignored, parsed.problems = _map_header(header)
            parsed.problems = [
                RowProblem(p.message, row=header_row, column=p.column) for p in parsed.problems
            ]
            continue
        if len(parsed.rows) >= MAX_ROWS:
            raise _refuse(
                _("The file has more than %(count)s learners: split it into several files.")
                % {"count": MAX_ROWS}
            )
        row = LearnerRow(row=number, fields={}, columns=parsed.columns)
        for index, value in enumerate(cells):
            name = by_index.get(index)
            if name is not None:
                reader.convert(row, name, value)
            elif index >= len(header) and _text(value):
                row.problems.append(
                    RowProblem(
                        _("“%(value)s” is in a column without a header.") % {"value": _text(value)},
                        row=number,
                    )
                )
        parsed.rows.append(row)
    if header is None:
        raise _refuse(_("The file is empty."))
    if not parsed.rows and not parsed.problems:
        parsed.problems.append(
            RowProblem(_("The file has a header but no learners below it."), row=header_row)
        )
    return parsed


# --- the uploaded file, between the preview and the confirmation ---


def _pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_DIR


def _pending_path(token: str) -> Path | None:
    return _pending_dir() / f"{token}.bin" if _TOKEN.match(token or "") else None


def pending_save(content: bytes) -> str:
    """Keep an uploaded file until it is confirmed; its token goes into the session."""
    folder = _pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    pending_purge()
    token = secrets.token_hex(16)
    (folder / f"{token}.bin").write_bytes(content)
    return token


def pending_read(token: str) -> bytes | None:
    path = _pending_path(token)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def pending_delete(token: str) -> None:
    path = _pending_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def pending_purge(max_age: float = PENDING_MAX_AGE_SECONDS) -> None:
    """Delete the files that waited longer than ``max_age`` seconds (never confirmed)."""
    folder = _pending_dir()
    if not folder.is_dir():
        return
    limit = time.time() - max_age
    for path in folder.glob("*.bin"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue  # deleted meanwhile by another request: nothing to do
