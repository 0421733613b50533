from __future__ import annotations

import pytest

from ecvet.multilingual.text import CURRENT, MISSING, OUTDATED, SOURCE, translation_state
from ecvet.qualifications.services.outcomes import outcome_add, outcome_update
from ecvet.qualifications.services.units import (
    unit_create,
    unit_translation_confirm,
    unit_version_update,
)

pytestmark = pytest.mark.django_db


def _state(version, field, language):
    return translation_state(
        getattr(version, field),
        version.translation_basis.get(field),
        version.source_language,
        language,
    )


def test_a_translation_becomes_outdated_when_its_source_changes(cast):
    unit = unit_create(
        actor=cast.teacher, owner=cast.sending, name={"en": "Joinery", "lv": "Galdniecība"}
    )
    version = unit.latest_version
    assert _state(version, "name", "en") == SOURCE
    assert _state(version, "name", "lv") == CURRENT

    version = unit_version_update(
        actor=cast.teacher, version=version, name={"en": "Fine joinery", "lv": "Galdniecība"}
    )
    assert _state(version, "name", "lv") == OUTDATED

    version = unit_version_update(
        actor=cast.teacher, version=version, name={"en": "Fine joinery", "lv": "Smalkā galdniecība"}
    )
    assert _state(version, "name", "lv") == CURRENT


def test_missing_translations_are_marked_and_confirming_clears_outdated(cast):
    unit = unit_create(actor=cast.teacher, owner=cast.sending, name={"en": "Joinery"})
    assert _state(unit.latest_version, "name", "lv") == MISSING
    outcome = outcome_add(
        actor=cast.teacher,
        version=unit.latest_version,
        category="skills",
        text={"en": "Plane a board.", "lv": "Ēvelēt dēli."},
    )
    outcome = outcome_update(actor=cast.teacher, outcome=outcome, text={"en": "Plane a board"})
    # The Latvian text was dropped from the map (not sent): missing, not outdated.
    assert translation_state(outcome.text, outcome.translation_basis.get("text"), "en", "lv") == (
        MISSING
    )
    outcome = outcome_update(
        actor=cast.teacher, outcome=outcome, text={"en": "Plane a board", "lv": "Ēvelēt dēli."}
    )
    outcome = outcome_update(
        actor=cast.teacher, outcome=outcome, text={"en": "Plane a board.", "lv": "Ēvelēt dēli."}
    )
    assert translation_state(outcome.text, outcome.translation_basis["text"], "en", "lv") == (
        OUTDATED
    )
    unit_translation_confirm(actor=cast.teacher, version=unit.latest_version, language="lv")
    outcome.refresh_from_db()
    assert translation_state(outcome.text, outcome.translation_basis["text"], "en", "lv") == (
        CURRENT
    )
