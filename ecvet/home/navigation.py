"""The main navigation, grouped by the ECVET phases.

An entry is added here when its capability exists, in the phase where a coordinator would
look for it; a phase with no entry for the reader is not shown at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ecvet.accounts import scoping


@dataclass(frozen=True)
class Phase:
    code: str
    label: str | Promise


PHASES = (
    Phase("partnership", _("Partnership")),
    Phase("before", _("Before mobility")),
    Phase("during", _("During mobility")),
    Phase("after", _("After mobility")),
    Phase("people", _("People")),
    # A learner's mobility runs through every phase; they find all of it in one place.
    Phase("mine", _("My mobility")),
)


@dataclass(frozen=True)
class Entry:
    phase: str
    label: str | Promise
    url_name: str
    icon: str
    allowed: Callable[[Any], bool]


def _member(user: Any) -> bool:
    return bool(scoping.memberships(user)) or scoping.is_platform_admin(user)


def _manager(user: Any) -> bool:
    return bool(scoping.managed_institution_ids(user)) or scoping.is_platform_admin(user)


def _learner(user: Any) -> bool:
    return "learner" in scoping.roles(user)


def _staff(user: Any) -> bool:
    """Teachers, coordinators, mentors and administrators: those who write units."""
    return bool(scoping.roles(user) - {"learner"}) or scoping.is_platform_admin(user)


ENTRIES = (
    Entry("partnership", _("Institutions"), "institution_list", "building", _member),
    Entry("partnership", _("Partnerships"), "partnership_list", "diagram-3", _staff),
    Entry("before", _("Qualifications"), "qualification_list", "mortarboard", _staff),
    Entry("before", _("Units of learning outcomes"), "unit_list", "journal-text", _staff),
    Entry("before", _("Mobilities"), "mobility_list", "airplane", _staff),
    Entry("mine", _("What I will learn and sign"), "my_mobilities", "person-badge", _learner),
    Entry("people", _("Invitations"), "invitation_list", "envelope-paper", _manager),
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    icon: str
    active: bool


def navigation_for(user: Any, path: str) -> list[tuple[Phase, list[Link]]]:
    groups = []
    for phase in PHASES:
        links = []
        for entry in ENTRIES:
            if entry.phase == phase.code and entry.allowed(user):
                url = reverse(entry.url_name)
                links.append(Link(str(entry.label), url, entry.icon, path.startswith(url)))
        if links:
            groups.append((phase, links))
    return groups
