"""Mobilities: create (alone or as a group), change, and move through their statuses.

What a mobility states (host, mentor, period, place, financial terms) is also what its
Learning Agreement states, so it changes only while the agreement's latest version is a draft;
after that, through an amendment signed again (see ``services.agreements``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ecvet.accounts import scoping
from ecvet.audit.services import audit_record, changed_fields, snapshot
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted, TransitionNotAllowed
from ecvet.institutions.models import Institution
from ecvet.mobilities import selectors
from ecvet.mobilities.models import (
    MOBILITY_TRANSITIONS,
    AgreementStatus,
    Learner,
    LearnerProfile,
    LearningAgreement,
    Mobility,
    MobilityGroup,
    MobilityStatus,
)
from ecvet.multilingual.text import clean_map
from ecvet.partnerships.models import PartnerRole, Partnership, PartnershipUnit

#: The fields of a mobility its Learning Agreement states.
MOBILITY_FIELDS = (
    "host_institution",
    "host_company",
    "mentor",
    "start",
    "end",
    "place",
    "country",
    "grant_amount",
    "travel_paid_by",
    "accommodation_paid_by",
    "insurance_paid_by",
    "financial_notes",
)
#: Statuses a person moves a mobility to by hand; "agreed" comes from the signed agreement,
#: "validated" and "recognised" from the sending school's decisions after the mobility.
MANUAL_STATUSES = frozenset(
    {MobilityStatus.ONGOING, MobilityStatus.COMPLETED, MobilityStatus.CANCELLED}
)


class AgreementFrozen(DomainError):
    status_code = 409

    def __init__(self, agreement: LearningAgreement) -> None:
        if agreement.status == AgreementStatus.OUT:
            message = _(
                "Learning Agreement version %(number)s is out for signature, so what it states "
                "cannot change. Withdraw it first, or wait until it is signed and start an "
                "amendment."
            )
        else:
            message = _(
                "Learning Agreement version %(number)s is signed, so what it states cannot "
                "change. Start an amendment: the parties then sign the changed agreement again."
            )
        super().__init__(message % {"number": agreement.number})


def guard_open(mobility: Mobility) -> LearningAgreement:
    """The agreement's latest version, if it is a draft; AgreementFrozen otherwise."""
    latest = mobility.agreements.order_by("-number").first()
    if latest is None:
        raise LearningAgreement.DoesNotExist(f"Mobility {mobility.pk} has no agreement.")
    if latest.is_frozen:
        raise AgreementFrozen(latest)
    return latest


def _require_manager(actor: Any, mobility: Mobility) -> None:
    if not selectors.mobility_can_manage(user=actor, mobility=mobility):
        raise NotPermitted(_("Only the sending school's coordinators can do this."))


def _check(mobility: Mobility) -> None:
    """The mobility's facts fit together: partners of the partnership, a mentor at the host."""
    partnership = mobility.partnership
    roles = dict(partnership.partners.values_list("institution_id", "role"))
    if roles.get(mobility.learner.school_id) != PartnerRole.SENDING:
        raise ValidationError(
            {
                "partnership": _(
                    "The learner's school is not the sending partner of this partnership."
                )
            }
        )
    if roles.get(mobility.host_institution_id) not in {
        PartnerRole.HOSTING,
        PartnerRole.HOST_COMPANY,
        PartnerRole.INTERMEDIARY,
    }:
        raise ValidationError(
            {"host_institution": _("The host must be a hosting partner of the partnership.")}
        )
    if mobility.mentor is not None:
        hosts = {mobility.host_institution_id, mobility.host_company_id} - {None}
        if not mobility.mentor.memberships.filter(
            institution__in=hosts, role__in=selectors.STAFF_ROLES
        ).exists():
            raise ValidationError(
                {"mentor": _("The mentor must belong to the host institution or host company.")}
            )
    mobility.full_clean(exclude=["learner", "partnership", "created_by", "group"])


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(MOBILITY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown mobility fields: {sorted(unknown)}")
    cleaned = dict(fields)
    if "financial_notes" in cleaned:
        cleaned["financial_notes"] = clean_map(cleaned["financial_notes"])
    for name in ("place",):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    return cleaned


@transaction.atomic
def mobility_create(
    *,
    actor: Any,
    learner: Learner,
    partnership: Partnership,
    host_institution: Institution,
    start: date,
    end: date,
    group: MobilityGroup | None = None,
    units: Sequence[PartnershipUnit] = (),
    **fields: Any,
) -> Mobility:
    """Plan a mobility; its learner profile and Learning Agreement draft come with it, drafted
    from the partnership (trainee profile template, documentation, validation and
    recognition) and, with ``units``, the units the learner will achieve."""
    if not (
        scoping.is_platform_admin(actor)
        or learner.school_id in scoping.managed_institution_ids(actor)
    ):
        raise NotPermitted(_("Only the learner's school's coordinators plan a mobility."))
    from ecvet.partnerships.selectors import partnership_can_view

    if not partnership_can_view(user=actor, partnership=partnership):
        raise NotPermitted(_("You cannot use this partnership."))
    mobility = Mobility(
        learner=learner,
        partnership=partnership,
        host_institution=host_institution,
        start=start,
        end=end,
        group=group,
        created_by=actor,
        **_clean(fields),
    )
    if not mobility.country and host_institution.country:
        mobility.country = host_institution.country
    _check(mobility)
    mobility.save()
    LearnerProfile.objects.create(
        mobility=mobility,
        knowledge=partnership.profile_knowledge,
        skills=partnership.profile_skills,
        competence=partnership.profile_competence,
        social=partnership.profile_social,
    )
    agreement = LearningAgreement.objects.create(
        mobility=mobility,
        number=1,
        documentation=partnership.documentation,
        validation_recognition=partnership.validation_recognition,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="mobility.created",
        target=mobility,
        to_state=MobilityStatus.PLANNED,
        changes={"learner": [None, str(learner)], "period": [None, f"{start} to {end}"]},
    )
    if units:
        from ecvet.mobilities.services.agreements import agreement_unit_add

        for item in units:
            agreement_unit_add(actor=actor, agreement=agreement, partnership_unit=item)
    return mobility


@transaction.atomic
def mobility_update(
    *, actor: Any, mobility: Mobility, revision: int | None, **fields: Any
) -> Mobility:
    """Change what the mobility states; refused once its agreement is out for signature."""
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("learner")
        .get(pk=mobility.pk)
    )
    _require_manager(actor, mobility)
    if revision is not None and revision != mobility.revision:
        raise ConcurrentUpdate()
    cleaned = _clean(fields)
    before = snapshot(mobility, cleaned)
    for name, value in cleaned.items():
        setattr(mobility, name, value)
    changes = changed_fields(before, snapshot(mobility, cleaned))
    if not changes:
        return mobility
    guard_open(mobility)
    _check(mobility)
    moved = Mobility.objects.filter(pk=mobility.pk, revision=mobility.revision).update(
        revision=F("revision") + 1, **{name: getattr(mobility, name) for name in cleaned}
    )
    if not moved:
        raise ConcurrentUpdate()
    mobility.refresh_from_db()
    audit_record(actor=actor, action="mobility.updated", target=mobility, changes=changes)
    return mobility


def move(mobility: Mobility, wanted: str, *, actor: Any, reason: str = "") -> Mobility:
    """The status transition itself: guard, conditional update, record. Callers check who
    may ask for it; inside a transaction."""
    current = mobility.status
    if wanted not in MOBILITY_TRANSITIONS[current]:
        raise TransitionNotAllowed(
            current=str(MobilityStatus(current).label), wanted=str(MobilityStatus(wanted).label)
        )
    fields: dict[str, Any] = {"status": wanted}
    if wanted == MobilityStatus.CANCELLED:
        fields["cancel_reason"] = reason
    moved = Mobility.objects.filter(pk=mobility.pk, status=current).update(**fields)
    if not moved:
        raise ConcurrentUpdate()
    for name, value in fields.items():
        setattr(mobility, name, value)
    audit_record(
        actor=actor,
        action="mobility.status",
        target=mobility,
        from_state=current,
        to_state=wanted,
        changes={"reason": [None, reason]} if reason else {},
    )
    return mobility


@transaction.atomic
def mobility_transition(
    *, actor: Any, mobility: Mobility, wanted: str, reason: str = ""
) -> Mobility:
    """Move the mobility by hand: it has started, it has ended, or it is cancelled (with a
    reason). Any other move is refused and says why."""
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("learner")
        .get(pk=mobility.pk)
    )
    if wanted not in MobilityStatus.values:
        raise DomainError(_("Unknown status."))
    if not selectors.mobility_can_run(user=actor, mobility=mobility):
        raise NotPermitted(_("Only the sending school's or the host's coordinators can do this."))
    if wanted not in MOBILITY_TRANSITIONS[mobility.status]:
        raise TransitionNotAllowed(
            current=str(MobilityStatus(mobility.status).label),
            wanted=str(MobilityStatus(wanted).label),
        )
    if wanted not in MANUAL_STATUSES:
        raise DomainError(
            _("A mobility becomes “agreed” when every party has signed its Learning Agreement.")
            if wanted == MobilityStatus.AGREED
            else _("“%(status)s” is recorded by the sending school's decisions after the mobility.")
            % {"status": MobilityStatus(wanted).label}
        )
    reason = reason.strip()
    if wanted == MobilityStatus.CANCELLED and not reason:
        raise ValidationError({"reason": _("Say why the mobility is cancelled.")})
    return move(mobility, wanted, actor=actor, reason=reason)


@transaction.atomic
def mobility_group_create(
    *,
    actor: Any,
    name: str,
    partnership: Partnership,
    learners: Sequence[Learner],
    host_institution: Institution,
    start: date,
    end: date,
    units: Sequence[PartnershipUnit] = (),
    **fields: Any,
) -> MobilityGroup:
    """Mobilities for several learners at once from one template (same partnership, host,
    period and units), each with its own Learning Agreement. All or nothing."""
    if not learners:
        raise ValidationError({"learners": _("Choose at least one learner.")})
    if not name.strip():
        raise ValidationError({"name": _("Name the group, e.g. “Carpenters to Aalborg, May”.")})
    group = MobilityGroup.objects.create(
        name=name.strip(), partnership=partnership, created_by=actor
    )
    for learner in learners:
        try:
            mobility_create(
                actor=actor,
                learner=learner,
                partnership=partnership,
                host_institution=host_institution,
                start=start,
                end=end,
                group=group,
                units=units,
                **fields,
            )
        except ValidationError as error:
            # Name the learner: in a group, "the host must be…" alone does not say whose.
            raise ValidationError(
                [f"{learner.full_name}: {message}" for message in error.messages]
            ) from error
        except DomainError as error:
            raise DomainError(f"{learner.full_name}: {error.message}") from error
    audit_record(
        actor=actor,
        action="mobility.group_created",
        target=partnership,
        changes={"group": [None, f"{group.name} ({len(learners)})"]},
    )
    return group
