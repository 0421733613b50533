"""Partnerships as a test needs them: built through the services, so the data is always what
the product itself would have made (partner rows, MoU draft, agreements)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ecvet.partnerships.models import Memorandum, PartnerRole, Partnership, PartnershipUnit
from ecvet.partnerships.services.memoranda import memorandum_send
from ecvet.partnerships.services.partnerships import partner_add, partnership_create
from ecvet.partnerships.services.units import partnership_unit_add, unit_agreement_record
from ecvet.qualifications.models import VersionStatus
from ecvet.qualifications.tests.factories import LearningOutcomeFactory, UnitFactory
from ecvet.signing.models import Envelope

TERMS = {
    "objectives": {
        "en": "Exchange carpentry learners every spring.",
        "lv": "Apmainīties ar audzēkņiem.",
    },
    "assessment": {"en": "The mentor observes the learner at work.", "lv": "Mentors novēro darbu."},
    "documentation": {
        "en": "Transcript of records and Europass Mobility.",
        "lv": "Sekmju izraksts un Europass mobilitāte.",
    },
    "validation_recognition": {
        "en": "Credited as the practical placement.",
        "lv": "Ieskaita kā praksi.",
    },
    "evaluation": {"en": "Reviewed every June.", "lv": "Pārskata katru jūniju."},
    "mobility_min_weeks": 2,
    "mobility_max_weeks": 12,
    "valid_from": date(2026, 1, 1),
    "valid_until": date(2028, 12, 31),
}


def agreed_unit(owner: Any, name: str = "Repair or Rebuilding jobs") -> Any:
    """A unit of ``owner`` whose first version is finished (agreed by its owner)."""
    unit = UnitFactory.create(owner=owner, version={"name": {"en": name, "lv": f"{name} (lv)"}})
    LearningOutcomeFactory.create(version=unit.latest)
    version = unit.latest_version
    version.status = VersionStatus.AGREED
    version.save(update_fields=["status"])
    return unit


@dataclass
class Setup:
    partnership: Partnership
    item: PartnershipUnit
    memorandum: Memorandum


def partnership_for(cast: Any, *, agreed: bool = True, signatories: bool = True) -> Setup:
    """The cast's sending school with the host school: terms filled, one finished unit in
    scope (agreed by both when ``agreed``), each side's coordinator named as signatory."""
    partnership = partnership_create(
        actor=cast.coordinator, owner=cast.sending, title="Carpenters LV-DK", **TERMS
    )
    partner_add(
        actor=cast.coordinator,
        partnership=partnership,
        institution=cast.host_school,
        role=PartnerRole.HOSTING,
        responsibilities={"en": "Finds placements and assesses.", "lv": "Atrod prakses vietas."},
    )
    if signatories:
        for partner, user in (
            (partnership.partners.get(institution=cast.sending), cast.coordinator),
            (partnership.partners.get(institution=cast.host_school), cast.host),
        ):
            partner.signatory = user
            partner.signatory_job_title = "Director"
            partner.save(update_fields=["signatory", "signatory_job_title"])
    item = partnership_unit_add(
        actor=cast.coordinator, partnership=partnership, unit=agreed_unit(cast.sending)
    )
    if agreed:
        for partner in partnership.partners.all():
            user = cast.coordinator if partner.institution_id == cast.sending.pk else cast.host
            unit_agreement_record(actor=user, partnership_unit=item, partner=partner)
    partnership.refresh_from_db()
    return Setup(partnership, item, partnership.memoranda.get(number=1))


def sent_memorandum(cast: Any) -> tuple[Setup, Envelope]:
    setup = partnership_for(cast)
    envelope = memorandum_send(actor=cast.coordinator, memorandum=setup.memorandum)
    setup.memorandum.refresh_from_db()
    return setup, envelope
