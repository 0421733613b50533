"""Forms of the Europass Mobility and recommendation letter screens. They only validate; the
views hand the cleaned data to the services, which decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecvet.europass.models import EuropassMobility, RecommendationLetter
from ecvet.forms import StyledForm
from ecvet.multilingual.forms import LanguageMapField


def _text(model: Any, name: str, rows: int = 3, help_text: Any = None) -> LanguageMapField:
    field = model._meta.get_field(name)
    return LanguageMapField(
        label=field.verbose_name,
        help_text=help_text if help_text is not None else field.help_text,
        textarea=True,
        rows=rows,
        required=False,
    )


class EuropassForm(StyledForm):
    """The coordinator's texts. ``revision`` is the one the form was read at: saving over a
    newer one is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    objective = _text(EuropassMobility, "objective")
    programme = forms.CharField(
        label=_("Programme"),
        max_length=200,
        required=False,
        help_text=EuropassMobility._meta.get_field("programme").help_text,
    )
    language_skills = _text(
        EuropassMobility,
        "language_skills",
        help_text=_("e.g. the host country's language, the working language at the workplace"),
    )
    digital_skills = _text(
        EuropassMobility, "digital_skills", help_text=_("e.g. machines and software used")
    )
    organisational_skills = _text(
        EuropassMobility,
        "organisational_skills",
        help_text=_("e.g. planning one's own work, keeping to deadlines"),
    )
    social_skills = _text(
        EuropassMobility,
        "social_skills",
        help_text=_("e.g. working in an international team"),
    )
    other_skills = _text(EuropassMobility, "other_skills")


class _SignerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class EuropassSendForm(StyledForm):
    """Who signs for the host, and the revision and content hash the coordinator reviewed."""

    signer = _SignerField(
        label=_("Signs for the host"),
        queryset=None,
        help_text=_("The mentor, or another person with a role at the host."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, signers: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers  # type: ignore[attr-defined]


class EuropassAmendForm(StyledForm):
    reason = forms.CharField(
        label=_("What changes, and why?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class LetterForm(StyledForm):
    addressee_name = forms.CharField(
        label=RecommendationLetter._meta.get_field("addressee_name").verbose_name,
        max_length=200,
        required=False,
        help_text=_("Optional; without a name the letter is addressed “To whom it may concern”."),
    )
    addressee_company = forms.CharField(
        label=RecommendationLetter._meta.get_field("addressee_company").verbose_name,
        max_length=200,
        required=False,
    )
    personal_note = _text(
        RecommendationLetter,
        "personal_note",
        rows=4,
        help_text=_("Optional: a few words of your own about the learner."),
    )
