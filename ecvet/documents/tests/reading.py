"""Reading our PDFs back in tests (pypdf), for every document's tests."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

# A line may wrap after a hyphen or a slash ("host-" / "company"); reading it back puts a
# space there. Both sides of a comparison go through :func:`normalise`.
_WRAPPED = re.compile(r"(?<=\w)([-/]) (?=\w)")


def normalise(text: str) -> str:
    """One space between words, and words wrapped after a hyphen or slash joined again."""
    return _WRAPPED.sub(r"\1", " ".join(text.split()))


def pdf_reader(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    """The text of every page, in drawing order, normalised."""
    reader = pdf_reader(content)
    return normalise(" ".join(page.extract_text() for page in reader.pages))
