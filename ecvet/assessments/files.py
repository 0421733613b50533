"""Serving an evidence file, the same way to the screens and the API."""

from __future__ import annotations

from django.http import FileResponse, Http404

from ecvet.assessments.models import Evidence


def evidence_response(evidence: Evidence, *, download: bool = False) -> FileResponse:
    """The stored file as what its bytes were found to be on upload, and nothing else.

    Photos are shown in the page; a PDF is always saved, since browsers refuse to show a PDF
    under a sandbox policy. The browser may not guess another type, run anything in the file,
    or keep a copy of someone's evidence in a shared cache."""
    attachment = download or not evidence.content_type.startswith("image/")
    try:
        stored = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored,
        as_attachment=attachment,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
