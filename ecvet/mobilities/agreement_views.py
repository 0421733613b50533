"""The Learning Agreement's screens: the document in English, Latvian or both side by side,
its PDF, preparing a draft (units, assessment plans, activities, documentation, validation
and recognition, enclosures), sending it for signature, and starting an amendment.

Every view finds the mobility through ``selectors.mobility_get`` (someone who may not see it
gets 404 whatever the method): the learner sees their own agreement, the mentor the
agreements of the learners they mentor, the host's coordinators those placed with them.
Pages that change the agreement are the sending school's coordinators' (404 for anyone else)
and hand every write to ``services.agreements``, which has the last word.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.forms import add_error
from ecvet.mobilities import selectors
from ecvet.mobilities.agreement_forms import (
    AgreementForm,
    AmendForm,
    PlanForm,
    SendForm,
    UnitAddForm,
)
from ecvet.mobilities.content import agreement_content
from ecvet.mobilities.documents import BOTH, agreement_document, draft_pdf
from ecvet.mobilities.models import (
    AgreementStatus,
    AgreementUnit,
    AssessmentMethod,
    Enclosure,
    LearningAgreement,
    Mobility,
)
from ecvet.mobilities.services import agreements as services
from ecvet.mobilities.services.mobilities import AgreementFrozen
from ecvet.multilingual.text import content_languages, document_language
from ecvet.partnerships.selectors import agreement_rows
from ecvet.qualifications.models import Category, LearningOutcome
from ecvet.signing import selectors as signing_selectors
from ecvet.signing.printing import document_pdf_response
from ecvet.signing.services import content_hash

READ = ("GET", "HEAD")
READ_WRITE = ("GET", "HEAD", "POST")


# --- finding things (404 for whoever may not see them) ---


def _language(request: HttpRequest) -> str:
    """``?lang=en|lv``, or ``both`` side by side; else the interface language."""
    if request.GET.get("lang") == BOTH and len(content_languages()) > 1:
        return BOTH
    return document_language(request)


def _mobility_or_404(request: HttpRequest, pk: int) -> Mobility:
    try:
        return selectors.mobility_get(user=request.user, pk=pk)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _agreement_or_404(mobility: Mobility, number: int) -> LearningAgreement:
    try:
        agreement = selectors.agreements(mobility=mobility).get(number=number)
    except LearningAgreement.DoesNotExist:
        raise Http404 from None
    agreement.mobility = mobility  # already loaded with the learner and the parties
    return agreement


def _item_or_404(mobility: Mobility, item_id: int) -> AgreementUnit:
    try:
        item = AgreementUnit.objects.select_related(
            "agreement__envelope", "version", "partnership_unit", "assessor"
        ).get(pk=item_id, agreement__mobility=mobility)
    except AgreementUnit.DoesNotExist:
        raise Http404 from None
    item.agreement.mobility = mobility
    return item


def _manager_or_404(request: HttpRequest, mobility: Mobility) -> None:
    if not selectors.mobility_can_manage(user=request.user, mobility=mobility):
        raise Http404


def _methods(request: HttpRequest, allowed: tuple[str, ...]) -> HttpResponse | None:
    if request.method not in allowed:
        return HttpResponseNotAllowed([m for m in allowed if m != "HEAD"])
    return None


def _to_detail(agreement: LearningAgreement) -> HttpResponse:
    return redirect("agreement_detail", pk=agreement.mobility_id, number=agreement.number)


def _refuse_frozen(request: HttpRequest, agreement: LearningAgreement) -> HttpResponse:
    messages.error(request, AgreementFrozen(agreement).message)
    return _to_detail(agreement)


def _checked(form: Any, name: str) -> set[str]:
    """The values of a checkbox list as typed (bound) or as saved (initial), as strings."""
    value = form[name].value() or []
    return {str(getattr(v, "pk", v)) for v in value}


def _outcome_columns(outcomes: list[LearningOutcome]) -> list[tuple[str, str, list[Any]]]:
    """A version's rows in the three columns, for the checkbox lists of chosen outcomes."""
    by_category: dict[str, list[LearningOutcome]] = defaultdict(list)
    for row in outcomes:
        by_category[row.category].append(row)
    return [(c.value, str(c.label), by_category[c.value]) for c in Category]


# --- the document ---


@login_required
def agreement_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    agreement = _agreement_or_404(mobility, number)
    language = _language(request)
    # The frozen content and the signature block read the envelope loaded here.
    signing = signing_selectors.document_signing(agreement, user=request.user)
    versions = list(selectors.agreements(mobility=mobility))
    can_manage = selectors.mobility_can_manage(user=request.user, mobility=mobility)
    context: dict[str, Any] = {
        "mobility": mobility,
        "agreement": agreement,
        "view": agreement_document(agreement, language),
        "lang": language,
        # Not "languages": base.html sets that name for its language switcher.
        "doc_languages": [*content_languages(), BOTH],
        "envelope": signing.envelope,
        "earlier_envelopes": signing.earlier,
        "versions": versions,
        "amendment": next((v for v in versions if v.amends_id == agreement.pk), None),
        "is_latest": bool(versions) and versions[0].pk == agreement.pk,
        "can_manage": can_manage,
        "amend_form": AmendForm(),
        "my_slot": signing.my_slot,
    }
    if agreement.status == AgreementStatus.DRAFT and can_manage:
        checks = services.agreement_checks(agreement=agreement)
        context |= {
            "preparing": True,
            "items": list(selectors.agreement_units(agreement=agreement)),
            "errors": [c for c in checks if c.level == "error"],
            "warnings": [c for c in checks if c.level == "warning"],
            "balance": services.workload_balance(agreement),
        }
    return render(request, "mobilities/agreement_detail.html", context)


@login_required
def agreement_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A draft: drawn now and marked "DRAFT"; once sent: the issued copy of its envelope, so
    every download of the same state is the same file and the verify page knows it."""
    mobility = _mobility_or_404(request, pk)
    agreement = _agreement_or_404(mobility, number)
    if refused := _methods(request, READ):
        return refused
    language = _language(request)
    return document_pdf_response(
        agreement,
        language=language,
        name_parts=[mobility.learner.full_name, "learning-agreement", f"v{agreement.number}"],
        draft=lambda: draft_pdf(agreement, language, base_url=request.build_absolute_uri("/")),
    )


# --- preparing the draft (the sending school's coordinators) ---


def _agreement_conflict(form: AgreementForm, data: Any, current: LearningAgreement) -> Any:
    """The form re-bound to what the user typed, at the revision saved meanwhile."""
    data = data.copy()
    data["revision"] = str(current.revision)
    rebound = AgreementForm(data)
    rebound.is_valid()
    typed = form.cleaned_data
    differing = [
        str(form.fields[name].label)
        for name in services.AGREEMENT_FIELDS
        if name in typed and typed[name] != getattr(current, name)
    ]
    message = _(
        "Someone else saved this agreement while you were editing it. Nothing you typed is "
        "lost: it is below. Check it and save again to replace what they saved."
    )
    if differing:
        message += " " + _("What they saved differs from what you typed in: %(fields)s.") % {
            "fields": ", ".join(differing)
        }
    rebound.add_error(None, message)
    return rebound


@login_required
def agreement_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Learning activities, documentation, validation and recognition, enclosures."""
    mobility = _mobility_or_404(request, pk)
    agreement = _agreement_or_404(mobility, number)
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    if agreement.is_frozen and request.method != "POST":
        return _refuse_frozen(request, agreement)
    form = AgreementForm(
        request.POST or None,
        initial={
            "revision": agreement.revision,
            **{name: getattr(agreement, name) for name in services.AGREEMENT_FIELDS},
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            revision = data.pop("revision")
            try:
                services.agreement_update(
                    actor=request.user, agreement=agreement, revision=revision, **data
                )
            except AgreementFrozen as error:
                messages.error(request, error.message)
                return _to_detail(agreement)
            except ConcurrentUpdate:
                current = LearningAgreement.objects.get(pk=agreement.pk)
                form = _agreement_conflict(form, request.POST, current)
                status = 409
            except (DomainError, ValidationError) as error:
                add_error(form, error)
            else:
                messages.success(request, _("The changes were saved."))
                return _to_detail(agreement)
    return render(
        request,
        "mobilities/agreement_edit.html",
        {
            "mobility": mobility,
            "agreement": agreement,
            "form": form,
            "enclosures": Enclosure.choices,
            "chosen_enclosures": _checked(form, "enclosures"),
        },
        status=status,
    )


def _unit_candidates(agreement: LearningAgreement) -> list[Any]:
    """The partnership's units agreed by every partner and not yet in the agreement."""
    taken = set(agreement.units.values_list("partnership_unit_id", flat=True))
    return [
        row.item
        for row in agreement_rows(partnership=agreement.mobility.partnership)
        if row.is_agreed and row.item.pk not in taken
    ]


@login_required
def agreement_unit_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Add one of the partnership's agreed units, with all or some of its outcomes."""
    mobility = _mobility_or_404(request, pk)
    agreement = _agreement_or_404(mobility, number)
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    if agreement.is_frozen and request.method != "POST":
        return _refuse_frozen(request, agreement)
    units = _unit_candidates(agreement)
    rows = LearningOutcome.objects.filter(version__in=[item.version_id for item in units]).order_by(
        "version", "category", "position", "pk"
    )
    form = UnitAddForm(request.POST or None, units=units, outcomes=rows.filter(is_heading=False))
    if request.method == "POST" and form.is_valid():
        item = form.units[form.cleaned_data["partnership_unit"]]
        try:
            added = services.agreement_unit_add(
                actor=request.user,
                agreement=agreement,
                partnership_unit=item,
                outcomes=list(form.cleaned_data["outcomes"]),
            )
        except AgreementFrozen as error:
            messages.error(request, error.message)
            return _to_detail(agreement)
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _("“%(unit)s” was added. Check its assessment plan.") % {"unit": item.version},
            )
            return redirect("agreement_unit_edit", pk=mobility.pk, item_id=added.pk)
    rows_of: dict[int, list[LearningOutcome]] = defaultdict(list)
    for row in rows:
        rows_of[row.version_id].append(row)
    return render(
        request,
        "mobilities/agreement_unit_add.html",
        {
            "mobility": mobility,
            "agreement": agreement,
            "form": form,
            "choices": [(item, _outcome_columns(rows_of[item.version_id])) for item in units],
            "chosen_unit": str(form["partnership_unit"].value() or ""),
            "chosen_outcomes": _checked(form, "outcomes"),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def agreement_unit_edit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    """The assessment plan of one unit, and which of its outcomes the learner achieves."""
    mobility = _mobility_or_404(request, pk)
    item = _item_or_404(mobility, item_id)
    agreement = item.agreement
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    if agreement.is_frozen and request.method != "POST":
        return _refuse_frozen(request, agreement)
    outcomes = list(item.version.outcomes.order_by("category", "position", "pk"))
    form = PlanForm(
        request.POST or None,
        assessors=selectors.assessor_candidates(mobility=mobility),
        outcomes=LearningOutcome.objects.filter(version=item.version_id, is_heading=False),
        initial={
            "assessor": item.assessor_id,
            "methods": list(item.methods),
            "when": item.when,
            "where": item.where,
            "evidence": item.evidence,
            "criteria": item.criteria,
            "outcomes": [o.pk for o in item.outcomes.all()],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["outcomes"] = list(data["outcomes"])
        try:
            services.agreement_unit_update(actor=request.user, item=item, **data)
        except AgreementFrozen as error:
            messages.error(request, error.message)
            return _to_detail(agreement)
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _("The assessment plan of “%(unit)s” was saved.") % {"unit": item.version},
            )
            return _to_detail(agreement)
    return render(
        request,
        "mobilities/agreement_unit_edit.html",
        {
            "mobility": mobility,
            "agreement": agreement,
            "item": item,
            "form": form,
            "methods": AssessmentMethod.choices,
            "chosen_methods": _checked(form, "methods"),
            "columns": _outcome_columns(outcomes),
            "chosen_outcomes": _checked(form, "outcomes"),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def agreement_unit_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    item = _item_or_404(mobility, item_id)
    _manager_or_404(request, mobility)
    if refused := _methods(request, ("POST",)):
        return refused
    try:
        services.agreement_unit_remove(actor=request.user, item=item)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(unit)s” was removed.") % {"unit": item.version})
    return _to_detail(item.agreement)


# --- sending and amending ---


def _send_initial(agreement: LearningAgreement) -> dict[str, object]:
    return {
        "revision": agreement.revision,
        "seen_hash": content_hash(agreement_content(agreement)),
    }


@login_required
def agreement_send(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Review the checks and the document, and send the draft for signature."""
    mobility = _mobility_or_404(request, pk)
    agreement = _agreement_or_404(mobility, number)
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    if agreement.status != AgreementStatus.DRAFT and request.method != "POST":
        messages.info(
            request,
            _("This version is “%(status)s”: only a draft is sent for signature.")
            % {"status": agreement.get_status_display()},
        )
        return _to_detail(agreement)
    form = SendForm(request.POST or None, initial=_send_initial(agreement))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.agreement_send(
                    actor=request.user,
                    agreement=agreement,
                    revision=form.cleaned_data["revision"],
                    seen_hash=form.cleaned_data["seen_hash"],
                )
            except ConcurrentUpdate:
                # Show the agreement as it is now, with the checks again: the coordinator
                # confirms what they have actually read.
                mobility = _mobility_or_404(request, pk)
                agreement = _agreement_or_404(mobility, number)
                status = 409
                messages.error(
                    request,
                    _(
                        "Someone changed the agreement or the mobility after you opened this "
                        "page, so nothing was sent. Read the agreement below again and confirm."
                    ),
                )
                form = SendForm(initial=_send_initial(agreement))
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "The Learning Agreement was sent for signature; the sending school, the "
                        "host and the learner were asked to sign."
                    ),
                )
                return _to_detail(agreement)
    language = _language(request)
    checks = (
        services.agreement_checks(agreement=agreement)
        if agreement.status == AgreementStatus.DRAFT
        else []
    )
    return render(
        request,
        "mobilities/agreement_send.html",
        {
            "mobility": mobility,
            "agreement": agreement,
            "view": agreement_document(agreement, language),
            "lang": language,
            "errors": [c for c in checks if c.level == "error"],
            "warnings": [c for c in checks if c.level == "warning"],
            "form": form,
        },
        status=status,
    )


@login_required
def agreement_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an amendment of the signed agreement and open its draft."""
    mobility = _mobility_or_404(request, pk)
    _manager_or_404(request, mobility)
    if refused := _methods(request, READ_WRITE):
        return refused
    try:
        latest = selectors.agreement_current(mobility=mobility)
    except LearningAgreement.DoesNotExist:
        raise Http404 from None
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.agreement_amend(
                actor=request.user, mobility=mobility, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Amendment started: change the mobility or the agreement, then send version "
                    "%(number)s for signature."
                )
                % {"number": amendment.number},
            )
            return _to_detail(amendment)
    return render(
        request,
        "mobilities/agreement_amend.html",
        {"mobility": mobility, "agreement": latest, "form": form},
        status=400 if form.is_bound else 200,
    )
