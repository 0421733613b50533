"""Validation and recognition at the sending school: the decisions after a completed
mobility, and the two status moves they lead to (completed → validated → recognised).

The host's result is passed in by the caller and kept on the validation as a snapshot: the
decision was taken on that result, whatever the host changes later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecvet.accounts import scoping
from ecvet.accounts.models import Role
from ecvet.assessments.models import Assessment
from ecvet.assessments.selectors import outcomes_to_achieve
from ecvet.audit.services import audit_record
from ecvet.errors import DomainError, NotPermitted, TransitionNotAllowed
from ecvet.mobilities import selectors as mobility_selectors
from ecvet.mobilities.models import AgreementUnit, Mobility, MobilityStatus
from ecvet.mobilities.services.mobilities import move
from ecvet.multilingual.text import pick
from ecvet.qualifications.models import LearningOutcome
from ecvet.recognition.models import (
    HostResult,
    Recognition,
    RecognitionKind,
    Validation,
)

#: Statuses in which validations are recorded: after the mobility, and while validated, to
#: correct a decision before anything is recognised.
VALIDATION_STATUSES = frozenset({MobilityStatus.COMPLETED, MobilityStatus.VALIDATED})
#: Host results on which an outcome cannot be confirmed as achieved and matching.
UNACHIEVED = frozenset({HostResult.NOT_ACHIEVED, HostResult.NOT_ASSESSED})


@dataclass(frozen=True)
class ValidationDraft:
    """What the validation screen pre-fills for one outcome (nothing saved)."""

    agreement_unit: AgreementUnit
    outcome: LearningOutcome
    matches: bool
    required_outcome: str
    recorded: Validation | None = None


def can_decide(*, actor: Any, mobility: Mobility) -> bool:
    """The sending school's managers, and teachers of the learner's school."""
    return mobility_selectors.mobility_can_manage(user=actor, mobility=mobility) or (
        scoping.has_role(actor, Role.TEACHER, mobility.learner.school_id)
    )


def _require_decider(actor: Any, mobility: Mobility) -> None:
    if not can_decide(actor=actor, mobility=mobility):
        raise NotPermitted(
            _("Only the sending school's coordinators and teachers validate and recognise.")
        )


def _locked(mobility: Mobility) -> Mobility:
    return (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("learner")
        .get(pk=mobility.pk)
    )


def _guard_status(mobility: Mobility, allowed: frozenset[str], message: str) -> None:
    if mobility.status not in allowed:
        raise DomainError(message % {"status": MobilityStatus(mobility.status).label})


def _guard_date(decided_on: date | None) -> None:
    if decided_on is not None and decided_on > timezone.localdate():
        raise ValidationError(
            {"decided_on": _("The date of the decision cannot be in the future.")}
        )


def units_in_force(*, mobility: Mobility) -> list[AgreementUnit]:
    """The units of the signed agreement in force, with their versions and outcomes."""
    agreement = mobility_selectors.agreement_in_force(mobility=mobility)
    if agreement is None:
        raise DomainError(_("This mobility has no signed Learning Agreement."))
    return list(mobility_selectors.agreement_units(agreement=agreement))


def unit_outcomes(item: AgreementUnit) -> list[LearningOutcome]:
    """The outcomes the learner was to achieve: the same list the host assessed."""
    return outcomes_to_achieve(item)


def _link(item: AgreementUnit, mobility: Mobility) -> tuple[bool, str]:
    """Does the unit belong to the learner's qualification? Then its name is the reference."""
    qualification_id = mobility.learner.qualification_id
    if qualification_id is not None and item.version.qualification_id == qualification_id:
        return True, pick(item.version.name)[:500]
    return False, ""


def validation_prefill(*, mobility: Mobility) -> list[ValidationDraft]:
    """Per outcome of the units in force: the recorded decision if any, and what the unit's
    link to the learner's qualification suggests."""
    recorded = {
        v.outcome_id: v
        for v in Validation.objects.filter(mobility=mobility).select_related("decided_by")
    }
    drafts = []
    for item in units_in_force(mobility=mobility):
        matches, reference = _link(item, mobility)
        for outcome in unit_outcomes(item):
            drafts.append(
                ValidationDraft(
                    agreement_unit=item,
                    outcome=outcome,
                    matches=matches,
                    required_outcome=reference,
                    recorded=recorded.get(outcome.pk),
                )
            )
    return drafts


@transaction.atomic
def validation_record(
    *,
    actor: Any,
    mobility: Mobility,
    outcome: LearningOutcome,
    host_result: str,
    matches: bool,
    required_outcome: str = "",
    comment: str = "",
    decided_on: date | None = None,
) -> Validation:
    """Record (or correct) the decision on one outcome of the units in force."""
    mobility = _locked(mobility)
    _require_decider(actor, mobility)
    _guard_status(
        mobility,
        VALIDATION_STATUSES,
        _("Outcomes are validated after the mobility is completed; this one is “%(status)s”."),
    )
    if host_result not in HostResult.values:
        raise ValidationError({"host_result": _("Unknown result at the host.")})
    _guard_date(decided_on)
    if not any(
        outcome.pk == known.pk
        for item in units_in_force(mobility=mobility)
        for known in unit_outcomes(item)
    ):
        raise ValidationError(
            {"outcome": _("This outcome is not in the units of the Learning Agreement.")}
        )
    if matches and host_result in UNACHIEVED:
        raise ValidationError(
            {
                "matches": _(
                    "An outcome the host did not find achieved cannot be confirmed as "
                    "matching the qualification."
                )
            }
        )
    values = {
        "host_result": host_result,
        "matches": matches,
        "required_outcome": required_outcome.strip() if matches else "",
        "comment": comment.strip(),
        "decided_by": actor,
        "decided_on": decided_on or timezone.localdate(),
    }
    before = Validation.objects.filter(mobility=mobility, outcome=outcome).first()
    validation, _created = Validation.objects.update_or_create(
        mobility=mobility, outcome=outcome, defaults=values
    )
    audit_record(
        actor=actor,
        action="validation.recorded",
        target=mobility,
        changes={
            "outcome": [None, str(outcome)],
            "host_result": [before.host_result if before else None, host_result],
            "matches": [before.matches if before else None, matches],
        },
    )
    if not matches:
        _withdraw_unmatched_recognitions(actor, mobility)
    return validation


def _withdraw_unmatched_recognitions(actor: Any, mobility: Mobility) -> None:
    """A unit whose last matching outcome was just corrected to "does not match" cannot stay
    recognised: its recognition is withdrawn (and recorded in the history)."""
    stale = Recognition.objects.filter(mobility=mobility).exclude(
        agreement_unit_id__in=_matching_unit_ids(mobility)
    )
    for recognition in stale.select_related("agreement_unit__version"):
        audit_record(
            actor=actor,
            action="recognition.withdrawn",
            target=mobility,
            changes={
                "unit": [pick(recognition.agreement_unit.version.name), None],
                "kinds": [recognition.kinds, None],
            },
        )
        recognition.delete()


class HostResultChanged(DomainError):
    """The host changed its result after the decider read it: the decision is not taken."""

    status_code = 409


class DecisionsRefused(DomainError):
    """Some decisions of a batch were refused; none was recorded. ``errors`` maps each
    refused outcome's id to the refusal."""

    def __init__(self, errors: dict[int, DomainError | ValidationError]) -> None:
        super().__init__(
            ngettext(
                "%(count)d decision was refused, so nothing was saved. Correct it and save again.",
                "%(count)d decisions were refused, so nothing was saved. Correct them and save "
                "again.",
                len(errors),
            )
            % {"count": len(errors)}
        )
        self.errors = errors


@dataclass(frozen=True)
class ValidationDecision:
    """One outcome's decision as typed on the validation screen or sent to the API.
    ``seen_result``: the host's result the decider read (a different current one refuses)."""

    outcome: LearningOutcome
    matches: bool
    required_outcome: str = ""
    comment: str = ""
    decided_on: date | None = None
    seen_result: str | None = None


def host_result_of(*, mobility: Mobility, outcome: LearningOutcome) -> str:
    """The host's current result on an outcome; an outcome without an answer is not assessed."""
    result = (
        Assessment.objects.filter(mobility=mobility, outcome=outcome)
        .values_list("result", flat=True)
        .first()
    )
    return result or HostResult.NOT_ASSESSED


def _decide(actor: Any, mobility: Mobility, decision: ValidationDecision) -> Validation:
    current = host_result_of(mobility=mobility, outcome=decision.outcome)
    if decision.seen_result and decision.seen_result != current:
        raise HostResultChanged(
            _(
                "The host changed its result on this outcome to “%(result)s” after you opened "
                "the page. Check it and decide again."
            )
            % {"result": HostResult(current).label}
        )
    return validation_record(
        actor=actor,
        mobility=mobility,
        outcome=decision.outcome,
        host_result=current,
        matches=decision.matches,
        required_outcome=decision.required_outcome,
        comment=decision.comment,
        decided_on=decision.decided_on,
    )


@transaction.atomic
def validation_decide(
    *, actor: Any, mobility: Mobility, decision: ValidationDecision
) -> Validation:
    """Record one outcome's decision on the host's result as it stands now (read under the
    mobility's lock, which the host's answers take too)."""
    mobility = _locked(mobility)
    return _decide(actor, mobility, decision)


@transaction.atomic
def validation_decide_all(
    *, actor: Any, mobility: Mobility, decisions: Sequence[ValidationDecision]
) -> list[Validation]:
    """Record every decision, or none: a refused one raises :class:`DecisionsRefused` with the
    refusal of each outcome, and everything already recorded in the batch is undone."""
    mobility = _locked(mobility)
    _require_decider(actor, mobility)
    _guard_status(
        mobility,
        VALIDATION_STATUSES,
        _("Outcomes are validated after the mobility is completed; this one is “%(status)s”."),
    )
    recorded: list[Validation] = []
    errors: dict[int, DomainError | ValidationError] = {}
    for decision in decisions:
        try:
            with transaction.atomic():
                recorded.append(_decide(actor, mobility, decision))
        except (DomainError, ValidationError) as error:
            errors[decision.outcome.pk] = error
    if errors:
        raise DecisionsRefused(errors)
    return recorded


def _missing_outcomes(mobility: Mobility) -> int:
    decided = set(Validation.objects.filter(mobility=mobility).values_list("outcome_id", flat=True))
    return sum(
        1
        for item in units_in_force(mobility=mobility)
        for outcome in unit_outcomes(item)
        if outcome.pk not in decided
    )


@transaction.atomic
def mobility_validate(*, actor: Any, mobility: Mobility) -> Mobility:
    """Completed → validated, once every outcome of the units in force has a decision."""
    mobility = _locked(mobility)
    _require_decider(actor, mobility)
    if mobility.status != MobilityStatus.COMPLETED:
        raise TransitionNotAllowed(
            current=str(MobilityStatus(mobility.status).label),
            wanted=str(MobilityStatus.VALIDATED.label),
        )
    missing = _missing_outcomes(mobility)
    if missing:
        raise DomainError(
            ngettext(
                "%(count)d learning outcome still lacks a validation decision.",
                "%(count)d learning outcomes still lack a validation decision.",
                missing,
            )
            % {"count": missing}
        )
    return move(mobility, MobilityStatus.VALIDATED, actor=actor)


def _matching_unit_ids(mobility: Mobility) -> set[int]:
    """Units in force with at least one outcome validated as matching."""
    matching = set(
        Validation.objects.filter(mobility=mobility)
        .filter(matches=True)
        .values_list("outcome_id", flat=True)
    )
    return {
        item.pk
        for item in units_in_force(mobility=mobility)
        if any(outcome.pk in matching for outcome in unit_outcomes(item))
    }


def _clean_kinds(kinds: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(kinds))
    if not cleaned:
        raise ValidationError({"kinds": _("Choose at least one way the unit is recognised.")})
    unknown = [kind for kind in cleaned if kind not in RecognitionKind.values]
    if unknown:
        raise ValidationError({"kinds": _("Unknown kind of recognition.")})
    return cleaned


@transaction.atomic
def recognition_record(
    *,
    actor: Any,
    mobility: Mobility,
    agreement_unit: AgreementUnit,
    kinds: Sequence[str],
    grade: str = "",
    note: str = "",
    decided_on: date | None = None,
) -> Recognition:
    """Record (or correct) how a unit with validated matching outcomes counts at home."""
    mobility = _locked(mobility)
    _require_decider(actor, mobility)
    _guard_status(
        mobility,
        frozenset({MobilityStatus.VALIDATED}),
        _("Units are recognised once the mobility is validated; this one is “%(status)s”."),
    )
    cleaned = _clean_kinds(kinds)
    _guard_date(decided_on)
    grade = grade.strip()
    if RecognitionKind.GRADE_BOOK in cleaned and not grade:
        raise ValidationError({"grade": _("Give the grade for the grade book.")})
    if agreement_unit.pk not in _matching_unit_ids(mobility):
        raise DomainError(
            _(
                "No outcome of this unit was validated as matching the learner's "
                "qualification, so the unit cannot be recognised."
            )
        )
    before = Recognition.objects.filter(mobility=mobility, agreement_unit=agreement_unit).first()
    recognition, _created = Recognition.objects.update_or_create(
        mobility=mobility,
        agreement_unit=agreement_unit,
        defaults={
            "kinds": cleaned,
            "grade": grade,
            "note": note.strip(),
            "decided_by": actor,
            "decided_on": decided_on or timezone.localdate(),
        },
    )
    audit_record(
        actor=actor,
        action="recognition.recorded",
        target=mobility,
        changes={
            "unit": [None, pick(agreement_unit.version.name)],
            "kinds": [before.kinds if before else None, cleaned],
            "grade": [before.grade if before else None, grade],
        },
    )
    return recognition


@transaction.atomic
def mobility_recognise(*, actor: Any, mobility: Mobility) -> Mobility:
    """Validated → recognised, once every unit with a matching validated outcome is
    recognised."""
    mobility = _locked(mobility)
    _require_decider(actor, mobility)
    if mobility.status != MobilityStatus.VALIDATED:
        raise TransitionNotAllowed(
            current=str(MobilityStatus(mobility.status).label),
            wanted=str(MobilityStatus.RECOGNISED.label),
        )
    recognised = set(
        Recognition.objects.filter(mobility=mobility).values_list("agreement_unit_id", flat=True)
    )
    matching = _matching_unit_ids(mobility)
    missing = len(matching - recognised)
    if missing:
        raise DomainError(
            ngettext(
                "%(count)d unit with validated outcomes is not recognised yet.",
                "%(count)d units with validated outcomes are not recognised yet.",
                missing,
            )
            % {"count": missing}
        )
    return move(mobility, MobilityStatus.RECOGNISED, actor=actor)
