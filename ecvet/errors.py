"""Domain errors: raised by services, turned into a message in the user's language by views
and into a JSON error by the API. Each carries a translated, human-readable message."""

from __future__ import annotations

from django.utils.translation import gettext as _


class DomainError(Exception):
    """A rule of the domain refused the request; the message says which and why."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotPermitted(DomainError):
    status_code = 403


class TransitionNotAllowed(DomainError):
    status_code = 409

    def __init__(self, *, current: str, wanted: str) -> None:
        super().__init__(
            _("This cannot go from “%(current)s” to “%(wanted)s”.")
            % {"current": current, "wanted": wanted}
        )
        self.current = current
        self.wanted = wanted


class ConcurrentUpdate(DomainError):
    """Someone else changed the object between reading and writing it."""

    status_code = 409

    def __init__(self) -> None:
        super().__init__(
            _("Someone else changed this at the same moment. Reload the page and try again.")
        )
