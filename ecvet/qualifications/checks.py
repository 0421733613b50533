"""The seed's criteria for a unit, as live checks shown beside it while it is written.

Checks warn and say why; they never block saving or agreeing: the people who write the
unit decide. Each check reads only the version's loaded outcomes, except the independence
check, which reads the other units of the same qualification in one query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ecvet.multilingual.text import pick
from ecvet.qualifications.models import (
    Category,
    LearningOutcome,
    UnitVersion,
    WorkloadUnit,
)
from ecvet.qualifications.search import normalise

HOURS_PER_DAY = Decimal(8)


@dataclass
class Check:
    code: str
    title: str | Promise
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.warnings


def unit_checks(version: UnitVersion) -> list[Check]:
    """The checks of ``version`` (load it with ``selectors.version_with_outcomes``)."""
    rows = [row for column in version.columns().values() for row in column]
    return [
        _structured(rows),
        _component(version, rows),
        _defined_period(version),
        _independent(version, rows),
        _assessable(version, rows),
    ]


def _structured(rows: list[LearningOutcome]) -> Check:
    check = Check("structured", gettext_lazy("Logically and clearly structured"))
    for category in Category:
        if not any(row.category == category and not row.is_heading for row in rows):
            check.warnings.append(
                _("The %(column)s column has no outcomes yet.") % {"column": category.label}
            )
    for index, row in enumerate(rows):
        if not row.is_heading:
            continue
        following = rows[index + 1] if index + 1 < len(rows) else None
        if following is None or following.category != row.category or following.is_heading:
            check.warnings.append(
                _("The heading “%(heading)s” has no outcomes under it.") % {"heading": row}
            )
    return check


def _workload_hours(version: UnitVersion) -> Decimal | None:
    if version.workload is None:
        return None
    if version.workload_unit == WorkloadUnit.DAYS:
        return version.workload * HOURS_PER_DAY
    return version.workload


def _component(version: UnitVersion, rows: list[LearningOutcome]) -> Check:
    check = Check(
        "component", gettext_lazy("A component of a qualification, not the whole programme")
    )
    hours = _workload_hours(version)
    limit = settings.UNIT_TYPICAL_MAX_HOURS
    if hours is not None and hours > limit:
        check.warnings.append(
            _(
                "The workload (%(hours)s hours) is longer than a typical mobility "
                "(%(limit)s hours): is this a whole programme rather than a unit?"
            )
            % {"hours": f"{hours.normalize():f}", "limit": limit}
        )
    count = sum(1 for row in rows if not row.is_heading)
    if count > settings.UNIT_TYPICAL_MAX_OUTCOMES:
        check.warnings.append(
            _(
                "%(count)s outcomes are very many for one unit (more than %(limit)s): "
                "consider splitting it."
            )
            % {"count": count, "limit": settings.UNIT_TYPICAL_MAX_OUTCOMES}
        )
    return check


def _defined_period(version: UnitVersion) -> Check:
    check = Check("period", gettext_lazy("Made for a defined learning / mobility period"))
    if version.workload is None:
        check.warnings.append(_("Set the expected workload in hours or days."))
    return check


def _independent(version: UnitVersion, rows: list[LearningOutcome]) -> Check:
    check = Check("independent", gettext_lazy("As independent of other units as possible"))
    if not version.qualification_id:
        return check
    mine: dict[str, LearningOutcome] = {}
    for row in rows:
        if not row.is_heading:
            for text in row.text.values():
                if text.strip():
                    mine.setdefault(normalise(" ".join(text.split())), row)
    if not mine:
        return check
    others = (
        LearningOutcome.objects.filter(
            is_heading=False,
            version__qualification_id=version.qualification_id,
            # Only what the other units say now, not their history.
            version__unit__latest=F("version"),
        )
        .exclude(version__unit_id=version.unit_id)
        .select_related("version")
        .only("text", "version__name", "version__number")
    )
    reported: set[int] = set()
    for other in others:
        for text in other.text.values():
            match = mine.get(normalise(" ".join(text.split())))
            if match is not None and match.pk not in reported:
                reported.add(match.pk)
                check.warnings.append(
                    _("“%(outcome)s” is also an outcome of the unit “%(unit)s”.")
                    % {"outcome": match, "unit": pick(other.version.name)}
                )
    return check


def _assessable(version: UnitVersion, rows: list[LearningOutcome]) -> Check:
    check = Check("assessable", gettext_lazy("Assessable"))
    if any(version.assessment_method.values()):
        return check
    without = [row for row in rows if not row.is_heading and not any(row.criteria.values())]
    if without:
        check.warnings.append(
            ngettext(
                "%(count)s outcome has no assessment criterion, and the unit has no "
                "assessment method.",
                "%(count)s outcomes have no assessment criterion, and the unit has no "
                "assessment method.",
                len(without),
            )
            % {"count": len(without)}
        )
    return check
