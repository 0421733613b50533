from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "ecvet.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions

        register_actions(
            {
                "assessment.recorded": _("Learning outcome assessed"),
                "assessment.changed": _("Assessment of a learning outcome changed"),
                "self_assessment.recorded": _("Self-assessment recorded"),
                "evidence.added": _("Evidence added to an assessment"),
                "evidence.removed": _("Evidence removed from an assessment"),
            }
        )
