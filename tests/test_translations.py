from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def test_the_latvian_catalogue_is_complete():
    catalogue = polib.pofile(str(LOCALE / "lv" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 100


def test_placeholders_survive_translation():
    catalogue = polib.pofile(str(LOCALE / "lv" / "LC_MESSAGES" / "django.po"))
    import re

    pattern = re.compile(r"%\(\w+\)s|\{\{ ?\w+ ?\}\}")
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), (
            entry.msgid
        )
