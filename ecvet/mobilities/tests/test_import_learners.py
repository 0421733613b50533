"""Reading the school's spreadsheet and importing its learners: all of them or none."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from django.db import connection
from django.utils import translation

from ecvet.audit.models import AuditEvent
from ecvet.errors import NotPermitted
from ecvet.mobilities.learner_import import (
    MAX_ROWS,
    ImportRefused,
    ParsedFile,
    parse_date,
    read_learners,
)
from ecvet.mobilities.learner_selectors import school_qualifications
from ecvet.mobilities.models import Gender, Learner
from ecvet.mobilities.services.learners import learners_import, learners_validate
from ecvet.mobilities.tests.factories import (
    LATVIAN_HEADERS,
    LearnerFactory,
    learner_rows,
    learners_csv,
    learners_xlsx,
    years_ago,
)
from ecvet.qualifications.tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


def _read(cast, content: bytes, filename: str = "learners.csv") -> ParsedFile:
    return read_learners(
        content,
        filename=filename,
        school=cast.sending,
        qualifications=school_qualifications(school_ids=[cast.sending.pk]),
    )


def _problems(cast, content: bytes, filename: str = "learners.csv") -> list[str]:
    parsed = _read(cast, content, filename)
    problems = [*parsed.problems, *learners_validate(school=cast.sending, rows=parsed.rows)]
    return [str(problem) for problem in problems]


def _import(cast, content: bytes, filename: str = "learners.csv") -> list[Learner]:
    parsed = _read(cast, content, filename)
    return learners_import(actor=cast.coordinator, school=cast.sending, rows=parsed.rows)


def _insert_batches(count: int) -> int:
    """How many INSERTs ``bulk_create`` needs for ``count`` learners on this database
    (SQLite takes at most 999 parameters in one statement, PostgreSQL thousands)."""
    fields = [f for f in Learner._meta.concrete_fields if not f.primary_key]
    return math.ceil(count / connection.ops.bulk_batch_size(fields, [None] * count))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2008-05-17", date(2008, 5, 17)),
        ("17.05.2008", date(2008, 5, 17)),
        ("17.05.2008.", date(2008, 5, 17)),
        ("7.5.2008", date(2008, 5, 7)),
        ("17/05/2008", date(2008, 5, 17)),
        (datetime(2008, 5, 17), date(2008, 5, 17)),
        (39585, date(2008, 5, 17)),
    ],
)
def test_dates_are_read_in_iso_latvian_and_slashed_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2008", "2008-13-01", "17.05.08", "tomorrow", "05/17/2008"])
def test_what_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011 - the reader turns it into a row problem
        parse_date(text)


def test_a_500_learner_csv_imports_in_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries
):
    content = learners_csv(500)

    # Reading: one query for the qualifications; checking: one for the school's learners;
    # the permission; a savepoint and its release around the INSERT batches and the one
    # audit event (with its content type).
    with django_assert_max_num_queries(7 + _insert_batches(500)):
        learners = _import(cast, content)

    assert len(learners) == 500
    assert Learner.objects.filter(school=cast.sending).count() == 500
    assert Learner.objects.get(first_name="Anna216").last_name == "Bērziņa216"
    event = AuditEvent.objects.get(action="learners.imported")
    assert event.target_id == str(cast.sending.pk)
    assert event.changes == {"learners": [None, 500]}


def test_a_500_learner_workbook_with_real_dates_imports_in_a_fixed_number_of_queries(
    cast, django_assert_max_num_queries
):
    content = learners_xlsx(500)

    with django_assert_max_num_queries(7 + _insert_batches(500)):
        learners = _import(cast, content, "learners.xlsx")

    assert len(learners) == 500
    first = Learner.objects.get(first_name="Anna0")
    assert first.date_of_birth == years_ago(20)
    assert first.group == "GA-1"
    assert first.email == "anna0@example.org"


@pytest.mark.parametrize(
    ("make", "filename"), [(learners_csv, "learners.csv"), (learners_xlsx, "learners.xlsx")]
)
def test_a_bad_date_in_row_217_of_500_imports_nothing_and_names_row_217(cast, make, filename):
    content = make(500, bad={217: "31.02.2008"})

    with pytest.raises(ImportRefused) as caught:
        _import(cast, content, filename)

    assert [str(problem) for problem in caught.value.problems] == [
        "Row 217, Date of birth: “31.02.2008” is not a date. Write it as 17.05.2008 or 2008-05-17."
    ]
    assert caught.value.message == "Nothing was imported: the file has 1 problem."
    assert not Learner.objects.exists()
    assert not AuditEvent.objects.filter(action="learners.imported").exists()


def test_latvian_headers_and_latvian_dates_are_read(cast):
    content = learners_csv(
        rows=[["Anna", "Bērziņa", date(2005, 5, 17), "GA-2", "anna@example.lv"]],
        headers=LATVIAN_HEADERS,
        date_format="%d.%m.%Y",
    )

    (learner,) = _import(cast, content)

    assert (learner.first_name, learner.last_name) == ("Anna", "Bērziņa")
    assert learner.date_of_birth == date(2005, 5, 17)
    assert learner.group == "GA-2"
    assert learner.email == "anna@example.lv"


def test_a_semicolon_csv_with_a_byte_order_mark_is_read(cast):
    content = learners_csv(3, delimiter=";", bom=True, date_format="%d.%m.%Y")

    assert content.startswith(b"\xef\xbb\xbf")
    assert len(_import(cast, content)) == 3


def test_headers_are_matched_whatever_their_case_order_and_extra_columns(cast):
    content = (
        "Nr.;UZVĀRDS;vārds;dzimšanas datums;Pilsonība;Dzimums;Piezīmes\n"
        "1;Ozola;Līga;01.02.2006;Latvija;sieviete;ok\n"
        "2;Kalns;Jānis;03.04.2006;EE;V;\n"
    ).encode()
    parsed = _read(cast, content)

    assert parsed.ignored == ["Nr.", "Piezīmes"]
    liga, janis = _import(cast, content)
    assert (liga.first_name, liga.nationality.code, liga.gender) == ("Līga", "LV", Gender.FEMALE)
    assert (janis.last_name, janis.nationality.code, janis.gender) == ("Kalns", "EE", Gender.MALE)


def test_the_qualification_is_matched_by_its_title_in_any_language(cast):
    carpenter = QualificationFactory.create(
        owner=cast.sending, title={"en": "Carpenter", "lv": "Galdnieks"}
    )
    content = learners_csv(
        rows=[["Anna", "Bērziņa", "2005-05-17", "galdnieks"], ["Ivo", "Kalns", "2005-06-01", ""]],
        headers=["First name", "Surname", "Date of birth", "Kvalifikācija"],
    )

    anna, ivo = sorted(_import(cast, content), key=lambda learner: learner.first_name)

    assert anna.qualification == carpenter
    assert ivo.qualification is None


def test_an_unknown_qualification_is_a_row_problem(cast):
    QualificationFactory.create(owner=cast.other_school, title={"en": "Welder"})
    content = learners_csv(
        rows=[["Anna", "Bērziņa", "2005-05-17", "Welder"]],
        headers=["First name", "Surname", "Date of birth", "Qualification"],
    )

    assert _problems(cast, content) == [
        "Row 2, Qualification: “Welder” is not a qualification of the school. Write its title "
        "as the qualifications' list shows it."
    ]


def test_a_minor_without_a_guardian_is_a_row_problem_and_with_one_is_imported(cast):
    born = years_ago(16).strftime("%d.%m.%Y")
    headers = ["First name", "Surname", "Date of birth", "Vecāks vai aizbildnis", "Guardian e-mail"]
    without = learners_csv(rows=[["Anna", "Bērziņa", born, "", ""]], headers=headers)
    with_guardian = learners_csv(
        rows=[["Anna", "Bērziņa", born, "Inga Bērziņa", "inga@example.lv"]], headers=headers
    )

    assert _problems(cast, without) == [
        "Row 2, Vecāks vai aizbildnis: The learner is under 18: give the parent or guardian, "
        "who signs too."
    ]
    (learner,) = _import(cast, with_guardian)
    assert (learner.guardian_name, learner.guardian_email) == ("Inga Bērziņa", "inga@example.lv")


def test_every_problem_of_every_row_is_listed(cast):
    content = learners_csv(
        rows=[
            ["", "Bērziņa", "2005-05-17", "GA-1", "anna@example.org"],
            ["Ivo", "Kalns", "", "GA-1", "ivo@"],
            ["Eva", "Lapa", "17.05.2030", "GA-1", ""],
        ]
    )

    assert _problems(cast, content) == [
        "Row 2, First name: This is required.",
        "Row 3, Date of birth: This is required.",
        "Row 3, E-mail: Enter a valid email address.",
        "Row 4, Date of birth: The date of birth is in the future.",
    ]


def test_the_same_learner_twice_in_the_file_is_a_problem(cast):
    content = learners_csv(
        rows=[
            ["Anna", "Bērziņa", "2005-05-17"],
            ["Ivo", "Kalns", "2005-06-01"],
            ["ANNA", "bērziņa", "17.05.2005"],
        ],
        headers=["First name", "Surname", "Date of birth"],
    )

    assert _problems(cast, content) == ["Row 4: The same learner as in row 2."]


def test_a_learner_the_school_has_already_is_a_problem(cast):
    LearnerFactory.create(
        school=cast.sending, first_name="Anna", last_name="Bērziņa", date_of_birth=date(2005, 5, 17)
    )
    LearnerFactory.create(
        school=cast.other_school,
        first_name="Ivo",
        last_name="Kalns",
        date_of_birth=date(2005, 6, 1),
    )
    content = learners_csv(
        rows=[["Anna", "Bērziņa", "2005-05-17"], ["Ivo", "Kalns", "2005-06-01"]],
        headers=["First name", "Surname", "Date of birth"],
    )

    assert _problems(cast, content) == [
        "Row 2: The school already has Anna Bērziņa, born 17.05.2005."
    ]


def test_a_missing_required_column_is_named(cast):
    content = learners_csv(rows=[["Anna", "2005-05-17"]], headers=["First name", "Birth date"])

    assert _problems(cast, content) == [
        "Row 1: The column “Surname” is missing.",
        "Row 2, Surname: This is required.",
    ]


def test_a_problem_names_the_column_as_the_files_header_writes_it(cast):
    content = learners_csv(rows=[["Anna", "Bērziņa", "31.02.2008"]], headers=LATVIAN_HEADERS[:3])

    with translation.override("lv"):
        (problem,) = _read(cast, content).all_problems()

    assert (problem.row, problem.column) == (2, "Dzimšanas datums")
    assert "31.02.2008" in problem.message
    assert "nav datums" in problem.message


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "learners.csv", "The file is empty."),
        ("Vārds,Uzvārds\n".encode("cp1257"), "learners.csv", "nor CSV text in UTF-8"),
        (b"\xd0\xcf\x11\xe0rest", "learners.xls", "old Excel file (.xls)"),
        (b"PK\x03\x04not really a zip", "learners.xlsx", "cannot be read as an Excel workbook"),
        (b"first name,surname\n", "learners.xlsx", "not an Excel workbook"),
        (b"x" * (5 * 1024 * 1024 + 1), "learners.csv", "larger than 5 MB"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(
    cast, content, filename, message
):
    with pytest.raises(ImportRefused) as caught:
        _read(cast, content, filename)

    assert message in str(caught.value.problems[0])


def test_more_than_5000_learners_are_refused(cast):
    rows = [["A", "B", "2005-05-17"]] * (MAX_ROWS + 1)
    content = learners_csv(rows=rows, headers=["First name", "Surname", "Date of birth"])

    with pytest.raises(ImportRefused) as caught:
        _read(cast, content)

    assert "more than 5000 learners" in str(caught.value.problems[0])


def test_workbook_rows_are_numbered_as_the_spreadsheet_shows_them(cast):
    rows = learner_rows(3)
    rows.insert(1, [None, None, None, None, None])  # an empty row 3 in the sheet
    rows[2][2] = "32.01.2005"  # now in row 4

    problems = _problems(cast, learners_xlsx(rows=rows), "learners.xlsx")

    assert problems == [
        "Row 4, Date of birth: “32.01.2005” is not a date. Write it as 17.05.2008 or 2008-05-17."
    ]


def test_only_the_schools_coordinators_and_teachers_import(cast):
    parsed = _read(cast, learners_csv(2))

    with pytest.raises(NotPermitted):
        learners_import(actor=cast.outsider, school=cast.sending, rows=parsed.rows)
    with pytest.raises(NotPermitted):
        learners_import(actor=cast.learner, school=cast.sending, rows=parsed.rows)

    assert len(learners_import(actor=cast.teacher, school=cast.sending, rows=parsed.rows)) == 2
