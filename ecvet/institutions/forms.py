from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecvet.forms import StyledForm, StyledModelForm
from ecvet.institutions.models import ContactPerson, Institution, InstitutionKind
from ecvet.institutions.services import CONTACT_FIELDS, INSTITUTION_FIELDS


class InstitutionForm(StyledModelForm):
    registered_by = forms.ModelChoiceField(
        label=_("Registered for"),
        queryset=Institution.objects.none(),
        help_text=_("Your institution, which will see and look after this one."),
    )

    website = forms.URLField(
        label=_("website"), required=False, assume_scheme="https", max_length=200
    )

    fieldsets = [
        ("", ["registered_by", "name", "kind", "country"]),
        (
            _("Address and contacts"),
            ["street_address", "postal_code", "city", "website", "email", "phone"],
        ),
        (
            _("Identifiers"),
            ["erasmus_oid", "pic", "national_registration_number", "legal_identifier"],
        ),
    ]

    class Meta:
        model = Institution
        fields = INSTITUTION_FIELDS
        widgets = {"street_address": forms.TextInput(attrs={"autocomplete": "street-address"})}

    def __init__(
        self, *args: Any, registrars: QuerySet[Institution] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if registrars is None:  # editing: who registered it does not change
            del self.fields["registered_by"]
        else:
            field = self.fields["registered_by"]
            field.queryset = registrars  # type: ignore[attr-defined]
            if registrars.count() == 1:
                field.initial = registrars.first()


class ContactPersonForm(StyledModelForm):
    class Meta:
        model = ContactPerson
        fields = CONTACT_FIELDS


class InstitutionFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *InstitutionKind.choices]
    )
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]  # type: ignore[attr-defined]
