from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ecvet.qualifications.esco.reading import EscoRecord, files_in, read_records
from ecvet.qualifications.models import EscoConcept

BATCH = 2000
FIELDS = ["kind", "preferred_label", "labels", "definition", "skill_type", "imported_at"]


@transaction.atomic
def esco_import(*, paths: list[Path]) -> Counter[str]:
    """Create or update ESCO concepts from files or folders; all or nothing.

    Returns how many concepts of each kind were read. A file in neither shape raises
    ``EscoFormatError`` naming it, and nothing is imported.
    """
    now = timezone.now()
    counts: Counter[str] = Counter()
    batch: list[EscoRecord] = []
    for path in paths:
        for file in files_in(path):
            for record in read_records(file):
                batch.append(record)
                counts[record.kind] += 1
                if len(batch) >= BATCH:
                    _upsert(batch, now)
                    batch = []
    _upsert(batch, now)
    return counts


def _upsert(records: list[EscoRecord], now: datetime) -> None:
    if not records:
        return
    EscoConcept.objects.bulk_create(
        [
            EscoConcept(
                uri=r.uri,
                kind=r.kind,
                preferred_label=r.preferred_label[:255],
                labels=r.labels,
                definition=r.definition,
                skill_type=r.skill_type,
                imported_at=now,
            )
            for r in records
        ],
        update_conflicts=True,
        unique_fields=["uri"],
        update_fields=FIELDS,
    )
