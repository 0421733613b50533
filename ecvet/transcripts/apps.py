from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranscriptsConfig(AppConfig):
    name = "ecvet.transcripts"
    label = "transcripts"
    verbose_name = _("Transcripts of records")
