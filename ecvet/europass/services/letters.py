"""Recommendation letters for an employer, made by the sending school's coordinators once the
mobility is recognised.

Which outcomes a letter names: those of the units whose recognition includes "recommendation
letter to an employer" — the school decided, unit by unit, that the unit counts that way (the
same choice that puts units into the Europass Mobility). A letter is refused when no unit is
recognised so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.audit.services import audit_record
from ecvet.errors import DomainError, NotPermitted
from ecvet.europass.content import mobility_results
from ecvet.europass.letters import letter_content
from ecvet.europass.models import RecommendationLetter
from ecvet.mobilities import selectors as mobility_selectors
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.multilingual.text import clean_map
from ecvet.recognition.models import RecognitionKind


def letter_can_create(*, mobility: Mobility) -> bool:
    if mobility.status != MobilityStatus.RECOGNISED:
        return False
    return bool(mobility_results(mobility).recognised_as(RecognitionKind.RECOMMENDATION))


@transaction.atomic
def letter_create(
    *,
    actor: Any,
    mobility: Mobility,
    addressee_name: str = "",
    addressee_company: str = "",
    personal_note: dict[str, str] | None = None,
    issued_on: date | None = None,
) -> RecommendationLetter:
    """A new letter, numbered within the mobility, its text written now and kept."""
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("learner__school", "learner__qualification", "partnership")
        .get(pk=mobility.pk)
    )
    if not mobility_selectors.mobility_can_manage(user=actor, mobility=mobility):
        raise NotPermitted(
            _("Only the sending school's coordinators write recommendation letters.")
        )
    if mobility.status != MobilityStatus.RECOGNISED:
        raise DomainError(
            _(
                "A recommendation letter is written once the mobility is recognised; this one "
                "is “%(status)s”."
            )
            % {"status": MobilityStatus(mobility.status).label}
        )
    results = mobility_results(mobility)
    if not results.recognised_as(RecognitionKind.RECOMMENDATION):
        raise DomainError(
            _(
                "No unit of this mobility is recognised as a recommendation letter to an "
                "employer with an outcome achieved: record that recognition first."
            )
        )
    addressee_name = addressee_name.strip()
    addressee_company = addressee_company.strip()
    errors = {}
    if len(addressee_name) > 200:
        errors["addressee_name"] = _("Write the name in 200 characters.")
    if len(addressee_company) > 200:
        errors["addressee_company"] = _("Write the company in 200 characters.")
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        errors["issued_on"] = _("The letter's date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    note = clean_map(personal_note)
    letters = RecommendationLetter.objects.filter(mobility=mobility)
    number = (letters.aggregate(top=Max("number"))["top"] or 0) + 1
    signer_name = actor.get_full_name() or actor.get_username()
    signer_institution = mobility.learner.school.name
    letter = RecommendationLetter.objects.create(
        mobility=mobility,
        number=number,
        addressee_name=addressee_name,
        addressee_company=addressee_company,
        personal_note=note,
        signer=actor,
        signer_name=signer_name,
        signer_institution=signer_institution,
        issued_on=issued_on,
        content=letter_content(
            mobility=mobility,
            results=results,
            number=number,
            addressee_name=addressee_name,
            addressee_company=addressee_company,
            personal_note=note,
            signer_name=signer_name,
            signer_institution=signer_institution,
            issued_on=issued_on,
        ),
    )
    audit_record(
        actor=actor,
        action="letter.created",
        target=mobility,
        changes={"letter": [None, number]},
    )
    return letter
