from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template

from ecvet.multilingual.text import LanguageMap, content_languages, pick, translation_state

register = template.Library()


@register.filter
def localized(texts: LanguageMap | None, language: str | None = None) -> str:
    """``{{ qualification.title|localized }}`` — the text in the reader's language."""
    return pick(texts, language)


@dataclass(frozen=True)
class LanguageText:
    code: str
    text: str
    state: str


@register.simple_tag
def side_by_side(instance: Any, field: str, source: str) -> list[LanguageText]:
    """``{% side_by_side outcome "text" version.source_language as texts %}``: the field's
    text in each content language with its translation state, for side-by-side display."""
    texts = getattr(instance, field) or {}
    basis = (getattr(instance, "translation_basis", None) or {}).get(field)
    return [
        LanguageText(code, texts.get(code, ""), translation_state(texts, basis, source, code))
        for code in content_languages()
    ]


@register.simple_tag
def translation_of(instance: Any, field: str, source: str, language: str) -> str:
    """The translation state of one language of a field (for a mark beside the text)."""
    texts = getattr(instance, field) or {}
    basis = (getattr(instance, "translation_basis", None) or {}).get(field)
    return translation_state(texts, basis, source, language)
