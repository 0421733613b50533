"""Content held in several languages side by side.

Texts typed by people (qualification titles, later unit names and outcomes) are stored as a
language map, ``{"en": "Carpenter", "lv": "Galdnieks"}`` — the same shape as the language
maps of the European Learning Model, so credentials can carry them unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.utils import translation

LanguageMap = Mapping[str, str]


def content_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


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
