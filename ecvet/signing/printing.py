"""What every signed document's PDF prints about its signing, written once for all kinds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse

from ecvet.signing.qr import qr_data_uri


def print_context(envelope: Any) -> dict[str, Any]:
    """What every signed document's PDF prints about its signing: the envelope with its
    slots and signatures loaded, the verify link and its QR code."""
    from django.conf import settings
    from django.db.models import Prefetch
    from django.urls import reverse

    from ecvet.signing.models import Envelope, Signatory

    envelope = (
        Envelope.objects.select_related("sent_by")
        .prefetch_related(
            Prefetch(
                "signatories",
                Signatory.objects.select_related("signature").order_by("position", "pk"),
            )
        )
        .get(pk=envelope.pk)
    )
    url = settings.SITE_URL + reverse("verify_code", args=[envelope.code])
    return {"envelope": envelope, "verify_url": url, "qr_uri": qr_data_uri(url)}


def document_pdf_response(
    document: Any, *, language: str, name_parts: list[str], draft: Callable[[], bytes]
) -> HttpResponse:
    """The PDF download of a signable document. Once sent: the issued copy of its envelope,
    so every download of the same state is the same file and the verify page knows it (the
    first download stores it: a deliberate write on GET). A draft: ``draft()``, drawn now and
    marked as a draft."""
    from ecvet.documents.pdf import pdf_filename, pdf_response
    from ecvet.signing.services import copy_issue

    if document.is_frozen and document.envelope is not None:
        copy = copy_issue(envelope=document.envelope, language=language)
        with copy.file.open("rb") as stored:
            data = stored.read()
        return pdf_response(
            data, filename=pdf_filename(*name_parts, document.envelope.code, language)
        )
    return pdf_response(draft(), filename=pdf_filename(*name_parts, "draft", language))
