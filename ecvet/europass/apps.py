from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EuropassConfig(AppConfig):
    name = "ecvet.europass"
    label = "europass"
    verbose_name = _("Europass Mobility and recommendation letters")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions

        register_actions(
            {
                "europass.prepared": _("Europass Mobility prepared"),
                "europass.updated": _("Europass Mobility changed"),
                "europass.signed": _("Europass Mobility signed by the host"),
                "europass.reopened": _("Europass Mobility back in draft"),
                "europass.amendment_started": _("Europass Mobility re-issue started"),
                "letter.created": _("Recommendation letter written"),
            }
        )
        _register_signing()


def _register_signing() -> None:
    from ecvet.signing.registry import SignableKind, register

    def url(document: Any) -> str:
        from django.urls import reverse

        return reverse("europass_detail", args=[document.mobility_id, document.number])

    def can_view(user: Any, document: Any) -> bool:
        from ecvet.mobilities.selectors import mobility_can_view

        return mobility_can_view(user=user, mobility=document.mobility)

    def can_manage(user: Any, document: Any) -> bool:
        from ecvet.mobilities.selectors import mobility_can_manage

        return mobility_can_manage(user=user, mobility=document.mobility)

    def on_signed(**kwargs: Any) -> None:
        from ecvet.europass.services.europass import on_signed as hook

        hook(**kwargs)

    def on_reopened(**kwargs: Any) -> None:
        from ecvet.europass.services.europass import on_reopened as hook

        hook(**kwargs)

    def render_pdf(envelope: Any, language: str) -> bytes:
        from ecvet.europass.documents import envelope_pdf

        return envelope_pdf(envelope, language)

    register(
        SignableKind(
            key="europass_mobility",
            label=_("Europass Mobility"),
            url=url,
            can_view=can_view,
            can_manage=can_manage,
            on_signed=on_signed,
            on_reopened=on_reopened,
            render_pdf=render_pdf,
        )
    )
