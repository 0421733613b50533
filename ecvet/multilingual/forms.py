"""A form field for a language map: one input per content language, side by side.

``LanguageMapField`` cleans to ``{"en": "...", "lv": "..."}`` (blank languages left out)
and, when ``required``, wants a text in at least one language. A form tells the widget the
translation state of each language (``set_states``) so the inputs carry a "missing" or
"outdated" mark next to the language's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from ecvet.multilingual.text import content_languages

REQUIRED = _("Write this in at least one language.")


class LanguageMapWidget(forms.MultiWidget):
    template_name = "multilingual/language_map_widget.html"

    def __init__(self, *, textarea: bool = False, rows: int = 2, attrs: Any = None) -> None:
        self.languages = content_languages()
        self.states: dict[str, str] = {}
        inner: list[forms.Widget] = [
            forms.Textarea(attrs={"rows": rows}) if textarea else forms.TextInput()
            for _code in self.languages
        ]
        for code, widget in zip(self.languages, inner, strict=True):
            widget.attrs["lang"] = code
        super().__init__(inner, attrs)
        self.widgets_names = [f"_{code}" for code in self.languages]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_{self.languages[0]}" if id_ else id_

    def decompress(self, value: Mapping[str, str] | None) -> list[str]:
        value = value or {}
        return [value.get(code, "") for code in self.languages]

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        base_id = (attrs or {}).get("id") or self.attrs.get("id")
        for code, sub in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            if base_id:  # "id_name_lv" rather than "id_name_1": tests and labels read better
                sub["attrs"]["id"] = f"{base_id}_{code}"
            info = get_language_info(code)
            sub["language"] = {
                "code": code,
                "name": info["name_translated"],
                "state": self.states.get(code, ""),
            }
        return context


class LanguageMapField(forms.MultiValueField):
    widget: LanguageMapWidget

    def __init__(self, *, textarea: bool = False, rows: int = 2, **kwargs: Any) -> None:
        languages = content_languages()
        required = kwargs.pop("required", True)
        fields = [forms.CharField(required=False, strip=True) for _code in languages]
        kwargs.setdefault("error_messages", {"required": REQUIRED})
        super().__init__(
            fields=fields,
            widget=LanguageMapWidget(textarea=textarea, rows=rows),
            require_all_fields=False,
            required=required,
            **kwargs,
        )
        self.languages = languages

    def compress(self, data_list: list[str]) -> dict[str, str]:
        return {
            code: text for code, text in zip(self.languages, data_list or [], strict=False) if text
        }

    def clean(self, value: Any) -> dict[str, str]:
        cleaned = super().clean(value)
        if self.required and not cleaned:
            raise forms.ValidationError(REQUIRED, code="required")
        return cleaned or {}

    def set_states(self, states: Mapping[str, str]) -> None:
        self.widget.states = dict(states)
