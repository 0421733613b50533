"""The Learning Agreement: its units and assessment plans, the workload check, sending it for
signature to the sending school, the host, the learner (and guardian), and amendments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import translation
from django.utils.translation import gettext as _

from ecvet.audit.services import audit_record
from ecvet.errors import ConcurrentUpdate, DomainError
from ecvet.mobilities import selectors
from ecvet.mobilities.content import agreement_content
from ecvet.mobilities.models import (
    AgreementStatus,
    AgreementUnit,
    AssessmentMethod,
    Enclosure,
    LearningAgreement,
    Mobility,
    MobilityStatus,
)
from ecvet.mobilities.services.mobilities import _require_manager, move
from ecvet.multilingual.text import clean_map, content_languages
from ecvet.partnerships.models import PartnerRole, PartnershipUnit
from ecvet.partnerships.selectors import agreement_rows
from ecvet.qualifications.models import WorkloadUnit
from ecvet.signing.documents import document_move, document_reopened, document_signed
from ecvet.signing.models import Envelope
from ecvet.signing.services import SignatorySpec, content_hash, envelope_send

KIND = "learning_agreement"
AGREEMENT_FIELDS = ("learning_activities", "documentation", "validation_recognition", "enclosures")
PLAN_FIELDS = ("outcomes", "assessor", "methods", "when", "where", "evidence", "criteria")


def _draft(actor: Any, agreement: LearningAgreement) -> LearningAgreement:
    """The agreement locked for a change: its mobility's coordinators only, a draft only."""
    locked = (
        LearningAgreement.objects.select_for_update(of=("self",))
        .select_related("mobility__learner", "mobility__partnership")
        .get(pk=agreement.pk)
    )
    _require_manager(actor, locked.mobility)
    if locked.is_frozen:
        from ecvet.mobilities.services.mobilities import AgreementFrozen

        raise AgreementFrozen(locked)
    return locked


def _bump(agreement: LearningAgreement) -> None:
    LearningAgreement.objects.filter(pk=agreement.pk).update(revision=F("revision") + 1)
    agreement.revision += 1


@transaction.atomic
def agreement_update(
    *, actor: Any, agreement: LearningAgreement, revision: int | None, **fields: Any
) -> LearningAgreement:
    agreement = _draft(actor, agreement)
    if revision is not None and revision != agreement.revision:
        raise ConcurrentUpdate()
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown agreement fields: {sorted(unknown)}")
    for name, value in fields.items():
        if name == "enclosures":
            wrong = set(value) - set(Enclosure.values)
            if wrong:
                raise ValidationError({"enclosures": _("Choose enclosures from the list.")})
            value = [code for code in Enclosure.values if code in set(value)]
        else:
            value = clean_map(value)
        setattr(agreement, name, value)
    agreement.save(update_fields=[*fields])
    _bump(agreement)
    audit_record(
        actor=actor,
        action="agreement.updated",
        target=agreement.mobility,
        changes={name: [None, "…"] for name in fields},
    )
    return agreement


@transaction.atomic
def agreement_unit_add(
    *,
    actor: Any,
    agreement: LearningAgreement,
    partnership_unit: PartnershipUnit,
    outcomes: list[Any] | None = None,
) -> AgreementUnit:
    """A unit the learner will achieve: one agreed in the partnership, at the agreed version."""
    agreement = _draft(actor, agreement)
    mobility = agreement.mobility
    if partnership_unit.partnership_id != mobility.partnership_id:
        raise ValidationError({"partnership_unit": _("Choose a unit of this partnership.")})
    row = next(
        (
            r
            for r in agreement_rows(partnership=mobility.partnership)
            if r.item.pk == partnership_unit.pk
        ),
        None,
    )
    if row is None or not row.is_agreed:
        raise DomainError(
            _(
                "“%(unit)s” is not yet agreed by every partner; only agreed units go into a "
                "Learning Agreement."
            )
            % {"unit": partnership_unit.version}
        )
    if agreement.units.filter(partnership_unit=partnership_unit).exists():
        raise ValidationError({"partnership_unit": _("This unit is already in the agreement.")})
    position = (agreement.units.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgreementUnit.objects.create(
        agreement=agreement,
        partnership_unit=partnership_unit,
        version=partnership_unit.version,
        position=position,
        assessor=mobility.mentor,
        where=mobility.host_company.name if mobility.host_company else mobility.place,
    )
    if outcomes:
        _set_outcomes(item, outcomes)
    _bump(agreement)
    audit_record(
        actor=actor,
        action="agreement.unit_added",
        target=mobility,
        changes={"units": [None, str(partnership_unit.version)]},
    )
    return item


def _set_outcomes(item: AgreementUnit, outcomes: list[Any]) -> None:
    chosen = [o for o in outcomes if o.version_id == item.version_id and not o.is_heading]
    if len(chosen) != len(outcomes):
        raise ValidationError({"outcomes": _("Choose outcomes of this unit's version.")})
    item.outcomes.set(chosen)


@transaction.atomic
def agreement_unit_update(*, actor: Any, item: AgreementUnit, **fields: Any) -> AgreementUnit:
    """The assessment plan of one unit: who assesses, how, when, where, evidence, criteria;
    and which of its outcomes (none chosen = all)."""
    agreement = _draft(actor, item.agreement)
    item = AgreementUnit.objects.get(pk=item.pk, agreement=agreement)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Unknown plan fields: {sorted(unknown)}")
    if "outcomes" in fields:
        _set_outcomes(item, list(fields.pop("outcomes") or []))
    if "methods" in fields:
        methods = list(fields["methods"] or [])
        if set(methods) - set(AssessmentMethod.values):
            raise ValidationError({"methods": _("Choose the methods from the list.")})
        fields["methods"] = [m for m in AssessmentMethod.values if m in set(methods)]
    if fields.get("assessor") is not None:
        allowed = selectors.assessor_candidates(mobility=agreement.mobility)
        if not allowed.filter(pk=fields["assessor"].pk).exists():
            raise ValidationError(
                {"assessor": _("The assessor must work at the host or at the sending school.")}
            )
    for name in ("evidence", "criteria"):
        if name in fields:
            fields[name] = clean_map(fields[name])
    for name in ("when", "where"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    _bump(agreement)
    audit_record(
        actor=actor,
        action="agreement.plan_changed",
        target=agreement.mobility,
        changes={str(item.version): [None, ", ".join(sorted(fields)) or "outcomes"]},
    )
    return item


@transaction.atomic
def agreement_unit_remove(*, actor: Any, item: AgreementUnit) -> None:
    agreement = _draft(actor, item.agreement)
    label = str(item.version)
    AgreementUnit.objects.filter(pk=item.pk, agreement=agreement).delete()
    _bump(agreement)
    audit_record(
        actor=actor,
        action="agreement.unit_removed",
        target=agreement.mobility,
        changes={"units": [label, None]},
    )


# --- the workload check (slide 8: weigh how much fits in the mobility's length) ---


@dataclass
class WorkloadBalance:
    """The chosen units' workload against the time the mobility offers, in hours."""

    available_hours: Decimal
    planned_hours: Decimal
    #: Units whose workload is not given: the balance cannot count them.
    unknown: list[str] = field(default_factory=list)

    @property
    def over(self) -> bool:
        return self.planned_hours > self.available_hours

    @property
    def remaining_hours(self) -> Decimal:
        return self.available_hours - self.planned_hours

    @property
    def percent(self) -> int:
        if not self.available_hours:
            return 100 if self.planned_hours else 0
        return round(100 * self.planned_hours / self.available_hours)


def working_days(mobility: Mobility) -> int:
    days = 0
    day = mobility.start
    while day <= mobility.end:
        days += day.weekday() < 5
        day += timedelta(days=1)
    return days


def workload_balance(agreement: LearningAgreement) -> WorkloadBalance:
    """Hours a unit needs (days count ``MOBILITY_HOURS_PER_DAY``; a part of a unit counts in
    proportion to the outcomes chosen) against the mobility's working days."""
    per_day = Decimal(settings.MOBILITY_HOURS_PER_DAY)
    balance = WorkloadBalance(
        available_hours=per_day * working_days(agreement.mobility), planned_hours=Decimal(0)
    )
    for item in selectors.agreement_units(agreement=agreement):
        version = item.version
        if version.workload is None:
            balance.unknown.append(str(version))
            continue
        hours = version.workload * (per_day if version.workload_unit == WorkloadUnit.DAYS else 1)
        chosen = len(item.outcomes.all())
        if chosen:
            total = sum(1 for o in version.outcomes.all() if not o.is_heading) or chosen
            hours = hours * chosen / total
        balance.planned_hours += hours
    balance.planned_hours = balance.planned_hours.quantize(Decimal("0.1"))
    return balance


# --- checks, sending, signing hooks, amendments ---


@dataclass(frozen=True)
class Check:
    level: str  # "error" | "warning"
    message: str


def agreement_checks(*, agreement: LearningAgreement) -> list[Check]:
    mobility = agreement.mobility
    learner = mobility.learner
    checks: list[Check] = []
    items = list(selectors.agreement_units(agreement=agreement))
    if not items:
        checks.append(Check("error", _("Choose at least one unit the learner will achieve.")))
    for item in items:
        if item.assessor_id is None:
            checks.append(
                Check("error", _("Name who assesses “%(unit)s”.") % {"unit": item.version})
            )
        if not item.methods:
            checks.append(
                Check("error", _("Say how “%(unit)s” is assessed.") % {"unit": item.version})
            )
        if not item.when or not item.where:
            checks.append(
                Check(
                    "warning",
                    _("Say when and where “%(unit)s” is assessed.") % {"unit": item.version},
                )
            )
    if mobility.mentor_id is None:
        checks.append(Check("error", _("Name the learner's mentor at the host: they sign for it.")))
    if learner.is_minor_on(mobility.start) and not learner.guardian_name:
        checks.append(
            Check("error", _("The learner is a minor: give the parent or guardian who signs."))
        )
    if learner.user_id is None:
        checks.append(
            Check(
                "warning",
                _("The learner has no account: you will record their signature on paper."),
            )
        )
    balance = workload_balance(agreement)
    if balance.over:
        checks.append(
            Check(
                "warning",
                _(
                    "The units need about %(planned)s hours, more than the %(available)s "
                    "working hours of the mobility."
                )
                % {"planned": balance.planned_hours, "available": balance.available_hours},
            )
        )
    partnership = mobility.partnership
    weeks = mobility.weeks
    if partnership.mobility_min_weeks and weeks < partnership.mobility_min_weeks:
        checks.append(
            Check(
                "warning",
                _("The mobility is shorter than the partnership's minimum of %(weeks)s weeks.")
                % {"weeks": partnership.mobility_min_weeks},
            )
        )
    if partnership.mobility_max_weeks and weeks > partnership.mobility_max_weeks:
        checks.append(
            Check(
                "warning",
                _("The mobility is longer than the partnership's maximum of %(weeks)s weeks.")
                % {"weeks": partnership.mobility_max_weeks},
            )
        )
    return checks


def _labels(text: Any) -> dict[str, str]:
    labels = {}
    for language in content_languages():
        with translation.override(language):
            labels[language] = str(text)
    return labels


def _title(mobility: Mobility, number: int) -> dict[str, str]:
    titles = {}
    for language in content_languages():
        with translation.override(language):
            if number == 1:
                titles[language] = _("Learning Agreement: %(learner)s, %(start)s") % {
                    "learner": mobility.learner.full_name,
                    "start": mobility.start.isoformat(),
                }
            else:
                titles[language] = _(
                    "Learning Agreement: %(learner)s, %(start)s, amendment %(number)s"
                ) % {
                    "learner": mobility.learner.full_name,
                    "start": mobility.start.isoformat(),
                    "number": number - 1,
                }
    return titles


def _signatories(actor: Any, mobility: Mobility) -> list[SignatorySpec]:
    from django.utils.translation import gettext_lazy

    learner = mobility.learner
    sending_partner = (
        mobility.partnership.partners.filter(
            institution_id=learner.school_id, role=PartnerRole.SENDING
        )
        .select_related("signatory")
        .first()
    )
    sending_user = (sending_partner.signatory if sending_partner else None) or actor
    mentor = mobility.mentor
    host = mobility.host_company or mobility.host_institution
    specs = [
        SignatorySpec(
            party="sending",
            party_label=_labels(gettext_lazy("Sending institution")),
            name=sending_user.get_full_name() or sending_user.get_username(),
            institution=learner.school,
            user=sending_user,
            job_title=sending_partner.signatory_job_title if sending_partner else "",
        ),
        SignatorySpec(
            party="host",
            party_label=_labels(gettext_lazy("Host")),
            name=mentor.get_full_name() or mentor.get_username(),  # type: ignore[union-attr]
            institution=host,
            user=mentor,
            job_title=str(gettext_lazy("Mentor")),
        ),
        SignatorySpec(
            party="learner",
            party_label=_labels(gettext_lazy("Learner")),
            name=learner.full_name,
            institution=learner.school,
            user=learner.user,
            email=learner.email,
        ),
    ]
    if learner.is_minor_on(mobility.start):
        specs.append(
            SignatorySpec(
                party="guardian",
                party_label=_labels(gettext_lazy("Parent or guardian")),
                name=learner.guardian_name,
                institution=None,
                user=learner.guardian_user,
                email=learner.guardian_email,
            )
        )
    return specs


@transaction.atomic
def agreement_send(
    *,
    actor: Any,
    agreement: LearningAgreement,
    revision: int | None = None,
    seen_hash: str | None = None,
) -> Envelope:
    """Freeze this draft and ask the sending school, the host's mentor and the learner (and
    a minor's guardian) to sign. ``revision`` and ``seen_hash`` are what the coordinator
    reviewed: if the agreement or its content changed since, nothing is sent."""
    agreement = _draft(actor, agreement)
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("learner", "partnership", "mentor", "host_institution", "host_company")
        .get(pk=agreement.mobility_id)
    )
    if revision is not None and revision != agreement.revision:
        raise ConcurrentUpdate()
    if mobility.status == MobilityStatus.CANCELLED:
        raise DomainError(_("The mobility is cancelled."))
    errors = [c.message for c in agreement_checks(agreement=agreement) if c.level == "error"]
    if errors:
        raise DomainError(
            _("The agreement cannot be sent yet: %(problems)s") % {"problems": " ".join(errors)}
        )
    content = agreement_content(agreement)
    if seen_hash is not None and seen_hash != content_hash(content):
        raise ConcurrentUpdate()
    envelope = envelope_send(
        actor=actor,
        document=agreement,
        kind=KIND,
        title=_title(mobility, agreement.number),
        content=content,
        signatories=_signatories(actor, mobility),
    )
    document_move(agreement, AgreementStatus.OUT, envelope=envelope)
    return envelope


def on_signed(*, envelope: Envelope, actor: Any) -> None:
    """Signing hook: every party signed → the agreement is in force and the mobility agreed."""
    agreement = document_signed(LearningAgreement, envelope)
    mobility = Mobility.objects.select_for_update().get(pk=agreement.mobility_id)
    if mobility.status == MobilityStatus.PLANNED:
        move(mobility, MobilityStatus.AGREED, actor=actor)
    audit_record(
        actor=actor,
        action="agreement.signed",
        target=mobility,
        from_state=AgreementStatus.OUT,
        to_state=AgreementStatus.SIGNED,
        changes={"version": [None, agreement.number], "code": [None, envelope.code]},
    )


def on_reopened(*, envelope: Envelope, actor: Any, reason: str) -> None:
    """Signing hook: declined or withdrawn → the version is a draft again, for everyone."""
    agreement = document_reopened(LearningAgreement, envelope)
    audit_record(
        actor=actor,
        action="agreement.reopened",
        target=agreement.mobility,
        from_state=AgreementStatus.OUT,
        to_state=AgreementStatus.DRAFT,
        changes={"version": [None, agreement.number], "reason": [None, reason]},
    )


@transaction.atomic
def agreement_amend(*, actor: Any, mobility: Mobility, reason: str) -> LearningAgreement:
    """Start an amendment of the signed agreement: a new draft copying it (units and plans),
    in which the mobility and the plan can change; signed again by the parties."""
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("learner")
        .get(pk=mobility.pk)
    )
    _require_manager(actor, mobility)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say what the amendment changes and why."))
    latest = mobility.agreements.select_for_update().order_by("-number").first()
    if latest is None or latest.status != AgreementStatus.SIGNED:
        status = AgreementStatus(latest.status).label if latest else "-"
        raise DomainError(
            _("Only a signed agreement is amended; its latest version is “%(status)s”.")
            % {"status": status}
        )
    amendment = LearningAgreement.objects.create(
        mobility=mobility,
        number=latest.number + 1,
        amends=latest,
        reason=reason,
        learning_activities=latest.learning_activities,
        documentation=latest.documentation,
        validation_recognition=latest.validation_recognition,
        enclosures=latest.enclosures,
        created_by=actor,
    )
    for item in latest.units.prefetch_related("outcomes").order_by("position", "pk"):
        outcomes = list(item.outcomes.all())
        copy = AgreementUnit.objects.create(
            agreement=amendment,
            partnership_unit=item.partnership_unit,
            version=item.version,
            position=item.position,
            assessor=item.assessor,
            methods=item.methods,
            when=item.when,
            where=item.where,
            evidence=item.evidence,
            criteria=item.criteria,
        )
        copy.outcomes.set(outcomes)
    audit_record(
        actor=actor,
        action="agreement.amendment_started",
        target=mobility,
        to_state=AgreementStatus.DRAFT,
        changes={"version": [latest.number, amendment.number], "reason": [None, reason]},
    )
    return amendment
