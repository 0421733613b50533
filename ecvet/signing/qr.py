"""QR codes of verify links, drawn as SVG (no image files, nothing fetched).

The page shows the SVG inline; the PDF takes it as a ``data:`` URI, the one kind of URL the
PDF renderer's fetcher lets through besides our own static files.
"""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, scale: int = 3) -> SafeString:
    """The QR code of ``data`` as an inline ``<svg>`` element for an HTML page."""
    code = segno.make(data, error="m")
    # segno writes the markup itself from the matrix: no text of ``data`` ends up in it.
    return mark_safe(code.svg_inline(scale=scale, dark="#000", light="#fff"))  # noqa: S308


def qr_data_uri(data: str, *, scale: int = 3) -> str:
    """The QR code of ``data`` as an SVG ``data:`` URI for an ``<img>`` in a PDF."""
    return str(segno.make(data, error="m").svg_data_uri(scale=scale, dark="#000", light="#fff"))
