"""The assessor's screens: the assessment sheet of a mobility, one learning outcome per
screen (made for a mentor's phone in a workshop), and the evidence kept for an answer.

Every page finds the mobility through ``mobility_get(staff_only=True)``: someone who does not
see it through their work — an outsider, a mentor of other learners, the learner (who has
their own pages) — gets a 404, whatever the method. Whoever sees it but may not assess (the
sending school's staff) reads the same pages without the forms. Evidence files are served
through ``evidence_file`` only, never from a public URL, to whoever sees the mobility.

Each answer is saved at once: ``static/js/assessment.js`` posts the answer on every change
with the header ``HX-Request`` and gets back the answer's part of the form
(``_assessment_answer.html``); without JavaScript the Save button posts the whole page and
goes on to the next outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    QueryDict,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecvet.accounts import scoping
from ecvet.accounts.models import Role
from ecvet.assessments import selectors, services
from ecvet.assessments.files import evidence_response
from ecvet.assessments.forms import AssessmentForm, EvidenceForm
from ecvet.assessments.models import RESULTS_NEEDING_REASON, Assessment, Evidence
from ecvet.assessments.selectors import SheetRow, UnitSheet
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.forms import add_error
from ecvet.mobilities.models import AgreementUnit, AssessmentMethod, Mobility, MobilityStatus
from ecvet.mobilities.selectors import agreement_in_force, mobility_get

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")


# --- finding things (404 for whoever may not see them) ---


def _is_staff(user: Any) -> bool:
    """These pages are the staff's; a learner (or guardian) has their own."""
    return scoping.is_platform_admin(user) or bool(scoping.roles(user) - {Role.LEARNER})


def _mobility_or_404(request: HttpRequest, pk: int) -> Mobility:
    if not _is_staff(request.user):
        raise Http404
    try:
        return mobility_get(user=request.user, pk=pk, staff_only=True)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _methods(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    if request.method not in allowed:
        return HttpResponseNotAllowed([m for m in allowed if m != "HEAD"])
    return None


@dataclass(frozen=True)
class Place:
    """Where one outcome is in the walk through every outcome of the agreement."""

    sheet: UnitSheet
    row: SheetRow
    number: int
    total: int
    previous: SheetRow | None
    next: SheetRow | None

    @property
    def outcome(self) -> Any:
        return self.row.outcome


def _place_or_404(mobility: Mobility, outcome_id: int) -> Place:
    walk = [
        (sheet, row)
        for sheet in selectors.assessment_sheet(mobility=mobility)
        for _code, _label, rows in sheet.columns
        for row in rows
        if not row.is_heading
    ]
    for index, (sheet, row) in enumerate(walk):
        if row.outcome.pk == outcome_id:
            return Place(
                sheet=sheet,
                row=row,
                number=index + 1,
                total=len(walk),
                previous=walk[index - 1][1] if index > 0 else None,
                next=walk[index + 1][1] if index + 1 < len(walk) else None,
            )
    raise Http404


def _recording(mobility: Mobility) -> bool:
    return mobility.status in services.RECORDING_STATUSES


def _can_assess(request: HttpRequest, mobility: Mobility, sheet: UnitSheet) -> bool:
    return _recording(mobility) and selectors.assessment_can_record(
        user=request.user, mobility=mobility, unit=sheet.unit
    )


def _read_only_note(mobility: Mobility, has_agreement: bool) -> str:
    """Why the page shows the answers without forms, in a sentence (empty: it does not)."""
    if not has_agreement:
        return _(
            "There is no signed Learning Agreement for this mobility yet: its units are "
            "assessed once every party has signed it."
        )
    if not _recording(mobility):
        return _(
            "This mobility is “%(status)s”: answers are recorded while the mobility is ongoing "
            "or completed, so they are shown here read-only."
        ) % {"status": MobilityStatus(mobility.status).label}
    return ""


def _plan_methods(unit: AgreementUnit) -> list[str]:
    labels = dict(AssessmentMethod.choices)
    return [str(labels.get(code, code)) for code in unit.methods or []]


@dataclass(frozen=True)
class UnitCard:
    """A unit on the sheet as the page shows it."""

    sheet: UnitSheet
    can_assess: bool
    methods: list[str]

    @property
    def achievement_text(self) -> str:
        """e.g. "4 of 6 outcomes achieved, 1 partly" (the share is shown beside it)."""
        achievement = self.sheet.achievement
        text = ngettext(
            "%(achieved)s of %(total)s outcome achieved",
            "%(achieved)s of %(total)s outcomes achieved",
            achievement.outcomes,
        ) % {"achieved": achievement.counts.get("achieved", 0), "total": achievement.outcomes}
        partly = achievement.counts.get("partly_achieved", 0)
        if partly:
            text += _(", %(partly)s partly") % {"partly": partly}
        return text

    @property
    def progress_text(self) -> str:
        """e.g. "5 of 7 outcomes answered"."""
        total = self.sheet.achievement.outcomes
        return ngettext(
            "%(answered)s of %(total)s outcome answered",
            "%(answered)s of %(total)s outcomes answered",
            total,
        ) % {"answered": self.sheet.answered, "total": total}

    @property
    def progress_percent(self) -> int:
        total = self.sheet.achievement.outcomes
        return round(100 * self.sheet.answered / total) if total else 0


# --- the sheet ---


@login_required
def assessment_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Every unit of the agreement in force with its outcomes, their answers, how much of the
    unit is achieved and its assessment plan."""
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, READ):
        return refused
    sheets = selectors.assessment_sheet(mobility=mobility)
    units = [
        UnitCard(sheet, _can_assess(request, mobility, sheet), _plan_methods(sheet.unit))
        for sheet in sheets
    ]
    has_agreement = bool(sheets) or agreement_in_force(mobility=mobility) is not None
    first_open = next(
        (
            row
            for card in units
            if card.can_assess
            for _code, _label, rows in card.sheet.columns
            for row in rows
            if not row.is_heading and row.assessment is None
        ),
        None,
    )
    return render(
        request,
        "assessments/assessment_sheet.html",
        {
            "mobility": mobility,
            "units": units,
            "can_assess_any": any(card.can_assess for card in units),
            "first_open": first_open,
            "read_only_note": _read_only_note(mobility, has_agreement),
        },
    )


# --- one outcome per screen ---


def _initial(assessment: Assessment | None) -> dict[str, Any]:
    if assessment is None:
        return {"assessed_on": timezone.localdate(), "revision": 0}
    return {
        "result": assessment.result,
        "method": assessment.method,
        "assessed_on": assessment.assessed_on,
        "comment": assessment.comment,
        "reason": assessment.reason,
        "reassessment_planned_on": assessment.reassessment_planned_on,
        "revision": assessment.revision,
    }


def _new_form(place: Place) -> AssessmentForm:
    initial = _initial(place.row.assessment)
    if place.row.assessment is None:
        # The plan's (first) method is the one expected; the assessor changes it if need be.
        methods = list(place.sheet.unit.methods or [])
        initial["method"] = methods[0] if methods else ""
    return AssessmentForm(initial=initial)


def _typed_at(data: QueryDict, revision: int) -> AssessmentForm:
    """What the assessor typed, as it came, at ``revision``: a second Save then applies it."""
    data = data.copy()
    data["revision"] = str(revision)
    form = AssessmentForm(data)
    form.is_valid()
    return form


@dataclass
class Recorded:
    """What came of posting an answer: the form to show again and the HTTP status."""

    form: AssessmentForm
    status: int
    saved: Assessment | None = None
    theirs: Assessment | None = None


def _record(request: HttpRequest, mobility: Mobility, place: Place) -> Recorded:
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return Recorded(form, 400)
    try:
        saved = services.assessment_record(
            actor=request.user,
            mobility=mobility,
            outcome=place.outcome,
            revision=form.seen_revision,
            **form.answer(),
        )
    except ConcurrentUpdate:
        theirs = Assessment.objects.select_related("assessor").get(
            mobility=mobility, outcome=place.outcome
        )
        form = _typed_at(request.POST, theirs.revision)
        form.add_error(
            None,
            _(
                "Someone else saved an answer for this outcome while you were on this page. "
                "Their answer is shown below; what you entered is kept in the form. Save "
                "again to replace their answer with yours."
            ),
        )
        return Recorded(form, 409, theirs=theirs)
    except NotPermitted as error:
        add_error(form, error)
        return Recorded(form, 403)
    except (DomainError, ValidationError) as error:
        add_error(form, error)
        return Recorded(form, 400)
    return Recorded(_typed_at(request.POST, saved.revision), 200, saved=saved)


def _is_partial(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _outcome_url(mobility: Mobility, row: SheetRow | None) -> str:
    if row is None:
        return reverse("assessment_sheet", args=[mobility.pk])
    return reverse("assessment_outcome", args=[mobility.pk, row.outcome.pk])


def _outcome_page(
    request: HttpRequest,
    mobility: Mobility,
    place: Place,
    *,
    form: AssessmentForm | None = None,
    evidence_form: EvidenceForm | None = None,
    recorded: Recorded | None = None,
    status: int = 200,
) -> HttpResponse:
    can_assess = _can_assess(request, mobility, place.sheet)
    assessment = place.row.assessment
    if recorded is not None and recorded.saved is not None:
        assessment = recorded.saved
    if can_assess and form is None:
        form = _new_form(place)
    result = (form["result"].value() if form is not None else None) or (
        assessment.result if assessment else ""
    )
    evidence = list(assessment.evidence.all()) if assessment is not None else []
    context = {
        "mobility": mobility,
        "place": place,
        "unit": place.sheet.unit,
        "plan_methods": _plan_methods(place.sheet.unit),
        "outcome": place.outcome,
        "assessment": assessment,
        "can_assess": can_assess,
        "form": form,
        "evidence_form": evidence_form or EvidenceForm(),
        "evidence": [
            (
                item,
                can_assess
                and selectors.evidence_can_remove(
                    user=request.user, evidence=item, mobility=mobility
                ),
            )
            for item in evidence
        ],
        "needs_reason": result in RESULTS_NEEDING_REASON,
        "recorded": recorded,
        "saved_at": timezone.localtime() if recorded and recorded.saved else None,
        "read_only_note": _read_only_note(mobility, True),
        "previous_url": place.previous and _outcome_url(mobility, place.previous),
        "next_url": _outcome_url(mobility, place.next),
        "storage_key": f"ecvet-assessment:{mobility.pk}:{place.outcome.pk}",
    }
    template = "assessments/assessment_outcome.html"
    if _is_partial(request):
        template = "assessments/_assessment_answer.html"
    return render(request, template, context, status=status)


@login_required
def assessment_outcome(request: HttpRequest, pk: int, outcome_id: int) -> HttpResponse:
    """One outcome: its answer, saved at once, and its evidence."""
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, READ_WRITE):
        return refused
    place = _place_or_404(mobility, outcome_id)
    if request.method != "POST":
        return _outcome_page(request, mobility, place)
    recorded = _record(request, mobility, place)
    if recorded.saved is not None and not _is_partial(request):
        return redirect(_outcome_url(mobility, place.next))
    return _outcome_page(
        request, mobility, place, form=recorded.form, recorded=recorded, status=recorded.status
    )


# --- evidence ---


@login_required
def evidence_add(request: HttpRequest, pk: int, outcome_id: int) -> HttpResponse:
    """A photo or PDF for the outcome's answer. The answer fields travel with the file: they
    are saved first (so a first answer exists to attach the file to), and whatever is refused
    comes back with everything the assessor typed."""
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, ("POST",)):
        return refused
    place = _place_or_404(mobility, outcome_id)
    evidence_form = EvidenceForm(request.POST, request.FILES)
    assessment = place.row.assessment
    recorded = None
    form = None
    if request.POST.get("result") or assessment is None:
        recorded = _record(request, mobility, place)
        form = recorded.form
        if recorded.saved is None:
            evidence_form.is_valid()
            evidence_form.add_error(
                None,
                _("The file was not added: first complete the answer above.")
                if recorded.status != 409
                else _("The file was not added: check the answer above first."),
            )
            return _outcome_page(
                request,
                mobility,
                place,
                form=form,
                evidence_form=evidence_form,
                recorded=recorded,
                status=recorded.status,
            )
        assessment = recorded.saved
    if evidence_form.is_valid():
        try:
            added = services.evidence_add(
                actor=request.user,
                assessment=assessment,
                upload=evidence_form.cleaned_data["file"],
                note=evidence_form.cleaned_data["note"],
            )
        except DomainError as error:
            evidence_form.add_error("file", error.message)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": added.original_name})
            return redirect(_outcome_url(mobility, place.row))
    status = 403 if not _can_assess(request, mobility, place.sheet) else 400
    return _outcome_page(
        request,
        mobility,
        place,
        form=form,
        evidence_form=evidence_form,
        recorded=recorded,
        status=status,
    )


def _evidence_or_404(mobility_pk: int, evidence_id: int) -> Evidence:
    try:
        return Evidence.objects.select_related("assessment__mobility__learner").get(
            pk=evidence_id, assessment__mobility_id=mobility_pk
        )
    except Evidence.DoesNotExist:
        raise Http404 from None


@login_required
def evidence_remove(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    if refused := _methods(request, ("POST",)):
        return refused
    evidence = _evidence_or_404(mobility.pk, evidence_id)
    outcome_id = evidence.assessment.outcome_id
    name = evidence.original_name
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(name)s” was removed.") % {"name": name})
    return redirect("assessment_outcome", pk=mobility.pk, outcome_id=outcome_id)


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponseBase:
    """The stored file, to whoever sees the mobility (its learner too), shown as what it is
    and nothing else (see ``files.evidence_response``)."""
    evidence = _evidence_or_404(pk, evidence_id)
    if not selectors.evidence_visible(user=request.user, evidence=evidence):
        raise Http404
    if refused := _methods(request, READ):
        return refused
    return evidence_response(evidence, download=request.GET.get("download") == "1")
