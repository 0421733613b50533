"""The assessment at the host (the assessor's pages) and the learner's self-assessment."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("ecvet.assessments.assessor_urls")),
    path("", include("ecvet.assessments.learner_urls")),
]
