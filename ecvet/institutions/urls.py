from __future__ import annotations

from django.urls import path

from ecvet.institutions import views

urlpatterns = [
    path("institutions/", views.institution_list_view, name="institution_list"),
    path("institutions/new/", views.institution_new, name="institution_new"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/edit/", views.institution_edit, name="institution_edit"),
    path("institutions/<int:pk>/contacts/new/", views.contact_new, name="contact_new"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/remove/", views.contact_remove, name="contact_remove"),
]
