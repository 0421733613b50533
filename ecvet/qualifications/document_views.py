"""Printed documents of units: the unit of learning outcomes as a PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed

from ecvet.documents.pdf import pdf_filename, pdf_response, render_pdf
from ecvet.multilingual.text import document_language, pick
from ecvet.qualifications.models import Unit, UnitVersion
from ecvet.qualifications.selectors import unit_get, version_get


@login_required
def unit_document_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Version ``number`` of a unit the reader can see, as a PDF in ``?lang=``."""
    try:
        unit = unit_get(user=request.user, pk=pk)
        version = version_get(user=request.user, unit=unit, number=number)
    except (Unit.DoesNotExist, UnitVersion.DoesNotExist):
        raise Http404 from None
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    language = document_language(request)
    pdf = render_pdf(
        template_name="qualifications/unit_document_pdf.html",
        context={"version": version, "lang": language},
        language=language,
        base_url=request.build_absolute_uri("/"),
    )
    # The name in the unit's own language, so both languages' files sort side by side.
    name = pick(version.name, version.source_language)
    return pdf_response(pdf, filename=pdf_filename(name, f"v{version.number}", language))
