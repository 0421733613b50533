"""The learner's self-assessment (slide 15) and the page that puts it beside the host's
assessment, with the outcomes where the two differ marked.

The self-assessment is the learner's own: only the mobility's learner opens it (a guardian,
staff, another learner and the outsider get 404); staff read the answers on the comparison.
Each answer is saved at once: with htmx a change posts that one outcome's form and the answer
comes back as a short status; without scripts the form posts the page and returns to the
outcome's anchor.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecvet.assessments.learner_forms import SelfAssessmentForm
from ecvet.assessments.models import OutcomeResult
from ecvet.assessments.selectors import OutcomeAnswers, outcome_answers, own_mobility
from ecvet.assessments.services import RECORDING_STATUSES, self_assessment_record
from ecvet.errors import DomainError
from ecvet.forms import add_error
from ecvet.mobilities import selectors as mobility_selectors
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.multilingual.text import pick
from ecvet.qualifications.models import Category

#: Someone who may not see the mobility gets 404 whatever the method; a wrong method 405 only
#: for those who may.
READ = ("GET", "HEAD")


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _label(result: str | None) -> str:
    return str(OutcomeResult(result).label) if result else ""


def _closed_reason(mobility: Mobility, rows: list[OutcomeAnswers]) -> str:
    """Why the learner cannot change their answers now, in plain words; "" when they can."""
    if not rows:
        return _(
            "Your Learning Agreement is not signed by everyone yet. You can assess yourself "
            "once it is signed and your mobility has started."
        )
    if mobility.status in RECORDING_STATUSES:
        return ""
    if mobility.status in (MobilityStatus.PLANNED, MobilityStatus.AGREED):
        return _("You can assess yourself once your mobility has started.")
    if mobility.status == MobilityStatus.CANCELLED:
        return _("This mobility was cancelled, so there is nothing to assess.")
    return _(
        "Your school has already validated your results, so your answers can no longer be changed."
    )


def _units(rows: list[OutcomeAnswers], language: str, **per_row: Any) -> list[dict[str, Any]]:
    """The rows grouped by unit, each with its texts in the reader's language; ``per_row``
    maps a key to a function of the row, for what a page adds to each row."""
    columns = dict(Category.choices)
    order = {code: index for index, code in enumerate(Category.values)}
    units = []
    for unit, grouped in groupby(rows, key=lambda row: row.unit):
        # The seed's column order (knowledge, skills, competence), not the codes' alphabet.
        unit_rows = sorted(grouped, key=lambda row: order.get(row.outcome.category, len(order)))
        units.append(
            {
                "unit": unit,
                "name": pick(unit.version.name, language),
                "rows": [
                    {
                        "answers": row,
                        "text": pick(row.outcome.text, language),
                        "column": columns.get(row.outcome.category, ""),
                        "heading": pick(row.heading.text, language) if row.heading else "",
                        **{key: build(row) for key, build in per_row.items()},
                    }
                    for row in unit_rows
                ],
            }
        )
    return units


# --- the self-assessment ---


def _own_or_404(request: HttpRequest, pk: int) -> Mobility:
    try:
        return own_mobility(user=request.user, pk=pk)
    except Mobility.DoesNotExist as exc:
        raise Http404 from exc


def _form_of(row: OutcomeAnswers) -> SelfAssessmentForm:
    answer = row.self_assessment
    initial = {"result": answer.result, "comment": answer.comment} if answer else {}
    return SelfAssessmentForm(initial=initial, outcome_pk=row.outcome.pk)


def _posted_row(request: HttpRequest, rows: list[OutcomeAnswers]) -> OutcomeAnswers:
    try:
        wanted = int(request.POST.get("outcome", ""))
    except ValueError as exc:
        raise Http404 from exc
    for row in rows:
        if row.outcome.pk == wanted:
            return row
    raise Http404


def _progress(answered: int, total: int) -> str:
    return ngettext(
        "I have answered %(answered)s of %(total)s outcome.",
        "I have answered %(answered)s of %(total)s outcomes.",
        total,
    ) % {"answered": answered, "total": total}


def _self_page(
    request: HttpRequest,
    mobility: Mobility,
    rows: list[OutcomeAnswers],
    bound: SelfAssessmentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    def form(row: OutcomeAnswers) -> SelfAssessmentForm:
        if bound is not None and row.outcome.pk == bound.fields["outcome"].initial:
            return bound
        return _form_of(row)

    answered = sum(1 for row in rows if row.self_assessment is not None)
    return render(
        request,
        "assessments/self_assessment.html",
        {
            "mobility": mobility,
            "units": _units(rows, _language(), form=form, label=lambda r: _label(r.learner)),
            "closed": _closed_reason(mobility, rows),
            "progress": _progress(answered, len(rows)),
            "total": len(rows),
        },
        status=status,
    )


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _own_or_404(request, pk)
    if request.method not in (*READ, "POST"):
        return HttpResponseNotAllowed([*READ, "POST"])
    rows = outcome_answers(mobility=mobility, with_assessments=False)
    if request.method in READ:
        return _self_page(request, mobility, rows)
    row = _posted_row(request, rows)
    form = SelfAssessmentForm(request.POST, outcome_pk=row.outcome.pk)
    saved = False
    if form.is_valid():
        try:
            self_assessment_record(
                actor=request.user,
                mobility=mobility,
                outcome=row.outcome,
                result=form.cleaned_data["result"],
                comment=form.cleaned_data["comment"],
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            saved = True
    if request.htmx:  # type: ignore[attr-defined]
        # Only the outcome's status comes back: the form itself stays as the learner left it,
        # so nothing typed meanwhile is lost. htmx swaps only 2xx answers, hence 200.
        answered = sum(1 for other in rows if other.self_assessment is not None)
        if saved and row.self_assessment is None:
            answered += 1
        return render(
            request,
            "assessments/_self_status.html",
            {"form": form, "saved": saved, "oob_progress": _progress(answered, len(rows))},
        )
    if saved:
        url = reverse("self_assessment", args=[mobility.pk])
        return redirect(f"{url}#outcome-{row.outcome.pk}")
    return _self_page(request, mobility, rows, bound=form, status=400)


# --- the comparison ---


def _comparison_page(
    request: HttpRequest, mobility: Mobility, *, as_learner: bool, staff: bool
) -> HttpResponse:
    rows = outcome_answers(mobility=mobility)
    differing = sum(1 for row in rows if row.differs)
    both = sum(1 for row in rows if row.mentor and row.learner)
    return render(
        request,
        "assessments/comparison.html",
        {
            "mobility": mobility,
            "as_learner": as_learner,
            "staff": staff,
            "as_guardian": as_learner and mobility.learner.user_id != request.user.pk,
            "units": _units(
                rows,
                _language(),
                mentor_label=lambda r: _label(r.mentor),
                learner_label=lambda r: _label(r.learner),
            ),
            "total": len(rows),
            "differing": differing,
            "summary": ngettext(
                "The answers differ on %(differing)s of %(total)s outcome.",
                "The answers differ on %(differing)s of %(total)s outcomes.",
                len(rows),
            )
            % {"differing": differing, "total": len(rows)},
            "answered": ngettext(
                "Both have answered %(both)s of %(total)s outcome.",
                "Both have answered %(both)s of %(total)s outcomes.",
                len(rows),
            )
            % {"both": both, "total": len(rows)},
        },
    )


@login_required
def assessment_comparison(request: HttpRequest, pk: int) -> HttpResponse:
    """For whoever sees the mobility: its staff, the host, the mentor, the learner and their
    guardian."""
    visible = mobility_selectors.mobility_list(user=request.user)
    try:
        mobility = visible.get(pk=pk)
    except Mobility.DoesNotExist as exc:
        raise Http404 from exc
    if request.method not in READ:
        return HttpResponseNotAllowed(READ)
    # Staff come from the mobility's page; a learner or guardian from their own page.
    staff = mobility_selectors.mobility_list(user=request.user, staff_only=True)
    is_staff = staff.filter(pk=pk).exists()
    return _comparison_page(request, mobility, as_learner=not is_staff, staff=is_staff)


@login_required
def my_comparison(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page in the learner's own area (the learner and their guardian only)."""
    mine = mobility_selectors.mobilities_of_learner_user(user=request.user)
    try:
        mobility = mine.get(pk=pk)
    except Mobility.DoesNotExist as exc:
        raise Http404 from exc
    if request.method not in READ:
        return HttpResponseNotAllowed(READ)
    return _comparison_page(request, mobility, as_learner=True, staff=False)
