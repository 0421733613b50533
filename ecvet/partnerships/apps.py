from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "ecvet.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions, register_states
        from ecvet.partnerships.models import MemorandumStatus, ProposalStatus

        register_states([MemorandumStatus, ProposalStatus])
        register_actions(
            {
                "partnership.created": _("Partnership created"),
                "partnership.updated": _("Partnership terms changed"),
                "partnership.profile.updated": _("Trainee profile changed"),
                "partnership.partner.added": _("Partner added"),
                "partnership.partner.changed": _("Partner changed"),
                "partnership.partner.removed": _("Partner removed"),
                "partnership.unit.added": _("Unit brought into the partnership"),
                "partnership.unit.removed": _("Unit taken out of the partnership"),
                "partnership.unit.version_changed": _("Unit moved to a newer version"),
                "partnership.unit.agreed": _("Unit version agreed by a partner"),
                "partnership.unit.comment": _("Comment on a unit"),
                "partnership.unit.proposal": _("Outcome proposed"),
                "partnership.unit.proposal_answered": _("Proposal answered"),
                "partnership.mou.signed": _("MoU signed by every party"),
                "partnership.mou.reopened": _("MoU back in draft"),
                "partnership.mou.amendment_started": _("MoU amendment started"),
            }
        )
        _register_signing()
        _register_notifications()


def _register_signing() -> None:
    from ecvet.signing.registry import SignableKind, register

    def url(memorandum: Any) -> str:
        from django.urls import reverse

        return reverse("memorandum_detail", args=[memorandum.partnership_id, memorandum.number])

    def can_view(user: Any, memorandum: Any) -> bool:
        from ecvet.partnerships.selectors import partnership_can_view

        return partnership_can_view(user=user, partnership=memorandum.partnership)

    def can_manage(user: Any, memorandum: Any) -> bool:
        from ecvet.partnerships.selectors import partnership_can_manage

        return partnership_can_manage(user=user, partnership=memorandum.partnership)

    def on_signed(**kwargs: Any) -> None:
        from ecvet.partnerships.services.memoranda import on_signed as hook

        hook(**kwargs)

    def on_reopened(**kwargs: Any) -> None:
        from ecvet.partnerships.services.memoranda import on_reopened as hook

        hook(**kwargs)

    def render_pdf(envelope: Any, language: str) -> bytes:
        from ecvet.partnerships.documents import envelope_pdf

        return envelope_pdf(envelope, language)

    register(
        SignableKind(
            key="mou",
            label=_("Memorandum of Understanding"),
            url=url,
            can_view=can_view,
            can_manage=can_manage,
            on_signed=on_signed,
            on_reopened=on_reopened,
            render_pdf=render_pdf,
        )
    )


def _register_notifications() -> None:
    """Messages of the partnership's notifications (see ecvet.notifications.kinds)."""
    from ecvet.notifications.kinds import register_kind

    register_kind(
        "unit.agreement.requested",
        message=_(
            "Please agree “%(unit)s” version %(version)s in the partnership “%(partnership)s”."
        ),
    )
    register_kind(
        "unit.agreed_by_all",
        message=_("Every partner has agreed “%(unit)s” version %(version)s in “%(partnership)s”."),
    )
    register_kind(
        "unit.note.added",
        message=_("New comment or proposal on “%(unit)s” in “%(partnership)s”."),
    )
