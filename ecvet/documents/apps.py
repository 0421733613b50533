from __future__ import annotations

import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# WeasyPrint reports each layout step and fontTools each font subset at INFO: a dozen lines
# per PDF that drown the server log. Their warnings (a refused URL, a missing font) stay.
CHATTY_LOGGERS = ("weasyprint.progress", "fontTools")


class DocumentsConfig(AppConfig):
    name = "ecvet.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        for name in CHATTY_LOGGERS:
            chatty = logging.getLogger(name)
            if chatty.level == logging.NOTSET:  # unless LOGGING sets it on purpose
                chatty.setLevel(logging.WARNING)
