from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilitiesConfig(AppConfig):
    name = "ecvet.mobilities"
    label = "mobilities"
    verbose_name = _("Mobilities")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions, register_states
        from ecvet.mobilities.models import AgreementStatus, MobilityStatus, ProfileStatus

        register_states([MobilityStatus, AgreementStatus, ProfileStatus])
        register_actions(
            {
                "learner.created": _("Learner added"),
                "learner.updated": _("Learner changed"),
                "learner.account.linked": _("Learner's account linked"),
                "learner.account.unlinked": _("Learner's account unlinked"),
                "learners.imported": _("Learners imported"),
                "mobility.created": _("Mobility planned"),
                "mobility.updated": _("Mobility changed"),
                "mobility.status": _("Mobility status changed"),
                "mobility.group_created": _("Group of mobilities created"),
                "profile.updated": _("Learner profile changed"),
                "profile.sent": _("Learner profile sent to the host"),
                "profile.answered": _("The host answered the learner profile"),
                "agreement.updated": _("Learning Agreement changed"),
                "agreement.unit_added": _("Unit added to the Learning Agreement"),
                "agreement.unit_removed": _("Unit removed from the Learning Agreement"),
                "agreement.plan_changed": _("Assessment plan changed"),
                "agreement.signed": _("Learning Agreement signed by every party"),
                "agreement.reopened": _("Learning Agreement back in draft"),
                "agreement.amendment_started": _("Learning Agreement amendment started"),
            }
        )
        _register_signing()
        _register_notifications()


def _register_signing() -> None:
    from ecvet.signing.registry import SignableKind, register

    def url(agreement: Any) -> str:
        from django.urls import reverse

        return reverse("agreement_detail", args=[agreement.mobility_id, agreement.number])

    def can_view(user: Any, agreement: Any) -> bool:
        from ecvet.mobilities.selectors import mobility_can_view

        return mobility_can_view(user=user, mobility=agreement.mobility)

    def can_manage(user: Any, agreement: Any) -> bool:
        from ecvet.mobilities.selectors import mobility_can_manage

        return mobility_can_manage(user=user, mobility=agreement.mobility)

    def on_signed(**kwargs: Any) -> None:
        from ecvet.mobilities.services.agreements import on_signed as hook

        hook(**kwargs)

    def on_reopened(**kwargs: Any) -> None:
        from ecvet.mobilities.services.agreements import on_reopened as hook

        hook(**kwargs)

    def render_pdf(envelope: Any, language: str) -> bytes:
        from ecvet.mobilities.documents import envelope_pdf

        return envelope_pdf(envelope, language)

    register(
        SignableKind(
            key="learning_agreement",
            label=_("Learning Agreement"),
            url=url,
            can_view=can_view,
            can_manage=can_manage,
            on_signed=on_signed,
            on_reopened=on_reopened,
            render_pdf=render_pdf,
        )
    )


def _register_notifications() -> None:
    from ecvet.notifications.kinds import register_kind

    register_kind(
        "profile.sent",
        message=_("The sending school sent the profile of %(learner)s: please read it and answer."),
    )
    register_kind(
        "profile.answered",
        message=_("The host answered the profile of %(learner)s with its proposals."),
    )
