"""The learner's self-assessment form: one small form per learning outcome, saved at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ecvet.assessments.models import OutcomeResult
from ecvet.forms import StyledForm

#: What each result means in the learner's own words (learners are often minors).
RESULT_HELP = {
    OutcomeResult.ACHIEVED: _("I can do it on my own."),
    OutcomeResult.PARTLY_ACHIEVED: _("I can do part of it, or only with help."),
    OutcomeResult.NOT_ACHIEVED: _("I cannot do it yet."),
    OutcomeResult.NOT_ASSESSED: _("I have not had the chance to try it."),
}

RESULT_ICONS = {
    OutcomeResult.ACHIEVED: "check-circle",
    OutcomeResult.PARTLY_ACHIEVED: "circle-half",
    OutcomeResult.NOT_ACHIEVED: "x-circle",
    OutcomeResult.NOT_ASSESSED: "dash-circle",
}

COMMENT_MAX = 2000


class SelfAssessmentForm(StyledForm):
    """One outcome's answer. ``outcome`` is only the pk the page sent; the view finds it among
    the outcomes to achieve and the service checks it again."""

    outcome = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("How far have I got?"),
        choices=OutcomeResult.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the answers first; then what you wrote is saved too."),
            "invalid_choice": _("Choose one of the answers."),
        },
    )
    comment = forms.CharField(
        label=_("What I want to add (if I like)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, outcome_pk: int, **kwargs: Any) -> None:
        # Every outcome has its own form on the page: ids must not repeat.
        kwargs.setdefault("auto_id", f"outcome-{outcome_pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["outcome"].initial = outcome_pk
        # Big choices: Bootstrap's toggle buttons over the radio inputs.
        self.fields["result"].widget.attrs["class"] = "btn-check"

    def full_clean(self) -> None:
        super().full_clean()
        if "result" in (getattr(self, "_errors", None) or {}):
            self.fields["result"].widget.attrs["class"] = "btn-check is-invalid"

    def choices(self) -> list[dict[str, Any]]:
        """The result's radio inputs with their help and icon, for the big choices."""
        return [
            {
                "radio": radio,
                "help": RESULT_HELP[OutcomeResult(radio.data["value"])],
                "icon": RESULT_ICONS[OutcomeResult(radio.data["value"])],
            }
            for radio in self["result"]
        ]
