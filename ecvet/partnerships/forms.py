"""Forms of the partnership screens. They only validate; the views hand the cleaned data to
the services in ``ecvet.partnerships.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecvet.accounts.models import User
from ecvet.forms import StyledForm, StyledModelForm
from ecvet.institutions.models import ContactPerson, Institution
from ecvet.multilingual.forms import LanguageMapField
from ecvet.partnerships.models import NoteKind, PartnerRole, Partnership
from ecvet.partnerships.services.partnerships import PROFILE_FIELDS, TERMS_FIELDS
from ecvet.qualifications.models import Category, LearningOutcome

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, help_text: Any = "", rows: int = 3) -> LanguageMapField:
    return LanguageMapField(
        label=label, help_text=help_text, textarea=True, rows=rows, required=False
    )


class PartnershipFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)


class PartnershipForm(StyledModelForm):
    """The partnership's terms (what the MoU states). ``revision`` is the partnership's
    revision the form was read at: the service refuses a save over someone else's."""

    owner = forms.ModelChoiceField(
        label=_("Coordinating institution"),
        queryset=Institution.objects.none(),
        help_text=_("Your institution, which coordinates the partnership and joins it as sending."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    objectives = _text(
        Partnership._meta.get_field("objectives").verbose_name,
        Partnership._meta.get_field("objectives").help_text,
    )
    other_organisations = _text(
        Partnership._meta.get_field("other_organisations").verbose_name,
        Partnership._meta.get_field("other_organisations").help_text,
    )
    assessment = _text(
        Partnership._meta.get_field("assessment").verbose_name,
        Partnership._meta.get_field("assessment").help_text,
    )
    documentation = _text(
        Partnership._meta.get_field("documentation").verbose_name,
        Partnership._meta.get_field("documentation").help_text,
    )
    validation_recognition = _text(
        Partnership._meta.get_field("validation_recognition").verbose_name,
        Partnership._meta.get_field("validation_recognition").help_text,
    )
    evaluation = _text(
        Partnership._meta.get_field("evaluation").verbose_name,
        Partnership._meta.get_field("evaluation").help_text,
    )

    fieldsets = [
        ("", ["owner", "title", "file_code"]),
        (_("Aims and who is covered"), ["objectives", "other_organisations"]),
        (
            _("Assessment, documentation, validation and recognition"),
            ["assessment", "documentation", "validation_recognition"],
        ),
        (
            _("Mobility length and validity"),
            ["mobility_min_weeks", "mobility_max_weeks", "valid_from", "valid_until"],
        ),
        (_("Evaluation and revision"), ["evaluation"]),
    ]
    #: Shown one per row: side-by-side languages need the whole width.
    wide = {
        "objectives",
        "other_organisations",
        "assessment",
        "documentation",
        "validation_recognition",
        "evaluation",
    }

    class Meta:
        model = Partnership
        fields = TERMS_FIELDS
        widgets = {"valid_from": _DATE, "valid_until": _DATE}

    def __init__(
        self, *args: Any, owners: QuerySet[Institution] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:  # editing: the coordinating institution does not change
            del self.fields["owner"]
            self.fields["revision"].required = True
            if not self.is_bound and self.instance.pk:
                self.initial["revision"] = self.instance.revision
        else:
            del self.fields["revision"]
            field = self.fields["owner"]
            field.queryset = owners  # type: ignore[attr-defined]
            if len(owners) == 1:
                field.initial = owners[0]


class ProfileForm(StyledForm):
    """The trainee profile template the sending side gives the host (slide 8)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    profile_knowledge = _text(_("professional knowledge"), rows=4)
    profile_skills = _text(_("professional skills"), rows=4)
    profile_competence = _text(_("competences"), rows=4)
    profile_social = _text(_("social skills"), rows=4)

    @classmethod
    def initial_of(cls, partnership: Partnership) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(partnership, name) for name in PROFILE_FIELDS}
        initial["revision"] = partnership.revision
        return initial


class _UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class PartnerForm(StyledForm):
    """A partner: institution (when added), role, responsibilities and who signs for it.

    The contact and signatory choices are those of ``institution``; the page reloads them
    when another institution is chosen."""

    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *PartnerRole.choices])
    responsibilities = _text(
        _("responsibilities"),
        _("What this partner does: e.g. finds placements, assesses, issues the transcript."),
    )
    contact = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=ContactPerson.objects.none(),
        required=False,
        help_text=_("The institution's contact persons (kept on the institution's page)."),
    )
    signatory = _UserChoiceField(
        label=_("Signs online"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A person of this institution with an account, authorised to sign."),
    )
    signatory_name = forms.CharField(
        label=_("Signs (name)"),
        max_length=200,
        required=False,
        help_text=_("When the authorised person has no account: they sign on paper."),
    )
    signatory_job_title = forms.CharField(
        label=_("Signatory's position"),
        max_length=200,
        required=False,
        help_text=_("e.g. Director"),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        institutions: QuerySet[Institution] | None,
        institution: Institution | None,
        contacts: QuerySet[ContactPerson],
        signatories: QuerySet[Any],
        role_editable: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if institutions is None:  # editing: the institution stays
            del self.fields["institution"]
        else:
            self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
            if institution is not None:
                self.fields["institution"].initial = institution.pk
        self.fields["contact"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["signatory"].queryset = signatories  # type: ignore[attr-defined]
        if not role_editable:
            self.fields["role"].disabled = True
            self.fields["role"].help_text = _(
                "Only the coordinating institution changes partners' roles."
            )

    def service_fields(self) -> dict[str, Any]:
        """What the partner services take (``institution`` and ``revision`` apart)."""
        data = dict(self.cleaned_data)
        data.pop("institution", None)
        data.pop("revision", None)
        if self.fields["role"].disabled:
            data.pop("role")
        return data


class NoteForm(StyledForm):
    """A comment on the unit's version, or a proposed new or different outcome."""

    kind = forms.ChoiceField(
        label=_("What is it?"), choices=NoteKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(
        label=_("Column of the proposed outcome"),
        choices=[("", "—"), *Category.choices],
        required=False,
    )
    replaces = forms.ModelChoiceField(
        label=_("Instead of (optional)"),
        queryset=LearningOutcome.objects.none(),
        required=False,
        help_text=_("For a different outcome: the one it would replace."),
    )

    def __init__(self, *args: Any, outcomes: QuerySet[LearningOutcome], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"kind": NoteKind.COMMENT})
        super().__init__(*args, **kwargs)
        self.fields["replaces"].queryset = outcomes  # type: ignore[attr-defined]
        self.fields["kind"].widget.attrs["class"] = "form-check-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == NoteKind.PROPOSAL and not data.get("category"):
            self.add_error(
                "category",
                _("Say in which column the outcome belongs: knowledge, skills or competence."),
            )
        return data


class AnswerForm(StyledForm):
    decision = forms.ChoiceField(
        choices=[("accept", _("Take into the unit")), ("reject", _("Do not take"))]
    )
    answer = forms.CharField(label=_("Answer"), required=False, widget=forms.Textarea)
