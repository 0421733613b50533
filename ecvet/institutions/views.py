from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from ecvet.accounts.selectors import institution_members, invitation_institutions
from ecvet.audit.selectors import audit_history
from ecvet.errors import DomainError
from ecvet.forms import query_without_page
from ecvet.institutions.forms import ContactPersonForm, InstitutionFilterForm, InstitutionForm
from ecvet.institutions.models import ContactPerson, Institution
from ecvet.institutions.selectors import (
    contact_get_changeable,
    institution_can_change,
    institution_changeable,
    institution_list,
    institutions_user_can_register_for,
)
from ecvet.institutions.services import (
    contact_create,
    contact_delete,
    contact_update,
    institution_create,
    institution_update,
)

PAGE_SIZE = 25


@login_required
def institution_list_view(request: HttpRequest) -> HttpResponse:
    visible = institution_list(user=request.user)
    present = set(visible.values_list("country", flat=True).distinct())
    form = InstitutionFilterForm(
        request.GET or None,
        countries=[(code, name) for code, name in countries if code in present],
    )
    filters = form.cleaned_data if form.is_valid() else {}
    institutions = institution_list(
        user=request.user,
        search=filters.get("q", ""),
        kind=filters.get("kind", ""),
        country=filters.get("country", ""),
    )
    page = Paginator(institutions, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "institutions/_list_results.html" if request.htmx else "institutions/list.html"  # type: ignore[attr-defined]
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "can_register": institutions_user_can_register_for(user=request.user).exists(),
            "query_string": query_without_page(request),
        },
    )


@login_required
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(
        institution_list(user=request.user).select_related("registered_by"), pk=pk
    )
    may_manage_people = invitation_institutions(user=request.user).filter(pk=pk).exists()
    return render(
        request,
        "institutions/detail.html",
        {
            "institution": institution,
            "contacts": institution.contacts.all(),
            "can_change": institution_can_change(user=request.user, institution=institution),
            "may_manage_people": may_manage_people,
            "members": institution_members(user=request.user, institution=institution),
            "history": audit_history(target=institution),
        },
    )


@login_required
def institution_new(request: HttpRequest) -> HttpResponse:
    registrars = institutions_user_can_register_for(user=request.user)
    if not registrars.exists():
        raise Http404
    form = InstitutionForm(request.POST or None, registrars=registrars)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            institution = institution_create(
                actor=request.user, registered_by=data.pop("registered_by"), **data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": institution})
            return redirect("institution_detail", pk=institution.pk)
    return render(
        request,
        "institutions/form.html",
        {"form": form, "institution": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(institution_changeable(user=request.user), pk=pk)
    # The form works on a copy: a ModelForm writes into its instance while validating, and
    # the service must see the values from before the edit to record what changed.
    form = InstitutionForm(request.POST or None, instance=copy.copy(institution))
    if request.method == "POST" and form.is_valid():
        try:
            institution_update(actor=request.user, institution=institution, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("institution_detail", pk=institution.pk)
    return render(
        request,
        "institutions/form.html",
        {"form": form, "institution": institution},
        status=400 if form.is_bound else 200,
    )


@login_required
def contact_new(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(institution_changeable(user=request.user), pk=pk)
    form = ContactPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_create(actor=request.user, institution=institution, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contact person was added."))
            return redirect("institution_detail", pk=institution.pk)
    return render(
        request,
        "institutions/contact_form.html",
        {"form": form, "institution": institution, "contact": None},
        status=400 if form.is_bound else 200,
    )


def _contact_or_404(request: HttpRequest, pk: int) -> ContactPerson:
    try:
        return contact_get_changeable(user=request.user, pk=pk)
    except ContactPerson.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    form = ContactPersonForm(request.POST or None, instance=copy.copy(contact))
    if request.method == "POST" and form.is_valid():
        try:
            contact_update(actor=request.user, contact=contact, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contact person was saved."))
            return redirect("institution_detail", pk=contact.institution_id)
    return render(
        request,
        "institutions/contact_form.html",
        {"form": form, "institution": contact.institution, "contact": contact},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    institution: Institution = contact.institution
    try:
        contact_delete(actor=request.user, contact=contact)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s was removed from the contacts.") % {"name": contact.name}
        )
    return redirect("institution_detail", pk=institution.pk)
