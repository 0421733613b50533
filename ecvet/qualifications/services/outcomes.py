"""The three columns of a unit: add, edit, reorder, paste and link outcomes to ESCO."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.audit.services import audit_record
from ecvet.errors import DomainError
from ecvet.qualifications import search
from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    EscoKind,
    LearningOutcome,
    OutcomeSkill,
    UnitVersion,
)
from ecvet.qualifications.services.texts import TEXT_FIELDS, apply_texts
from ecvet.qualifications.services.units import lock_draft

# "He/she is able to:" heads every column of the template; pasted with a list, it is no topic.
LEAD_INS = frozenset(
    {"he/she is able to", "he / she is able to", "viņš/viņa spēj", "viņš / viņa spēj"}
)
# Bullets: hyphen, en and em dash, the round and square bullets of word processors, and
# numbers or letters such as "1." and "a)".
_BULLET = re.compile(
    "^\\s*(?:[-*\u2013\u2014\u2022\u00b7\u25aa\u25e6\u25cf\u25cb\u25a0\u25a1\u2713\uf0b7]"
    "|\\d{1,3}[.)]|[a-z][.)])\\s+"
)


@dataclass(frozen=True)
class PastedLine:
    text: str
    is_heading: bool


def parse_pasted(text: str) -> list[PastedLine]:
    """One outcome per line; a line ending with a colon starts a topic heading.

    Bullets and numbers are dropped, blank lines skipped, and a line that begins with a
    small letter continues the line before it (lists copied from a PDF arrive wrapped).
    """
    lines: list[PastedLine] = []
    for raw in text.splitlines():
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        if line.rstrip(":").strip().lower() in LEAD_INS:
            continue
        previous = lines[-1] if lines else None
        if (
            previous
            and not previous.is_heading
            and line[0].islower()
            and not previous.text.endswith((".", ";", "!", "?"))
        ):
            lines[-1] = PastedLine(f"{previous.text} {line}", False)
            continue
        if line.endswith(":"):
            lines.append(PastedLine(line[:-1].strip(), True))
        else:
            lines.append(PastedLine(line, False))
    return lines


def _check_text(text: dict[str, str], is_heading: bool) -> None:
    if not any(value.strip() for value in text.values()):
        message = (
            _("Write the heading in at least one language.")
            if is_heading
            else _("Write the outcome in at least one language.")
        )
        raise ValidationError({"text": message})


def _next_position(version: UnitVersion, category: str) -> int:
    last = version.outcomes.filter(category=category).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _record(actor: Any, action: str, version: UnitVersion, **changes: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=version.unit,
        changes={"version": [version.number, version.number], **changes},
    )
    search.unit_reindex([version.unit_id])
    # An outcome change is a change of the version: lists show when it last changed.
    UnitVersion.objects.filter(pk=version.pk).update(updated_at=timezone.now())


@transaction.atomic
def outcome_add(
    *,
    actor: Any,
    version: UnitVersion,
    category: str,
    text: dict[str, str],
    criteria: dict[str, str] | None = None,
    is_heading: bool = False,
    after: LearningOutcome | None = None,
) -> LearningOutcome:
    """Add an outcome (or heading) at the end of its column, or just below ``after``."""
    version = lock_draft(actor=actor, version=version)
    if category not in Category.values:
        raise ValidationError({"category": _("Choose knowledge, skills or competence.")})
    outcome = LearningOutcome(version=version, category=category, is_heading=is_heading)
    apply_texts(
        outcome,
        {"text": text, "criteria": {} if is_heading else (criteria or {})},
        TEXT_FIELDS[LearningOutcome],
        source=version.source_language,
    )
    _check_text(outcome.text, is_heading)
    if after is not None and after.version_id == version.pk and after.category == category:
        version.outcomes.filter(category=category, position__gt=after.position).update(
            position=F("position") + 1
        )
        outcome.position = after.position + 1
    else:
        outcome.position = _next_position(version, category)
    outcome.save()
    _record(actor, "unit.outcome.added", version, outcome=[None, str(outcome)])
    return outcome


@transaction.atomic
def outcome_update(
    *,
    actor: Any,
    outcome: LearningOutcome,
    text: dict[str, str] | None = None,
    criteria: dict[str, str] | None = None,
    is_heading: bool | None = None,
) -> LearningOutcome:
    version = lock_draft(actor=actor, version=outcome.version)
    outcome = LearningOutcome.objects.get(pk=outcome.pk, version=version)
    before = str(outcome)
    heading = outcome.is_heading if is_heading is None else is_heading
    fields: dict[str, Any] = {}
    if text is not None:
        fields["text"] = text
    if criteria is not None or heading:
        fields["criteria"] = {} if heading else criteria
    apply_texts(outcome, fields, TEXT_FIELDS[LearningOutcome], source=version.source_language)
    _check_text(outcome.text, heading)
    outcome.is_heading = heading
    outcome.save()
    if heading:
        outcome.outcomeskill_set.all().delete()
    _record(actor, "unit.outcome.changed", version, outcome=[before, str(outcome)])
    return outcome


@transaction.atomic
def outcome_delete(*, actor: Any, outcome: LearningOutcome) -> None:
    version = lock_draft(actor=actor, version=outcome.version)
    outcome = LearningOutcome.objects.get(pk=outcome.pk, version=version)
    outcome.delete()
    version.outcomes.filter(category=outcome.category, position__gt=outcome.position).update(
        position=F("position") - 1
    )
    _record(actor, "unit.outcome.removed", version, outcome=[str(outcome), None])


@transaction.atomic
def outcome_move(*, actor: Any, outcome: LearningOutcome, offset: int) -> LearningOutcome:
    """Move an outcome up (negative) or down (positive) within its column."""
    version = lock_draft(actor=actor, version=outcome.version)
    outcome = LearningOutcome.objects.get(pk=outcome.pk, version=version)
    column = list(version.outcomes.filter(category=outcome.category).order_by("position"))
    index = next(i for i, row in enumerate(column) if row.pk == outcome.pk)
    target = max(0, min(len(column) - 1, index + offset))
    if target == index:
        return outcome
    column.insert(target, column.pop(index))
    for position, row in enumerate(column):
        row.position = position
    LearningOutcome.objects.bulk_update(column, ["position"])
    _record(
        actor,
        "unit.outcome.moved",
        version,
        outcome=[str(outcome), str(outcome)],
        position=[index + 1, target + 1],
    )
    outcome.position = target
    return outcome


@transaction.atomic
def outcomes_paste(
    *, actor: Any, version: UnitVersion, category: str, text: str, language: str
) -> list[LearningOutcome]:
    """Add every pasted line to the end of a column, in ``language``."""
    version = lock_draft(actor=actor, version=version)
    if category not in Category.values:
        raise ValidationError({"category": _("Choose knowledge, skills or competence.")})
    lines = parse_pasted(text)
    if not lines:
        raise ValidationError({"text": _("Paste at least one line.")})
    start = _next_position(version, category)
    created = []
    for offset, line in enumerate(lines):
        outcome = LearningOutcome(
            version=version, category=category, position=start + offset, is_heading=line.is_heading
        )
        apply_texts(
            outcome,
            {"text": {language: line.text}},
            TEXT_FIELDS[LearningOutcome],
            source=version.source_language,
        )
        created.append(outcome)
    LearningOutcome.objects.bulk_create(created)
    _record(actor, "unit.outcomes.pasted", version, outcomes=[None, len(created)])
    return created


@transaction.atomic
def outcome_skill_accept(
    *, actor: Any, outcome: LearningOutcome, skill: EscoConcept
) -> OutcomeSkill:
    version = lock_draft(actor=actor, version=outcome.version)
    if outcome.is_heading:
        raise DomainError(_("A topic heading cannot be linked to an ESCO skill."))
    if skill.kind != EscoKind.SKILL:
        raise DomainError(_("Only an ESCO skill can be linked to a learning outcome."))
    person = actor if getattr(actor, "is_authenticated", False) else None
    link, _created = OutcomeSkill.objects.get_or_create(
        outcome=outcome, skill=skill, defaults={"accepted_by": person}
    )
    _record(actor, "unit.outcome.skill_linked", version, skill=[None, skill.preferred_label])
    return link


@transaction.atomic
def outcome_skill_remove(*, actor: Any, outcome: LearningOutcome, skill: EscoConcept) -> None:
    version = lock_draft(actor=actor, version=outcome.version)
    OutcomeSkill.objects.filter(outcome=outcome, skill=skill).delete()
    _record(actor, "unit.outcome.skill_unlinked", version, skill=[skill.preferred_label, None])
