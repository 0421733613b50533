from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ecvet.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from ecvet.accounts.models import InvitationStatus
        from ecvet.audit.actions import register_actions, register_states

        register_states([InvitationStatus])
        register_actions(
            {
                "membership.created": _("Person added to the institution"),
                "membership.removed": _("Person removed from the institution"),
                "invitation.sent": _("Invitation sent"),
                "invitation.accepted": _("Invitation accepted"),
                "invitation.revoked": _("Invitation withdrawn"),
                "api_token.created": _("API token created"),
                "api_token.revoked": _("API token revoked"),
            }
        )
