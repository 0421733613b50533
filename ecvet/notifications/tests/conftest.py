from __future__ import annotations

import pytest

from ecvet.notifications.services import notify
from ecvet.notifications.tests.kinds import MEMORANDUM


@pytest.fixture
def notify_one():
    """``notify_one(recipient, **overrides)`` → the recipient's one new notification."""

    def _notify_one(recipient, **overrides):
        arguments = {
            "recipients": [recipient],
            "kind": "test.plain",
            "url": "/units/",
            "params": {"document": MEMORANDUM},
            **overrides,
        }
        (notification,) = notify(**arguments)
        return notification

    return _notify_one
