"""The learner's self-assessment, and the comparison of both answers (slide 15)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ecvet.assessments import learner_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("my/<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("my/<int:pk>/comparison/", views.my_comparison, name="my_comparison"),
    path(
        "mobilities/<int:pk>/assessment/comparison/",
        views.assessment_comparison,
        name="assessment_comparison",
    ),
]
