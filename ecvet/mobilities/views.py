"""Screens of mobilities: the list, a new mobility (alone or for a group), its page, its
changes, status and history, the learner profile for the host, and the learner's own page.
The Learning Agreement's screens are in ``agreement_views``.

The staff screens find a mobility through ``selectors.mobility_get`` and are for staff only:
someone who does not see the mobility — or a learner, who has their own page — gets a 404,
whatever they ask. What a person may then do is decided by the services; the pages show only
the buttons a person can use.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ecvet.accounts import scoping
from ecvet.accounts.models import Role
from ecvet.audit.selectors import audit_events, audit_history, field_label, with_change_rows
from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.forms import add_error, error_text, query_without_page
from ecvet.institutions.models import Institution, InstitutionKind
from ecvet.institutions.selectors import institution_list
from ecvet.mobilities import selectors
from ecvet.mobilities.content import agreement_content
from ecvet.mobilities.forms import (
    MobilityFilterForm,
    MobilityForm,
    MobilityGroupForm,
    ProfileForm,
    ProposalsForm,
)
from ecvet.mobilities.learner_selectors import learner_list
from ecvet.mobilities.models import (
    MOBILITY_TRANSITIONS,
    AgreementStatus,
    AssessmentMethod,
    LearnerProfile,
    LearningAgreement,
    Mobility,
    MobilityStatus,
    ProfileStatus,
)
from ecvet.mobilities.results import results_overview
from ecvet.mobilities.services import mobilities as mobility_services
from ecvet.mobilities.services import profiles as profile_services
from ecvet.mobilities.services.agreements import agreement_checks, workload_balance
from ecvet.mobilities.services.mobilities import MANUAL_STATUSES, AgreementFrozen
from ecvet.multilingual.text import pick
from ecvet.partnerships.models import Partner, PartnerRole, Partnership, PartnershipUnit
from ecvet.partnerships.selectors import agreement_rows, partnership_can_view, partnership_list
from ecvet.qualifications.models import Category
from ecvet.signing.selectors import waiting_signatures

PAGE_SIZE = 25
HISTORY_ON_PAGE = 8
#: Partners that can host a learner (as the mobility services accept them).
HOSTING_ROLES = (PartnerRole.HOSTING, PartnerRole.HOST_COMPANY, PartnerRole.INTERMEDIARY)


# --- helpers ---


def _is_staff(user: Any) -> bool:
    """The mobility screens are for staff; a learner (or guardian) has their own page."""
    return scoping.is_platform_admin(user) or bool(scoping.roles(user) - {Role.LEARNER})


def _mobility_or_404(request: HttpRequest, pk: int) -> Mobility:
    if not _is_staff(request.user):
        raise Http404
    try:
        return selectors.mobility_get(user=request.user, pk=pk, staff_only=True)
    except Mobility.DoesNotExist as exc:
        raise Http404 from exc


def _require_manager(request: HttpRequest, mobility: Mobility) -> None:
    if not selectors.mobility_can_manage(user=request.user, mobility=mobility):
        raise PermissionDenied(_("Only the sending school's coordinators can do this."))


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _chosen(queryset: QuerySet[Any], value: Any) -> Any:
    try:
        return queryset.filter(pk=int(value)).first() if value else None
    except (TypeError, ValueError):
        return None


def _managed_school_ids(user: Any) -> set[int] | None:
    """The schools whose learners the user plans mobilities for; None: every school."""
    if scoping.is_platform_admin(user):
        return None
    return scoping.managed_institution_ids(user)


def _learners(user: Any) -> QuerySet[Any]:
    schools = _managed_school_ids(user)
    learners = learner_list(user=user)
    return learners if schools is None else learners.filter(school__in=schools)


def _partnerships(user: Any, school_ids: set[int] | None) -> QuerySet[Partnership]:
    """Visible partnerships in which one of ``school_ids`` (any, if None) is sending."""
    sending = Partner.objects.filter(role=PartnerRole.SENDING)
    if school_ids is not None:
        sending = sending.filter(institution__in=school_ids)
    visible = list(
        partnership_list(user=user)
        .filter(pk__in=sending.values("partnership"))
        .values_list("pk", flat=True)
    )
    return Partnership.objects.filter(pk__in=visible).order_by("title", "pk")


def _hosts(partnership: Partnership | None) -> QuerySet[Institution]:
    if partnership is None:
        return Institution.objects.none()
    return Institution.objects.filter(
        partnerships_joined__partnership=partnership, partnerships_joined__role__in=HOSTING_ROLES
    ).order_by("name", "pk")


def _agreed_units(partnership: Partnership | None) -> QuerySet[PartnershipUnit]:
    """The partnership's units agreed by every partner: only those go into an agreement."""
    if partnership is None:
        return PartnershipUnit.objects.none()
    agreed = [row.item.pk for row in agreement_rows(partnership=partnership) if row.is_agreed]
    return (
        PartnershipUnit.objects.filter(pk__in=agreed)
        .select_related("version")
        .order_by("position", "pk")
    )


def _only(queryset: QuerySet[Any]) -> Any:
    """The one choice there is, chosen for the user."""
    first_two = list(queryset[:2])
    return first_two[0] if len(first_two) == 1 else None


def _choice_kwargs(
    request: HttpRequest, source: Any, *, partnership: Partnership | None, new: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The querysets of a mobility form for what ``source`` (the form's data, or the query
    of a reload) has chosen, and the choices made for the user where there is one only."""
    user = request.user
    chosen: dict[str, Any] = {}
    kwargs: dict[str, Any] = {}
    if new:
        learners = _learners(user)
        kwargs["learners"] = learners
        learner = _chosen(learners, source.get("learner"))
        schools = {learner.school_id} if learner else _managed_school_ids(user)
        partnerships = _partnerships(user, schools)
        kwargs["partnerships"] = partnerships
        partnership = _chosen(partnerships, source.get("partnership")) or _only(partnerships)
        chosen["partnership"] = partnership
        kwargs["units"] = _agreed_units(partnership)
    else:
        kwargs["partnerships"] = None
        kwargs["units"] = None
    hosts = _hosts(partnership)
    host = _chosen(hosts, source.get("host_institution")) or _only(hosts)
    chosen["host_institution"] = host
    companies = institution_list(user=user, kind=InstitutionKind.COMPANY)
    company = _chosen(companies, source.get("host_company"))
    kwargs.update(
        hosts=hosts,
        companies=companies,
        mentors=selectors.mentor_candidates(host_institution=host, host_company=company),
    )
    return kwargs, chosen


def _reload_initial(source: Any, form_class: type[Any], chosen: dict[str, Any]) -> dict[str, Any]:
    """What a reload (or a link such as ``?learner=``) has chosen, as the form's initial."""
    initial: dict[str, Any] = {}
    for name in form_class.base_fields:
        if name in {"units", "learners"}:
            if name in source:
                initial[name] = source.getlist(name)
        elif source.get(name):
            initial[name] = source.get(name)
    for name, value in chosen.items():
        if value is not None and not initial.get(name):
            initial[name] = value.pk
    return initial


def _wire(form: Any, url: str) -> Any:
    """The choices that others depend on reload the dependent part of the form; the dates
    reload the computed length."""
    # The CSRF token stays out of the reload's query string (and out of server logs).
    choices = {
        "hx-get": url,
        "hx-include": "closest form",
        "hx-params": "not csrfmiddlewaretoken",
        "hx-target": "#mobility-choices",
        "hx-swap": "outerHTML",
    }
    for name in ("learner", "partnership", "host_institution", "host_company"):
        if name in form.fields:
            form.fields[name].widget.attrs.update(choices)
    for name in ("start", "end"):
        form.fields[name].widget.attrs.update(
            {
                "hx-get": url,
                "hx-include": "closest form",
                "hx-params": "not csrfmiddlewaretoken",
                "hx-target": "#mobility-weeks",
                "hx-swap": "outerHTML",
            }
        )
    return form


def _period(form: Any) -> dict[str, Any] | None:
    """The length of the period typed so far (days and weeks), or None."""
    start, end = form["start"].value(), form["end"].value()
    try:
        mobility = Mobility(start=_date(start), end=_date(end))
    except (TypeError, ValueError):
        return None
    if mobility.end < mobility.start:
        return None
    return {"days": mobility.days, "weeks": mobility.weeks}


def _date(value: Any) -> Any:
    from datetime import date

    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _reload(request: HttpRequest, form: Any, context: dict[str, Any]) -> HttpResponse | None:
    """An htmx reload of a part of the mobility form, or None for a whole page."""
    if request.method != "GET" or not request.htmx:  # type: ignore[attr-defined]
        return None
    if request.htmx.target == "mobility-weeks":  # type: ignore[attr-defined]
        return render(request, "mobilities/_mobility_weeks.html", {"period": _period(form)})
    return render(request, "mobilities/_mobility_choices.html", {"form": form, **context})


# --- the list ---


def _can_plan(user: Any) -> bool:
    return scoping.is_platform_admin(user) or bool(scoping.managed_institution_ids(user))


@login_required
def mobility_list(request: HttpRequest) -> HttpResponse:
    if not _is_staff(request.user):
        raise Http404
    form = MobilityFilterForm(
        request.GET or None,
        partnerships=partnership_list(user=request.user).prefetch_related(None).order_by("title"),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    mobilities = selectors.mobility_list(
        user=request.user,
        staff_only=True,
        search=filters.get("q", ""),
        status=filters.get("status", ""),
        partnership=filters.get("partnership"),
    ).prefetch_related(
        Prefetch(
            "agreements",
            LearningAgreement.objects.order_by("-number"),
            to_attr="versions",
        )
    )
    page = Paginator(mobilities, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "mobilities/_mobility_list_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "mobilities/mobility_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "can_create": _can_plan(request.user),
            "query_string": query_without_page(request),
            "filtered": bool(filters and any(filters.values())),
        },
    )


# --- new mobility, new group ---


@login_required
def mobility_new(request: HttpRequest) -> HttpResponse:
    if not _can_plan(request.user):
        raise Http404
    data = request.POST if request.method == "POST" else None
    source = data if data is not None else request.GET
    kwargs, chosen = _choice_kwargs(request, source, partnership=None, new=True)
    initial = _reload_initial(request.GET, MobilityForm, chosen) if data is None else {}
    form = _wire(MobilityForm(data, initial=initial, **kwargs), reverse("mobility_new"))
    partial = _reload(request, form, {})
    if partial is not None:
        return partial
    if request.method == "POST" and form.is_valid():
        try:
            mobility = mobility_services.mobility_create(
                actor=request.user,
                learner=form.cleaned_data["learner"],
                partnership=form.cleaned_data["partnership"],
                units=list(form.cleaned_data["units"]),
                **form.terms(),
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The mobility is planned. Write the assessment plan in its Learning "
                    "Agreement, then send the agreement for signature."
                ),
            )
            return redirect("mobility_detail", pk=mobility.pk)
    return render(
        request,
        "mobilities/mobility_form.html",
        {"form": form, "mobility": None, "period": _period(form)},
        status=400 if form.is_bound else 200,
    )


@login_required
def mobility_group_new(request: HttpRequest) -> HttpResponse:
    if not _can_plan(request.user):
        raise Http404
    data = request.POST if request.method == "POST" else None
    source = data if data is not None else request.GET
    kwargs, chosen = _choice_kwargs(request, source, partnership=None, new=True)
    initial = _reload_initial(request.GET, MobilityGroupForm, chosen) if data is None else {}
    form = _wire(MobilityGroupForm(data, initial=initial, **kwargs), reverse("mobility_group_new"))
    partial = _reload(request, form, {})
    if partial is not None:
        return partial
    if request.method == "POST" and form.is_valid():
        learners = list(form.cleaned_data["learners"])
        try:
            group = mobility_services.mobility_group_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                partnership=form.cleaned_data["partnership"],
                learners=learners,
                units=list(form.cleaned_data["units"]),
                **form.terms(),
            )
        except (DomainError, ValidationError) as error:
            # All or nothing: no mobility of the group was created.
            add_error(form, error)
            form.add_error(
                None, _("No mobility was created. Correct the form and create the group again.")
            )
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s mobility was planned in the group “%(group)s”, with its own "
                    "Learning Agreement.",
                    "%(count)s mobilities were planned in the group “%(group)s”, each with its "
                    "own Learning Agreement.",
                    len(learners),
                )
                % {"count": len(learners), "group": group.name},
            )
            url = reverse("mobility_list") + "?" + f"partnership={group.partnership_id}"
            return redirect(url)
    return render(
        request,
        "mobilities/group_form.html",
        {"form": form, "period": _period(form)},
        status=400 if form.is_bound else 200,
    )


# --- one mobility ---


def _next_moves(user: Any, mobility: Mobility) -> list[Any]:
    """The statuses a person may move the mobility to by hand from here."""
    if not selectors.mobility_can_run(user=user, mobility=mobility):
        return []
    allowed = MOBILITY_TRANSITIONS[mobility.status] & MANUAL_STATUSES
    return [status for status in MobilityStatus if status in allowed]


def _latest_agreement(mobility: Mobility) -> LearningAgreement | None:
    try:
        return selectors.agreement_current(mobility=mobility)
    except LearningAgreement.DoesNotExist:
        return None


def _can_see_learner(user: Any, mobility: Mobility) -> bool:
    return learner_list(user=user).filter(pk=mobility.learner_id).exists()


@login_required
def mobility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    agreement = _latest_agreement(mobility)
    profile = LearnerProfile.objects.filter(mobility=mobility).first()
    balance = workload_balance(agreement) if agreement else None
    return render(
        request,
        "mobilities/mobility_detail.html",
        {
            "mobility": mobility,
            "profile": profile,
            "agreement": agreement,
            "draft": AgreementStatus.DRAFT,
            "balance": balance,
            "bar_width": min(balance.percent, 100) if balance else 0,
            "checks": agreement_checks(agreement=agreement)
            if agreement and agreement.status == AgreementStatus.DRAFT
            else [],
            "financial_notes": pick(mobility.financial_notes, _language()),
            "next_moves": _next_moves(request.user, mobility),
            "cancelled": MobilityStatus.CANCELLED,
            "can_manage": selectors.mobility_can_manage(user=request.user, mobility=mobility),
            "can_see_learner": _can_see_learner(request.user, mobility),
            "can_see_partnership": partnership_can_view(
                user=request.user, partnership=mobility.partnership
            ),
            "history": audit_history(target=mobility, limit=HISTORY_ON_PAGE),
            "results": results_overview(user=request.user, mobility=mobility),
        },
    )


def _edit_initial(mobility: Mobility) -> dict[str, Any]:
    return {
        "host_institution": mobility.host_institution_id,
        "host_company": mobility.host_company_id,
        "mentor": mobility.mentor_id,
        "start": mobility.start,
        "end": mobility.end,
        "place": mobility.place,
        "country": mobility.country.code if mobility.country else "",
        "grant_amount": mobility.grant_amount,
        "travel_paid_by": mobility.travel_paid_by,
        "accommodation_paid_by": mobility.accommodation_paid_by,
        "insurance_paid_by": mobility.insurance_paid_by,
        "financial_notes": mobility.financial_notes,
        "revision": mobility.revision,
    }


def _stored(current: Mobility, name: str) -> Any:
    if name == "country":
        return current.country.code if current.country else ""
    if name in {"host_institution", "host_company", "mentor"}:
        return getattr(current, f"{name}_id")
    return getattr(current, name)


def _typed(value: Any) -> Any:
    return getattr(value, "pk", value)


def _conflict(form: MobilityForm, data: Any, current: Mobility, build: Any) -> MobilityForm:
    """The form re-bound to what the user typed, at the revision saved meanwhile, with a
    message naming the fields whose saved value is not what the user typed."""
    data = data.copy()
    data["revision"] = str(current.revision)
    rebound = build(data)
    rebound.is_valid()
    typed = form.cleaned_data
    differing = [
        str(form.fields[name].label)
        for name in form.terms()
        if _typed(typed[name]) != _stored(current, name)
        and not (typed[name] in (None, "") and _stored(current, name) in (None, ""))
    ]
    message = _(
        "Someone else saved this mobility while you were editing it. Nothing you typed is "
        "lost: it is below. Check it and save again to replace what they saved."
    )
    if differing:
        message += " " + _("What they saved differs from what you typed in: %(fields)s.") % {
            "fields": ", ".join(differing)
        }
    rebound.add_error(None, message)
    return rebound


@login_required
def mobility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    _require_manager(request, mobility)
    agreement = _latest_agreement(mobility)
    data = request.POST if request.method == "POST" else None
    url = reverse("mobility_edit", args=[mobility.pk])
    current = {
        "host_institution": mobility.host_institution_id,
        "host_company": mobility.host_company_id,
    }

    def build(form_data: Any) -> MobilityForm:
        reload = form_data is None and request.htmx  # type: ignore[attr-defined]
        source = form_data if form_data is not None else (request.GET if reload else current)
        kwargs, chosen = _choice_kwargs(
            request, source, partnership=mobility.partnership, new=False
        )
        initial = _edit_initial(mobility)
        if reload:
            initial.update(_reload_initial(request.GET, MobilityForm, chosen))
        return _wire(MobilityForm(form_data, initial=initial, learners=None, **kwargs), url)

    form = build(data)
    partial = _reload(request, form, {"mobility": mobility})
    if partial is not None:
        return partial
    frozen = ""
    if request.method == "POST" and form.is_valid():
        try:
            mobility_services.mobility_update(
                actor=request.user,
                mobility=mobility,
                revision=form.cleaned_data["revision"],
                **form.terms(),
            )
        except ConcurrentUpdate:
            form = _conflict(form, request.POST, Mobility.objects.get(pk=mobility.pk), build)
        except AgreementFrozen as error:
            frozen = error.message
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("mobility_detail", pk=mobility.pk)
    return render(
        request,
        "mobilities/mobility_form.html",
        {
            "form": form,
            "mobility": mobility,
            "agreement": agreement,
            "frozen": frozen,
            "locked": bool(frozen) or bool(agreement and agreement.is_frozen),
            "signed": AgreementStatus.SIGNED,
            "period": _period(form),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def mobility_transition(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    wanted = request.POST.get("wanted", "")
    try:
        mobility = mobility_services.mobility_transition(
            actor=request.user,
            mobility=mobility,
            wanted=wanted,
            reason=request.POST.get("reason", ""),
        )
    except (DomainError, ValidationError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The mobility is “%(status)s” now.")
            % {"status": MobilityStatus(mobility.status).label},
        )
    return redirect("mobility_detail", pk=mobility.pk)


@login_required
def mobility_history(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    page = Paginator(audit_events(target=mobility), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mobilities/mobility_history.html",
        {
            "mobility": mobility,
            "page": page,
            "history": with_change_rows(page.object_list, Mobility),
        },
    )


# --- the learner profile for the host ---


def _profile_of(mobility: Mobility) -> LearnerProfile:
    profile = LearnerProfile.objects.filter(mobility=mobility).select_related("answered_by").first()
    if profile is None:  # every mobility is created with one; a missing one is not a page
        raise Http404
    return profile


def _can_write_profile(user: Any, mobility: Mobility) -> bool:
    """The sending school's staff write the profile (the service decides; this shows the
    form only to those it will accept)."""
    return scoping.is_platform_admin(user) or (
        mobility.learner.school_id in scoping.institution_ids(user, selectors.STAFF_ROLES)
    )


def _can_answer_profile(user: Any, mobility: Mobility) -> bool:
    """The host's staff and the mentor answer the profile."""
    hosts = {mobility.host_institution_id, mobility.host_company_id} - {None}
    return (
        scoping.is_platform_admin(user)
        or bool(hosts & scoping.institution_ids(user, selectors.STAFF_ROLES))
        or mobility.mentor_id == user.pk
    )


def _profile_page(
    request: HttpRequest,
    mobility: Mobility,
    profile: LearnerProfile,
    *,
    form: ProfileForm | None = None,
    answer_form: ProposalsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_write = _can_write_profile(request.user, mobility)
    can_answer = _can_answer_profile(request.user, mobility) and profile.status != (
        ProfileStatus.DRAFT
    )
    language = _language()
    return render(
        request,
        "mobilities/profile_edit.html",
        {
            "mobility": mobility,
            "profile": profile,
            "texts": [
                {
                    "name": name,
                    "label": field_label(LearnerProfile, name),
                    "text": pick(getattr(profile, name), language),
                }
                for name in profile_services.PROFILE_FIELDS
            ],
            "form": form
            if form is not None
            else (ProfileForm(initial=ProfileForm.initial_of(profile)) if can_write else None),
            "answer_form": answer_form
            if answer_form is not None
            else (
                ProposalsForm(initial={"proposals": profile.host_proposals}) if can_answer else None
            ),
            "can_send": selectors.mobility_can_manage(user=request.user, mobility=mobility),
            "draft": ProfileStatus.DRAFT,
        },
        status=status,
    )


@login_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    profile = _profile_of(mobility)
    if request.method != "POST":
        return _profile_page(request, mobility, profile)
    if not _can_write_profile(request.user, mobility):
        raise PermissionDenied(_("The sending school's staff write the learner profile."))
    form = ProfileForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            profile_services.profile_update(
                actor=request.user, profile=profile, revision=revision, **data
            )
        except ConcurrentUpdate:
            current = LearnerProfile.objects.get(pk=profile.pk)
            rebound_data = request.POST.copy()
            rebound_data["revision"] = str(current.revision)
            form = ProfileForm(rebound_data)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else saved this profile while you were editing it. Nothing you "
                    "typed is lost: it is below. Check it and save again to replace what they "
                    "saved."
                ),
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The learner profile was saved."))
            return redirect("profile_edit", pk=mobility.pk)
    return _profile_page(request, mobility, profile, form=form, status=400)


@login_required
@require_POST
def profile_send(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    profile = _profile_of(mobility)
    try:
        profile_services.profile_send(actor=request.user, profile=profile)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The profile was sent: the host's coordinators and the mentor are told.")
        )
    return redirect("profile_edit", pk=mobility.pk)


@login_required
@require_POST
def profile_answer(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = _mobility_or_404(request, pk)
    profile = _profile_of(mobility)
    form = ProposalsForm(request.POST)
    if form.is_valid():
        try:
            profile_services.profile_answer(
                actor=request.user, profile=profile, proposals=form.cleaned_data["proposals"]
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("Your proposals were sent to the sending school."))
            return redirect("profile_edit", pk=mobility.pk)
    return _profile_page(request, mobility, profile, answer_form=form, status=400)


# --- the learner's own page (slide 15) ---


@login_required
def my_mobilities(request: HttpRequest) -> HttpResponse:
    mobilities = list(selectors.mobilities_of_learner_user(user=request.user))
    if len(mobilities) == 1:
        return redirect("my_mobility", pk=mobilities[0].pk)
    return render(request, "mobilities/my_mobilities.html", {"mobilities": mobilities})


def _method_label(code: str) -> str:
    try:
        return str(AssessmentMethod(code).label)
    except ValueError:
        return code


def _columns(outcomes: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """The outcomes of a unit in its three columns, each text in the reader's language; a
    topic heading is shown only when outcomes follow it."""
    columns = []
    for code, label in Category.choices:
        rows = [o for o in outcomes if o["category"] == code]
        shown = []
        for index, row in enumerate(rows):
            following = rows[index + 1] if index + 1 < len(rows) else None
            if row["heading"] and (following is None or following["heading"]):
                continue
            shown.append({"heading": row["heading"], "text": pick(row["text"], language)})
        if any(not row["heading"] for row in shown):
            columns.append({"code": code, "label": label, "rows": shown})
    return columns


def _learner_units(content: dict[str, Any], language: str) -> list[dict[str, Any]]:
    units = []
    for unit in content.get("units", []):
        plan = unit.get("assessment") or {}
        units.append(
            {
                "name": pick(unit["name"], language),
                "all_outcomes": unit.get("all_outcomes", True),
                "workload": unit.get("workload"),
                "columns": _columns(unit.get("outcomes", []), language),
                "assessor": (plan.get("assessor") or {}).get("name", ""),
                "methods": [_method_label(code) for code in plan.get("methods", [])],
                "when": plan.get("when", ""),
                "where": plan.get("where", ""),
                "evidence": pick(plan.get("evidence"), language),
                "criteria": pick(plan.get("criteria"), language),
            }
        )
    return units


def _shown_agreement(mobility: Mobility) -> LearningAgreement | None:
    """The agreement in force, else the version being prepared or signed now."""
    return selectors.agreement_in_force(mobility=mobility) or _latest_agreement(mobility)


@login_required
def my_mobility(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        mobility = selectors.mobilities_of_learner_user(user=request.user).get(pk=pk)
    except Mobility.DoesNotExist as exc:
        raise Http404 from exc
    agreement = _shown_agreement(mobility)
    language = _language()
    content = agreement_content(agreement) if agreement else {}
    envelopes = [
        version.envelope_id
        for version in selectors.agreements(mobility=mobility)
        if version.envelope_id is not None
    ]
    to_sign = list(waiting_signatures(user=request.user).filter(envelope__in=envelopes))
    signing = selectors.agreements(mobility=mobility).filter(status=AgreementStatus.OUT).first()
    return render(
        request,
        "mobilities/my_mobility.html",
        {
            "mobility": mobility,
            "agreement": agreement,
            "signing": signing,
            "units": _learner_units(content, language),
            "activities": pick(content.get("learning_activities"), language),
            "documentation": pick(content.get("documentation"), language),
            "validation": pick(content.get("validation_recognition"), language),
            "to_sign": to_sign,
            "as_guardian": mobility.learner.user_id != request.user.pk,
            "results": results_overview(user=request.user, mobility=mobility),
            "others": selectors.mobilities_of_learner_user(user=request.user)
            .exclude(pk=mobility.pk)
            .exists(),
            "statuses": AgreementStatus,
        },
    )
