from __future__ import annotations

from django.urls import include, path

from ecvet.mobilities import agreement_views, views

urlpatterns = [
    path("", include("ecvet.mobilities.learner_urls")),
    path("mobilities/", views.mobility_list, name="mobility_list"),
    path("mobilities/new/", views.mobility_new, name="mobility_new"),
    path("mobilities/group/new/", views.mobility_group_new, name="mobility_group_new"),
    path("mobilities/<int:pk>/", views.mobility_detail, name="mobility_detail"),
    path("mobilities/<int:pk>/edit/", views.mobility_edit, name="mobility_edit"),
    path("mobilities/<int:pk>/status/", views.mobility_transition, name="mobility_transition"),
    path("mobilities/<int:pk>/history/", views.mobility_history, name="mobility_history"),
    path("mobilities/<int:pk>/profile/", views.profile_edit, name="profile_edit"),
    path("mobilities/<int:pk>/profile/send/", views.profile_send, name="profile_send"),
    path("mobilities/<int:pk>/profile/answer/", views.profile_answer, name="profile_answer"),
    path("my/", views.my_mobilities, name="my_mobilities"),
    path("my/<int:pk>/", views.my_mobility, name="my_mobility"),
    # The Learning Agreement
    path(
        "mobilities/<int:pk>/agreement/<int:number>/",
        agreement_views.agreement_detail,
        name="agreement_detail",
    ),
    path(
        "mobilities/<int:pk>/agreement/<int:number>/edit/",
        agreement_views.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "mobilities/<int:pk>/agreement/<int:number>/units/add/",
        agreement_views.agreement_unit_add,
        name="agreement_unit_add",
    ),
    path(
        "mobilities/<int:pk>/agreement/units/<int:item_id>/",
        agreement_views.agreement_unit_edit,
        name="agreement_unit_edit",
    ),
    path(
        "mobilities/<int:pk>/agreement/units/<int:item_id>/remove/",
        agreement_views.agreement_unit_remove,
        name="agreement_unit_remove",
    ),
    path(
        "mobilities/<int:pk>/agreement/<int:number>/pdf/",
        agreement_views.agreement_pdf,
        name="agreement_pdf",
    ),
    path(
        "mobilities/<int:pk>/agreement/<int:number>/send/",
        agreement_views.agreement_send,
        name="agreement_send",
    ),
    path(
        "mobilities/<int:pk>/agreement/amend/",
        agreement_views.agreement_amend,
        name="agreement_amend",
    ),
]
