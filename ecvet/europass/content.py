"""What the Europass Mobility and the recommendation letter say, drawn from what the system
already holds: the learner, the institutions, the mobility, the Learning Agreement in force,
the host's assessments and the sending school's validation and recognition.

:func:`europass_content` is the canonical content of a Europass Mobility version: plain JSON
with language maps for texts and codes for countries, kinds and results, so its SHA-256 is
the same in any reading language. Once sent for signature, a version shows the content frozen
in its envelope.

Which outcomes count (:func:`mobility_results`): the outcomes of units recognised in the
wanted way (as "Europass Mobility", or as a "recommendation letter") that the sending school
validated as matching and the host found achieved or partly achieved. An outcome the host did
not find achieved (or did not assess) is never among them: it is listed apart, with the
host's reason, whichever unit it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from ecvet.assessments.models import Assessment, OutcomeResult
from ecvet.assessments.selectors import outcomes_to_achieve
from ecvet.europass.models import EuropassMobility
from ecvet.institutions.models import ContactPerson
from ecvet.mobilities.models import AgreementUnit, LearningAgreement, Mobility
from ecvet.mobilities.selectors import agreement_in_force, agreement_units
from ecvet.partnerships.models import PartnerRole
from ecvet.recognition.models import Recognition, Validation

SCHEMA = "https://ecvet-mobility.eu/schema/europass-mobility/1"

#: Results an outcome is acquired with (partly achieved ones are marked as such).
ACQUIRED = frozenset({OutcomeResult.ACHIEVED, OutcomeResult.PARTLY_ACHIEVED})
#: Results carried in the honest "not achieved during the mobility" line.
UNACHIEVED = frozenset({OutcomeResult.NOT_ACHIEVED, OutcomeResult.NOT_ASSESSED})


@dataclass
class UnitResults:
    item: AgreementUnit
    recognition: Recognition | None
    #: (outcome, partly) for the outcomes acquired and validated as matching.
    acquired: list[tuple[Any, bool]] = field(default_factory=list)


@dataclass
class MobilityResults:
    """The recognised outcomes of a mobility, unit by unit, and what was not achieved."""

    agreement: LearningAgreement | None
    units: list[UnitResults]
    #: (unit item, outcome, result, reason) for each outcome not achieved or not assessed.
    unachieved: list[tuple[AgreementUnit, Any, str, str]]

    def recognised_as(self, kind: str) -> list[UnitResults]:
        """Units whose recognition includes ``kind`` and that have an outcome acquired."""
        return [
            unit
            for unit in self.units
            if unit.recognition is not None and kind in unit.recognition.kinds and unit.acquired
        ]


def mobility_results(mobility: Mobility) -> MobilityResults:
    """Every unit of the agreement in force with its recognition and acquired outcomes, in a
    fixed number of queries whatever the number of units and outcomes."""
    agreement = agreement_in_force(mobility=mobility)
    if agreement is None:
        return MobilityResults(None, [], [])
    items = list(agreement_units(agreement=agreement))
    recognitions = {r.agreement_unit_id: r for r in Recognition.objects.filter(mobility=mobility)}
    validations = {v.outcome_id: v for v in Validation.objects.filter(mobility=mobility)}
    assessments = {a.outcome_id: a for a in Assessment.objects.filter(mobility=mobility)}
    units: list[UnitResults] = []
    unachieved: list[tuple[AgreementUnit, Any, str, str]] = []
    for item in items:
        unit = UnitResults(item, recognitions.get(item.pk))
        for outcome in outcomes_to_achieve(item):
            validation = validations.get(outcome.pk)
            assessment = assessments.get(outcome.pk)
            # The validation's snapshot is what the school decided on; before it, the host's.
            if validation is not None:
                result = validation.host_result
            elif assessment is not None:
                result = assessment.result
            else:
                result = OutcomeResult.NOT_ASSESSED
            if result in UNACHIEVED:
                reason = (assessment.reason if assessment else "") or (
                    validation.comment if validation else ""
                )
                unachieved.append((item, outcome, result, reason))
            elif result in ACQUIRED and validation is not None and validation.matches:
                unit.acquired.append((outcome, result == OutcomeResult.PARTLY_ACHIEVED))
        units.append(unit)
    return MobilityResults(agreement, units, unachieved)


# --- pieces shared by the documents ---


def organisation(institution: Any, reference: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "institution_id": institution.pk,
        "name": institution.name,
        "type": institution.kind,
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
        "reference": reference,
    }


def _contact_of(contact: ContactPerson | None, role: str) -> dict[str, Any] | None:
    if contact is None:
        return None
    return {
        "name": contact.name,
        "role": role,
        "position": contact.position,
        "phone": contact.phone,
        "email": contact.email,
    }


def person(user: Any, role: str, institutions: list[Any]) -> dict[str, Any] | None:
    """A person with an account as a reference person: their name and e-mail, and their
    position and phone when one of ``institutions`` holds them as a contact person."""
    if user is None:
        return None
    contact = None
    if user.email:
        contact = (
            ContactPerson.objects.filter(
                institution__in=[i for i in institutions if i is not None],
                email__iexact=user.email,
            )
            .order_by("pk")
            .first()
        )
    return {
        "name": user.get_full_name() or user.get_username(),
        "role": role,
        "position": contact.position if contact else "",
        "phone": contact.phone if contact else "",
        "email": user.email,
    }


def sending_reference(mobility: Mobility) -> dict[str, Any] | None:
    """The sending school's reference person: its contact person in the partnership, else
    the coordinator who planned the mobility."""
    partner = (
        mobility.partnership.partners.filter(
            institution_id=mobility.learner.school_id, role=PartnerRole.SENDING
        )
        .select_related("contact")
        .first()
    )
    if partner is not None and partner.contact is not None:
        return _contact_of(partner.contact, "coordinator")
    return person(mobility.created_by, "coordinator", [mobility.learner.school])


def host_of(mobility: Mobility) -> Any:
    """The host partner of the document: the workplace (host company) if there is one."""
    return mobility.host_company or mobility.host_institution


def qualification_of(mobility: Mobility) -> dict[str, Any] | None:
    qualification = mobility.learner.qualification
    if qualification is None:
        return None
    return {
        "title": qualification.title,
        "eqf_level": qualification.eqf_level,
        "national_level": qualification.national_level,
        "country": qualification.country.code,
    }


def _outcome(outcome: Any, partly: bool) -> dict[str, Any]:
    return {"category": outcome.category, "text": outcome.text, "partly": partly}


def unachieved_lines(results: MobilityResults) -> list[dict[str, Any]]:
    return [
        {
            "unit": item.version.name,
            "category": outcome.category,
            "text": outcome.text,
            "result": result,
            "reason": reason,
        }
        for item, outcome, result, reason in results.unachieved
    ]


# --- the Europass Mobility ---


def europass_content(document: EuropassMobility) -> dict[str, Any]:
    """The content of this version: frozen once sent, else drafted from the mobility now."""
    if document.is_frozen and document.envelope_id is not None:
        frozen: dict[str, Any] = document.envelope.content  # type: ignore[union-attr]
        return frozen
    return draft_content(document)


def draft_content(document: EuropassMobility) -> dict[str, Any]:
    from ecvet.recognition.models import RecognitionKind

    mobility: Mobility = document.mobility
    learner = mobility.learner
    school = learner.school
    partnership = mobility.partnership
    host = host_of(mobility)
    results = mobility_results(mobility)
    agreement = results.agreement
    mentor = person(mobility.mentor, "mentor", [mobility.host_company, mobility.host_institution])
    return {
        "schema": SCHEMA,
        "mobility_id": mobility.pk,
        "version": document.number,
        "amends": document.amends.number if document.amends else None,
        "amendment_reason": document.reason,
        "holder": {
            "surname": learner.last_name,
            "first_names": learner.first_name,
            "address": learner.address,
            "date_of_birth": learner.date_of_birth.isoformat(),
            "nationality": learner.nationality.code if learner.nationality else "",
        },
        "issuer": {
            "organisation": school.name,
            "country": school.country.code,
            "europass_number": document.europass_number,
            "issue_date": timezone.localdate().isoformat(),
        },
        "sending": organisation(school, sending_reference(mobility)),
        "host": organisation(host, mentor),
        # The host school as well, when the learner worked at a host company.
        "host_institution": organisation(mobility.host_institution)
        if mobility.host_company_id is not None
        else None,
        "experience": {
            "objective": document.objective,
            "initiative": {"title": partnership.title, "file_code": partnership.file_code},
            "programme": document.programme,
            "qualification": qualification_of(mobility),
            "start": mobility.start.isoformat(),
            "end": mobility.end.isoformat(),
            "weeks": mobility.weeks,
            "place": mobility.place,
            "country": (mobility.country.code if mobility.country else "") or host.country.code,
            "learning_agreement": {
                "version": agreement.number,
                "code": agreement.envelope.code if agreement.envelope else "",
            }
            if agreement is not None
            else None,
        },
        "skills": {
            "activities": agreement.learning_activities if agreement else {},
            "units": [unit.item.version.name for unit in results.units],
            "job_related": [
                {
                    "unit": unit.item.version.name,
                    "outcomes": [_outcome(outcome, partly) for outcome, partly in unit.acquired],
                }
                for unit in results.recognised_as(RecognitionKind.EUROPASS)
            ],
            "not_achieved": unachieved_lines(results),
            "language": document.language_skills,
            "digital": document.digital_skills,
            "organisational": document.organisational_skills,
            "social": document.social_skills,
            "other": document.other_skills,
        },
    }
