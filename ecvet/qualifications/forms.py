from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ecvet.forms import StyledForm, StyledModelForm
from ecvet.institutions.models import Institution
from ecvet.multilingual.forms import LanguageMapField
from ecvet.multilingual.text import content_languages, translation_state
from ecvet.qualifications.models import (
    Category,
    Qualification,
    UnitKind,
    UnitVersion,
)

EQF_CHOICES = [("", _("Any EQF level"))] + [(str(n), str(n)) for n in range(1, 9)]


def _language_choices() -> list[tuple[str, str]]:
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_translated"]) for code in content_languages()]


class TranslatedFormMixin:
    """Marks each language-map input with its translation state, read from the instance."""

    fields: dict[str, forms.Field]

    def mark_translations(self, instance: Any, source: str) -> None:
        basis = getattr(instance, "translation_basis", None) or {}
        for name, field in self.fields.items():
            if isinstance(field, LanguageMapField):
                texts = getattr(instance, name, None) or {}
                field.set_states(
                    {
                        code: translation_state(texts, basis.get(name), source, code)
                        for code in field.languages
                    }
                )


class QualificationForm(TranslatedFormMixin, StyledModelForm):
    owner = forms.ModelChoiceField(
        label=_("Owner institution"), queryset=Institution.objects.none()
    )
    title = LanguageMapField(label=_("title"))
    description = LanguageMapField(label=_("description"), textarea=True, rows=4, required=False)
    source_language = forms.ChoiceField(label=_("written in"), choices=())
    esco_occupation_uri = forms.URLField(
        label=_("ESCO occupation"), required=False, assume_scheme="http", max_length=200
    )

    fieldsets = [
        ("", ["owner", "title", "country", "awarding_body"]),
        (_("Levels"), ["eqf_level", "national_level", "esco_occupation_uri"]),
        ("", ["description", "source_language", "shared"]),
    ]

    class Meta:
        model = Qualification
        fields = (
            "title",
            "country",
            "awarding_body",
            "eqf_level",
            "national_level",
            "esco_occupation_uri",
            "description",
            "source_language",
            "shared",
        )
        widgets = {"eqf_level": forms.Select(choices=[(n, n) for n in range(1, 9)])}

    def __init__(
        self, *args: Any, owners: QuerySet[Institution] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source_language"].choices = _language_choices()  # type: ignore[attr-defined]
        self.fields["esco_occupation_uri"].help_text = _(
            "Start typing an occupation, e.g. carpenter, and pick it from the list."
        )
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
            if owners.count() == 1:
                self.fields["owner"].initial = owners.first()
        if self.instance.pk:
            self.mark_translations(self.instance, self.instance.source_language)


class UnitForm(TranslatedFormMixin, StyledForm):
    """The header of the seed's unit template, and what the template leaves implicit."""

    owner = forms.ModelChoiceField(
        label=_("Owner institution"), queryset=Institution.objects.none()
    )
    name = LanguageMapField(label=_("Name of the unit"))
    qualification = forms.ModelChoiceField(
        label=_("Reference to the qualification"),
        queryset=Qualification.objects.none(),
        required=False,
        help_text=_("The qualification this unit is a component of."),
    )
    qualification_reference = LanguageMapField(
        label=_("…or a free-text reference"),
        required=False,
        help_text=_('For a supplementary unit, e.g. "Global mind set and trade opportunity".'),
    )
    area_of_work = LanguageMapField(label=_("Area of work tasks"), required=False)
    eqf_level = forms.TypedChoiceField(
        label=_("EQF level"),
        choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 9)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    national_level = forms.CharField(label=_("National level"), max_length=40, required=False)
    description = LanguageMapField(
        label=_("Description of the unit"),
        textarea=True,
        rows=3,
        required=False,
        help_text=_("A brief overview of the steps required to fulfil the task."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    workload = forms.DecimalField(
        label=_("Expected workload"), min_value=0, max_digits=6, decimal_places=1, required=False
    )
    workload_unit = forms.ChoiceField(label=_("Workload in"), choices=())
    ecvet_points = forms.DecimalField(
        label=_("ECVET points"),
        min_value=0,
        max_digits=5,
        decimal_places=1,
        required=False,
        help_text=_("Optional: ECVET is not used as a points system here."),
    )
    assessment_method = LanguageMapField(
        label=_("Assessment method"),
        textarea=True,
        rows=2,
        required=False,
        help_text=_("How the unit is assessed, if not by a criterion per outcome."),
    )
    source_language = forms.ChoiceField(label=_("Written in"), choices=())

    fieldsets = [
        ("", ["owner", "name", "qualification", "qualification_reference", "area_of_work"]),
        (
            _("Levels and workload"),
            ["eqf_level", "national_level", "kind", "workload", "workload_unit", "ecvet_points"],
        ),
        ("", ["description", "assessment_method", "source_language"]),
    ]

    def __init__(
        self,
        *args: Any,
        qualifications: QuerySet[Qualification],
        owners: QuerySet[Institution] | None = None,
        version: UnitVersion | None = None,
        **kwargs: Any,
    ) -> None:
        if version is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                name: getattr(version, name)
                for name in self.base_fields
                if name != "owner" and hasattr(version, name)
            }
        super().__init__(*args, **kwargs)
        from ecvet.qualifications.models import WorkloadUnit

        self.fields["workload_unit"].choices = WorkloadUnit.choices  # type: ignore[attr-defined]
        self.fields["source_language"].choices = _language_choices()  # type: ignore[attr-defined]
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
            if owners.count() == 1:
                self.fields["owner"].initial = owners.first()
        if version is not None:
            self.mark_translations(version, version.source_language)

    # The three sub-lists keep grouped rendering compact; the form validates nothing more.
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["workload_unit"] = data.get("workload_unit") or "hours"
        return data


class OutcomeForm(StyledForm):
    text = LanguageMapField(label=_("Outcome"), textarea=True, rows=2)
    criteria = LanguageMapField(
        label=_("Assessment criteria"), textarea=True, rows=2, required=False
    )
    is_heading = forms.BooleanField(label=_("Topic heading"), required=False)

    def __init__(self, *args: Any, outcome: Any = None, source: str = "en", **kwargs: Any):
        super().__init__(*args, **kwargs)
        if outcome is not None:
            for name in ("text", "criteria"):
                field = self.fields[name]
                assert isinstance(field, LanguageMapField)
                texts = getattr(outcome, name) or {}
                basis = (outcome.translation_basis or {}).get(name)
                field.set_states(
                    {
                        code: translation_state(texts, basis, source, code)
                        for code in field.languages
                    }
                )


class QuickAddForm(StyledForm):
    """One line typed into a column: an outcome, or a heading when it ends with a colon."""

    line = forms.CharField(label=_("New outcome"), max_length=2000)


class PasteForm(StyledForm):
    text = forms.CharField(
        label=_("Paste a list"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One outcome per line. A line ending with a colon starts a topic heading; "
            "bullets and numbers are removed."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the list"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices()  # type: ignore[attr-defined]


class UnitFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    qualification = forms.ModelChoiceField(
        label=_("Qualification"),
        queryset=Qualification.objects.none(),
        required=False,
        empty_label=_("Any qualification"),
    )
    eqf_level = forms.TypedChoiceField(
        label=_("EQF level"), choices=EQF_CHOICES, coerce=int, empty_value=None, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *UnitKind.choices], required=False
    )
    country = forms.ChoiceField(label=_("Country"), choices=(), required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Any institution"),
    )

    def __init__(
        self,
        *args: Any,
        qualifications: QuerySet[Qualification],
        institutions: QuerySet[Institution],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        present = set(institutions.values_list("country", flat=True))
        self.fields["country"].choices = [("", _("Any country"))] + [  # type: ignore[attr-defined]
            (code, name) for code, name in countries if code in present
        ]


class QualificationFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    eqf_level = forms.TypedChoiceField(
        label=_("EQF level"), choices=EQF_CHOICES, coerce=int, empty_value=None, required=False
    )


class CopyForm(StyledForm):
    owner = forms.ModelChoiceField(label=_("Copy into"), queryset=Institution.objects.none())

    def __init__(self, *args: Any, owners: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if owners.count() == 1:
            self.fields["owner"].initial = owners.first()


CATEGORIES = list(Category)
