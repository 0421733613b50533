from __future__ import annotations

from django.contrib import admin

from ecvet.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "actor_name", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__username", "recipient__email", "kind"]
    raw_id_fields = ["recipient"]
    readonly_fields = ["created_at"]
