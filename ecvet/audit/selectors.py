from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet

from ecvet.audit.models import AuditEvent


def audit_events(
    *, target: models.Model, related: Iterable[models.Model] = ()
) -> QuerySet[AuditEvent]:
    """The events of one object, newest first, with the events of ``related`` objects that
    belong to it (a partnership's MoU versions, whose signatures are recorded on them).

    The caller has already checked that the reader may see ``target`` and ``related``.
    """
    rule = Q()
    for item in (target, *related):
        rule |= Q(target_type=ContentType.objects.get_for_model(item), target_id=str(item.pk))
    return AuditEvent.objects.filter(rule).select_related("actor")


def with_change_rows(events: Iterable[AuditEvent], model: type[models.Model]) -> list[AuditEvent]:
    """The events, each with ``change_rows`` (label, before, after) to show."""
    shown = list(events)
    for event in shown:
        event.change_rows = [  # type: ignore[attr-defined]
            (field_label(model, name), values[0], values[1])
            for name, values in event.changes.items()
        ]
    return shown


def audit_history(
    *, target: models.Model, limit: int = 50, related: Iterable[models.Model] = ()
) -> list[AuditEvent]:
    """The newest events of one object (and its ``related`` ones) with ``change_rows``."""
    return with_change_rows(audit_events(target=target, related=related)[:limit], type(target))


def field_label(model: type[models.Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    label = getattr(field, "verbose_name", None)
    related = field.related_model
    if label is None and isinstance(related, type) and issubclass(related, models.Model):
        label = related._meta.verbose_name_plural  # a reverse relation: name its objects
    return str(label or name)
