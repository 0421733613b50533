"""The kinds of document that can be signed, each registered by its own app.

The signing app knows nothing of memoranda or learning agreements: an app that owns a signable
document registers a :class:`SignableKind` from its ``AppConfig.ready`` saying who may see and
manage it, where its page is, what happens to it when signing completes or fails, and how its
PDF is drawn from the frozen content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from ecvet.signing.models import Envelope


@dataclass(frozen=True)
class SignableKind:
    key: str
    label: str | Promise
    #: The document's page (``document`` is the model instance the envelope points at).
    url: Callable[[Any], str]
    #: May ``user`` see the document and its signatures?
    can_view: Callable[[Any, Any], bool]
    #: May ``user`` send it, withdraw it and record signatures made outside the system?
    can_manage: Callable[[Any, Any], bool]
    #: Called inside the transaction when the last signature arrives.
    on_signed: Callable[..., None]
    #: Called inside the transaction when a signatory declines or the sender withdraws:
    #: the document goes back to draft.
    on_reopened: Callable[..., None]
    #: The PDF of the envelope's frozen content with its signatures, in ``language``.
    render_pdf: Callable[[Envelope, str], bytes]


_KINDS: dict[str, SignableKind] = {}


def register(kind: SignableKind) -> None:
    _KINDS[kind.key] = kind


def kind_of(envelope_or_key: Envelope | str) -> SignableKind:
    key = envelope_or_key if isinstance(envelope_or_key, str) else envelope_or_key.kind
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No signable document kind {key!r} is registered.") from None
