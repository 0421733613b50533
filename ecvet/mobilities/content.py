"""The Learning Agreement's content, drafted from the mobility, the learner, the partnership
and the chosen units (nothing typed twice).

:func:`agreement_content` gives the canonical content of a version: plain JSON with language
maps for texts and codes for countries, methods and roles, so its SHA-256 is the same in any
reading language. A version out for signature or signed shows the content frozen in its
envelope, exactly as signed.
"""

from __future__ import annotations

from typing import Any

from ecvet.mobilities.models import LearningAgreement, Mobility
from ecvet.partnerships.models import PartnerRole

SCHEMA = "https://ecvet-mobility.eu/schema/learning-agreement/1"


def agreement_content(agreement: LearningAgreement) -> dict[str, Any]:
    """The content of this version: frozen once sent, else drafted from the mobility now."""
    if agreement.is_frozen and agreement.envelope_id is not None:
        frozen: dict[str, Any] = agreement.envelope.content  # type: ignore[union-attr]
        return frozen
    return draft_content(agreement)


def _organisation(institution: Any, contact: Any = None) -> dict[str, Any] | None:
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
        "email": institution.email,
        "phone": institution.phone,
        "erasmus_oid": institution.erasmus_oid,
        "contact": contact,
    }


def _person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"name": user.get_full_name() or user.get_username(), "email": user.email}


def _assessor(user: Any, mobility: Mobility) -> dict[str, Any] | None:
    """The assessor with the institution they assess for: the host company, the host
    institution or the sending school, whichever they belong to first."""
    person = _person(user)
    if person is None:
        return None
    mine = {m.institution_id: m.institution for m in user.memberships.all()}  # prefetched
    for pk in (mobility.host_company_id, mobility.host_institution_id, mobility.learner.school_id):
        if pk in mine:
            person["institution"] = mine[pk].name
            break
    return person


def draft_content(agreement: LearningAgreement) -> dict[str, Any]:
    from ecvet.mobilities.selectors import agreement_units

    mobility: Mobility = agreement.mobility
    learner = mobility.learner
    partnership = mobility.partnership
    qualification = learner.qualification
    intermediary = (
        partnership.partners.filter(role=PartnerRole.INTERMEDIARY)
        .select_related("institution")
        .first()
    )
    units = []
    for item in agreement_units(agreement=agreement):
        version = item.version
        chosen = {o.pk for o in item.outcomes.all()}
        outcomes = [
            {
                "category": o.category,
                "heading": o.is_heading,
                "text": o.text,
                "criteria": o.criteria,
            }
            for o in version.outcomes.all()  # prefetched in column order
            if not chosen or o.pk in chosen or o.is_heading
        ]
        units.append(
            {
                "unit_id": item.partnership_unit.unit_id,
                "name": version.name,
                "version": version.number,
                "qualification": version.qualification.title if version.qualification else None,
                "eqf_level": version.eqf_level,
                "ecvet_points": str(version.ecvet_points)
                if version.ecvet_points is not None
                else None,
                "workload": f"{version.workload.normalize():f} {version.workload_unit}"
                if version.workload is not None
                else None,
                "all_outcomes": not chosen,
                "outcomes": outcomes,
                "assessment": {
                    "assessor": _assessor(item.assessor, mobility),
                    "methods": list(item.methods),
                    "when": item.when,
                    "where": item.where,
                    "evidence": item.evidence,
                    "criteria": item.criteria,
                },
            }
        )
    return {
        "schema": SCHEMA,
        "mobility_id": mobility.pk,
        "version": agreement.number,
        "amends": agreement.amends.number if agreement.amends else None,
        "amendment_reason": agreement.reason,
        "partnership": {"id": partnership.pk, "title": partnership.title},
        "sending": _organisation(learner.school, _person(mobility.created_by)),
        "host": _organisation(mobility.host_institution),
        "host_company": _organisation(mobility.host_company, _person(mobility.mentor)),
        "intermediary": _organisation(intermediary.institution) if intermediary else None,
        "mentor": _person(mobility.mentor),
        "learner": {
            "name": learner.full_name,
            "first_name": learner.first_name,
            "last_name": learner.last_name,
            "date_of_birth": learner.date_of_birth.isoformat(),
            "gender": learner.gender,
            "nationality": learner.nationality.code if learner.nationality else "",
            "email": learner.email,
            "phone": learner.phone,
            "address": learner.address,
            "minor": learner.is_minor_on(mobility.start),
        },
        "guardian": {
            "name": learner.guardian_name,
            "email": learner.guardian_email,
            "phone": learner.guardian_phone,
        }
        if learner.is_minor_on(mobility.start)
        else None,
        "duration": {
            "start": mobility.start.isoformat(),
            "end": mobility.end.isoformat(),
            "weeks": mobility.weeks,
        },
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
        "progress": learner.progress,
        "enclosures": list(agreement.enclosures),
        "units": units,
        "learning_activities": agreement.learning_activities,
        "documentation": agreement.documentation,
        "validation_recognition": agreement.validation_recognition,
        "financial": {
            "grant_eur": str(mobility.grant_amount) if mobility.grant_amount is not None else None,
            "travel": mobility.travel_paid_by,
            "accommodation": mobility.accommodation_paid_by,
            "insurance": mobility.insurance_paid_by,
            "notes": mobility.financial_notes,
        },
    }
