from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecvet.audit import actions


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove a recorded event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_target(self, target: models.Model) -> AuditEventQuerySet:
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )


class AuditEvent(models.Model):
    """Who did what to which object, when, and from which state. Written only by services."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the system itself acted (a command or a scheduled task)."),
    )
    actor_name = models.CharField(_("who (name then)"), max_length=255, blank=True)
    action = models.CharField(_("what"), max_length=64)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(_("object"), max_length=255)
    from_state = models.CharField(_("from state"), max_length=64, blank=True)
    to_state = models.CharField(_("to state"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.target_label}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def action_label(self) -> str:
        return actions.action_label(self.action)

    @property
    def from_state_label(self) -> str:
        return actions.state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return actions.state_label(self.to_state)
