# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (Query[...]).

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from ecvet.qualifications.selectors import unit_list
from ecvet.qualifications.transfer.export import outcomes_csv_export, units_export
from ecvet.qualifications.transfer.importing import units_import
from ecvet.qualifications.transfer.problems import ImportRefused
from ecvet.qualifications.transfer.schema import SCHEMA_URI
from ecvet.qualifications.transfer.selectors import import_owner_list

router = Router(tags=["unit import and export"])

_FORMAT = (
    f"The document format `{SCHEMA_URI}` is described in `docs/unit-import-export.md`; "
    "its JSON Schema is `docs/schema/units-1.schema.json`."
)


class ExportFilters(Schema):
    unit: int | None = Field(None, description="Only this unit (its latest version).")


class UnitsImportIn(Schema):
    owner: int = Field(..., description="The institution that will own the imported units.")
    document: dict[str, Any] | str = Field(
        ...,
        description="The unit document as a JSON object, or the text of an exported file. "
        "Problem lines count in the request body, or in the text when it is a string.",
    )


class UnitsImportOut(Schema):
    units: list[int] = Field(..., description="Ids of the new units, in document order.")


class ProblemOut(Schema):
    line: int | None
    path: str = Field(..., description="Where in the document, e.g. units[0].outcomes.skills[3]")
    message: str


class ImportProblemsOut(Schema):
    detail: str
    problems: list[ProblemOut]


class NotFoundOut(Schema):
    detail: str


@router.get(
    "/units/export",
    summary="Units you may see, as a JSON document",
    description=_FORMAT,
    openapi_extra={
        "responses": {
            200: {
                "description": "The unit document (format version 1)",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def export_units(request: HttpRequest, filters: Query[ExportFilters]) -> HttpResponse:
    units: Any = unit_list(user=request.user)
    if filters.unit is not None:
        units = [get_object_or_404(units, pk=filters.unit)]
    document = units_export(user=request.user, units=units)
    return HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )


@router.post(
    "/units/import",
    response={201: UnitsImportOut, 404: NotFoundOut, 422: ImportProblemsOut},
    summary="Import units from a JSON document, all or nothing",
    description=_FORMAT
    + " The whole document is checked first; on any problem nothing is imported and the "
    "answer lists every problem with its line.",
)
def import_units(request: HttpRequest, payload: UnitsImportIn) -> Any:
    owner = get_object_or_404(import_owner_list(user=request.user), pk=payload.owner)
    if isinstance(payload.document, str):
        document: bytes | str = payload.document
        located_at: tuple[str, ...] = ()
    else:
        # Check the body as sent, so that lines count where the client can find them.
        document, located_at = request.body, ("document",)
    try:
        units = units_import(
            actor=request.user, owner=owner, document=document, located_at=located_at
        )
    except ImportRefused as error:
        return Status(
            422, {"detail": error.message, "problems": [p.as_dict() for p in error.problems]}
        )
    return Status(201, {"units": [unit.pk for unit in units]})


@router.get(
    "/units/{unit_id}/versions/{number}/outcomes.csv",
    summary="A version's learning outcomes as CSV",
    description="Columns: column, heading, text_<language>…, criteria_<language>…, "
    "esco_skills. `?delimiter=semicolon` for spreadsheets that use a decimal comma.",
    openapi_extra={
        "responses": {
            200: {
                "description": "The outcomes, one row each",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def export_outcomes_csv(
    request: HttpRequest, unit_id: int, number: int, delimiter: str = ","
) -> HttpResponse:
    unit = get_object_or_404(unit_list(user=request.user), pk=unit_id)
    version = get_object_or_404(unit.versions.all(), number=number)
    text = outcomes_csv_export(version, delimiter=";" if delimiter in {";", "semicolon"} else ",")
    return HttpResponse(text, content_type="text/csv; charset=utf-8")
