"""The MoU's content, drafted from the partnership's facts (nothing typed twice).

:func:`memorandum_content` gives the canonical content of a version: plain JSON data with
language maps for texts and codes for countries and roles, so that its SHA-256 is the same
whatever language anyone reads it in. A draft shows the partnership as it is now; a version
out for signature or signed shows the content frozen in its envelope, exactly as signed.
"""

from __future__ import annotations

from typing import Any

from ecvet.partnerships import selectors
from ecvet.partnerships.models import Memorandum, Partner, Partnership

SCHEMA = "https://ecvet-mobility.eu/schema/mou/1"


def memorandum_content(memorandum: Memorandum) -> dict[str, Any]:
    """The content of this version: frozen once sent, else drafted from the partnership now."""
    if memorandum.is_frozen and memorandum.envelope_id is not None:
        frozen: dict[str, Any] = memorandum.envelope.content  # type: ignore[union-attr]
        return frozen
    return draft_content(memorandum.partnership, memorandum)


def draft_content(partnership: Partnership, memorandum: Memorandum) -> dict[str, Any]:
    partner_list = list(selectors.partners(partnership=partnership))
    units = list(selectors.partnership_units(partnership=partnership))
    return {
        "schema": SCHEMA,
        "partnership": {
            "id": partnership.pk,
            "title": partnership.title,
            "file_code": partnership.file_code,
        },
        "version": memorandum.number,
        "amends": memorandum.amends.number if memorandum.amends_id else None,  # type: ignore[union-attr]
        "amendment_reason": memorandum.reason,
        "objectives": partnership.objectives,
        "organisations": [_organisation(partner) for partner in partner_list],
        "other_organisations": partnership.other_organisations,
        "qualifications": [
            {
                "title": q.title,
                "country": q.country.code,
                "eqf_level": q.eqf_level,
                "national_level": q.national_level,
                "awarding_body": q.awarding_body,
                "esco_occupation": q.esco_occupation_uri,
            }
            for q in partnership.qualifications.order_by("eqf_level", "pk")
        ],
        "units": [
            {
                "unit_id": item.unit_id,
                "name": item.version.name,
                "version": item.version.number,
                "owner": item.unit.owner.name,
                "qualification": item.version.qualification.title
                if item.version.qualification is not None
                else None,
                "eqf_level": item.version.eqf_level,
                "kind": item.version.kind,
                "workload": _workload(item.version),
                "ecvet_points": str(item.version.ecvet_points)
                if item.version.ecvet_points is not None
                else None,
            }
            for item in units
        ],
        "assessment": partnership.assessment,
        "documentation": partnership.documentation,
        "validation_recognition": partnership.validation_recognition,
        "mobility_weeks": {
            "min": partnership.mobility_min_weeks,
            "max": partnership.mobility_max_weeks,
        },
        "evaluation": partnership.evaluation,
        "validity": {
            "from": partnership.valid_from.isoformat() if partnership.valid_from else None,
            "until": partnership.valid_until.isoformat() if partnership.valid_until else None,
        },
    }


def _workload(version: Any) -> str | None:
    if version.workload is None:
        return None
    return f"{version.workload.normalize():f} {version.workload_unit}"


def _organisation(partner: Partner) -> dict[str, Any]:
    institution = partner.institution
    contact = partner.contact
    return {
        "institution_id": institution.pk,
        "role": partner.role,
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
        "phone": institution.phone,
        "email": institution.email,
        "website": institution.website,
        "erasmus_oid": institution.erasmus_oid,
        "pic": institution.pic,
        "contact": {
            "name": contact.name,
            "position": contact.position,
            "phone": contact.phone,
            "email": contact.email,
        }
        if contact
        else None,
        "signatory": {"name": partner.signs_as, "position": partner.signatory_job_title},
        "responsibilities": partner.responsibilities,
    }
