from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "ecvet.institutions"
    label = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions

        register_actions(
            {
                "institution.created": _("Institution registered"),
                "institution.updated": _("Institution details changed"),
                "contact.created": _("Contact person added"),
                "contact.updated": _("Contact person changed"),
                "contact.deleted": _("Contact person removed"),
            }
        )
