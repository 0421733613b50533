from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EuropassConfig(AppConfig):
    name = "ecvet.europass"
    label = "europass"
    verbose_name = _("Europass Mobility and recommendation letters")
