"""Screens of the school's learners: the list, a learner's page, adding and changing them,
linking their account, and importing them from the school's spreadsheet.

Every view finds the learner through ``learner_selectors.learner_get`` (someone who may not
see the learner gets a 404, whatever they ask); whether they may change it is decided by
the services, and the pages show only the buttons a person can use.

The import: the upload page reads and checks the file; with any problem it shows the preview
with every problem and keeps nothing. A file without problems waits under
``MEDIA_ROOT/imports/`` (its token in the session) and the browser is sent to the
confirmation page, which reads and checks it again before showing it and again before
importing it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.forms import add_error, query_without_page
from ecvet.institutions.models import Institution
from ecvet.mobilities import learner_selectors as selectors
from ecvet.mobilities.learner_forms import (
    AccountForm,
    LearnerFilterForm,
    LearnerForm,
    LearnerImportForm,
)
from ecvet.mobilities.learner_import import (
    ImportRefused,
    ParsedFile,
    pending_delete,
    pending_read,
    pending_save,
    read_learners,
    template_headers,
)
from ecvet.mobilities.models import Learner
from ecvet.mobilities.services import learners as services

PAGE_SIZE = 25
#: The session key of the uploaded file waiting for confirmation.
SESSION_KEY = "learner_import"


# --- helpers ---


def _learner_or_404(request: HttpRequest, pk: int) -> Learner:
    try:
        return selectors.learner_get(user=request.user, pk=pk)
    except Learner.DoesNotExist as exc:
        raise Http404 from exc


def _require_writer(request: HttpRequest, learner: Learner) -> None:
    if not selectors.learner_can_change(user=request.user, learner=learner):
        raise PermissionDenied(_("Only the school's coordinators and teachers can do this."))


def _qualifications(schools: list[Institution] | list[int]) -> Any:
    ids = [s.pk if isinstance(s, Institution) else s for s in schools]
    return selectors.school_qualifications(school_ids=ids)


def _conflict(form: LearnerForm, data: Any, current: Learner) -> LearnerForm:
    """The form re-bound to what the user typed, at the revision saved meanwhile, with a
    message naming the fields whose saved value is not what the user typed."""
    data = data.copy()
    data["revision"] = str(current.revision)
    qualifications = form.fields["qualification"].queryset  # type: ignore[attr-defined]
    rebound = LearnerForm(data, instance=current, qualifications=qualifications)
    rebound.is_valid()
    typed = form.cleaned_data
    differing = [
        str(form.fields[name].label)
        for name in services.LEARNER_FIELDS
        if name in typed and name in form.fields and typed[name] != getattr(current, name)
    ]
    message = _(
        "Someone else saved this learner while you were editing. Nothing you typed is lost: "
        "it is below. Check it and save again to replace what they saved."
    )
    if differing:
        message += " " + _("What they saved differs from what you typed in: %(fields)s.") % {
            "fields": ", ".join(differing)
        }
    rebound.add_error(None, message)
    return rebound


# --- learners ---


@login_required
def learner_list(request: HttpRequest) -> HttpResponse:
    if not selectors.learner_list_allowed(user=request.user):
        raise Http404  # a learner account sees only its own pages
    form = LearnerFilterForm(
        request.GET or None, groups=selectors.learner_groups(user=request.user)
    )
    search = group = ""
    if form.is_valid():
        search, group = form.cleaned_data["q"], form.cleaned_data["group"]
    learners = selectors.learner_list(user=request.user, search=search, group=group)
    page = Paginator(learners, PAGE_SIZE).get_page(request.GET.get("page"))
    can_write = selectors.learner_schools(user=request.user).exists()
    template = (
        "mobilities/learner_list_results.html"
        if request.htmx  # type: ignore[attr-defined]
        else "mobilities/learner_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "can_write": can_write,
            "filtered": bool(search or group),
            "query_string": query_without_page(request),
        },
    )


@login_required
def learner_new(request: HttpRequest) -> HttpResponse:
    schools = list(selectors.learner_schools(user=request.user))
    if not schools:
        raise Http404
    queryset = Institution.objects.filter(pk__in=[s.pk for s in schools]).order_by("name")
    form = LearnerForm(
        request.POST or None, schools=queryset, qualifications=_qualifications(schools)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        school = data.pop("school")
        try:
            learner = services.learner_create(actor=request.user, school=school, **data)
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The learner was added."))
            return redirect("learner_detail", pk=learner.pk)
    return render(
        request,
        "mobilities/learner_form.html",
        {"form": form, "learner": None},
        status=400 if form.is_bound else 200,
    )


@login_required
def learner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    learner = _learner_or_404(request, pk)
    own = learner.user_id == request.user.pk
    return render(
        request,
        "mobilities/learner_detail.html",
        {
            "learner": learner,
            "own": own,
            "can_change": selectors.learner_can_change(user=request.user, learner=learner),
            "mobilities": selectors.learner_mobilities(learner=learner),
            "is_minor": learner.is_minor_on(),
        },
    )


@login_required
def learner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    learner = _learner_or_404(request, pk)
    _require_writer(request, learner)
    form = LearnerForm(
        request.POST or None,
        instance=learner,
        qualifications=_qualifications([learner.school_id]),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            services.learner_update(actor=request.user, learner=learner, revision=revision, **data)
        except ConcurrentUpdate:
            form = _conflict(form, request.POST, Learner.objects.get(pk=learner.pk))
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("learner_detail", pk=learner.pk)
    return render(
        request,
        "mobilities/learner_form.html",
        {"form": form, "learner": learner},
        status=400 if form.is_bound else 200,
    )


@login_required
def learner_account(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the learner to their account (or unlink it)."""
    learner = _learner_or_404(request, pk)
    _require_writer(request, learner)
    form = AccountForm(
        request.POST or None,
        initial={"user": learner.user_id},
        candidates=selectors.learner_account_candidates(learner=learner),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.learner_link_account(
                actor=request.user, learner=learner, user=form.cleaned_data["user"]
            )
        except (DomainError, ValidationError) as error:
            add_error(form, error)
        else:
            messages.success(request, _("The learner's account was saved."))
            return redirect("learner_detail", pk=learner.pk)
    return render(
        request,
        "mobilities/learner_account.html",
        {"form": form, "learner": learner},
        status=400 if form.is_bound else 200,
    )


# --- import ---


def _check(content: bytes, filename: str, school: Institution) -> ParsedFile:
    """The file read and checked as the import will check it (raises ImportRefused when the
    file as a whole cannot be read)."""
    parsed = read_learners(
        content,
        filename=filename,
        school=school,
        qualifications=_qualifications([school]),
    )
    problems = services.learners_validate(school=school, rows=parsed.rows)
    parsed.problems = sorted([*parsed.problems, *problems], key=lambda p: (p.row or 0, p.column))
    return parsed


def _preview(
    request: HttpRequest,
    parsed: ParsedFile,
    school: Institution,
    *,
    filename: str,
    token: str = "",
    status: int = 200,
) -> HttpResponse:
    refused = ImportRefused(parsed.problems) if parsed.problems else None
    return render(
        request,
        "mobilities/import_preview.html",
        {
            "parsed": parsed,
            "school": school,
            "filename": filename,
            "refused": refused,
            "token": token,
            "problem_rows": {problem.row for problem in parsed.problems if problem.row},
        },
        status=status,
    )


def _pending(request: HttpRequest, token: str) -> tuple[dict[str, Any], Institution, bytes]:
    """The file this session uploaded under ``token``, for a school the user still writes
    for; 404 for any other token (another person's, or one already imported)."""
    pending = request.session.get(SESSION_KEY) or {}
    if pending.get("token") != token:
        raise Http404
    school = (
        selectors.learner_schools(user=request.user)
        .filter(pk=int(pending.get("school") or 0))
        .first()
    )
    content = pending_read(token)
    if school is None or content is None:
        raise Http404
    return pending, school, content


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        pending_delete(pending.get("token", ""))


@login_required
def learner_import(request: HttpRequest) -> HttpResponse:
    schools = selectors.learner_schools(user=request.user)
    if not schools.exists():
        raise Http404
    form = LearnerImportForm(request.POST or None, request.FILES or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data["school"]
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            parsed = _check(content, upload.name, school)
        except ImportRefused as error:
            for problem in error.problems:
                form.add_error("file", str(problem))
        else:
            if parsed.problems:
                return _preview(request, parsed, school, filename=upload.name, status=400)
            _forget(request)  # one file waits per session: a new upload replaces it
            token = pending_save(content)
            request.session[SESSION_KEY] = {
                "token": token,
                "school": school.pk,
                "name": upload.name,
            }
            return redirect("learner_import_confirm", token=token)
    return render(
        request,
        "mobilities/import.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
def learner_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the learners to import; POST: import them all, or none when a problem appeared
    since the preview (e.g. someone added one of them meanwhile)."""
    pending, school, content = _pending(request, token)
    filename = pending.get("name", "")
    try:
        parsed = _check(content, filename, school)
    except ImportRefused as error:  # cannot happen for a file that was checked, but safe
        messages.error(request, str(error.message))
        return redirect("learner_import")
    if request.method == "POST" and not parsed.problems:
        try:
            learners = services.learners_import(actor=request.user, school=school, rows=parsed.rows)
        except ImportRefused as error:
            parsed.problems = error.problems
        except DomainError as error:
            messages.error(request, error.message)
        else:
            _forget(request)
            messages.success(
                request,
                ngettext(
                    "%(count)d learner was imported into %(school)s.",
                    "%(count)d learners were imported into %(school)s.",
                    len(learners),
                )
                % {"count": len(learners), "school": school.name},
            )
            return redirect("learner_list")
    return _preview(
        request,
        parsed,
        school,
        filename=filename,
        token=token,
        status=400 if parsed.problems else 200,
    )


@login_required
def learner_import_template(request: HttpRequest) -> HttpResponse:
    """An empty spreadsheet with the columns' headers in the reader's language;
    ``?delimiter=semicolon`` for Excel where the comma is the decimal separator."""
    if not selectors.learner_schools(user=request.user).exists():
        raise Http404
    delimiter = ";" if request.GET.get("delimiter") == "semicolon" else ","
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(template_headers())
    # The byte order mark tells Excel the file is UTF-8, so Latvian letters survive.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="learners.csv"'
    return response
