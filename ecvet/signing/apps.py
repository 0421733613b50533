from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "ecvet.signing"
    label = "signing"
    verbose_name = _("Signing")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions, register_states
        from ecvet.notifications.kinds import register_kind
        from ecvet.signing.models import EnvelopeStatus, SignatoryStatus

        register_states([EnvelopeStatus, SignatoryStatus])
        register_actions(
            {
                "signing.sent": _("Sent for signature"),
                "signing.signed": _("Signed"),
                "signing.recorded_outside": _("Signature made outside the system recorded"),
                "signing.completed": _("Signed by every party"),
                "signing.declined": _("Signature declined"),
                "signing.withdrawn": _("Withdrawn from signature"),
            }
        )
        register_kind(
            "signature.requested",
            message=_("Please sign “%(document)s”."),
        )
        register_kind(
            "document.signed",
            message=_("“%(document)s” is signed by every party (code %(code)s)."),
        )
        register_kind(
            "signature.declined",
            message=_("%(person)s declined to sign “%(document)s”: %(reason)s"),
        )
        register_kind(
            "signature.withdrawn",
            message=_("“%(document)s” was withdrawn from signature: %(reason)s"),
        )
