"""Forms of the mobility screens (a mobility, a group of mobilities, the learner profile).
They only validate; the views hand the cleaned data to the services in
``ecvet.mobilities.services``.

The choices of a mobility depend on each other — the partnership on the learner's school, the
host institution and the units on the partnership, the mentor on the host — so the view gives
each form the querysets for what is chosen now (and reloads them with htmx when it changes).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecvet.audit.selectors import field_label
from ecvet.forms import StyledForm
from ecvet.mobilities.models import Learner, LearnerProfile, Mobility, MobilityStatus
from ecvet.multilingual.forms import LanguageMapField
from ecvet.multilingual.text import pick

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The fields of the mobility form handed to the services as they are.
TERMS = (
    "host_institution",
    "host_company",
    "mentor",
    "start",
    "end",
    "place",
    "country",
    "grant_amount",
    "travel_paid_by",
    "accommodation_paid_by",
    "insurance_paid_by",
    "financial_notes",
)


def _model_field(name: str, **kwargs: Any) -> forms.Field:
    field = Mobility._meta.get_field(name)
    assert isinstance(field, models.Field)
    formfield = field.formfield(**kwargs)
    assert formfield is not None
    return formfield


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class LearnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        group = f" · {obj.group}" if obj.group else ""
        return f"{obj.last_name} {obj.first_name}{group}"


class LearnersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        group = f" · {obj.group}" if obj.group else ""
        return f"{obj.last_name} {obj.first_name}{group}"


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    """The partnership's units agreed by every partner, named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(pick(obj.version.name))


class MobilityFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *MobilityStatus.choices], required=False
    )
    partnership: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Partnership"), queryset=None, required=False, empty_label=_("Any partnership")
    )

    def __init__(self, *args: Any, partnerships: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]


class _TermsForm(StyledForm):
    """What a mobility states: host, mentor, period, place and financial terms."""

    partnership: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=None,
        help_text=_("Partnerships in which the learner's school is the sending institution."),
    )
    host_institution: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Host institution"),
        queryset=None,
        help_text=_("A hosting partner of the partnership."),
    )
    host_company: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Host company"),
        queryset=None,
        required=False,
        help_text=_("The workplace, if the learner works at a company."),
    )
    mentor = PersonChoiceField(
        label=_("Mentor"),
        queryset=None,
        required=False,
        help_text=_("A person of the host institution or host company; they sign for the host."),
    )
    start = _model_field("start", widget=_DATE)
    end = _model_field("end", widget=_DATE)
    place = _model_field("place")
    country = _model_field("country")
    grant_amount = _model_field("grant_amount")
    travel_paid_by = _model_field("travel_paid_by")
    accommodation_paid_by = _model_field("accommodation_paid_by")
    insurance_paid_by = _model_field("insurance_paid_by")
    financial_notes = LanguageMapField(
        label=_("Other financial terms"), textarea=True, rows=2, required=False
    )
    units = UnitsChoiceField(
        label=_("Units the learner will achieve"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Units of the partnership agreed by every partner. The assessment plan of each is "
            "written in the Learning Agreement."
        ),
    )

    def __init__(
        self,
        *args: Any,
        partnerships: QuerySet[Any] | None,
        hosts: QuerySet[Any],
        companies: QuerySet[Any],
        mentors: QuerySet[Any],
        units: QuerySet[Any] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if partnerships is None:  # editing: the partnership stays
            del self.fields["partnership"]
        else:
            self.fields["partnership"].queryset = partnerships  # type: ignore[attr-defined]
        if units is None:  # editing: the units are changed in the Learning Agreement
            del self.fields["units"]
        else:
            self.fields["units"].queryset = units  # type: ignore[attr-defined]
            self.fields["units"].widget.attrs["class"] = "form-check-input"
        self.fields["host_institution"].queryset = hosts  # type: ignore[attr-defined]
        self.fields["host_company"].queryset = companies  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = mentors  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The mobility cannot end before it starts."))
        return data

    def terms(self) -> dict[str, Any]:
        """What the mobility services take besides the learner(s), partnership and units."""
        return {name: self.cleaned_data[name] for name in TERMS if name in self.cleaned_data}


class MobilityForm(_TermsForm):
    """A new mobility (with ``learners``), or the changes of one (with ``revision``)."""

    learner = LearnerChoiceField(label=_("Learner"), queryset=None)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, learners: QuerySet[Learner] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if learners is None:  # editing: the learner stays; the revision read comes back
            del self.fields["learner"]
            self.fields["revision"].required = True
        else:
            del self.fields["revision"]
            self.fields["learner"].queryset = learners  # type: ignore[attr-defined]
        self.order_fields(["learner", "partnership"])


class MobilityGroupForm(_TermsForm):
    """Mobilities for several learners from one template: same partnership, host, period
    and units; each learner gets their own mobility and Learning Agreement."""

    name = forms.CharField(
        label=_("Name of the group"),
        max_length=200,
        help_text=_("e.g. “Carpenters to Aalborg, May”."),
    )
    learners = LearnersChoiceField(
        label=_("Learners"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )

    def __init__(self, *args: Any, learners: QuerySet[Learner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["learners"].queryset = learners  # type: ignore[attr-defined]
        self.order_fields(["name", "learners", "partnership"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        partnership, chosen = data.get("partnership"), data.get("learners")
        if partnership is not None and chosen:
            from ecvet.partnerships.models import PartnerRole

            sending = set(
                partnership.partners.filter(role=PartnerRole.SENDING).values_list(
                    "institution_id", flat=True
                )
            )
            others = [learner.full_name for learner in chosen if learner.school_id not in sending]
            if others:
                self.add_error(
                    "learners",
                    _(
                        "The school of these learners is not the sending partner of the "
                        "partnership: %(learners)s."
                    )
                    % {"learners": ", ".join(others)},
                )
        return data


def _profile_text(name: str) -> LanguageMapField:
    label = field_label(LearnerProfile, name)
    return LanguageMapField(label=label, textarea=True, rows=3, required=False)


class ProfileForm(StyledForm):
    """The learner profile the sending side writes for the host (slide 8)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    knowledge = _profile_text("knowledge")
    skills = _profile_text("skills")
    competence = _profile_text("competence")
    social = _profile_text("social")

    @classmethod
    def initial_of(cls, profile: LearnerProfile) -> dict[str, Any]:
        return {
            "revision": profile.revision,
            "knowledge": profile.knowledge,
            "skills": profile.skills,
            "competence": profile.competence,
            "social": profile.social,
        }


class ProposalsForm(StyledForm):
    """The host's answer: what else the trainee could learn there."""

    proposals = forms.CharField(
        label=_("The host's proposals"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("New, different or additional things the trainee could learn at the host."),
    )
