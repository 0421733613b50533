"""Learners (and what else the mobilities app's tests need), consistent with their school."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from ecvet.institutions.tests.factories import InstitutionFactory
from ecvet.mobilities.models import Learner


def years_ago(years: int, *, today: date | None = None) -> date:
    """The date ``years`` years before ``today`` (29 February falls back to the 28th)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


class LearnerFactory(factory.django.DjangoModelFactory[Learner]):
    """An adult learner of ``school``; ``LearnerFactory(minor=True)`` is 16 today and has a
    guardian, as the services require for a minor."""

    class Meta:
        model = Learner

    class Params:
        minor = factory.Trait(
            date_of_birth=factory.LazyFunction(lambda: years_ago(16)),
            guardian_name=factory.Sequence(lambda n: f"Guardian{n} Parent{n}"),
            guardian_email=factory.Sequence(lambda n: f"guardian{n}@example.org"),
        )

    school = factory.SubFactory(InstitutionFactory)
    # Fixed, distinctive names (as UserFactory's): a random one can hide in any page.
    first_name = factory.Sequence(lambda n: f"Learnerfirst{n}")
    last_name = factory.Sequence(lambda n: f"Learnerlast{n}")
    date_of_birth = factory.LazyFunction(lambda: years_ago(20))
    email = factory.Sequence(lambda n: f"learner{n}@example.org")


# --- spreadsheets of learners, as a school would upload them ---

ENGLISH_HEADERS = ["First name", "Surname", "Date of birth", "Group", "E-mail"]
LATVIAN_HEADERS = ["Vārds", "Uzvārds", "Dzimšanas datums", "Grupa", "E-pasts"]


def learner_rows(count: int, *, bad: dict[int, str] | None = None) -> list[list[Any]]:
    """``count`` distinct adult learners as spreadsheet rows (dates as ``date``); ``bad``
    replaces the date of birth of a spreadsheet row (the header is row 1, so the first
    learner is row 2) with the text given."""
    born = years_ago(20)
    rows: list[list[Any]] = []
    for index in range(count):
        row_number = index + 2
        rows.append(
            [
                f"Anna{index}",
                f"Bērziņa{index}",
                (bad or {}).get(row_number, born - timedelta(days=index)),
                f"GA-{index % 4 + 1}",
                f"anna{index}@example.org",
            ]
        )
    return rows


def _cell(value: Any, date_format: str) -> str:
    return value.strftime(date_format) if isinstance(value, date) else str(value)


def learners_csv(
    count: int = 0,
    *,
    rows: list[list[Any]] | None = None,
    headers: list[str] = ENGLISH_HEADERS,
    delimiter: str = ",",
    bom: bool = False,
    date_format: str = "%Y-%m-%d",
    bad: dict[int, str] | None = None,
) -> bytes:
    """A CSV file (UTF-8) of ``rows`` or of ``count`` generated learners."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows if rows is not None else learner_rows(count, bad=bad):
        writer.writerow([_cell(value, date_format) for value in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def learners_xlsx(
    count: int = 0,
    *,
    rows: list[list[Any]] | None = None,
    headers: list[str] = ENGLISH_HEADERS,
    bad: dict[int, str] | None = None,
) -> bytes:
    """An Excel workbook whose dates are real Excel dates (texts where ``bad`` says)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows if rows is not None else learner_rows(count, bad=bad):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
