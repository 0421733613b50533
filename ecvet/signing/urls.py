from __future__ import annotations

from django.urls import path

from ecvet.signing import views

urlpatterns = [
    path("signing/waiting/", views.waiting, name="signature_waiting"),
    path("signing/<int:pk>/", views.envelope_detail, name="envelope_detail"),
    path("signing/<int:pk>/pdf/", views.envelope_pdf, name="envelope_pdf"),
    path("signing/<int:pk>/withdraw/", views.envelope_withdraw, name="envelope_withdraw"),
    path("signing/<int:pk>/sign/<int:signatory_id>/", views.sign, name="signature_sign"),
    path("signing/<int:pk>/decline/<int:signatory_id>/", views.decline, name="signature_decline"),
    path(
        "signing/<int:pk>/outside/<int:signatory_id>/",
        views.record_outside,
        name="signature_outside",
    ),
    path("signing/<int:pk>/scan/<int:signatory_id>/", views.scan, name="signature_scan"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
]
