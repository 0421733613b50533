from __future__ import annotations

from django import template

from ecvet.multilingual.text import LanguageMap, pick

register = template.Library()


@register.filter
def localized(texts: LanguageMap | None, language: str | None = None) -> str:
    """``{{ qualification.title|localized }}`` — the text in the reader's language."""
    return pick(texts, language)
