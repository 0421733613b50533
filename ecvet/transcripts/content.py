"""The transcript's content, drawn from the host's assessments (nothing typed twice).

:func:`transcript_content` gives the canonical content of a version: plain JSON with language
maps for texts and codes for countries, results and methods, so its SHA-256 is the same in any
reading language. A version out for signature or signed shows the content frozen in its
envelope, exactly as signed; a draft shows the assessments as they are now.

Every learning outcome the signed Learning Agreement names is listed, whatever its result: an
outcome not (or partly) achieved keeps its reason and planned re-assessment, and an outcome
nobody answered yet reads "not assessed" with ``answered`` false (a draft with such outcomes
cannot be sent).
"""

from __future__ import annotations

from typing import Any

from ecvet.assessments.models import Assessment, OutcomeResult
from ecvet.assessments.selectors import outcomes_to_achieve
from ecvet.assessments.services import unit_achievement
from ecvet.mobilities.models import AgreementUnit, Mobility
from ecvet.mobilities.selectors import agreement_in_force, agreement_units
from ecvet.qualifications.models import Category
from ecvet.transcripts.models import Transcript

SCHEMA = "https://ecvet-mobility.eu/schema/transcript-of-records/1"

_CATEGORY_ORDER = {category.value: index for index, category in enumerate(Category)}


def transcript_content(transcript: Transcript) -> dict[str, Any]:
    """The content of this version: frozen once sent, else drawn from the assessments now."""
    if transcript.is_frozen and transcript.envelope_id is not None:
        frozen: dict[str, Any] = transcript.envelope.content  # type: ignore[union-attr]
        return frozen
    return draft_content(transcript)


def reference(mobility_id: int, number: int) -> str:
    """The document number printed on the transcript, e.g. ``TOR-42-1``."""
    return f"TOR-{mobility_id}-{number}"


def unanswered(content: dict[str, Any]) -> int:
    """How many outcomes of ``content`` nobody has answered yet."""
    return sum(
        1
        for unit in content.get("units") or []
        for outcome in unit.get("outcomes") or []
        if not outcome.get("answered")
    )


def _organisation(institution: Any) -> dict[str, Any] | None:
    if institution is None:
        return None
    return {
        "institution_id": institution.pk,
        "name": institution.name,
        "country": institution.country.code,
        "address": [
            line
            for line in (
                institution.street_address,
                " ".join(p for p in (institution.postal_code, institution.city) if p),
            )
            if line
        ],
        "erasmus_oid": institution.erasmus_oid,
    }


def _person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"name": user.get_full_name() or user.get_username(), "email": user.email}


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _topics(item: AgreementUnit) -> dict[int, Any]:
    """Each outcome's topic heading (the heading above it in its column), by outcome id."""
    topics: dict[int, Any] = {}
    current: dict[str, Any] = {}
    for row in item.version.outcomes.all():  # prefetched in column order
        if row.is_heading:
            current[row.category] = row.text
        else:
            topics[row.pk] = current.get(row.category)
    return topics


def _outcome(row: Any, topic: Any, answer: Assessment | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "outcome_id": row.pk,
        "category": row.category,
        "topic": topic,
        "text": row.text,
        "answered": answer is not None,
        "result": answer.result if answer is not None else OutcomeResult.NOT_ASSESSED.value,
        "method": "",
        "assessed_on": None,
        "assessor": None,
        "comment": "",
        "reason": "",
        "reassessment_planned_on": None,
    }
    if answer is not None:
        entry |= {
            "method": answer.method,
            "assessed_on": _date(answer.assessed_on),
            "assessor": {"name": answer.assessor.get_full_name() or answer.assessor.get_username()},
            "comment": answer.comment,
            "reason": answer.reason,
            "reassessment_planned_on": _date(answer.reassessment_planned_on),
        }
    return entry


def _unit(item: AgreementUnit, answers: dict[int, Assessment]) -> dict[str, Any]:
    version = item.version
    topics = _topics(item)
    rows = sorted(
        outcomes_to_achieve(item),
        key=lambda o: (_CATEGORY_ORDER.get(o.category, 99), o.position, o.pk),
    )
    achievement = unit_achievement(item, answers.values())
    return {
        "unit_id": item.partnership_unit.unit_id,
        "name": version.name,
        "version": version.number,
        "eqf_level": version.eqf_level,
        "ecvet_points": str(version.ecvet_points) if version.ecvet_points is not None else None,
        "workload": f"{version.workload.normalize():f} {version.workload_unit}"
        if version.workload is not None
        else None,
        "achievement": {
            "outcomes": achievement.outcomes,
            **{result: achievement.counts.get(result, 0) for result in OutcomeResult.values},
            "percent": achievement.percent,
        },
        "outcomes": [_outcome(row, topics.get(row.pk), answers.get(row.pk)) for row in rows],
    }


def _mobility(transcript: Transcript) -> Mobility:
    mobility: Mobility = transcript.mobility
    return mobility


def draft_content(transcript: Transcript) -> dict[str, Any]:
    """The transcript as the assessments stand now, for this version's number and reason."""
    mobility = _mobility(transcript)
    learner = mobility.learner
    qualification = learner.qualification
    agreement = agreement_in_force(mobility=mobility)
    answers = {
        a.outcome_id: a
        for a in Assessment.objects.filter(mobility=mobility).select_related("assessor")
    }
    units = (
        [_unit(item, answers) for item in agreement_units(agreement=agreement)]
        if agreement is not None
        else []
    )
    return {
        "schema": SCHEMA,
        "mobility_id": mobility.pk,
        "reference": reference(mobility.pk, transcript.number),
        "version": transcript.number,
        "amends": transcript.amends.number if transcript.amends else None,
        "amendment_reason": transcript.reason,
        "learner": {
            "name": learner.full_name,
            "first_name": learner.first_name,
            "last_name": learner.last_name,
            "date_of_birth": learner.date_of_birth.isoformat(),
        },
        "sending": _organisation(learner.school),
        "host": _organisation(mobility.host_institution),
        "host_company": _organisation(mobility.host_company),
        "mentor": _person(mobility.mentor),
        "duration": {"start": mobility.start.isoformat(), "end": mobility.end.isoformat()},
        "place": {
            "town": mobility.place,
            "country": mobility.country.code if mobility.country else "",
        },
        "qualification": {
            "title": qualification.title,
            "eqf_level": qualification.eqf_level,
            "national_level": qualification.national_level,
            "country": qualification.country.code,
        }
        if qualification
        else None,
        "learning_agreement": {
            "version": agreement.number,
            "code": agreement.envelope.code if agreement.envelope is not None else "",
        }
        if agreement is not None
        else None,
        "units": units,
    }
