"""The readable names of recorded actions and states, in the reader's language.

Each app registers its own from its ``AppConfig.ready`` so this module never has to know the
apps; an unregistered code is shown as it is rather than hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Choices
from django.utils.functional import Promise

_ACTIONS: dict[str, str | Promise] = {}
_STATES: dict[str, str | Promise] = {}


def register_actions(labels: dict[str, str | Promise]) -> None:
    _ACTIONS.update(labels)


def register_states(choices: Iterable[type[Choices]]) -> None:
    """Register the labels of workflow statuses (``TextChoices``) recorded as from/to states."""
    for choice_class in choices:
        _STATES.update({str(value): label for value, label in choice_class.choices})


def action_label(code: str) -> str:
    return str(_ACTIONS.get(code, code))


def state_label(code: str) -> str:
    return str(_STATES.get(code, code))
