from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ecvet.accounts.models import User
from ecvet.audit.services import audit_record
from ecvet.errors import DomainError, NotPermitted
from ecvet.notifications.kinds import render, render_subject
from ecvet.notifications.models import Notification

# --- The person's language for what is sent to them ---


def user_language(user: Any) -> str:
    """The language of the user's e-mails and documents: their choice, else the site's."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Choose the language of the user's e-mails and documents ("" = the site's default).

    Set only from the profile page: switching the interface language is often a moment's
    need (showing a page to a colleague) and must not change what the person is sent.
    """
    if language and language not in {code for code, _name in settings.LANGUAGES}:
        raise DomainError(
            _("“%(language)s” is not a language of this site.") % {"language": language}
        )
    before = user.language
    if before == language:
        return user
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    audit_record(
        actor=user,
        action="user.language_changed",
        target=user,
        changes={"language": [before, language]},
    )
    return user


# --- Notifications ---


#: Set while notifications are stored without e-mail (see :func:`without_mail`).
_WITHOUT_MAIL: ContextVar[bool] = ContextVar("notifications_without_mail", default=False)


@contextmanager
def without_mail() -> Iterator[None]:
    """Store notifications but send no e-mail while inside (the demo's invented people have
    made-up addresses that a server with real mail must not write to)."""
    token = _WITHOUT_MAIL.set(True)
    try:
        yield
    finally:
        _WITHOUT_MAIL.reset(token)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | None],
    kind: str,
    url: str,
    params: dict[str, Any],
    actor: Any = None,
) -> list[Notification]:
    """Tell each recipient once, in the app and (after commit) by e-mail in their language.

    ``url`` is a path on this site. ``params`` fill the kind's placeholders: plain texts, or
    language maps ``{"en": …, "lv": …}`` for words each reader should see in their language.
    Inactive accounts are skipped, and so is the actor: nobody is told of their own action.
    """
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"A notification links to a path on this site, not {url!r}.")
    stored = _plain_params(params)
    actor_pk = actor.pk if getattr(actor, "is_authenticated", False) else None
    people: dict[int, User] = {}
    for person in recipients:
        # None: a role nobody holds (yet) — there is no one to tell.
        if person is not None and person.is_active and person.pk != actor_pk:
            people.setdefault(person.pk, person)
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            kind=kind,
            url=url,
            params=stored,
            actor_name=_actor_name(actor),
            created_at=now,
        )
        for person in people.values()
    )
    for notification in notifications:
        if notification.recipient.email and not _WITHOUT_MAIL.get():
            # robust: one refused address must not keep the others from their mail.
            transaction.on_commit(partial(_mail_notification, notification), robust=True)
    return notifications


def _plain_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-ready params: texts stay texts, language maps stay maps, anything else is text."""
    return {
        str(name): (
            {str(code): str(text) for code, text in value.items()}
            if isinstance(value, Mapping)
            else str(value)
        )
        for name, value in params.items()
    }


def _actor_name(actor: Any) -> str:
    if not getattr(actor, "is_authenticated", False):
        return ""
    return str(getattr(actor, "display_name", "") or actor.get_username())[:255]


def _mail_notification(notification: Notification) -> None:
    recipient = notification.recipient
    language = user_language(recipient)
    with translation.override(language):
        context = {
            "name": recipient.first_name or recipient.display_name,
            "message": render(notification, language=language),
            "link": settings.SITE_URL + notification.url,
            "profile_link": settings.SITE_URL + reverse("profile"),
            "site_name": settings.SITE_NAME,
        }
        subject = f"{render_subject(notification, language=language)} · {settings.SITE_NAME}"
        body = render_to_string("notifications/email/notification.txt", context)
    send_mail(subject, body, None, [recipient.email])


def notification_mark_read(*, user: Any, notification: Notification) -> Notification:
    """Mark the user's own notification read; reading it again changes nothing."""
    if notification.recipient_id != user.pk:
        raise NotPermitted(_("This notification is not yours."))
    if notification.read_at is None:
        now = timezone.now()
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        if updated:
            notification.read_at = now
        else:  # another tab got there first: its time is the one kept
            notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many there were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
