"""Screens of the partnership workspace: the partnership, its partners, the units in scope and
the partners' work on them. The MoU document's screens are in ``document_views``.

Every view first finds the partnership through ``selectors.partnership_get`` (someone who is
not staff of a partner gets a 404, whatever they ask); what a person may then do is decided by
the services, and the pages show only the buttons a person can use.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ecvet.accounts import scoping
from ecvet.accounts.models import User
from ecvet.audit.selectors import audit_events, audit_history, field_label, with_change_rows
from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.forms import add_error, error_text, query_without_page
from ecvet.institutions.models import ContactPerson, Institution
from ecvet.institutions.selectors import institution_list
from ecvet.multilingual.text import content_languages, document_language, pick
from ecvet.partnerships import selectors
from ecvet.partnerships.forms import (
    AnswerForm,
    NoteForm,
    PartnerForm,
    PartnershipFilterForm,
    PartnershipForm,
    ProfileForm,
)
from ecvet.partnerships.models import (
    MemorandumStatus,
    NoteKind,
    Partner,
    Partnership,
    PartnershipUnit,
    ProposalStatus,
    UnitNote,
)
from ecvet.partnerships.services import partnerships as partnership_services
from ecvet.partnerships.services import units as unit_services
from ecvet.partnerships.services.partnerships import (
    PROFILE_FIELDS,
    TERMS_FIELDS,
    TermsFrozen,
    can_write_profile,
    signatory_candidates,
)
from ecvet.qualifications.models import LearningOutcome, UnitVersion
from ecvet.qualifications.selectors import (
    unit_can_change,
    unit_library,
    unit_list,
    version_with_outcomes,
)

PAGE_SIZE = 25
HISTORY_ON_PAGE = 8
#: The terms shown as texts on the partnership page, in the MoU's order.
TEXT_TERMS = (
    "objectives",
    "other_organisations",
    "assessment",
    "documentation",
    "validation_recognition",
    "evaluation",
)


# --- helpers ---


def _partnership_or_404(request: HttpRequest, pk: int) -> Partnership:
    try:
        return selectors.partnership_get(user=request.user, pk=pk)
    except Partnership.DoesNotExist as exc:
        raise Http404 from exc


def _require_manager(request: HttpRequest, partnership: Partnership) -> None:
    if not selectors.partnership_can_manage(user=request.user, partnership=partnership):
        raise PermissionDenied(_("Only the coordinating institution's coordinators can do this."))


def _item_or_404(partnership: Partnership, item_id: int) -> PartnershipUnit:
    return get_object_or_404(
        PartnershipUnit.objects.select_related("unit__owner", "version", "partnership"),
        partnership=partnership,
        pk=item_id,
    )


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _texts(partnership: Partnership, names: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each text in the reader's language, marked when it is not written in that language
    yet (the text shown is then another language's)."""
    language = _language()
    rows = []
    for name in names:
        texts = getattr(partnership, name) or {}
        rows.append(
            {
                "name": name,
                "label": field_label(Partnership, name),
                "text": pick(texts, language),
                "missing": bool(texts) and not (texts.get(language) or "").strip(),
            }
        )
    return rows


def _conflict(form: Any, data: Any, current: Partnership, fields: list[str]) -> Any:
    """The form re-bound to what the user typed, at the revision saved meanwhile, with a
    message that lists the fields whose saved value is not what the user typed."""
    data = data.copy()
    data["revision"] = str(current.revision)
    rebound = type(form)(data, **getattr(form, "_init_kwargs", {}))
    rebound.is_valid()
    typed = form.cleaned_data
    differing = [
        str(form.fields[name].label)
        for name in fields
        if name in typed and name in form.fields and typed[name] != getattr(current, name)
    ]
    message = _(
        "Someone else saved this partnership while you were editing it. Nothing you typed is "
        "lost: it is below. Check it and save again to replace what they saved."
    )
    if differing:
        message += " " + _("What they saved differs from what you typed in: %(fields)s.") % {
            "fields": ", ".join(differing)
        }
    rebound.add_error(None, message)
    return rebound


# --- partnerships ---


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    form = PartnershipFilterForm(request.GET or None)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    partnerships = selectors.partnership_list(user=request.user, search=search)
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "partnerships/_list_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "partnerships/list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "can_create": bool(_owners(request)),
            "query_string": query_without_page(request),
        },
    )


def _owners(request: HttpRequest) -> list[Institution]:
    if scoping.is_platform_admin(request.user):
        return list(Institution.objects.order_by("name"))
    managed = scoping.managed_institution_ids(request.user)
    return list(Institution.objects.filter(pk__in=managed).order_by("name")) if managed else []


@login_required
def partnership_new(request: HttpRequest) -> HttpResponse:
    owners = _owners(request)
    if not owners:
        raise Http404
    queryset = Institution.objects.filter(pk__in=[o.pk for o in owners]).order_by("name")
    form = PartnershipForm(request.POST or None, owners=queryset)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owner, title = data.pop("owner"), data.pop("title")
        try:
            partnership = partnership_services.partnership_create(
                actor=request.user, owner=owner, title=title, **data
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(
                request, _("The partnership was created. Now add the partners and the units.")
            )
            return redirect("partnership_detail", pk=partnership.pk)
    return render(
        request,
        "partnerships/form.html",
        {"form": form, "partnership": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    partner_list = list(selectors.partners(partnership=partnership))
    language = _language()
    for partner in partner_list:
        texts = partner.responsibilities or {}
        partner.responsibilities_text = pick(texts, language)  # type: ignore[attr-defined]
        partner.responsibilities_missing = bool(texts) and not texts.get(language)  # type: ignore[attr-defined]
    memoranda = list(partnership.memoranda.all())  # prefetched, newest first
    can_manage = selectors.partnership_can_manage(user=request.user, partnership=partnership)
    locked = selectors.is_locked(partnership)
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "terms": _texts(partnership, TEXT_TERMS),
            "profile": _texts(partnership, PROFILE_FIELDS),
            "partners": [
                (p, selectors.partner_can_manage(user=request.user, partner=p))
                for p in partner_list
            ],
            "qualifications": partnership.qualifications.order_by("pk"),
            "rows": selectors.agreement_rows(partnership=partnership, partner_list=partner_list),
            "memorandum": memoranda[0] if memoranda else None,
            "memorandum_signed": MemorandumStatus.SIGNED,
            "locked": locked,
            "can_manage": can_manage,
            "can_change_terms": can_manage and not locked,
            "can_write_profile": can_write_profile(user=request.user, partnership=partnership),
            "history": audit_history(
                target=partnership, limit=HISTORY_ON_PAGE, related=partnership.memoranda.all()
            ),
        },
    )


def _terms_form(
    request: HttpRequest, partnership: Partnership, data: Any = None
) -> PartnershipForm:
    form = PartnershipForm(data, instance=copy.copy(partnership))
    form._init_kwargs = {"instance": copy.copy(partnership)}  # type: ignore[attr-defined]
    return form


@login_required
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    _require_manager(request, partnership)
    form = _terms_form(request, partnership, request.POST or None)
    frozen = ""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            partnership_services.partnership_update(
                actor=request.user, partnership=partnership, revision=revision, **data
            )
        except ConcurrentUpdate:
            current = Partnership.objects.get(pk=partnership.pk)
            form = _conflict(form, request.POST, current, list(TERMS_FIELDS))
        except TermsFrozen as error:
            frozen = error.message
            form.add_error(None, error.message)
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("partnership_detail", pk=partnership.pk)
    locked = selectors.is_locked(partnership)
    return render(
        request,
        "partnerships/form.html",
        {
            "form": form,
            "partnership": partnership,
            "locked": locked or bool(frozen),
            "memorandum": next(iter(partnership.memoranda.all()), None),  # prefetched
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def partnership_profile(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    if not can_write_profile(user=request.user, partnership=partnership):
        raise PermissionDenied(_("The sending institution's staff write the trainee profile."))
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_of(partnership))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            partnership_services.partnership_update(
                actor=request.user, partnership=partnership, revision=revision, **data
            )
        except ConcurrentUpdate:
            current = Partnership.objects.get(pk=partnership.pk)
            form._init_kwargs = {}  # type: ignore[attr-defined]
            form = _conflict(form, request.POST, current, list(PROFILE_FIELDS))
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The trainee profile was saved."))
            return redirect("partnership_detail", pk=partnership.pk)
    return render(
        request,
        "partnerships/profile_form.html",
        {"form": form, "partnership": partnership},
        status=400 if form.is_bound else 200,
    )


@login_required
def partnership_history(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    events = audit_events(target=partnership, related=partnership.memoranda.all())
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/history.html",
        {
            "partnership": partnership,
            "page": page,
            "history": with_change_rows(page.object_list, Partnership),
        },
    )


# --- partners ---


def _people(institution: Institution | None) -> tuple[QuerySet[ContactPerson], QuerySet[Any]]:
    """The contact persons and the possible online signatories of ``institution``."""
    if institution is None:
        return ContactPerson.objects.none(), User.objects.none()
    candidates = [user.pk for user in signatory_candidates(institution)]
    return (
        institution.contacts.all(),
        User.objects.filter(pk__in=candidates).order_by("last_name", "first_name", "pk"),
    )


def _chosen(queryset: QuerySet[Institution], value: Any) -> Institution | None:
    try:
        return queryset.filter(pk=int(value)).first() if value else None
    except (TypeError, ValueError):
        return None


@login_required
def partner_new(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    _require_manager(request, partnership)
    candidates = institution_list(user=request.user).exclude(
        pk__in=partnership.partners.values("institution")
    )
    source = request.POST if request.method == "POST" else request.GET
    institution = _chosen(candidates, source.get("institution"))
    contacts, signatories = _people(institution)
    form = PartnerForm(
        request.POST or None,
        institutions=candidates,
        institution=institution,
        contacts=contacts,
        signatories=signatories,
    )
    if request.method == "GET" and request.htmx:  # type: ignore[attr-defined]
        # The institution was chosen: its contact persons and signatories.
        return render(request, "partnerships/_partner_people.html", {"form": form})
    if request.method == "POST" and form.is_valid():
        try:
            partner = partnership_services.partner_add(
                actor=request.user,
                partnership=partnership,
                institution=form.cleaned_data["institution"],
                **form.service_fields(),
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _("%(institution)s is a partner now.") % {"institution": partner.institution},
            )
            return redirect("partnership_detail", pk=partnership.pk)
    return render(
        request,
        "partnerships/partner_form.html",
        {"form": form, "partnership": partnership, "partner": None},
        status=400 if form.is_bound else 200,
    )


def _partner_or_404(partnership: Partnership, partner_id: int) -> Partner:
    return get_object_or_404(
        Partner.objects.select_related("institution", "partnership"),
        partnership=partnership,
        pk=partner_id,
    )


@login_required
def partner_edit(request: HttpRequest, pk: int, partner_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    partner = _partner_or_404(partnership, partner_id)
    if not selectors.partner_can_manage(user=request.user, partner=partner):
        raise PermissionDenied(_("You cannot change this partner."))
    contacts, signatories = _people(partner.institution)
    initial = {
        "role": partner.role,
        "responsibilities": partner.responsibilities,
        "contact": partner.contact_id,
        "signatory": partner.signatory_id,
        "signatory_name": partner.signatory_name,
        "signatory_job_title": partner.signatory_job_title,
        "revision": partnership.revision,
    }
    kwargs: dict[str, Any] = {
        "institutions": None,
        "institution": partner.institution,
        "contacts": contacts,
        "signatories": signatories,
        "role_editable": selectors.partnership_can_manage(
            user=request.user, partnership=partnership
        ),
        "initial": initial,
    }
    form = PartnerForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            partnership_services.partner_update(
                actor=request.user,
                partner=partner,
                revision=form.cleaned_data.get("revision"),
                **form.service_fields(),
            )
        except ConcurrentUpdate:
            current = Partnership.objects.get(pk=partnership.pk)
            data = request.POST.copy()
            data["revision"] = str(current.revision)
            form = PartnerForm(data, **kwargs)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else changed the partnership while you were editing. Nothing you "
                    "typed is lost: check it and save again."
                ),
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect("partnership_detail", pk=partnership.pk)
    return render(
        request,
        "partnerships/partner_form.html",
        {"form": form, "partnership": partnership, "partner": partner},
        status=400 if form.is_bound else 200,
    )


@login_required
def partner_remove(request: HttpRequest, pk: int, partner_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    partner = _partner_or_404(partnership, partner_id)
    _require_manager(request, partnership)
    if request.method == "POST":
        try:
            partnership_services.partner_remove(actor=request.user, partner=partner)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(institution)s is no longer a partner.") % {"institution": partner.institution},
            )
        return redirect("partnership_detail", pk=partnership.pk)
    return render(
        request,
        "partnerships/partner_remove.html",
        {"partnership": partnership, "partner": partner},
    )


# --- units in scope ---


@login_required
def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    _require_manager(request, partnership)
    if request.method == "POST":
        unit = unit_list(user=request.user).filter(pk=request.POST.get("unit") or 0).first()
        if unit is None:
            messages.error(request, _("Choose a unit from the list."))
            return redirect("partnership_unit_add", pk=partnership.pk)
        try:
            item = unit_services.partnership_unit_add(
                actor=request.user, partnership=partnership, unit=unit
            )
        except (DomainError, ValidationError) as error:
            messages.error(request, error_text(error))
            return redirect("partnership_unit_add", pk=partnership.pk)
        messages.success(
            request,
            _("“%(unit)s” is in the partnership now; the partners are asked to agree it.")
            % {"unit": item.version},
        )
        return redirect("partnership_detail", pk=partnership.pk)
    query = request.GET.get("q", "").strip()
    units = unit_library(user=request.user, query=query).exclude(
        pk__in=partnership.units.values("unit")
    )
    if not query:
        units = units.order_by("-pk")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "partnerships/_unit_choices.html"
        if request.htmx  # type: ignore[attr-defined]
        else "partnerships/unit_add.html"
    )
    return render(
        request,
        template,
        {
            "partnership": partnership,
            "page": page,
            "query": query,
            "query_string": query_without_page(request),
        },
    )


def _unit_page(
    request: HttpRequest,
    partnership: Partnership,
    item: PartnershipUnit,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    version = version_with_outcomes(item.version)
    partner_list = list(selectors.partners(partnership=partnership))
    agreed = {
        a.partner_id: a
        for a in item.agreements.select_related("agreed_by").filter(version=item.version)
    }
    speaks_for = {
        p.pk for p in selectors.partners_user_speaks_for(user=request.user, partnership=partnership)
    }
    outcomes = LearningOutcome.objects.filter(version=version, is_heading=False).order_by(
        "category", "position"
    )
    can_change_unit = unit_can_change(user=request.user, unit=item.unit)
    locked = selectors.is_locked(partnership)
    can_manage = selectors.partnership_can_manage(user=request.user, partnership=partnership)
    writer = bool(
        selectors.partnership_staff_institution_ids(user=request.user, partnership=partnership)
    )
    return render(
        request,
        "partnerships/unit.html",
        {
            "partnership": partnership,
            "item": item,
            "version": version,
            "lang": document_language(request),
            "content_languages": content_languages(),
            "partner_rows": [
                {
                    "partner": p,
                    "agreement": agreed.get(p.pk),
                    "can_agree": p.pk in speaks_for and version.is_agreed,
                }
                for p in partner_list
            ],
            "is_agreed": bool(partner_list) and all(p.pk in agreed for p in partner_list),
            "newer_version": item.unit.latest_id != item.version_id,
            "notes": selectors.notes_of(partnership_unit=item),
            "note_form": note_form
            if note_form is not None
            else (NoteForm(outcomes=outcomes) if writer else None),
            "answer_form": AnswerForm(),
            "can_answer": can_change_unit,
            "can_manage": can_manage,
            "can_change_scope": can_manage and not locked,
            "locked": locked,
            "unit_visible": unit_list(user=request.user).filter(pk=item.unit_id).exists(),
            "open_status": ProposalStatus.OPEN,
            "proposal_kind": NoteKind.PROPOSAL,
        },
        status=status,
    )


@login_required
def partnership_unit(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    item = _item_or_404(partnership, item_id)
    return _unit_page(request, partnership, item)


@login_required
@require_POST
def unit_agree(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    item = _item_or_404(partnership, item_id)
    partner = get_object_or_404(
        Partner.objects.select_related("institution"),
        partnership=partnership,
        pk=request.POST.get("partner") or 0,
    )
    seen = UnitVersion.objects.filter(pk=request.POST.get("version") or 0).first()
    if seen is None:
        raise Http404
    try:
        unit_services.unit_agreement_record(
            actor=request.user, partnership_unit=item, partner=partner, version=seen
        )
    except ConcurrentUpdate:
        current = PartnershipUnit.objects.select_related("version").get(pk=item.pk)
        messages.error(
            request,
            _(
                "Nothing was agreed: the partnership moved this unit from version %(seen)s to "
                "version %(current)s while you were reading. Read version %(current)s below "
                "and agree it if it is right."
            )
            % {"seen": seen.number, "current": current.version.number},
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(institution)s agreed version %(number)s.")
            % {"institution": partner.institution, "number": seen.number},
        )
    return redirect("partnership_unit", pk=partnership.pk, item_id=item.pk)


@login_required
@require_POST
def unit_remove(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    item = _item_or_404(partnership, item_id)
    try:
        unit_services.partnership_unit_remove(actor=request.user, partnership_unit=item)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("partnership_unit", pk=partnership.pk, item_id=item.pk)
    messages.success(
        request, _("“%(unit)s” was taken out of the partnership.") % {"unit": item.version}
    )
    return redirect("partnership_detail", pk=partnership.pk)


@login_required
@require_POST
def unit_update_version(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    item = _item_or_404(partnership, item_id)
    try:
        item = unit_services.partnership_unit_update_version(
            actor=request.user, partnership_unit=item
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The partnership uses version %(number)s now; the partners are asked to agree it.")
            % {"number": item.version.number},
        )
    return redirect(request.POST.get("next") or reverse("partnership_unit", args=[pk, item.pk]))


@login_required
@require_POST
def unit_request(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    item = _item_or_404(partnership, item_id)
    try:
        people = unit_services.agreement_request(actor=request.user, partnership_unit=item)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if people:
            messages.success(
                request,
                ngettext(
                    "%(count)s person was asked to agree the unit.",
                    "%(count)s people were asked to agree the unit.",
                    len(people),
                )
                % {"count": len(people)},
            )
        else:
            messages.info(request, _("Every partner has agreed this version already."))
    return redirect("partnership_unit", pk=partnership.pk, item_id=item.pk)


@login_required
@require_POST
def note_new(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    item = _item_or_404(partnership, item_id)
    outcomes = LearningOutcome.objects.filter(version=item.version_id, is_heading=False)
    form = NoteForm(request.POST, outcomes=outcomes)
    if form.is_valid():
        try:
            note = unit_services.unit_note_add(
                actor=request.user,
                partnership_unit=item,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                language=_language(),
                category=form.cleaned_data["category"],
                replaces=form.cleaned_data["replaces"],
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _("Your proposal was sent to the partners.")
                if note.kind == NoteKind.PROPOSAL
                else _("Your comment was added."),
            )
            return redirect(reverse("partnership_unit", args=[partnership.pk, item.pk]) + "#notes")
    return _unit_page(request, partnership, item, note_form=form, status=400)


@login_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int, note_id: int) -> HttpResponse:
    partnership = _partnership_or_404(request, pk)
    note = get_object_or_404(
        UnitNote.objects.select_related("partnership_unit"),
        partnership_unit__partnership=partnership,
        pk=note_id,
    )
    form = AnswerForm(request.POST)
    back = reverse("partnership_unit", args=[partnership.pk, note.partnership_unit_id])
    if not form.is_valid():
        messages.error(request, _("Choose whether to take the proposal into the unit."))
        return redirect(back + "#notes")
    accept = form.cleaned_data["decision"] == "accept"
    try:
        unit_services.proposal_answer(
            actor=request.user, note=note, accept=accept, answer=form.cleaned_data["answer"]
        )
    except (DomainError, ValidationError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The outcome was added to the unit's draft. Finish the draft to have it agreed.")
            if accept
            else _("The proposal was answered."),
        )
    return redirect(back + f"#note-{note.pk}")
