from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ecvet.recognition import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("mobilities/<int:pk>/validation/", views.validation, name="validation"),
    path("mobilities/<int:pk>/recognition/", views.recognition, name="recognition"),
    path("mobilities/<int:pk>/results/", views.recognition_summary, name="recognition_summary"),
]
