from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    name = "ecvet.transcripts"
    label = "transcripts"
    verbose_name = _("Transcripts of records")

    def ready(self) -> None:
        from ecvet.audit.actions import register_actions

        register_actions(
            {
                "transcript.prepared": _("Transcript of records prepared"),
                "transcript.signed": _("Transcript of records signed for the host"),
                "transcript.reopened": _("Transcript of records back in draft"),
                "transcript.amendment_started": _("Transcript of records amendment started"),
            }
        )
        _register_signing()
        _register_notifications()


def _register_signing() -> None:
    from ecvet.signing.registry import SignableKind, register

    def url(transcript: Any) -> str:
        from django.urls import reverse

        return reverse("transcript_detail", args=[transcript.mobility_id, transcript.number])

    def can_view(user: Any, transcript: Any) -> bool:
        from ecvet.transcripts.selectors import transcript_can_view

        return transcript_can_view(user=user, transcript=transcript)

    def can_manage(user: Any, transcript: Any) -> bool:
        from ecvet.transcripts.selectors import transcript_can_issue

        return transcript_can_issue(user=user, mobility=transcript.mobility)

    def on_signed(**kwargs: Any) -> None:
        from ecvet.transcripts.services import on_signed as hook

        hook(**kwargs)

    def on_reopened(**kwargs: Any) -> None:
        from ecvet.transcripts.services import on_reopened as hook

        hook(**kwargs)

    def render_pdf(envelope: Any, language: str) -> bytes:
        from ecvet.transcripts.documents import envelope_pdf

        return envelope_pdf(envelope, language)

    register(
        SignableKind(
            key="transcript",
            label=_("Transcript of Records"),
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
        "transcript.signed",
        message=_(
            "The host signed the transcript of records of %(learner)s: the results are ready "
            "for validation."
        ),
    )
