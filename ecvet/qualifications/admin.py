from __future__ import annotations

from django.contrib import admin

from ecvet.qualifications.models import Qualification


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "country", "eqf_level", "national_level", "owner"]
    list_filter = ["eqf_level", "country"]
    autocomplete_fields = ["owner"]
