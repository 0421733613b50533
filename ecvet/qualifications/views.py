"""Screens of the qualification and unit library. Editing is in ``editor_views``."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecvet.accounts import scoping
from ecvet.audit.selectors import audit_history
from ecvet.errors import DomainError
from ecvet.forms import query_without_page
from ecvet.institutions.models import Institution
from ecvet.multilingual.text import content_languages, document_language
from ecvet.qualifications.checks import unit_checks
from ecvet.qualifications.eqf import EQF_LEVELS, eqf_level
from ecvet.qualifications.forms import (
    CopyForm,
    QualificationFilterForm,
    QualificationForm,
    UnitFilterForm,
    UnitForm,
)
from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    EscoKind,
    Qualification,
    Unit,
    UnitVersion,
)
from ecvet.qualifications.selectors import (
    author_institution_ids,
    qualification_can_change,
    qualification_changeable,
    qualification_list,
    unit_can_agree,
    unit_can_change,
    unit_library,
    unit_list,
    version_with_outcomes,
)
from ecvet.qualifications.services.qualifications import (
    qualification_create,
    qualification_update,
)
from ecvet.qualifications.services.units import (
    unit_copy,
    unit_create,
    unit_set_shared,
    unit_version_agree,
)

PAGE_SIZE = 25


def _author_institutions(request: HttpRequest) -> QuerySet[Institution]:
    if scoping.is_platform_admin(request.user):
        return Institution.objects.order_by("name")
    return Institution.objects.filter(pk__in=author_institution_ids(request.user)).order_by("name")


# Qualifications ---------------------------------------------------------------------------


@login_required
def qualification_list_view(request: HttpRequest) -> HttpResponse:
    form = QualificationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qualifications = qualification_list(
        user=request.user, search=filters.get("q", ""), eqf_level=filters.get("eqf_level")
    ).annotate(unit_count=Count("unit_versions__unit", distinct=True))
    page = Paginator(qualifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "qualifications/qualification_list.html",
        {
            "form": form,
            "page": page,
            "can_create": _author_institutions(request).exists(),
            "query_string": query_without_page(request),
        },
    )


@login_required
def qualification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    qualification = get_object_or_404(qualification_list(user=request.user), pk=pk)
    occupation = (
        EscoConcept.objects.filter(uri=qualification.esco_occupation_uri).first()
        if qualification.esco_occupation_uri
        else None
    )
    units = unit_list(user=request.user).filter(latest__qualification=qualification).order_by("pk")
    return render(
        request,
        "qualifications/qualification_detail.html",
        {
            "qualification": qualification,
            "occupation": occupation,
            "eqf": eqf_level(qualification.eqf_level),
            "units": units,
            "can_change": qualification_can_change(user=request.user, qualification=qualification),
            "history": audit_history(target=qualification),
        },
    )


def _qualification_form_page(
    request: HttpRequest, form: QualificationForm, qualification: Qualification | None
) -> HttpResponse:
    return render(
        request,
        "qualifications/qualification_form.html",
        {"form": form, "qualification": qualification, "eqf_levels": EQF_LEVELS},
        status=400 if form.is_bound else 200,
    )


@login_required
def qualification_new(request: HttpRequest) -> HttpResponse:
    owners = _author_institutions(request)
    if not owners.exists():
        raise Http404
    form = QualificationForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            qualification = qualification_create(
                actor=request.user, owner=data.pop("owner"), **data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The qualification was saved."))
            return redirect("qualification_detail", pk=qualification.pk)
    return _qualification_form_page(request, form, None)


@login_required
def qualification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    qualification = get_object_or_404(qualification_changeable(user=request.user), pk=pk)
    form = QualificationForm(request.POST or None, instance=copy.copy(qualification))
    if request.method == "POST" and form.is_valid():
        try:
            qualification_update(
                actor=request.user, qualification=qualification, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("qualification_detail", pk=qualification.pk)
    return _qualification_form_page(request, form, qualification)


@login_required
def esco_occupation_search(request: HttpRequest) -> HttpResponse:
    """Occupations whose label starts a word with what was typed (reference data)."""
    query = request.GET.get("esco_q", "").strip()
    occupations = (
        EscoConcept.objects.filter(
            kind=EscoKind.OCCUPATION, preferred_label__icontains=query
        ).order_by("preferred_label")[:12]
        if len(query) >= 2
        else []
    )
    return render(request, "qualifications/_esco_occupations.html", {"occupations": occupations})


# The unit library -------------------------------------------------------------------------


@login_required
def unit_list_view(request: HttpRequest) -> HttpResponse:
    visible = unit_list(user=request.user)
    form = UnitFilterForm(
        request.GET or None,
        qualifications=qualification_list(user=request.user),
        institutions=Institution.objects.filter(pk__in=visible.values("owner")).order_by("name"),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    query = filters.get("q", "")
    units = unit_library(
        user=request.user,
        query=query,
        qualification=filters.get("qualification"),
        eqf_level=filters.get("eqf_level"),
        kind=filters.get("kind", ""),
        country=filters.get("country", ""),
        institution=filters.get("institution"),
    )
    if not query.strip():  # newest first when nothing is ranked
        units = units.order_by("-pk")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "qualifications/_unit_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "qualifications/unit_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query,
            "can_create": _author_institutions(request).exists(),
            "query_string": query_without_page(request),
        },
    )


@login_required
def unit_new(request: HttpRequest) -> HttpResponse:
    owners = _author_institutions(request)
    if not owners.exists():
        raise Http404
    form = UnitForm(
        request.POST or None,
        owners=owners,
        qualifications=qualification_list(user=request.user),
        initial={
            "source_language": (get_language() or "en").split("-")[0],
            "kind": "professional",
            # "New unit" on a qualification's page starts a unit of that qualification.
            "qualification": request.GET.get("qualification"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            unit = unit_create(actor=request.user, owner=data.pop("owner"), **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The unit was created. Now write its outcomes."))
            return redirect("unit_edit", pk=unit.pk)
    return render(
        request,
        "qualifications/unit_new.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _unit_or_404(request: HttpRequest, pk: int) -> Unit:
    return get_object_or_404(unit_list(user=request.user), pk=pk)


@login_required
def unit_detail(request: HttpRequest, pk: int, number: int | None = None) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    versions = list(unit.versions.select_related("agreed_by").order_by("-number"))
    chosen = next(
        (v for v in versions if v.number == number) if number else iter(versions[:1]), None
    )
    if chosen is None:
        raise Http404
    version = version_with_outcomes(chosen)
    can_change = unit_can_change(user=request.user, unit=unit)
    return render(
        request,
        "qualifications/unit_detail.html",
        {
            "unit": unit,
            "version": version,
            "versions": versions,
            "lang": document_language(request),
            "content_languages": content_languages(),
            "checks": unit_checks(version),
            "can_change": can_change,
            "can_agree": can_change and unit_can_agree(user=request.user, unit=unit),
            "copy_form": CopyForm(owners=_author_institutions(request)),
            "history": audit_history(target=unit, limit=15),
        },
    )


@login_required
@require_POST
def unit_agree(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    version = get_object_or_404(unit.versions, number=number)
    try:
        unit_version_agree(actor=request.user, version=version)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Version %(number)s is agreed. It will not change any more.") % {"number": number},
        )
    return redirect("unit_version", pk=unit.pk, number=number)


@login_required
@require_POST
def unit_share(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    shared = request.POST.get("shared") == "1"
    try:
        unit_set_shared(actor=request.user, unit=unit, shared=shared)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The unit is shared in the library.")
            if shared
            else _("The unit is no longer shared in the library."),
        )
    return redirect("unit_detail", pk=unit.pk)


@login_required
@require_POST
def unit_copy_view(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    version = get_object_or_404(unit.versions, number=number)
    form = CopyForm(request.POST, owners=_author_institutions(request))
    if not form.is_valid():
        raise Http404
    try:
        copied = unit_copy(actor=request.user, version=version, owner=form.cleaned_data["owner"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("unit_version", pk=unit.pk, number=number)
    messages.success(request, _("The copy is yours to adapt."))
    return redirect("unit_edit", pk=copied.pk)


@login_required
def unit_compare(request: HttpRequest, pk: int) -> HttpResponse:
    from ecvet.qualifications.diff import version_diff

    unit = _unit_or_404(request, pk)
    versions = list(unit.versions.order_by("number"))
    numbers = [v.number for v in versions]
    try:
        old_number = int(request.GET.get("a") or (numbers[-2] if len(numbers) > 1 else 1))
        new_number = int(request.GET.get("b") or numbers[-1])
    except ValueError as exc:
        raise Http404 from exc
    by_number = {v.number: v for v in versions}
    if old_number not in by_number or new_number not in by_number:
        raise Http404
    old = version_with_outcomes(by_number[old_number])
    new = version_with_outcomes(by_number[new_number])
    diff = version_diff(old, new)
    labels = {field.name: field.verbose_name for field in UnitVersion._meta.fields}
    lang = document_language(request)
    return render(
        request,
        "qualifications/unit_compare.html",
        {
            "unit": unit,
            "old": old,
            "new": new,
            "numbers": numbers,
            "diff": diff,
            "columns": [(Category(column.category).label, column) for column in diff.columns],
            "field_changes": [
                {"label": labels.get(change.field, change.field), "change": change}
                for change in diff.fields
                if change.language in ("", lang)
            ],
            "lang": lang,
        },
    )
