from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import ngettext

from ecvet.errors import DomainError
from ecvet.multilingual.text import pick
from ecvet.qualifications.models import Unit, UnitVersion
from ecvet.qualifications.selectors import unit_changeable, unit_list
from ecvet.qualifications.services.units import unit_draft
from ecvet.qualifications.transfer.export import outcomes_csv_export, units_export
from ecvet.qualifications.transfer.forms import OutcomesImportForm, UnitImportForm
from ecvet.qualifications.transfer.importing import outcomes_csv_import, units_import
from ecvet.qualifications.transfer.problems import ImportRefused
from ecvet.qualifications.transfer.schema import SCHEMA_VERSION
from ecvet.qualifications.transfer.selectors import import_owner_list

# A file that failed is shown again in the text box to mend, up to this size.
SHOW_AGAIN_CHARS = 500_000


def _download(content: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _json_download(document: dict[str, Any], filename: str) -> HttpResponse:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return _download(text, filename, "application/json")


def _visible_version(request: HttpRequest, pk: int, number: int) -> UnitVersion:
    unit = get_object_or_404(unit_list(user=request.user), pk=pk)
    return get_object_or_404(unit.versions.select_related("unit"), number=number)


def _file_stem(version: UnitVersion) -> str:
    return f"{slugify(pick(version.name))[:60] or 'unit'}-v{version.number}"


@login_required
def unit_version_export_json(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _visible_version(request, pk, number)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    document = units_export(user=request.user, units=[version])
    return _json_download(document, f"{_file_stem(version)}.json")


@login_required
def unit_list_export_json(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    document = units_export(user=request.user, units=unit_list(user=request.user))
    return _json_download(document, f"units-{timezone.localdate().isoformat()}.json")


@login_required
def unit_version_outcomes_csv(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The outcomes as CSV; ``?delimiter=semicolon`` for Excel where a comma is decimal."""
    version = _visible_version(request, pk, number)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    delimiter = ";" if request.GET.get("delimiter") == "semicolon" else ","
    # The byte order mark tells Excel the file is UTF-8, so Latvian letters survive.
    text = "\ufeff" + outcomes_csv_export(version, delimiter=delimiter)
    return _download(text, f"{_file_stem(version)}-outcomes.csv", "text/csv")


def _show_again(form: UnitImportForm | OutcomesImportForm, content: bytes | str) -> None:
    """After a failed upload, put the file's text in the text box so it can be mended there."""
    if isinstance(content, str):
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    if len(text) <= SHOW_AGAIN_CHARS:
        data = form.data.copy()  # type: ignore[attr-defined]
        data["text"] = text
        form.data = data


@login_required
def unit_import(request: HttpRequest) -> HttpResponse:
    owners = import_owner_list(user=request.user)
    if not owners.exists():
        raise Http404
    form = UnitImportForm(request.POST or None, request.FILES or None, owners=owners)
    refused: ImportRefused | None = None
    if request.method == "POST" and form.is_valid():
        content = form.content()
        try:
            units = units_import(
                actor=request.user, owner=form.cleaned_data["owner"], document=content
            )
        except ImportRefused as error:
            refused = error
            _show_again(form, content)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d unit was imported as a draft.",
                    "%(count)d units were imported as drafts.",
                    len(units),
                )
                % {"count": len(units)},
            )
            if len(units) == 1:
                return redirect("unit_detail", pk=units[0].pk)
            return redirect("unit_list")
    return render(
        request,
        "qualifications/unit_import.html",
        {"form": form, "refused": refused, "schema_version": SCHEMA_VERSION},
        status=400 if form.is_bound else 200,
    )


@login_required
def unit_outcomes_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Append outcomes from a CSV to the unit's draft; an agreed unit gets a new draft, in
    the same transaction as the import, so a refused file leaves no empty draft behind."""
    unit: Unit = get_object_or_404(unit_changeable(user=request.user), pk=pk)
    version = unit.latest_version
    form = OutcomesImportForm(request.POST or None, request.FILES or None)
    refused: ImportRefused | None = None
    if request.method == "POST" and form.is_valid():
        content = form.content()
        try:
            with transaction.atomic():
                draft = unit_draft(actor=request.user, unit=unit)
                outcomes = outcomes_csv_import(actor=request.user, version=draft, data=content)
        except ImportRefused as error:
            refused = error
            _show_again(form, content)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d row was added to version %(number)s.",
                    "%(count)d rows were added to version %(number)s.",
                    len(outcomes),
                )
                % {"count": len(outcomes), "number": draft.number},
            )
            return redirect("unit_detail", pk=unit.pk)
    return render(
        request,
        "qualifications/unit_outcomes_import.html",
        {
            "form": form,
            "refused": refused,
            "unit": unit,
            "version": version,
            "starts_draft": version.is_agreed,
            "next_number": version.number + 1,
        },
        status=400 if form.is_bound else 200,
    )
