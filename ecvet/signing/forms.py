"""Forms of the signing screens and the public verify page. They only validate: the rules
(whose slot, which password, what a scan must be) are the services' and selectors'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecvet.forms import StyledForm
from ecvet.signing.services import scan_max_bytes


class SignForm(StyledForm):
    confirm = forms.BooleanField(
        label=_("I have read the document and sign it as it stands."), required=True
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Entering your password again confirms that it is you who signs."),
    )
    place = forms.CharField(label=_("Place of signing"), max_length=200, required=False)
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


class DeclineForm(StyledForm):
    reason = forms.CharField(
        label=_("Why do you decline?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone who was asked to sign reads this; the document goes back to draft."),
    )
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


class OutsideSignatureForm(StyledForm):
    scan = forms.FileField(
        label=_("Signed document (PDF scan)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    signed_on = forms.DateField(
        label=_("Date of signing"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    place = forms.CharField(label=_("Place of signing"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = scan_max_bytes() // (1024 * 1024) or 1
        self.fields["scan"].help_text = _("A PDF of at most %(limit)s MB.") % {"limit": limit}
        self.fields["signed_on"].initial = timezone.localdate()


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyCodeForm(StyledForm):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"placeholder": "7K3F-9QX2-M4TD", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


class VerifyUploadForm(StyledForm):
    document = forms.FileField(
        label=_("The PDF you received"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        limit = scan_max_bytes()
        if document.size is not None and document.size > limit:
            raise forms.ValidationError(
                _("The file is too large: the largest accepted is %(limit)s MB.")
                % {"limit": limit // (1024 * 1024) or 1}
            )
        return document
