from __future__ import annotations

from django.urls import path

from ecvet.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list_view, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
]
