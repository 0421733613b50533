"""Language-map fields: cleaned on the way in, and translation stamps kept up to date."""

from __future__ import annotations

from typing import Any

from ecvet.multilingual.text import clean_map, restamp
from ecvet.qualifications.models import LearningOutcome, Qualification, UnitVersion

TEXT_FIELDS: dict[type, tuple[str, ...]] = {
    Qualification: ("title", "description"),
    UnitVersion: (
        "name",
        "qualification_reference",
        "area_of_work",
        "description",
        "assessment_method",
    ),
    LearningOutcome: ("text", "criteria"),
}


def apply_texts(
    instance: Any,
    fields: dict[str, Any],
    names: tuple[str, ...],
    *,
    source: str,
    source_changed: bool = False,
    confirm: tuple[str, ...] = (),
) -> None:
    """Move the language maps among ``fields`` onto ``instance`` and restamp translations.

    When the source language changes, every translation is taken as made from the new
    source: nobody can tell what an older translation was made from.
    """
    basis = dict(instance.translation_basis or {})
    for name in names:
        if name not in fields:
            if source_changed:
                value = getattr(instance, name)
                basis[name] = restamp(old={}, new=value, basis={}, source=source)
            continue
        new = clean_map(fields.pop(name))
        old = {} if source_changed else getattr(instance, name)
        basis[name] = restamp(
            old=old, new=new, basis=basis.get(name), source=source, confirm=confirm
        )
        setattr(instance, name, new)
    instance.translation_basis = {name: stamps for name, stamps in basis.items() if stamps}


def confirm_language(instance: Any, names: tuple[str, ...], source: str, language: str) -> None:
    """Mark ``language``'s texts of ``instance`` as translated from the current source."""
    apply_texts(
        instance,
        {name: getattr(instance, name) for name in names},
        names,
        source=source,
        confirm=(language,),
    )
