"""Content held in several languages side by side.

Texts typed by people (qualification titles, later unit names and outcomes) are stored as a
language map, ``{"en": "Carpenter", "lv": "Galdnieks"}`` — the same shape as the language
maps of the European Learning Model, so credentials can carry them unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation

LanguageMap = Mapping[str, str]


def content_languages() -> list[str]:
    """The languages content is edited in side by side (``CONTENT_LANGUAGES``)."""
    return list(settings.CONTENT_LANGUAGES)


def document_language(request: HttpRequest) -> str:
    """The language a document is shown in: ``?lang=`` (a content language), else the
    interface language. An unknown language is a 404, not a silent fallback."""
    wanted = request.GET.get("lang") or (translation.get_language() or "en").split("-")[0]
    if wanted not in content_languages():
        raise Http404
    return wanted


def pick(texts: LanguageMap | None, language: str | None = None) -> str:
    """The text in ``language`` (the active language by default), else the best fallback.

    Fallback order: the site's default language, then any language that has a text, so a
    reader always sees something rather than an empty cell.
    """
    if not texts:
        return ""
    wanted = language or translation.get_language() or settings.LANGUAGE_CODE
    for code in (wanted, wanted.split("-")[0], settings.LANGUAGE_CODE):
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), "")


def missing_languages(texts: LanguageMap | None) -> list[str]:
    """Interface languages with no text yet: shown as a "translation missing" mark."""
    present = {code for code, text in (texts or {}).items() if text and text.strip()}
    return [code for code in content_languages() if code not in present]


def clean_map(texts: Mapping[str, str] | None) -> dict[str, str]:
    """A language map without blank entries and without surrounding whitespace."""
    return {code: text.strip() for code, text in (texts or {}).items() if text and text.strip()}


def fingerprint(text: str) -> str:
    """A short, whitespace-insensitive fingerprint of a source text."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()[:12]


# Translation states of one text in one language.
SOURCE = "source"
MISSING = "missing"
OUTDATED = "outdated"
CURRENT = "current"


def translation_state(
    texts: LanguageMap | None, basis: Mapping[str, str] | None, source: str, language: str
) -> str:
    """Whether ``language``'s text is the source, missing, current or older than the source.

    ``basis`` maps a language to the fingerprint of the source text its translation was made
    from. A translation without a fingerprint (written before anyone tracked it) counts as
    current: a mark must mean something, so it is shown only when we know.
    """
    texts = texts or {}
    if language == source:
        return SOURCE if texts.get(language, "").strip() else MISSING
    if not texts.get(language, "").strip():
        return MISSING
    made_from = (basis or {}).get(language)
    source_text = texts.get(source, "")
    if made_from and source_text and made_from != fingerprint(source_text):
        return OUTDATED
    return CURRENT


def restamp(
    *,
    old: LanguageMap | None,
    new: LanguageMap | None,
    basis: Mapping[str, str] | None,
    source: str,
    confirm: tuple[str, ...] = (),
) -> dict[str, str]:
    """The basis after ``old`` became ``new``: each translation written or changed now (or
    ``confirm``-ed as still right) is stamped with the current source text; the others keep
    their stamp, so a changed source leaves them marked outdated."""
    old, new = old or {}, new or {}
    source_text = new.get(source, "")
    stamped = {code: value for code, value in (basis or {}).items() if new.get(code)}
    if not source_text:
        return stamped
    for code, text in new.items():
        if code == source or not text:
            continue
        if text != old.get(code) or code in confirm or code not in stamped:
            stamped[code] = fingerprint(source_text)
    return stamped


class LanguageMapEncoder(json.JSONEncoder):
    """Stores letters as themselves (``"ā"``, not ``"\\u0101"``), so a database that searches
    the JSON as text (SQLite) finds "kvalifikācija" as typed."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
