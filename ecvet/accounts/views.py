from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecvet.accounts.forms import AcceptInvitationForm, ApiTokenForm, InvitationForm, LanguageForm
from ecvet.accounts.selectors import (
    api_token_list,
    invitation_institutions,
    invitation_list,
    membership_list,
    membership_manageable,
)
from ecvet.accounts.services import (
    api_token_create,
    api_token_revoke,
    invitable_roles,
    invitation_accept,
    invitation_get_open,
    invitation_revoke,
    invitation_send,
    membership_remove,
)
from ecvet.errors import DomainError
from ecvet.notifications.services import user_set_language


def _profile_page(
    request: HttpRequest,
    token_form: ApiTokenForm,
    status: int = 200,
    language_form: LanguageForm | None = None,
    **extra: Any,
) -> HttpResponse:
    if language_form is None:
        chosen = request.user.language  # type: ignore[union-attr]
        language_form = LanguageForm(initial={"language": chosen})
    context = {
        "memberships": membership_list(user=request.user),
        "tokens": api_token_list(user=request.user),
        "token_form": token_form,
        "language_form": language_form,
        **extra,
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The profile; a POST here sets the language of the person's e-mails and documents."""
    if request.method != "POST":
        return _profile_page(request, ApiTokenForm())
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, ApiTokenForm(), status=400, language_form=form)
    try:
        user_set_language(user=request.user, language=form.cleaned_data["language"])  # type: ignore[arg-type]
    except DomainError as error:
        form.add_error(None, error.message)
        return _profile_page(request, ApiTokenForm(), status=400, language_form=form)
    messages.success(request, _("Your e-mails and documents will come in the language you chose."))
    return redirect("profile")


@login_required
@require_POST
def api_token_new(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, form, status=400)
    token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
    # The secret is shown on this one response and never again: it is not stored.
    return _profile_page(request, ApiTokenForm(), new_token=token, new_secret=secret)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(api_token_list(user=request.user), pk=pk)
    try:
        api_token_revoke(actor=request.user, token=token)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("profile")


def _invitation_page(request: HttpRequest, form: InvitationForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "accounts/invitations.html",
        {"form": form, "invitations": invitation_list(user=request.user)[:200]},
        status=status,
    )


def _invitation_form(request: HttpRequest) -> InvitationForm:
    institutions = invitation_institutions(user=request.user)
    data = request.POST if request.method == "POST" else None
    chosen = request.GET.get("institution") if data is None else None
    initial = {"institution": chosen} if chosen else None
    return InvitationForm(
        data,
        initial=initial,
        institutions=institutions,
        roles=invitable_roles(actor=request.user),
    )


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    if not invitation_institutions(user=request.user).exists():
        return render(request, "accounts/not_a_manager.html", status=403)
    form = _invitation_form(request)
    if request.method != "POST":
        return _invitation_page(request, form)
    if not form.is_valid():
        return _invitation_page(request, form, status=400)
    try:
        invitation, _link = invitation_send(
            actor=request.user,
            email=form.cleaned_data["email"],
            institution=form.cleaned_data["institution"],
            role=form.cleaned_data["role"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _invitation_page(request, form, status=400)
    messages.success(
        request,
        _("An invitation was sent to %(email)s. The link is valid until %(date)s.")
        % {"email": invitation.email, "date": invitation.expires_at.date()},
    )
    return redirect("invitation_list")


@login_required
@require_POST
def invitation_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(invitation_list(user=request.user), pk=pk)
    try:
        invitation_revoke(actor=request.user, invitation=invitation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("invitation_list")


def invitation_accept_view(request: HttpRequest, secret: str) -> HttpResponse:
    try:
        invitation = invitation_get_open(secret=secret)
    except DomainError as error:
        return render(
            request, "accounts/invitation_closed.html", {"reason": error.message}, status=410
        )
    context: dict[str, object] = {
        "invitation": invitation,
        "login_url": f"{reverse('login')}?{urlencode({'next': request.path})}",
    }
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                membership = invitation_accept(secret=secret, user=request.user)
            except DomainError as error:
                messages.error(request, error.message)
                return render(request, "accounts/invitation_accept.html", context, status=400)
            messages.success(
                request,
                _("You are now %(role)s at %(institution)s.")
                % {"role": membership.get_role_display(), "institution": membership.institution},
            )
            return redirect("home")
        return render(request, "accounts/invitation_accept.html", context)
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        initial={"username": invitation.email.split("@")[0]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = invitation_accept(
                secret=secret,
                username=form.cleaned_data["username"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! You are now %(role)s at %(institution)s.")
                % {"role": membership.get_role_display(), "institution": membership.institution},
            )
            return redirect("home")
    context["form"] = form
    return render(
        request,
        "accounts/invitation_accept.html",
        context,
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def membership_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(membership_manageable(user=request.user), pk=pk)
    institution = membership.institution
    try:
        membership_remove(actor=request.user, membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(person)s is no longer %(role)s at %(institution)s.")
            % {
                "person": membership.user.display_name,
                "role": membership.get_role_display(),
                "institution": institution,
            },
        )
    return redirect("institution_detail", pk=institution.pk)
