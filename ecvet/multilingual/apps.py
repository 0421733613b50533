from __future__ import annotations

from django.apps import AppConfig


class MultilingualConfig(AppConfig):
    name = "ecvet.multilingual"
    label = "multilingual"
