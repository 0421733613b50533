from __future__ import annotations

from django.urls import path

from ecvet.qualifications import editor_views as editor
from ecvet.qualifications import views
from ecvet.qualifications.document_views import unit_document_pdf
from ecvet.qualifications.transfer import views as transfer

urlpatterns = [
    path("qualifications/", views.qualification_list_view, name="qualification_list"),
    path("qualifications/new/", views.qualification_new, name="qualification_new"),
    path("qualifications/<int:pk>/", views.qualification_detail, name="qualification_detail"),
    path("qualifications/<int:pk>/edit/", views.qualification_edit, name="qualification_edit"),
    path("esco/occupations/", views.esco_occupation_search, name="esco_occupation_search"),
    path("units/", views.unit_list_view, name="unit_list"),
    path("units/new/", views.unit_new, name="unit_new"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/v<int:number>/", views.unit_detail, name="unit_version"),
    path("units/<int:pk>/v<int:number>/agree/", views.unit_agree, name="unit_agree"),
    path("units/<int:pk>/v<int:number>/copy/", views.unit_copy_view, name="unit_copy"),
    path("units/<int:pk>/v<int:number>/pdf/", unit_document_pdf, name="unit_pdf"),
    path("units/<int:pk>/share/", views.unit_share, name="unit_share"),
    path("units/<int:pk>/compare/", views.unit_compare, name="unit_compare"),
    path("units/<int:pk>/edit/", editor.unit_edit, name="unit_edit"),
    path("units/<int:pk>/draft/", editor.unit_draft_start, name="unit_draft_start"),
    path("units/<int:pk>/checks/", editor.unit_checks_panel, name="unit_checks"),
    path(
        "units/<int:pk>/translations/confirm/",
        editor.unit_translation_confirm_view,
        name="unit_translation_confirm",
    ),
    path("units/<int:pk>/columns/<str:category>/", editor.unit_column, name="unit_column"),
    path(
        "units/<int:pk>/columns/<str:category>/add/",
        editor.outcome_quick_add,
        name="outcome_quick_add",
    ),
    path(
        "units/<int:pk>/columns/<str:category>/paste/",
        editor.outcome_paste,
        name="outcome_paste",
    ),
    path("outcomes/<int:pk>/edit/", editor.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:pk>/remove/", editor.outcome_remove, name="outcome_remove"),
    path("outcomes/<int:pk>/move/<str:direction>/", editor.outcome_reorder, name="outcome_move"),
    path("outcomes/<int:pk>/esco/", editor.outcome_suggestions, name="outcome_suggestions"),
    path("outcomes/<int:pk>/esco/link/", editor.outcome_skill_link, name="outcome_skill_link"),
    path(
        "outcomes/<int:pk>/esco/unlink/",
        editor.outcome_skill_unlink,
        name="outcome_skill_unlink",
    ),
    path("units/export.json", transfer.unit_list_export_json, name="unit_list_export_json"),
    path("units/import/", transfer.unit_import, name="unit_import"),
    path(
        "units/<int:pk>/v<int:number>/export.json",
        transfer.unit_version_export_json,
        name="unit_version_export_json",
    ),
    path(
        "units/<int:pk>/v<int:number>/outcomes.csv",
        transfer.unit_version_outcomes_csv,
        name="unit_version_outcomes_csv",
    ),
    path(
        "units/<int:pk>/outcomes/import/",
        transfer.unit_outcomes_import,
        name="unit_outcomes_import",
    ),
]
