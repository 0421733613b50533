from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from ecvet.accounts.models import ApiToken, Invitation, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["institution"]


@admin.register(User)
class EcvetUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "institution", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "institution__name"]
    autocomplete_fields = ["user", "institution"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "institution", "role", "status", "created_at", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "institution__name"]
    readonly_fields = ["status", "accepted_by", "closed_at", "invited_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from the Invitations page, which e-mails the link


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # tokens are made on the profile page or by `create_api_token`

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
