from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from ecvet.accounts import forms, views

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=forms.LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(form_class=forms.ChangePasswordForm),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(form_class=forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/tokens/", views.api_token_new, name="api_token_new"),
    path("accounts/tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api_token_revoke"),
    path("invitations/", views.invitations, name="invitation_list"),
    path("invitations/<int:pk>/withdraw/", views.invitation_revoke_view, name="invitation_revoke"),
    path("invitation/<str:secret>/", views.invitation_accept_view, name="invitation_accept"),
    path("memberships/<int:pk>/remove/", views.membership_remove_view, name="membership_remove"),
]
