from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from ecvet.api import api

urlpatterns = [
    path("", include("ecvet.home.urls")),
    path("", include("ecvet.accounts.urls")),
    path("", include("ecvet.institutions.urls")),
    path("", include("ecvet.qualifications.urls")),
    path("", include("ecvet.partnerships.urls")),
    path("", include("ecvet.mobilities.urls")),
    path("", include("ecvet.assessments.urls")),
    path("", include("ecvet.transcripts.urls")),
    path("", include("ecvet.recognition.urls")),
    path("", include("ecvet.europass.urls")),
    path("", include("ecvet.signing.urls")),
    path("", include("ecvet.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

admin.site.site_header = "ECVET Mobility"
admin.site.site_title = "ECVET Mobility"
