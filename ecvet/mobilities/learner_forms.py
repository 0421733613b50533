"""Forms of the learners' screens. They only validate; the views hand the cleaned data to
``ecvet.mobilities.services.learners``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecvet.accounts.models import User
from ecvet.forms import StyledForm, StyledModelForm
from ecvet.institutions.models import Institution
from ecvet.mobilities.learner_import import MAX_BYTES
from ecvet.mobilities.models import Learner
from ecvet.mobilities.services.learners import LEARNER_FIELDS
from ecvet.multilingual.text import pick
from ecvet.qualifications.models import Qualification

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QualificationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{pick(obj.title)} (EQF {obj.eqf_level})"


class LearnerFilterForm(StyledForm):
    q = forms.CharField(label=_("Search"), required=False)
    group = forms.ChoiceField(label=_("Class or group"), required=False)

    def __init__(self, *args: Any, groups: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("Every group")), *((g, g) for g in groups)]  # type: ignore[attr-defined]


class LearnerForm(StyledModelForm):
    """A learner's data. ``revision`` is the learner's revision the form was read at: the
    service refuses a save over someone else's."""

    school = forms.ModelChoiceField(label=_("School"), queryset=Institution.objects.none())
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    qualification = QualificationChoiceField(
        label=_("qualification pursued"), queryset=Qualification.objects.none(), required=False
    )

    fieldsets = [
        ("", ["school", "first_name", "last_name", "date_of_birth", "gender", "nationality"]),
        (_("Contacts"), ["email", "phone", "address"]),
        (_("Studies"), ["qualification", "group", "progress"]),
        (
            _("Parent or guardian (for a learner under 18)"),
            ["guardian_name", "guardian_email", "guardian_phone"],
        ),
    ]

    class Meta:
        model = Learner
        fields = LEARNER_FIELDS
        widgets = {"date_of_birth": _DATE, "progress": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        schools: QuerySet[Institution] | None = None,
        qualifications: QuerySet[Qualification],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = qualifications  # type: ignore[attr-defined]
        if schools is None:  # editing: the learner stays at their school
            del self.fields["school"]
            self.fields["revision"].required = True
            if not self.is_bound and self.instance.pk:
                self.initial["revision"] = self.instance.revision
        else:
            del self.fields["revision"]
            field = self.fields["school"]
            field.queryset = schools  # type: ignore[attr-defined]
            if len(schools) == 1:
                field.initial = schools[0]

    def _post_clean(self) -> None:
        # The service validates the learner (with the school, which the form may not have).
        pass


class AccountForm(StyledForm):
    user = forms.ModelChoiceField(
        label=_("Account"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No account"),
        help_text=_(
            "A learner account of the school: the learner then sees their mobility and signs "
            "online."
        ),
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.get_full_name()} ({user.email or user.username})"
            if user.get_full_name()
            else user.email or user.username
        )


class LearnerImportForm(StyledForm):
    school = forms.ModelChoiceField(
        label=_("School"),
        queryset=Institution.objects.none(),
        help_text=_("The learners become learners of this school."),
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file in UTF-8 (Excel: “CSV UTF-8”), separated "
            "by commas or semicolons; at most 5 MB and 5000 learners."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args: Any, schools: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        field.queryset = schools  # type: ignore[attr-defined]
        if len(schools) == 1:
            field.initial = schools[0]

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        name = (upload.name or "").lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(
                _(
                    "This is an old Excel file (.xls). Save it as “Excel Workbook” (.xlsx) or "
                    "as “CSV UTF-8” and upload that."
                )
            )
        if not name.endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
        return upload
