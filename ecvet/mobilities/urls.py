from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("ecvet.mobilities.learner_urls")),
]
