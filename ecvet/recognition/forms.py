"""The sending school's decision forms: one per outcome (validation) and one per unit
(recognition). They only check what was typed; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ecvet.forms import StyledForm
from ecvet.recognition.models import HostResult, RecognitionKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ValidationForm(StyledForm):
    """One outcome's decision. Each outcome's form has its own prefix (``o<outcome id>``), so
    that one page holds them all and "save all" posts them together."""

    matches = forms.BooleanField(label=_("Matches the qualification"), required=False)
    required_outcome = forms.CharField(
        label=_("The qualification's outcome it matches"), max_length=500, required=False
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    # The host's result the decider read: a different one at saving time is refused.
    seen_result = forms.ChoiceField(
        choices=HostResult.choices, required=False, widget=forms.HiddenInput
    )

    @staticmethod
    def prefix_for(outcome_id: int) -> str:
        return f"o{outcome_id}"


class RecognitionForm(StyledForm):
    """How one unit counts at the sending school (prefix ``u<agreement unit id>``)."""

    kinds = forms.MultipleChoiceField(
        label=_("Recognised as"),
        choices=RecognitionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grade = forms.CharField(
        label=_("Grade"),
        max_length=40,
        required=False,
        help_text=_("Required when the unit is entered in the grade book: the grade to enter."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())

    @staticmethod
    def prefix_for(unit_id: int) -> str:
        return f"u{unit_id}"
