from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.contrib.auth.forms import SetPasswordForm as DjangoSetPasswordForm
from django.db.models import QuerySet
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from ecvet.accounts.models import Role, User
from ecvet.forms import StyledForm, StyledFormMixin
from ecvet.institutions.models import Institution


class LoginForm(StyledFormMixin, AuthenticationForm):
    pass


class PasswordResetForm(StyledFormMixin, DjangoPasswordResetForm):
    pass


class SetPasswordForm(StyledFormMixin, DjangoSetPasswordForm):
    pass


class ChangePasswordForm(StyledFormMixin, PasswordChangeForm):
    pass


class InvitationForm(StyledForm):
    email = forms.EmailField(label=_("E-mail"))
    institution = forms.ModelChoiceField(
        label=_("Institution"), queryset=Institution.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(
        self, *args: Any, institutions: QuerySet[Institution], roles: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first()
        # No role is preselected: inviting a coordinator by a slip of the finger gives away a lot.
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            ("", "---------"),
            *((r, Role(r).label) for r in roles),
        ]


class AcceptInvitationForm(StyledForm):
    """A new account from an invitation: the e-mail comes from the invitation itself."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What you will log in with: letters, digits and @ . + - _ only."),
        validators=[User.username_validator],
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken; choose another."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            probe = User(
                username=cleaned.get("username", ""),
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ApiTokenForm(StyledForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Say what it is for, e.g. “school register export”."),
    )


def _language_name(code: str) -> str:
    """A language by its own name ("Latviešu"): a reader finds their language in any interface."""
    name = str(get_language_info(code)["name_local"])
    return name[:1].upper() + name[1:]


class LanguageForm(StyledForm):
    language = forms.ChoiceField(
        label=_("Language for e-mails and documents"),
        required=False,
        help_text=_(
            "Notifications are e-mailed in this language. The language of the pages follows "
            "the switcher at the top."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (
                "",
                _("Site default (%(language)s)")
                % {"language": _language_name(settings.LANGUAGE_CODE)},
            ),
            *((code, _language_name(code)) for code, _name in settings.LANGUAGES),
        ]
