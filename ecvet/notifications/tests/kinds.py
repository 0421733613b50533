"""Kinds registered for the tests only, the way an app registers its own in ``ready``."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import lazy

from ecvet.notifications.kinds import register_kind

MEMORANDUM = {"en": "Memorandum", "lv": "Memorands"}


def _in_active_language(template: str) -> str:
    # Stands in for a gettext_lazy string (the Latvian catalogue lacks test strings): it is
    # evaluated when read, and shows which language was active at that moment.
    return f"[{translation.get_language()}] {template}"


register_kind(
    "test.signature.requested",
    message=lazy(_in_active_language, str)("%(actor)s asks you to sign: %(document)s"),
    subject=lazy(_in_active_language, str)("Please sign %(document)s"),
)
register_kind("test.plain", message="Something happened to %(document)s")
