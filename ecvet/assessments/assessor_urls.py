"""The assessor's pages: the assessment sheet, one outcome per screen, and evidence."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from ecvet.assessments import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("mobilities/<int:pk>/assessment/", views.assessment_sheet, name="assessment_sheet"),
    path(
        "mobilities/<int:pk>/assessment/<int:outcome_id>/",
        views.assessment_outcome,
        name="assessment_outcome",
    ),
    path(
        "mobilities/<int:pk>/assessment/<int:outcome_id>/evidence/",
        views.evidence_add,
        name="evidence_add",
    ),
    path(
        "mobilities/<int:pk>/evidence/<int:evidence_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path(
        "mobilities/<int:pk>/evidence/<int:evidence_id>/remove/",
        views.evidence_remove,
        name="evidence_remove",
    ),
]
