"""Forms of the transcript screens. They only validate; the views hand the cleaned data to
``services``, which decides whether the step is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecvet.forms import StyledForm


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class TranscriptSendForm(StyledForm):
    """Who signs for the host, and the draft's revision and content hash the sender
    reviewed: sending anything newer is refused."""

    signer = _PersonChoiceField(
        label=_("Signs for the host"),
        queryset=None,
        help_text=_("The mentor, or another person of the host institution or host company."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # The hash catches what the revision does not count: a result recorded or changed, a
    # date, a name.
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, signers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers  # type: ignore[attr-defined]


class TranscriptAmendForm(StyledForm):
    reason = forms.CharField(
        label=_("What changes, and why?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Printed on the amendment, which is signed again for the host; the signed version "
            "stays in force until then."
        ),
    )
