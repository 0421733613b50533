from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecvet.multilingual.text import LanguageMapEncoder
from ecvet.notifications import kinds


class Notification(models.Model):
    """Something a person should know or do, shown in the app and sent once by e-mail.

    Only the kind and its parameters are stored, never the sentence: the message is made in
    each reader's language when it is read (see ``kinds``).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=64)
    url = models.CharField(_("link"), max_length=500, help_text=_("A path on this site."))
    # Values are texts or language maps ({"en": "...", "lv": "..."}), picked per reader.
    params = models.JSONField(_("details"), default=dict, blank=True, encoder=LanguageMapEncoder)
    actor_name = models.CharField(_("from"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def message(self) -> str:
        """The message in the active language."""
        return kinds.render(self)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
