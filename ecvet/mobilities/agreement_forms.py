"""Forms of the Learning Agreement screens. They only validate; the views hand the cleaned data
to ``services.agreements``, which decides whether the change is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecvet.forms import StyledForm
from ecvet.mobilities.models import (
    AgreementUnit,
    AssessmentMethod,
    Enclosure,
    LearningAgreement,
)
from ecvet.multilingual.forms import LanguageMapField
from ecvet.qualifications.models import LearningOutcome


def _text(model: Any, name: str, rows: int = 3) -> LanguageMapField:
    field = model._meta.get_field(name)
    return LanguageMapField(
        label=field.verbose_name,
        help_text=field.help_text,
        textarea=True,
        rows=rows,
        required=False,
    )


class _UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class _OutcomeChoiceField(forms.ModelMultipleChoiceField):
    """Outcomes shown as checkboxes in their column by the template (not by the widget)."""

    widget = forms.MultipleHiddenInput

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class AgreementForm(StyledForm):
    """What the agreement itself states beyond the mobility and the units. ``revision`` is
    the agreement's revision the form was read at: saving over a newer one is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    learning_activities = _text(LearningAgreement, "learning_activities", rows=4)
    documentation = _text(LearningAgreement, "documentation")
    validation_recognition = _text(LearningAgreement, "validation_recognition")
    enclosures = forms.MultipleChoiceField(
        label=_("Enclosures"),
        choices=Enclosure.choices,
        required=False,
        widget=forms.MultipleHiddenInput,
        help_text=_("Documents attached to the agreement."),
    )


class UnitAddForm(StyledForm):
    """One of the partnership's agreed units, and optionally some of its outcomes (none
    chosen: the learner achieves every outcome of the unit)."""

    partnership_unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    outcomes = _OutcomeChoiceField(
        label=_("Learning outcomes"), queryset=LearningOutcome.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        units: list[Any],
        outcomes: QuerySet[LearningOutcome],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = {item.pk: item for item in units}
        self.fields["partnership_unit"].choices = [  # type: ignore[attr-defined]
            (item.pk, str(item.version)) for item in units
        ]
        self.fields["outcomes"].queryset = outcomes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        item = self.units.get(cleaned.get("partnership_unit"))
        chosen = cleaned.get("outcomes") or []
        if item is not None and any(o.version_id != item.version_id for o in chosen):
            self.add_error("outcomes", _("Choose outcomes of the unit you add."))
        return cleaned


class PlanForm(StyledForm):
    """The assessment plan of one unit: who assesses, how, when, where, on what evidence and
    criteria; and which of the unit's outcomes (none chosen: all of them)."""

    assessor = _UserChoiceField(
        label=AgreementUnit._meta.get_field("assessor").verbose_name,
        help_text=AgreementUnit._meta.get_field("assessor").help_text,
        queryset=None,
        required=False,
    )
    methods = forms.MultipleChoiceField(
        label=_("How"),
        choices=AssessmentMethod.choices,
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    when = forms.CharField(
        label=_("When"),
        max_length=200,
        required=False,
        help_text=AgreementUnit._meta.get_field("when").help_text,
    )
    where = forms.CharField(label=_("Where"), max_length=200, required=False)
    evidence = _text(AgreementUnit, "evidence", rows=2)
    criteria = _text(AgreementUnit, "criteria", rows=2)
    outcomes = _OutcomeChoiceField(
        label=_("Learning outcomes"), queryset=LearningOutcome.objects.none(), required=False
    )

    def __init__(
        self,
        *args: Any,
        assessors: QuerySet[Any],
        outcomes: QuerySet[LearningOutcome],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessors  # type: ignore[attr-defined]
        self.fields["outcomes"].queryset = outcomes  # type: ignore[attr-defined]


class SendForm(StyledForm):
    """The agreement revision and content hash the coordinator reviewed: sending anything
    newer is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The content hash catches changes the revision does not count: the mobility's dates,
    # the learner's details, an institution's address.
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


class AmendForm(StyledForm):
    reason = forms.CharField(
        label=_("What changes, and why?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Printed on the amendment. The sending school, the host and the learner sign the "
            "changed agreement again; the signed version stays in force until then."
        ),
    )
