from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilitiesConfig(AppConfig):
    name = "ecvet.mobilities"
    label = "mobilities"
    verbose_name = _("Mobilities")
