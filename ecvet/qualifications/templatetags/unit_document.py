"""``{% load unit_document %}``: the unit document's arrangement and its marked texts."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from ecvet.qualifications.documents import DocText, UnitDocument, unit_document
from ecvet.qualifications.models import UnitVersion

register = template.Library()


@register.simple_tag(name="unit_document")
def unit_document_tag(version: UnitVersion, lang: str | None = None) -> UnitDocument:
    """``{% unit_document version lang as doc %}``"""
    return unit_document(version, lang or translation.get_language() or settings.LANGUAGE_CODE)


@register.filter
def doc_text(value: DocText | None, lines: bool = False) -> SafeString:
    """The text, escaped; in another language than the document's, it carries that ``lang``
    and a mark ("not translated"), and a translation older than its source is marked too.
    ``|doc_text:True`` keeps the line breaks of a longer text."""
    if value is None or not value.text:
        return mark_safe("")
    body = linebreaksbr(value.text, autoescape=True) if lines else conditional_escape(value.text)
    document_language = translation.get_language() or settings.LANGUAGE_CODE
    if value.language != document_language:
        body = format_html('<span lang="{}">{}</span>', value.language, body)
    if value.untranslated:
        mark = format_html(
            ' <span class="badge text-bg-warning unit-doc-mark" data-translation="{}">{}</span>',
            "missing",
            pgettext("translation state", "not translated"),
        )
    elif value.outdated:
        mark = format_html(
            ' <span class="badge text-bg-info unit-doc-mark" data-translation="{}">{}</span>',
            "outdated",
            gettext("translation outdated"),
        )
    else:
        mark = mark_safe("")
    return format_html("{}{}", body, mark)
