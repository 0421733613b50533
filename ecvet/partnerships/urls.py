from __future__ import annotations

from django.urls import path

from ecvet.partnerships import document_views, views

urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnership_list"),
    path("partnerships/new/", views.partnership_new, name="partnership_new"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path("partnerships/<int:pk>/edit/", views.partnership_edit, name="partnership_edit"),
    path("partnerships/<int:pk>/profile/", views.partnership_profile, name="partnership_profile"),
    path("partnerships/<int:pk>/history/", views.partnership_history, name="partnership_history"),
    path("partnerships/<int:pk>/partners/new/", views.partner_new, name="partner_new"),
    path(
        "partnerships/<int:pk>/partners/<int:partner_id>/edit/",
        views.partner_edit,
        name="partner_edit",
    ),
    path(
        "partnerships/<int:pk>/partners/<int:partner_id>/remove/",
        views.partner_remove,
        name="partner_remove",
    ),
    path("partnerships/<int:pk>/units/add/", views.unit_add, name="partnership_unit_add"),
    path(
        "partnerships/<int:pk>/units/<int:item_id>/",
        views.partnership_unit,
        name="partnership_unit",
    ),
    path(
        "partnerships/<int:pk>/units/<int:item_id>/agree/",
        views.unit_agree,
        name="partnership_unit_agree",
    ),
    path(
        "partnerships/<int:pk>/units/<int:item_id>/remove/",
        views.unit_remove,
        name="partnership_unit_remove",
    ),
    path(
        "partnerships/<int:pk>/units/<int:item_id>/update-version/",
        views.unit_update_version,
        name="partnership_unit_update_version",
    ),
    path(
        "partnerships/<int:pk>/units/<int:item_id>/request/",
        views.unit_request,
        name="partnership_unit_request",
    ),
    path(
        "partnerships/<int:pk>/units/<int:item_id>/notes/",
        views.note_new,
        name="unit_note_new",
    ),
    path(
        "partnerships/<int:pk>/notes/<int:note_id>/answer/",
        views.proposal_answer,
        name="proposal_answer",
    ),
    # The MoU document
    path(
        "partnerships/<int:pk>/mou/<int:number>/",
        document_views.memorandum_detail,
        name="memorandum_detail",
    ),
    path(
        "partnerships/<int:pk>/mou/<int:number>/pdf/",
        document_views.memorandum_pdf,
        name="memorandum_pdf",
    ),
    path(
        "partnerships/<int:pk>/mou/<int:number>/send/",
        document_views.memorandum_send,
        name="memorandum_send",
    ),
    path(
        "partnerships/<int:pk>/mou/amend/", document_views.memorandum_amend, name="memorandum_amend"
    ),
]
