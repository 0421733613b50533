from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ecvet.transcripts import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "mobilities/<int:pk>/transcript/",
        views.transcript_prepare,
        name="transcript_prepare",
    ),
    path(
        "mobilities/<int:pk>/transcript/amend/",
        views.transcript_amend,
        name="transcript_amend",
    ),
    path(
        "mobilities/<int:pk>/transcript/<int:number>/",
        views.transcript_detail,
        name="transcript_detail",
    ),
    path(
        "mobilities/<int:pk>/transcript/<int:number>/pdf/",
        views.transcript_pdf,
        name="transcript_pdf",
    ),
    path(
        "mobilities/<int:pk>/transcript/<int:number>/send/",
        views.transcript_send,
        name="transcript_send",
    ),
]
