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


def add_error(form: Any, error: Exception) -> None:
    """Put a service's refusal on the form: a DomainError's message above the form, a
    ValidationError's messages on the fields they name (above the form for the others)."""
    from django.core.exceptions import ValidationError

    from ecvet.errors import DomainError

    if isinstance(error, DomainError):
        form.add_error(None, error.message)
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        raise TypeError(f"Not a refusal a form can show: {error!r}")


def error_text(error: Exception) -> str:
    """A service's refusal as one line, for a message."""
    from django.core.exceptions import ValidationError

    from ecvet.errors import DomainError

    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    raise TypeError(f"Not a refusal: {error!r}")


def query_without_page(request: Any) -> str:
    """The list's filters as a query string without ``page``, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return str(params.urlencode())
