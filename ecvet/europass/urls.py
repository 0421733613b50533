from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ecvet.europass import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("mobilities/<int:pk>/europass/", views.europass_prepare, name="europass_prepare"),
    path("mobilities/<int:pk>/europass/amend/", views.europass_amend, name="europass_amend"),
    path(
        "mobilities/<int:pk>/europass/<int:number>/",
        views.europass_detail,
        name="europass_detail",
    ),
    path(
        "mobilities/<int:pk>/europass/<int:number>/edit/",
        views.europass_edit,
        name="europass_edit",
    ),
    path(
        "mobilities/<int:pk>/europass/<int:number>/send/",
        views.europass_send,
        name="europass_send",
    ),
    path(
        "mobilities/<int:pk>/europass/<int:number>/pdf/",
        views.europass_pdf,
        name="europass_pdf",
    ),
    path("mobilities/<int:pk>/letters/new/", views.letter_new, name="letter_new"),
    path(
        "mobilities/<int:pk>/letters/<int:number>/",
        views.letter_detail,
        name="letter_detail",
    ),
    path(
        "mobilities/<int:pk>/letters/<int:number>/pdf/",
        views.letter_pdf,
        name="letter_pdf",
    ),
]
