"""The kinds of notification and their messages, in the reader's language.

Each app registers its kinds from its ``AppConfig.ready``, so this module never has to know
the apps (like the audit log's action labels). A notification stores only its kind and its
parameters; the message is made when it is read, so each reader gets their own language and a
corrected translation mends old notifications too. An unregistered kind is shown as its code
rather than hidden or crashing the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.functional import Promise

from ecvet.multilingual.text import pick

if TYPE_CHECKING:
    from ecvet.notifications.models import Notification


@dataclass(frozen=True)
class Kind:
    key: str
    #: A (lazy) gettext format string; ``%(name)s`` placeholders are filled from the params.
    message: str | Promise
    #: The e-mail's subject in the same form; the message is used when there is none.
    subject: str | Promise | None = None


_KINDS: dict[str, Kind] = {}


def register_kind(
    key: str, *, message: str | Promise, subject: str | Promise | None = None
) -> None:
    """Declare a kind. Pass ``gettext_lazy`` strings: they are translated when read."""
    _KINDS[key] = Kind(key=key, message=message, subject=subject)


def get_kind(key: str) -> Kind | None:
    return _KINDS.get(key)


class _Params(dict[str, str]):
    """A placeholder the params lack is left empty rather than failing the whole page."""

    def __missing__(self, key: str) -> str:
        return ""


def _resolve(params: Mapping[str, Any] | None, language: str) -> _Params:
    """Each param as text: a language map ``{"en": …, "lv": …}`` in ``language``."""
    resolved = _Params()
    for name, value in (params or {}).items():
        resolved[name] = pick(value, language) if isinstance(value, Mapping) else str(value)
    return resolved


def _format(template: str | Promise, params: Mapping[str, Any] | None, language: str) -> str:
    text = str(template)
    try:
        return text % _resolve(params, language)
    except (TypeError, ValueError):
        # A broken format string (usually a translation that mangled a placeholder): show
        # the text as it is, which still tells the reader roughly what happened.
        return text


def render(
    notification_or_kind: Notification | str,
    params: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> str:
    """The message of a notification (or of a kind with ``params``) in ``language``.

    ``language`` None means the active language. With a notification, ``params`` defaults to
    its own.
    """
    key, params = _key_and_params(notification_or_kind, params)
    kind = _KINDS.get(key)
    if kind is None:
        return key
    with translation.override(language or translation.get_language()):
        return _format(kind.message, params, translation.get_language() or "en")


def render_subject(
    notification_or_kind: Notification | str,
    params: Mapping[str, Any] | None = None,
    language: str | None = None,
) -> str:
    """The e-mail subject: the kind's subject, else its message; always a single line."""
    key, params = _key_and_params(notification_or_kind, params)
    kind = _KINDS.get(key)
    if kind is None or kind.subject is None:
        text = render(key, params, language)
    else:
        with translation.override(language or translation.get_language()):
            text = _format(kind.subject, params, translation.get_language() or "en")
    # A header with a line break is refused by Django's mail (header injection).
    return " ".join(text.split())[:200]


def _key_and_params(
    notification_or_kind: Notification | str, params: Mapping[str, Any] | None
) -> tuple[str, Mapping[str, Any] | None]:
    if isinstance(notification_or_kind, str):
        return notification_or_kind, params
    return notification_or_kind.kind, (
        params if params is not None else notification_or_kind.params
    )
