"""The unit editor: the header form, and the three columns edited inline with htmx.

Every column action answers with the column re-rendered (so positions and headings stay
right) and the ``unitChanged`` event, on which the criteria checks panel reloads itself.
A validation error answers with the column and the form still holding what was typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecvet.errors import DomainError
from ecvet.forms import add_error
from ecvet.multilingual.text import content_languages, pick
from ecvet.qualifications.checks import unit_checks
from ecvet.qualifications.esco.index import esco_skill_suggestions
from ecvet.qualifications.forms import OutcomeForm, PasteForm, QuickAddForm, UnitForm
from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    EscoKind,
    LearningOutcome,
    Unit,
    UnitVersion,
    VersionStatus,
)
from ecvet.qualifications.selectors import (
    outcome_changeable,
    qualification_list,
    unit_changeable,
    version_with_outcomes,
)
from ecvet.qualifications.services.outcomes import (
    outcome_add,
    outcome_delete,
    outcome_move,
    outcome_skill_accept,
    outcome_skill_remove,
    outcome_update,
    outcomes_paste,
)
from ecvet.qualifications.services.units import (
    unit_draft,
    unit_translation_confirm,
    unit_version_update,
)

CHANGED = "unitChanged"


def _changeable_unit(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(unit_changeable(user=request.user), pk=pk)


def _draft_or_404(request: HttpRequest, pk: int) -> UnitVersion:
    """The unit's open draft; column actions never start one (a GET-free, explicit step)."""
    unit = _changeable_unit(request, pk)
    version = unit.latest_version
    if version.status != VersionStatus.DRAFT:
        raise Http404
    return version


def _outcome_or_404(request: HttpRequest, pk: int) -> LearningOutcome:
    return get_object_or_404(
        outcome_changeable(user=request.user).filter(version__status=VersionStatus.DRAFT), pk=pk
    )


def _column_context(
    version: UnitVersion, category: str, *, loaded: bool = False, **extra: Any
) -> dict[str, Any]:
    """What ``_column.html`` needs; ``loaded`` says the version's rows are prefetched."""
    if not loaded:
        version = version_with_outcomes(version)
    column = Category(category)
    return {
        "version": version,
        "column": {"category": column, "rows": version.columns()[column]},
        "quick_form": extra.pop("quick_form", None) or QuickAddForm(prefix=category),
        "paste_form": extra.pop("paste_form", None)
        or PasteForm(prefix=f"paste-{category}", initial={"language": version.source_language}),
        **extra,
    }


def _column_response(
    request: HttpRequest, version: UnitVersion, category: str, **extra: Any
) -> HttpResponse:
    if not request.htmx:  # type: ignore[attr-defined]
        # A form posted without htmx (scripts off, or a key pressed before htmx took over a
        # freshly swapped form) gets the whole editor back, never a bare fragment.
        for form in (extra.get("quick_form"), extra.get("paste_form")):
            for errors in getattr(form, "errors", {}).values():
                for error in errors:
                    messages.error(request, error)
        return redirect(f"{reverse('unit_edit', args=[version.unit_id])}#column-{category}")
    response = render(
        request, "qualifications/editor/_column.html", _column_context(version, category, **extra)
    )
    response["HX-Trigger"] = CHANGED
    return response


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _changeable_unit(request, pk)
    version = version_with_outcomes(unit.latest_version)
    qualifications = qualification_list(user=request.user)
    if version.status != VersionStatus.DRAFT:
        return render(
            request, "qualifications/editor/agreed.html", {"unit": unit, "version": version}
        )
    form = UnitForm(request.POST or None, qualifications=qualifications, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            unit_version_update(actor=request.user, version=version, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("unit_edit", pk=unit.pk)
    return render(
        request,
        "qualifications/editor/edit.html",
        {
            "unit": unit,
            "version": version,
            "form": form,
            "columns": [_column_context(version, category, loaded=True) for category in Category],
            "checks": unit_checks(version),
            "content_languages": content_languages(),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def unit_draft_start(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _changeable_unit(request, pk)
    try:
        draft = unit_draft(actor=request.user, unit=unit)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("unit_detail", pk=unit.pk)
    messages.info(
        request,
        _("Version %(number)s is a new draft; the agreed version stays as it was.")
        % {"number": draft.number},
    )
    return redirect("unit_edit", pk=unit.pk)


@login_required
def unit_checks_panel(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _changeable_unit(request, pk)
    version = version_with_outcomes(unit.latest_version)
    return render(
        request,
        "qualifications/_checks.html",
        {"checks": unit_checks(version), "unit": unit},
    )


@login_required
def unit_column(request: HttpRequest, pk: int, category: str) -> HttpResponse:
    version = _draft_or_404(request, pk)
    if category not in Category.values:
        raise Http404
    return render(request, "qualifications/editor/_column.html", _column_context(version, category))


@login_required
@require_POST
def outcome_quick_add(request: HttpRequest, pk: int, category: str) -> HttpResponse:
    version = _draft_or_404(request, pk)
    if category not in Category.values:
        raise Http404
    form = QuickAddForm(request.POST, prefix=category)
    if form.is_valid():
        line = form.cleaned_data["line"].strip()
        heading = line.endswith(":")
        try:
            outcome_add(
                actor=request.user,
                version=version,
                category=category,
                text={version.source_language: line.rstrip(":").strip() if heading else line},
                is_heading=heading,
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            return _column_response(request, version, category, focus="quick")
    return _column_response(request, version, category, quick_form=form, focus="quick")


@login_required
@require_POST
def outcome_paste(request: HttpRequest, pk: int, category: str) -> HttpResponse:
    version = _draft_or_404(request, pk)
    if category not in Category.values:
        raise Http404
    form = PasteForm(request.POST, prefix=f"paste-{category}")
    if form.is_valid():
        try:
            created = outcomes_paste(
                actor=request.user,
                version=version,
                category=category,
                text=form.cleaned_data["text"],
                language=form.cleaned_data["language"],
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            return _column_response(request, version, category, pasted=len(created))
    return _column_response(request, version, category, paste_form=form, paste_open=True)


@login_required
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome_or_404(request, pk)
    version = outcome.version
    form = OutcomeForm(
        request.POST or None,
        outcome=outcome,
        source=version.source_language,
        initial={
            "text": outcome.text,
            "criteria": outcome.criteria,
            "is_heading": outcome.is_heading,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome_update(actor=request.user, outcome=outcome, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            return _column_response(request, version, outcome.category)
    response = render(
        request,
        "qualifications/editor/_outcome_form.html",
        {"form": form, "outcome": outcome, "version": version},
    )
    if form.is_bound:  # not saved: show the form again where it was, with what was typed
        response["HX-Retarget"] = f"#outcome-{outcome.pk}"
        response["HX-Reswap"] = "outerHTML"
    return response


@login_required
@require_POST
def outcome_remove(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome_or_404(request, pk)
    try:
        outcome_delete(actor=request.user, outcome=outcome)
    except DomainError as error:
        messages.error(request, error.message)
    return _column_response(request, outcome.version, outcome.category)


@login_required
@require_POST
def outcome_reorder(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    outcome = _outcome_or_404(request, pk)
    offset = {"up": -1, "down": 1}.get(direction)
    if offset is None:
        raise Http404
    outcome_move(actor=request.user, outcome=outcome, offset=offset)
    return _column_response(
        request, outcome.version, outcome.category, focus_pk=outcome.pk, focus_dir=direction
    )


@login_required
def outcome_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome_or_404(request, pk)
    # ESCO's labels are English: suggest from the English text when there is one.
    text = outcome.text.get("en") or pick(outcome.text)
    linked = set(outcome.outcomeskill_set.values_list("skill__uri", flat=True))
    suggestions = [s for s in esco_skill_suggestions(text=text, limit=8) if s.uri not in linked][:6]
    return render(
        request,
        "qualifications/editor/_suggestions.html",
        {"outcome": outcome, "suggestions": suggestions, "searched": text},
    )


@login_required
@require_POST
def outcome_skill_link(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome_or_404(request, pk)
    skill = get_object_or_404(EscoConcept, uri=request.POST.get("uri", ""), kind=EscoKind.SKILL)
    try:
        outcome_skill_accept(actor=request.user, outcome=outcome, skill=skill)
    except DomainError as error:
        messages.error(request, error.message)
    return _column_response(request, outcome.version, outcome.category)


@login_required
@require_POST
def outcome_skill_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _outcome_or_404(request, pk)
    skill = get_object_or_404(EscoConcept, uri=request.POST.get("uri", ""))
    outcome_skill_remove(actor=request.user, outcome=outcome, skill=skill)
    return _column_response(request, outcome.version, outcome.category)


@login_required
@require_POST
def unit_translation_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    version = _draft_or_404(request, pk)
    language = request.POST.get("language", "")
    if language not in content_languages():
        raise Http404
    unit_translation_confirm(actor=request.user, version=version, language=language)
    messages.success(request, _("The translations are marked as up to date."))
    return redirect("unit_edit", pk=pk)
