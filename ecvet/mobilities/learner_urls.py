from __future__ import annotations

from django.urls import path

from ecvet.mobilities import learner_views as views

urlpatterns = [
    path("learners/", views.learner_list, name="learner_list"),
    path("learners/new/", views.learner_new, name="learner_new"),
    path("learners/<int:pk>/", views.learner_detail, name="learner_detail"),
    path("learners/<int:pk>/edit/", views.learner_edit, name="learner_edit"),
    path("learners/<int:pk>/account/", views.learner_account, name="learner_account"),
    path("learners/import/", views.learner_import, name="learner_import"),
    path(
        "learners/import/template.csv",
        views.learner_import_template,
        name="learner_import_template",
    ),
    path(
        "learners/import/<slug:token>/",
        views.learner_import_confirm,
        name="learner_import_confirm",
    ),
]
