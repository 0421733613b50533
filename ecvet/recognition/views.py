"""The sending school's screens after the mobility: validation outcome by outcome,
recognition unit by unit, and the record of both decisions.

Every view finds the mobility through ``mobility_get``: whoever may not see it gets 404,
whatever the method. Whoever sees it (the learner, a guardian, the host, the mentor) reads
the decisions; only the sending school's coordinators and teachers (``can_decide``) get the
forms, and a POST from anyone else is refused (403) before anything is read from it. The
services have the last word on every decision.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.errors import DomainError
from ecvet.forms import add_error, error_text
from ecvet.mobilities import selectors as mobility_selectors
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.recognition import selectors
from ecvet.recognition.forms import RecognitionForm, ValidationForm
from ecvet.recognition.models import RecognitionKind
from ecvet.recognition.selectors import RecognitionUnit, ValidationRow, ValidationUnit
from ecvet.recognition.services import (
    VALIDATION_STATUSES,
    DecisionsRefused,
    ValidationDecision,
    can_decide,
    mobility_recognise,
    mobility_validate,
    recognition_record,
    validation_decide,
    validation_decide_all,
)
from ecvet.transcripts.selectors import transcript_in_force, transcript_outdated

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")


# --- finding things (404 for whoever may not see them) ---


def _mobility_or_404(request: HttpRequest, pk: int) -> Mobility:
    try:
        return mobility_selectors.mobility_get(user=request.user, pk=pk)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _methods(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    if request.method not in allowed:
        return HttpResponseNotAllowed([m for m in allowed if m != "HEAD"])
    return None


def _require_decider(request: HttpRequest, mobility: Mobility) -> None:
    if not can_decide(actor=request.user, mobility=mobility):
        raise PermissionDenied(
            _("Only the sending school's coordinators and teachers validate and recognise.")
        )


def _validation_sheet(mobility: Mobility) -> tuple[list[ValidationUnit], str]:
    """The sheet, or none and why (no signed Learning Agreement)."""
    try:
        return selectors.validation_sheet(mobility=mobility), ""
    except DomainError as error:
        return [], error.message


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _common(request: HttpRequest, mobility: Mobility) -> dict[str, Any]:
    return {
        "mobility": mobility,
        "may_decide": can_decide(actor=request.user, mobility=mobility),
        # The staff come from the mobility's page; the learner and a guardian from their own.
        "staff_reader": mobility_selectors.mobility_list(user=request.user, staff_only=True)
        .filter(pk=mobility.pk)
        .exists(),
        "statuses": MobilityStatus,
    }


# --- validation ---


def _validation_initial(row: ValidationRow) -> dict[str, Any]:
    recorded = row.recorded
    if recorded is not None:
        return {
            "matches": recorded.matches,
            "required_outcome": recorded.required_outcome or row.reference,
            "comment": recorded.comment,
            "decided_on": recorded.decided_on,
            "seen_result": row.host_result,
        }
    return {
        "matches": row.suggested_matches,
        "required_outcome": row.reference,
        "comment": "",
        "decided_on": timezone.localdate(),
        "seen_result": row.host_result,
    }


def _validation_form(row: ValidationRow, data: Any = None) -> ValidationForm:
    return ValidationForm(
        data,
        prefix=ValidationForm.prefix_for(row.outcome.pk),
        initial=_validation_initial(row),
    )


def _rows(sheet: list[ValidationUnit]) -> dict[int, ValidationRow]:
    return {row.outcome.pk: row for unit in sheet for row in unit.rows}


def _decision(row: ValidationRow, form: ValidationForm) -> ValidationDecision:
    data = form.cleaned_data
    return ValidationDecision(
        outcome=row.outcome,
        matches=data["matches"],
        required_outcome=data["required_outcome"],
        comment=data["comment"],
        decided_on=data["decided_on"],
        seen_result=data["seen_result"] or None,
    )


def _validation_page(
    request: HttpRequest,
    mobility: Mobility,
    *,
    sheet: list[ValidationUnit],
    problem: str,
    forms: dict[int, ValidationForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _common(request, mobility)
    transcript = transcript_in_force(mobility=mobility)
    editable = context["may_decide"] and mobility.status in VALIDATION_STATUSES and not problem
    forms = forms or {}
    units = [
        {
            "sheet": unit,
            "entries": [
                (row, (forms.get(row.outcome.pk) or _validation_form(row)) if editable else None)
                for row in unit.rows
            ],
        }
        for unit in sheet
    ]
    return render(
        request,
        "recognition/validation.html",
        {
            **context,
            "units": units,
            "problem": problem,
            "editable": editable,
            "undecided": selectors.undecided_count(sheet),
            "outcome_count": sum(len(unit.rows) for unit in sheet),
            "transcript": transcript,
            "transcript_outdated": transcript is not None and transcript_outdated(transcript),
        },
        status=status,
    )


def _validation_row_response(
    request: HttpRequest, mobility: Mobility, row: ValidationRow, form: ValidationForm, saved: bool
) -> HttpResponse:
    """The one outcome again (saved, or with its errors and what was typed), and the count
    of undecided outcomes beside the confirm button (out of band)."""
    sheet, _problem = _validation_sheet(mobility)
    return render(
        request,
        "recognition/_validation_row_response.html",
        {
            **_common(request, mobility),
            "row": row,
            "form": form,
            "editable": True,
            "saved": saved,
            "undecided": selectors.undecided_count(sheet),
            "outcome_count": sum(len(unit.rows) for unit in sheet),
        },
    )


def _save_one(
    request: HttpRequest, mobility: Mobility, sheet: list[ValidationUnit], outcome_id: int
) -> HttpResponse:
    row = _rows(sheet).get(outcome_id)
    if row is None:
        raise Http404
    form = _validation_form(row, request.POST)
    if form.is_valid():
        try:
            validation_decide(actor=request.user, mobility=mobility, decision=_decision(row, form))
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                fresh = _rows(selectors.validation_sheet(mobility=mobility))[outcome_id]
                return _validation_row_response(
                    request, mobility, fresh, _validation_form(fresh), saved=True
                )
            messages.success(
                request, _("The decision on “%(outcome)s” was saved.") % {"outcome": row.outcome}
            )
            return redirect(reverse("validation", args=[mobility.pk]) + f"#outcome-{outcome_id}")
    if request.htmx:  # type: ignore[attr-defined]
        return _validation_row_response(request, mobility, row, form, saved=False)
    return _validation_page(
        request, mobility, sheet=sheet, problem="", forms={outcome_id: form}, status=400
    )


def _save_all(
    request: HttpRequest, mobility: Mobility, sheet: list[ValidationUnit]
) -> HttpResponse:
    rows = _rows(sheet)
    forms = {pk: _validation_form(row, request.POST) for pk, row in rows.items()}
    if all(form.is_valid() for form in forms.values()):
        decisions = [_decision(rows[pk], form) for pk, form in forms.items()]
        try:
            validation_decide_all(actor=request.user, mobility=mobility, decisions=decisions)
        except DecisionsRefused as refused:
            messages.error(request, refused.message)
            for pk, error in refused.errors.items():
                add_error(forms[pk], error)
        except (DomainError, ValidationError) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Every decision was saved."))
            return redirect("validation", pk=mobility.pk)
    else:
        messages.error(
            request,
            _("Nothing was saved: correct the outcomes marked below and save again."),
        )
    return _validation_page(request, mobility, sheet=sheet, problem="", forms=forms, status=400)


def _confirm_validation(request: HttpRequest, mobility: Mobility) -> HttpResponse:
    try:
        mobility_validate(actor=request.user, mobility=mobility)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("validation", pk=mobility.pk)
    messages.success(
        request,
        _("The mobility is validated. Now say how each unit with matching outcomes is recognised."),
    )
    return redirect("recognition", pk=mobility.pk)


@login_required
def validation(request: HttpRequest, pk: int) -> HttpResponse:
    """Every outcome of the units in force with the host's result and the decision on it."""
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, READ_WRITE):
        return refused
    if request.method == "POST":
        _require_decider(request, mobility)
        if request.POST.get("action") == "validate":
            return _confirm_validation(request, mobility)
        if mobility.status not in VALIDATION_STATUSES:
            messages.error(
                request,
                _(
                    "Outcomes are validated after the mobility is completed; this one is "
                    "“%(status)s”."
                )
                % {"status": mobility.get_status_display()},
            )
            return redirect("validation", pk=mobility.pk)
        sheet, problem = _validation_sheet(mobility)
        if problem:
            messages.error(request, problem)
            return redirect("validation", pk=mobility.pk)
        outcome_id = _int(request.POST.get("outcome"))
        if outcome_id is not None:
            return _save_one(request, mobility, sheet, outcome_id)
        return _save_all(request, mobility, sheet)
    sheet, problem = _validation_sheet(mobility)
    return _validation_page(request, mobility, sheet=sheet, problem=problem)


# --- recognition ---


def _recognition_form(unit: RecognitionUnit, data: Any = None) -> RecognitionForm:
    recorded = unit.recorded
    initial: dict[str, Any] = {"decided_on": timezone.localdate()}
    if recorded is not None:
        initial = {
            "kinds": list(recorded.kinds),
            "grade": recorded.grade,
            "note": recorded.note,
            "decided_on": recorded.decided_on,
        }
    return RecognitionForm(data, prefix=RecognitionForm.prefix_for(unit.unit.pk), initial=initial)


def _recognition_page(
    request: HttpRequest,
    mobility: Mobility,
    *,
    units: list[RecognitionUnit],
    problem: str,
    bound: RecognitionForm | None = None,
    bound_unit: int | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _common(request, mobility)
    editable = context["may_decide"] and mobility.status == MobilityStatus.VALIDATED and not problem
    entries = []
    for unit in units:
        form = None
        if editable and unit.recognisable:
            form = bound if bound is not None and bound_unit == unit.unit.pk else None
            form = form or _recognition_form(unit)
        entries.append({"unit": unit, "form": form, "chosen": _chosen_kinds(form)})
    return render(
        request,
        "recognition/recognition.html",
        {
            **context,
            "entries": entries,
            "problem": problem,
            "editable": editable,
            "kinds": RecognitionKind.choices,
            "unrecognised": selectors.unrecognised_count(units),
            "recognisable_count": sum(1 for unit in units if unit.recognisable),
        },
        status=status,
    )


def _chosen_kinds(form: RecognitionForm | None) -> set[str]:
    if form is None:
        return set()
    return {str(value) for value in form["kinds"].value() or []}


def _recognition_units(mobility: Mobility) -> tuple[list[RecognitionUnit], str]:
    try:
        return selectors.recognition_sheet(mobility=mobility), ""
    except DomainError as error:
        return [], error.message


def _save_unit(
    request: HttpRequest, mobility: Mobility, units: list[RecognitionUnit], unit_id: int
) -> HttpResponse:
    unit = next((u for u in units if u.unit.pk == unit_id), None)
    if unit is None:
        raise Http404
    form = _recognition_form(unit, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recognition_record(
                actor=request.user,
                mobility=mobility,
                agreement_unit=unit.unit,
                kinds=data["kinds"],
                grade=data["grade"],
                note=data["note"],
                decided_on=data["decided_on"],
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _("The recognition of “%(unit)s” was saved.") % {"unit": unit.unit.version},
            )
            return redirect(reverse("recognition", args=[mobility.pk]) + f"#unit-{unit_id}")
    return _recognition_page(
        request, mobility, units=units, problem="", bound=form, bound_unit=unit_id, status=400
    )


def _confirm_recognition(request: HttpRequest, mobility: Mobility) -> HttpResponse:
    try:
        mobility_recognise(actor=request.user, mobility=mobility)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("recognition", pk=mobility.pk)
    messages.success(request, _("The mobility is recognised."))
    return redirect("recognition_summary", pk=mobility.pk)


@login_required
def recognition(request: HttpRequest, pk: int) -> HttpResponse:
    """Each unit in force: its validated outcomes and how it counts at the sending school."""
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, READ_WRITE):
        return refused
    if request.method == "POST":
        _require_decider(request, mobility)
        if request.POST.get("action") == "recognise":
            return _confirm_recognition(request, mobility)
        if mobility.status != MobilityStatus.VALIDATED:
            messages.error(
                request,
                _("Units are recognised once the mobility is validated; this one is “%(status)s”.")
                % {"status": mobility.get_status_display()},
            )
            return redirect("recognition", pk=mobility.pk)
        units, problem = _recognition_units(mobility)
        unit_id = _int(request.POST.get("unit"))
        if problem or unit_id is None:
            messages.error(request, problem or _("Choose a unit to recognise."))
            return redirect("recognition", pk=mobility.pk)
        return _save_unit(request, mobility, units, unit_id)
    units, problem = _recognition_units(mobility)
    return _recognition_page(request, mobility, units=units, problem=problem)


# --- the record of both decisions ---


@login_required
def recognition_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """Who decided what and when, for whoever may see the mobility."""
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, READ):
        return refused
    units, problem = _recognition_units(mobility)
    return render(
        request,
        "recognition/summary.html",
        {
            **_common(request, mobility),
            "units": units,
            "problem": problem,
            "undecided": selectors.undecided_count([unit.validation for unit in units]),
        },
    )
