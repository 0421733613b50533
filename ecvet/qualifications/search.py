"""Library search over units: titles, descriptions and outcomes in every language.

``unit_reindex`` rewrites the search documents of the given units from their latest
versions; services call it inside their transaction.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from ecvet.qualifications.models import LearningOutcome, Unit, UnitSearchDocument


def normalise(text: str) -> str:
    """Lower case without diacritics, so "kalnina" finds "Kalniņa" on every database."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _texts(value: dict[str, str] | None) -> list[str]:
    return [text for text in (value or {}).values() if text]


def unit_reindex(unit_ids: Iterable[int]) -> None:
    ids = list(unit_ids)
    units = list(Unit.objects.filter(pk__in=ids).select_related("latest", "latest__qualification"))
    outcomes: dict[int, list[str]] = {}
    latest_ids = [unit.latest_id for unit in units if unit.latest_id]
    for outcome in LearningOutcome.objects.filter(version__in=latest_ids).only(
        "version_id", "text", "criteria"
    ):
        outcomes.setdefault(outcome.version_id, []).extend(
            _texts(outcome.text) + _texts(outcome.criteria)
        )
    for unit in units:
        version = unit.latest
        if version is None:
            continue
        title = _texts(version.name)
        body = [
            *_texts(version.area_of_work),
            *_texts(version.description),
            *_texts(version.qualification_reference),
            *(_texts(version.qualification.title) if version.qualification else []),
            *outcomes.get(version.pk, []),
        ]
        UnitSearchDocument.objects.update_or_create(
            unit=unit,
            defaults={"title": normalise(" ".join(title)), "body": normalise(" ".join(body))},
        )
