from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ecvet.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "target_label", "from_state", "to_state"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_label", "action"]
    date_hierarchy = "at"

    # The log is append-only: administrators read it, nobody edits it.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
