from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualificationsConfig(AppConfig):
    name = "ecvet.qualifications"
    label = "qualifications"
    verbose_name = _("Qualifications")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions, register_states
        from ecvet.qualifications.models import VersionStatus

        register_states([VersionStatus])
        register_actions(
            {
                "qualification.created": _("Qualification created"),
                "qualification.updated": _("Qualification changed"),
                "unit.created": _("Unit created"),
                "unit.copied": _("Unit copied"),
                "unit.imported": _("Unit imported"),
                "unit.shared": _("Unit shared in the library"),
                "unit.unshared": _("Unit no longer shared"),
                "unit.version.updated": _("Unit header changed"),
                "unit.version.agreed": _("Version agreed"),
                "unit.draft_started": _("New draft version started"),
                "unit.translation.confirmed": _("Translations marked up to date"),
                "unit.outcome.added": _("Outcome added"),
                "unit.outcome.changed": _("Outcome changed"),
                "unit.outcome.removed": _("Outcome removed"),
                "unit.outcome.moved": _("Outcome moved"),
                "unit.outcomes.pasted": _("Outcomes pasted"),
                "unit.outcome.skill_linked": _("ESCO skill linked"),
                "unit.outcome.skill_unlinked": _("ESCO skill link removed"),
            }
        )
