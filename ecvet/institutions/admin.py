from __future__ import annotations

from django.contrib import admin

from ecvet.institutions.models import ContactPerson, Institution


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "city", "erasmus_oid", "pic"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city", "erasmus_oid", "pic", "national_registration_number"]
    autocomplete_fields = ["registered_by"]
    inlines = [ContactInline]
