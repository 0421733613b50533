from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ecvet.forms import StyledForm
from ecvet.institutions.models import Institution

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class _UploadOrPasteForm(StyledForm):
    """A file to upload or text to paste: exactly one of them."""

    file = forms.FileField(label=_("File"), required=False)
    text = forms.CharField(
        label=_("Or paste it here"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "font-monospace"}),
    )

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_file = data.get("file") is not None
        has_text = bool((data.get("text") or "").strip())
        if has_file and has_text:
            raise forms.ValidationError(_("Upload a file or paste the text, not both."))
        if not has_file and not has_text:
            raise forms.ValidationError(_("Upload a file or paste the text."))
        return data

    def content(self) -> bytes | str:
        """The uploaded file's bytes or the pasted text (after ``is_valid``)."""
        upload = self.cleaned_data.get("file")
        return upload.read() if upload is not None else self.cleaned_data["text"]


class UnitImportForm(_UploadOrPasteForm):
    owner = forms.ModelChoiceField(
        label=_("Owner institution"),
        queryset=Institution.objects.none(),
        help_text=_("The imported units become units of this institution, as draft version 1."),
    )
    field_order = ["owner", "file", "text"]

    def __init__(self, *args: Any, owners: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        field.queryset = owners  # type: ignore[attr-defined]
        if owners.count() == 1:
            field.initial = owners.first()
        self.fields["file"].help_text = _("A .json file exported from ECVET Mobility.")
        self.fields["file"].widget.attrs["accept"] = ".json,application/json"
        self.fields["text"].label = _("Or paste the JSON here")


class OutcomesImportForm(_UploadOrPasteForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "A CSV file in UTF-8, separated by commas or semicolons (Excel: “CSV UTF-8”)."
        )
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.fields["text"].label = _("Or paste the CSV here")
