from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ecvet.qualifications.models import EscoConcept, Qualification


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "country", "eqf_level", "national_level", "owner"]
    list_filter = ["eqf_level", "country"]
    autocomplete_fields = ["owner"]


@admin.register(EscoConcept)
class EscoConceptAdmin(admin.ModelAdmin):
    """Reference data: read it here, change it by importing a newer ESCO release."""

    list_display = ["preferred_label", "kind", "skill_type", "uri"]
    list_filter = ["kind", "skill_type"]
    search_fields = ["preferred_label", "labels", "uri"]
    readonly_fields = [f.name for f in EscoConcept._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
