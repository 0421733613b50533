"""Units out: the JSON document of format version 1, and a CSV of one version's outcomes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.errors import NotPermitted
from ecvet.qualifications.models import LearningOutcome, Unit, UnitVersion
from ecvet.qualifications.selectors import outcome_rows, unit_list, version_with_outcomes
from ecvet.qualifications.transfer.schema import SCHEMA_URI

# CSV of outcomes: ``column``, ``heading``, ``text_<lang>``..., ``criteria_<lang>``...,
# ``esco_skills``. Headings say "yes"; the columns are the model's category values.
CSV_YES = "yes"
CSV_NO = "no"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _item(outcome: LearningOutcome) -> dict[str, Any]:
    if outcome.is_heading:
        return {"heading": outcome.text}
    item: dict[str, Any] = {"text": outcome.text}
    if outcome.criteria:
        item["criteria"] = outcome.criteria
    skills = [link.skill.uri for link in outcome.outcomeskill_set.all()]
    if skills:
        item["esco_skills"] = skills
    return item


def unit_document(version: UnitVersion) -> dict[str, Any]:
    """One unit of the document: the content of ``version`` (its outcomes prefetched)."""
    qualification = version.qualification
    owner = version.unit.owner
    return {
        "name": version.name,
        "qualification": None
        if qualification is None
        else {
            "title": qualification.title,
            "country": qualification.country.code,
            "eqf_level": qualification.eqf_level,
        },
        "qualification_reference": version.qualification_reference,
        "area_of_work": version.area_of_work,
        "eqf_level": version.eqf_level,
        "national_level": version.national_level,
        "description": version.description,
        "kind": version.kind,
        "workload": _number(version.workload),
        "workload_unit": version.workload_unit,
        "ecvet_points": _number(version.ecvet_points),
        "assessment_method": version.assessment_method,
        "source_language": version.source_language,
        "version": version.number,
        "status": version.status,
        "provenance": {
            "institution": owner.name,
            "country": owner.country.code,
            "unit_id": version.unit_id,
            "agreed_at": version.agreed_at.isoformat() if version.agreed_at else None,
        },
        "outcomes": {
            column: [_item(outcome) for outcome in outcomes]
            for column, outcomes in version.columns().items()
        },
    }


def units_export(*, user: Any, units: Iterable[Unit | UnitVersion]) -> dict[str, Any]:
    """The document of format version 1 for ``units``: a unit stands for its latest version,
    a version for itself. Refuses a unit the user cannot see (callers fetched them through
    ``unit_list`` already; this is the second lock on the door)."""
    wanted = [item.latest_id if isinstance(item, Unit) else item.pk for item in units]
    versions = {
        version.pk: version
        for version in UnitVersion.objects.filter(pk__in=[pk for pk in wanted if pk])
        .select_related("qualification", "unit__owner")
        .prefetch_related(Prefetch("outcomes", outcome_rows()))
    }
    visible = set(
        unit_list(user=user)
        .filter(pk__in={v.unit_id for v in versions.values()})
        .values_list("pk", flat=True)
    )
    if any(version.unit_id not in visible for version in versions.values()):
        raise NotPermitted(_("You cannot see one of these units."))
    return {
        "schema": SCHEMA_URI,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "units": [unit_document(versions[pk]) for pk in wanted if pk in versions],
    }


def csv_languages(outcomes: Iterable[LearningOutcome]) -> list[str]:
    """The content languages, then any other language the outcomes are written in."""
    languages = list(settings.CONTENT_LANGUAGES)
    for outcome in outcomes:
        for code in [*outcome.text, *outcome.criteria]:
            if code not in languages:
                languages.append(code)
    return languages


def outcomes_csv_export(version: UnitVersion, *, delimiter: str = ",") -> str:
    """The version's outcomes, one row each, in column order then position.

    The header is ``column, heading, text_<lang>..., criteria_<lang>..., esco_skills``.
    """
    outcomes = [
        outcome
        for column in version_with_outcomes(version).columns().values()
        for outcome in column
    ]
    languages = csv_languages(outcomes)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(
        [
            "column",
            "heading",
            *(f"text_{code}" for code in languages),
            *(f"criteria_{code}" for code in languages),
            "esco_skills",
        ]
    )
    for outcome in outcomes:
        writer.writerow(
            [
                outcome.category,
                CSV_YES if outcome.is_heading else CSV_NO,
                *(outcome.text.get(code, "") for code in languages),
                *(outcome.criteria.get(code, "") for code in languages),
                " ".join(link.skill.uri for link in outcome.outcomeskill_set.all()),
            ]
        )
    return out.getvalue()
