from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "ecvet.recognition"
    label = "recognition"
    verbose_name = _("Validation and recognition")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions

        register_actions(
            {
                "validation.recorded": _("Validation of a learning outcome recorded"),
                "recognition.recorded": _("Recognition of a unit recorded"),
                "recognition.withdrawn": _(
                    "Recognition of a unit withdrawn: no outcome of it matches any more"
                ),
            }
        )
