from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from ecvet.audit.models import AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    from_state: str = "",
    to_state: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the write it describes."""
    person = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=person,
        actor_name=_person_name(person),
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_label=str(target)[:255],
        from_state=from_state,
        to_state=to_state,
        changes=changes or {},
    )


def _person_name(person: Any) -> str:
    if person is None:
        return ""
    full_name = person.get_full_name() if hasattr(person, "get_full_name") else ""
    return f"{full_name} ({person.get_username()})" if full_name else person.get_username()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The given fields' values in a JSON-friendly form, for comparing before and after."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "code") and hasattr(value, "name"):  # django-countries Country
        return value.code
    return value
