# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings.
"""Validation and recognition at the sending school, after the mobility.

Whoever may see the mobility (its sending school's staff, the host's coordinators, its
mentor, the learner and their guardian) reads the decisions; for anyone else the mobility and
everything of it is a 404, whether it exists or not. Writes call the same services as the
screens, which check permission again: only the sending school's coordinators and teachers
decide (anyone else who sees the mobility gets 403).

Validation is per learning outcome of the units of the signed Learning Agreement; the host's
result is read by the server when the decision is recorded (and kept with it), never taken
from the request. An outcome the host did not find achieved cannot be confirmed as matching
(422). Recognition is per unit with at least one outcome validated as matching.
"""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from ecvet.errors import DomainError
from ecvet.mobilities import selectors as mobility_selectors
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.partnerships.api import PersonRef
from ecvet.recognition import selectors
from ecvet.recognition.models import HostResult, Recognition, RecognitionKind, Validation
from ecvet.recognition.selectors import RecognitionUnit, ValidationRow, ValidationUnit
from ecvet.recognition.services import (
    VALIDATION_STATUSES,
    ValidationDecision,
    can_decide,
    mobility_recognise,
    mobility_validate,
    recognition_record,
    validation_decide,
)

router = Router(tags=["validation and recognition"])

LanguageMap = dict[str, str]


# --- shared pieces ---


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "name": _name(user)}


def _mobility(request: HttpRequest, mobility_id: int) -> Mobility:
    """A mobility the user may see (or 404, whether it exists or not)."""
    try:
        return mobility_selectors.mobility_get(user=request.user, pk=mobility_id)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _sheet(mobility: Mobility) -> list[ValidationUnit]:
    """The units in force; none before the Learning Agreement is signed."""
    try:
        return selectors.validation_sheet(mobility=mobility)
    except DomainError:
        return []


class ValidationHostOut(Schema):
    result: HostResult = Field(..., description="not_assessed when the host has not answered.")
    result_label: str
    method: str = Field(..., description="The method used; empty when not given.")
    method_label: str
    assessed_on: date | None
    assessor: PersonRef | None
    reason: str = Field(..., description="Why the outcome was not, or only partly, achieved.")
    comment: str


class ValidationSuggestionOut(Schema):
    matches: bool = Field(
        ...,
        description="True only for a unit of the learner's qualification that the host found "
        "achieved or partly achieved.",
    )
    required_outcome: str


class ValidationRecordOut(Schema):
    matches: bool
    required_outcome: str
    comment: str
    host_result: HostResult = Field(..., description="The host's result the decision was on.")
    host_result_label: str
    host_changed: bool = Field(
        ..., description="The host's result changed after the decision: check it again."
    )
    decided_by: PersonRef
    decided_on: date


class ValidationOutcomeOut(Schema):
    outcome_id: int
    agreement_unit_id: int
    category: str
    text: LanguageMap
    host: ValidationHostOut
    suggested: ValidationSuggestionOut = Field(
        ..., description="What the screen pre-fills while there is no decision."
    )
    recorded: ValidationRecordOut | None = Field(..., description="None while undecided.")


class ValidationUnitOut(Schema):
    agreement_unit_id: int
    name: LanguageMap
    linked: bool = Field(..., description="The unit belongs to the learner's qualification.")
    achievement_percent: int = Field(
        ..., description="How much of the unit the host found achieved (partly counts half)."
    )
    result_counts: dict[str, int]
    outcomes: list[ValidationOutcomeOut]


class ValidationSheetOut(Schema):
    mobility_id: int
    status: MobilityStatus
    status_label: str
    may_decide: bool = Field(..., description="You may record decisions now.")
    undecided: int = Field(..., description="Outcomes still without a decision.")
    units: list[ValidationUnitOut]


class RecognitionMobilityOut(Schema):
    mobility_id: int
    status: MobilityStatus
    status_label: str


def _host(row: ValidationRow) -> dict[str, Any]:
    answer = row.assessment
    return {
        "result": row.host_result,
        "result_label": row.host_result_label,
        "method": answer.method if answer else "",
        "method_label": str(answer.get_method_display()) if answer and answer.method else "",
        "assessed_on": answer.assessed_on if answer else None,
        "assessor": _person(answer.assessor) if answer else None,
        "reason": answer.reason if answer else "",
        "comment": answer.comment if answer else "",
    }


def _recorded(row: ValidationRow) -> dict[str, Any] | None:
    recorded: Validation | None = row.recorded
    if recorded is None:
        return None
    return {
        "matches": recorded.matches,
        "required_outcome": recorded.required_outcome,
        "comment": recorded.comment,
        "host_result": recorded.host_result,
        "host_result_label": str(recorded.get_host_result_display()),
        "host_changed": row.host_changed,
        "decided_by": _person(recorded.decided_by),
        "decided_on": recorded.decided_on,
    }


def _outcome_data(row: ValidationRow) -> dict[str, Any]:
    return {
        "outcome_id": row.outcome.pk,
        "agreement_unit_id": row.unit.pk,
        "category": row.outcome.category,
        "text": row.outcome.text,
        "host": _host(row),
        "suggested": {
            "matches": row.suggested_matches,
            "required_outcome": row.reference,
        },
        "recorded": _recorded(row),
    }


def _unit_data(unit: ValidationUnit) -> dict[str, Any]:
    return {
        "agreement_unit_id": unit.unit.pk,
        "name": unit.unit.version.name,
        "linked": unit.linked,
        "achievement_percent": unit.achievement.percent,
        "result_counts": unit.achievement.counts,
        "outcomes": [_outcome_data(row) for row in unit.rows],
    }


def _status(mobility: Mobility) -> dict[str, Any]:
    mobility.refresh_from_db(fields=["status"])
    return {
        "mobility_id": mobility.pk,
        "status": mobility.status,
        "status_label": str(MobilityStatus(mobility.status).label),
    }


# --- validation ---


class ValidationIn(Schema):
    matches: bool = Field(
        ..., description="It matches an outcome required by the learner's qualification."
    )
    required_outcome: str = Field("", max_length=500, description="The outcome it matches.")
    comment: str = Field("", max_length=10000)
    decided_on: date | None = Field(None, description="Today when left out.")
    host_result: HostResult | None = Field(
        None,
        description="The host's result you read. If the host changed it since, nothing is "
        "recorded and the answer is 409: read it again.",
    )


@router.get(
    "/mobilities/{mobility_id}/validations",
    response=ValidationSheetOut,
    summary="Every outcome of the units in force: the host's result, the suggestion and the "
    "decision recorded",
)
def list_validations(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    sheet = _sheet(mobility)
    return {
        **_status(mobility),
        "may_decide": mobility.status in VALIDATION_STATUSES
        and can_decide(actor=request.user, mobility=mobility),
        "undecided": selectors.undecided_count(sheet),
        "units": [_unit_data(unit) for unit in sheet],
    }


@router.put(
    "/mobilities/{mobility_id}/validations/{outcome_id}",
    response=ValidationOutcomeOut,
    summary="Record (or correct) the decision on one outcome",
    description="While the mobility is completed or validated (until it is recognised). An "
    "outcome the host did not find achieved, or did not assess, cannot match (422).",
)
def put_validation(
    request: HttpRequest, mobility_id: int, outcome_id: int, payload: ValidationIn
) -> Any:
    mobility = _mobility(request, mobility_id)
    rows = {row.outcome.pk: row for unit in _sheet(mobility) for row in unit.rows}
    row = rows.get(outcome_id)
    if row is None:
        raise Http404
    validation_decide(
        actor=request.user,
        mobility=mobility,
        decision=ValidationDecision(
            outcome=row.outcome,
            matches=payload.matches,
            required_outcome=payload.required_outcome,
            comment=payload.comment,
            decided_on=payload.decided_on,
            seen_result=payload.host_result,
        ),
    )
    fresh = {row.outcome.pk: row for unit in _sheet(mobility) for row in unit.rows}
    return _outcome_data(fresh[outcome_id])


@router.post(
    "/mobilities/{mobility_id}/validate",
    response=RecognitionMobilityOut,
    summary="Confirm the validation: completed → validated",
    description="Once every outcome has a decision (else 400, saying how many lack one).",
)
def validate(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    mobility_validate(actor=request.user, mobility=mobility)
    return _status(mobility)


# --- recognition ---


class RecognitionRecordOut(Schema):
    kinds: list[RecognitionKind]
    kind_labels: list[str]
    grade: str
    note: str
    decided_by: PersonRef
    decided_on: date


class RecognitionOutcomeOut(Schema):
    outcome_id: int
    text: LanguageMap
    host_result: HostResult
    validated: str = Field(..., description="matches, no_match, or undecided")


class RecognitionUnitOut(Schema):
    agreement_unit_id: int
    name: LanguageMap
    recognisable: bool = Field(
        ..., description="At least one outcome is validated as matching the qualification."
    )
    outcomes: list[RecognitionOutcomeOut]
    recorded: RecognitionRecordOut | None


class RecognitionSheetOut(Schema):
    mobility_id: int
    status: MobilityStatus
    status_label: str
    may_decide: bool = Field(..., description="You may record recognitions now.")
    unrecognised: int = Field(
        ..., description="Units with validated outcomes that are not recognised yet."
    )
    units: list[RecognitionUnitOut]


class RecognitionIn(Schema):
    kinds: list[RecognitionKind] = Field(
        ..., description="Every way the unit counts; at least one."
    )
    grade: str = Field("", max_length=40, description="Required with grade_book.")
    note: str = Field("", max_length=10000)
    decided_on: date | None = Field(None, description="Today when left out.")


def _validated(row: ValidationRow) -> str:
    if row.recorded is None:
        return "undecided"
    return "matches" if row.recorded.matches else "no_match"


def _recognition_data(unit: RecognitionUnit) -> dict[str, Any]:
    recorded: Recognition | None = unit.recorded
    return {
        "agreement_unit_id": unit.unit.pk,
        "name": unit.unit.version.name,
        "recognisable": unit.recognisable,
        "outcomes": [
            {
                "outcome_id": row.outcome.pk,
                "text": row.outcome.text,
                "host_result": row.host_result,
                "validated": _validated(row),
            }
            for row in unit.validation.rows
        ],
        "recorded": None
        if recorded is None
        else {
            "kinds": recorded.kinds,
            "kind_labels": recorded.kind_labels,
            "grade": recorded.grade,
            "note": recorded.note,
            "decided_by": _person(recorded.decided_by),
            "decided_on": recorded.decided_on,
        },
    }


def _recognition_units(mobility: Mobility) -> list[RecognitionUnit]:
    return selectors.recognition_sheet(mobility=mobility, sheet=_sheet(mobility))


@router.get(
    "/mobilities/{mobility_id}/recognitions",
    response=RecognitionSheetOut,
    summary="Each unit in force: its validated outcomes and how it is recognised",
)
def list_recognitions(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    units = _recognition_units(mobility)
    return {
        **_status(mobility),
        "may_decide": mobility.status == MobilityStatus.VALIDATED
        and can_decide(actor=request.user, mobility=mobility),
        "unrecognised": selectors.unrecognised_count(units),
        "units": [_recognition_data(unit) for unit in units],
    }


@router.put(
    "/mobilities/{mobility_id}/recognitions/{agreement_unit_id}",
    response=RecognitionUnitOut,
    summary="Record (or correct) how a unit with validated outcomes is recognised",
    description="While the mobility is validated. A unit with no outcome validated as "
    "matching cannot be recognised (400).",
)
def put_recognition(
    request: HttpRequest, mobility_id: int, agreement_unit_id: int, payload: RecognitionIn
) -> Any:
    mobility = _mobility(request, mobility_id)
    unit = next((u for u in _recognition_units(mobility) if u.unit.pk == agreement_unit_id), None)
    if unit is None:
        raise Http404
    recognition_record(
        actor=request.user,
        mobility=mobility,
        agreement_unit=unit.unit,
        kinds=[str(kind) for kind in payload.kinds],
        grade=payload.grade,
        note=payload.note,
        decided_on=payload.decided_on,
    )
    fresh = next(u for u in _recognition_units(mobility) if u.unit.pk == agreement_unit_id)
    return _recognition_data(fresh)


@router.post(
    "/mobilities/{mobility_id}/recognise",
    response=RecognitionMobilityOut,
    summary="Confirm the recognition: validated → recognised",
    description="Once every unit with validated matching outcomes is recognised (else 400, "
    "saying how many are not).",
)
def recognise(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    mobility_recognise(actor=request.user, mobility=mobility)
    return _status(mobility)
