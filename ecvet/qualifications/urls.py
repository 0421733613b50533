from __future__ import annotations

from django.urls import path

from ecvet.qualifications import views

urlpatterns = [
    path("units/", views.unit_list_view, name="unit_list"),
]
