"""Forms of the assessor's pages: one answer per learning outcome, and evidence for it.

The forms only check the shape of what was typed; the rules (a reason when not achieved, no
date in the future, who may answer) are the services'.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecvet.assessments.models import RESULTS_NEEDING_REASON, OutcomeResult
from ecvet.forms import StyledForm
from ecvet.mobilities.models import AssessmentMethod


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class AssessmentForm(StyledForm):
    result = forms.ChoiceField(
        label=_("Result"), choices=OutcomeResult.choices, widget=forms.RadioSelect
    )
    method = forms.ChoiceField(
        label=_("Method used"),
        choices=[("", "—"), *AssessmentMethod.choices],
        required=False,
    )
    assessed_on = forms.DateField(label=_("Assessed on"), required=False, widget=DateInput())
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Why not (fully) achieved?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reassessment_planned_on = forms.DateField(
        label=_("Re-assessment planned on"), required=False, widget=DateInput()
    )
    #: The revision of the answer the assessor saw; 0 when there was none yet.
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Big, thumb-friendly toggles instead of Bootstrap's small radio buttons.
        self.fields["result"].widget.attrs["class"] = "btn-check"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The reason and the re-assessment belong to a result not (fully) achieved: the page
        # keeps them in the form while another result is chosen, but they are not saved.
        if cleaned.get("result") and cleaned["result"] not in RESULTS_NEEDING_REASON:
            cleaned["reason"] = ""
            cleaned["reassessment_planned_on"] = None
        return cleaned

    def answer(self) -> dict[str, Any]:
        """The cleaned answer as ``services.assessment_record`` takes it."""
        data = dict(self.cleaned_data)
        data.pop("revision", None)
        for name in ("method", "comment", "reason"):
            data[name] = data.get(name) or ""
        return data

    @property
    def seen_revision(self) -> int:
        return int(self.cleaned_data.get("revision") or 0)


class EvidenceForm(StyledForm):
    # Not marked required: the file is optional for the answer the same form saves.
    file = forms.FileField(
        label=_("Photo or PDF"),
        required=False,
        # No ``capture``: on a phone it opens only the camera, and a PDF could not be chosen.
        widget=forms.FileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    note = forms.CharField(
        label=_("Note about the file"),
        required=False,
        widget=forms.TextInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError(_("Choose a photo or a PDF file."))
        return upload
