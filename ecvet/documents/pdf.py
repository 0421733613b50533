"""PDF rendering: the one mechanism every printed document uses (the unit of learning
outcomes today; the MoU, the learning agreement and the transcript later).

A document is a template that extends ``documents/pdf_base.html`` (fonts, A4 pages, the
footer with the generated date and page numbers, the PDF's title and metadata) and is
rendered with :func:`render_pdf` in the document's own language, whatever the language of
the person asking for it. A view answers with :func:`pdf_response`.

Nothing is fetched from the network. :class:`LocalStaticFetcher` serves our own static files
(the print CSS, images) from disk and refuses every other URL: a link in someone's text
cannot make the server call out, and a PDF looks the same offline. Fonts come from the
system through fontconfig (``font-family: "DejaVu Sans"`` has every Latvian letter);
WeasyPrint embeds the subset a document uses.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A document asked for something that is not one of our static files."""


def static_file(url: str, *, base_url: str) -> Path | None:
    """The file on disk behind one of our static URLs, or None for any other URL.

    ``url`` is absolute (WeasyPrint resolves ``{% static %}`` paths against ``base_url``).
    Development and tests find the file in the apps' and the project's static folders;
    production, where names carry a content hash, in the collected ``STATIC_ROOT``.
    """
    prefix = urljoin(base_url, settings.STATIC_URL)
    if not url.startswith(prefix):
        return None
    name = unquote(urlsplit(url).path[len(urlsplit(prefix).path) :])
    if not name or ".." in PurePosixPath(name).parts:
        return None
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except NotImplementedError:  # a storage without local files
        return None
    return None


class LocalStaticFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, limited to our static files and ``data:`` URLs."""

    def __init__(self, *, base_url: str) -> None:
        # Only data: may reach urllib; everything else is answered (or refused) below.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.base_url = base_url

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = static_file(url, base_url=self.base_url)
        if path is None:
            logger.warning("PDF: refused to fetch %s (only our own static files are used)", url)
            raise RefusedURL(f"not one of our static files: {url}")
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})


def render_pdf(
    *, template_name: str, context: dict[str, Any], language: str, base_url: str
) -> bytes:
    """The template rendered in ``language`` and laid out as a PDF.

    ``base_url`` is the site's root URL (``request.build_absolute_uri("/")`` in a view,
    ``settings.SITE_URL`` elsewhere): relative URLs resolve against it, and only the static
    files under it are read. The template also gets ``document_language``, ``generated_at``
    (now, in the site's time zone) and ``site_name``.
    """
    full_context = {
        "document_language": language,
        "generated_at": timezone.localtime(),
        "site_name": settings.SITE_NAME,
        **context,
    }
    with translation.override(language):
        html = render_to_string(template_name, full_context)
        document = HTML(
            string=html, base_url=base_url, url_fetcher=LocalStaticFetcher(base_url=base_url)
        )
        pdf: bytes = document.write_pdf()
    return pdf


def pdf_filename(*parts: object) -> str:
    """``pdf_filename("Repair or Rebuilding jobs", "v1", "lv")`` →
    ``repair-or-rebuilding-jobs-v1-lv.pdf`` (ASCII, so every browser keeps it)."""
    slug = "-".join(filter(None, (slugify(str(part)) for part in parts)))
    return f"{slug or 'document'}.pdf"


def pdf_response(content: bytes, *, filename: str, inline: bool = True) -> HttpResponse:
    """The PDF for the browser to show (``inline``) or to save."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = content_disposition_header(not inline, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response
