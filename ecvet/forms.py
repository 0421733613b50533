"""The one place that gives every form Bootstrap's look; forms only validate."""

from __future__ import annotations

from typing import Any

from django import forms


class StyledFormMixin:
    """Adds Bootstrap classes to each widget, marking fields that failed validation.

    A form may set ``fieldsets = [(legend, [field names]), ...]`` to be shown in groups.
    """

    fields: dict[str, forms.Field]
    fieldsets: list[tuple[Any, list[str]]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def grouped_fields(self) -> list[tuple[Any, list[forms.BoundField]]]:
        groups = []
        for legend, names in self.fieldsets:
            present = [self[name] for name in names if name in self.fields]  # type: ignore[index]
            if present:
                groups.append((legend, present))
        return groups

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    pass
