"""Units and their versions: write, agree, start a new draft, copy.

An agreed version is frozen. Every content write goes through :func:`lock_draft`, which
refuses an agreed version; :func:`unit_draft` is the one way to change an agreed unit: it
copies the agreed version into a new draft and the edit lands there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.accounts import scoping
from ecvet.audit.services import audit_record, changed_fields, snapshot
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted, TransitionNotAllowed
from ecvet.institutions.models import Institution
from ecvet.qualifications import search
from ecvet.qualifications.models import (
    VERSION_TRANSITIONS,
    LearningOutcome,
    OutcomeSkill,
    Unit,
    UnitVersion,
    VersionStatus,
)
from ecvet.qualifications.selectors import (
    author_institution_ids,
    unit_can_agree,
    unit_can_change,
)
from ecvet.qualifications.services.texts import TEXT_FIELDS, apply_texts, confirm_language

VERSION_FIELDS = (
    "name",
    "qualification",
    "qualification_reference",
    "area_of_work",
    "eqf_level",
    "national_level",
    "description",
    "kind",
    "workload",
    "workload_unit",
    "ecvet_points",
    "assessment_method",
    "source_language",
)
OUTCOME_COPY_FIELDS = (
    "category",
    "position",
    "is_heading",
    "text",
    "criteria",
    "translation_basis",
)


class VersionAgreed(DomainError):
    status_code = 409

    def __init__(self, version: UnitVersion) -> None:
        super().__init__(
            _("Version %(number)s is agreed and cannot change. Start a new draft to edit the unit.")
            % {"number": version.number}
        )


def lock_draft(*, actor: Any, version: UnitVersion) -> UnitVersion:
    """The version, locked for this transaction; refuses agreed versions and non-authors."""
    locked = (
        UnitVersion.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=version.pk)
    )
    if not unit_can_change(user=actor, unit=locked.unit):
        raise NotPermitted(_("You cannot change this unit."))
    if locked.status != VersionStatus.DRAFT:
        raise VersionAgreed(locked)
    return locked


def _set_fields(version: UnitVersion, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be set on a unit version")
    source = fields.get("source_language") or version.source_language
    source_changed = bool(version.pk) and source != version.source_language
    apply_texts(
        version,
        fields,
        TEXT_FIELDS[UnitVersion],
        source=source,
        source_changed=source_changed,
    )
    for name, value in fields.items():
        setattr(version, name, value)
    if not version.name:
        raise ValidationError({"name": _("Give the unit a name in at least one language.")})
    version.full_clean(exclude=["unit", "number"])
    if source_changed:
        for outcome in version.outcomes.all():
            apply_texts(
                outcome, {}, TEXT_FIELDS[LearningOutcome], source=source, source_changed=True
            )
            outcome.save(update_fields=["translation_basis"])


@transaction.atomic
def unit_create(*, actor: Any, owner: Institution, shared: bool = False, **fields: Any) -> Unit:
    """A new unit with its first, draft version."""
    if not scoping.is_platform_admin(actor) and owner.pk not in author_institution_ids(actor):
        raise NotPermitted(_("You cannot write units for %(name)s.") % {"name": owner})
    person = actor if getattr(actor, "is_authenticated", False) else None
    unit = Unit.objects.create(owner=owner, shared=shared, created_by=person)
    version = UnitVersion(unit=unit, number=1)
    _set_fields(version, fields)
    version.save()
    Unit.objects.filter(pk=unit.pk).update(latest=version)
    unit.latest = version
    audit_record(
        actor=actor,
        action="unit.created",
        target=unit,
        changes=changed_fields({}, snapshot(version, VERSION_FIELDS)),
    )
    search.unit_reindex([unit.pk])
    return unit


@transaction.atomic
def unit_version_update(*, actor: Any, version: UnitVersion, **fields: Any) -> UnitVersion:
    version = lock_draft(actor=actor, version=version)
    before = snapshot(version, VERSION_FIELDS)
    _set_fields(version, fields)
    version.save()
    changes = changed_fields(before, snapshot(version, VERSION_FIELDS))
    if changes:
        audit_record(
            actor=actor,
            action="unit.version.updated",
            target=version.unit,
            changes={"version": [version.number, version.number], **changes},
        )
        search.unit_reindex([version.unit_id])
    return version


@transaction.atomic
def unit_set_shared(*, actor: Any, unit: Unit, shared: bool) -> Unit:
    if not unit_can_change(user=actor, unit=unit):
        raise NotPermitted(_("You cannot change this unit."))
    if unit.shared != shared:
        Unit.objects.filter(pk=unit.pk).update(shared=shared)
        audit_record(
            actor=actor,
            action="unit.shared" if shared else "unit.unshared",
            target=unit,
            changes={"shared": [unit.shared, shared]},
        )
        unit.shared = shared
    return unit


def _copy_version(source: UnitVersion, unit: Unit, number: int) -> UnitVersion:
    version = UnitVersion(unit=unit, number=number, based_on=source)
    for name in (*VERSION_FIELDS, "translation_basis"):
        setattr(version, name, getattr(source, name))
    version.save()
    outcomes = list(source.outcomes.all().order_by("category", "position"))
    copies = LearningOutcome.objects.bulk_create(
        LearningOutcome(version=version, **{f: getattr(o, f) for f in OUTCOME_COPY_FIELDS})
        for o in outcomes
    )
    new_pk = {old.pk: new.pk for old, new in zip(outcomes, copies, strict=True)}
    OutcomeSkill.objects.bulk_create(
        OutcomeSkill(
            outcome_id=new_pk[link.outcome_id],
            skill_id=link.skill_id,
            accepted_by_id=link.accepted_by_id,
        )
        for link in OutcomeSkill.objects.filter(outcome__version=source)
    )
    return version


@transaction.atomic
def unit_draft(*, actor: Any, unit: Unit) -> UnitVersion:
    """The unit's draft to edit: the latest version if it is a draft, else a new draft
    copied from the latest (agreed) version, which stays exactly as it was agreed."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit_can_change(user=actor, unit=unit):
        raise NotPermitted(_("You cannot change this unit."))
    latest = UnitVersion.objects.get(unit=unit, pk=unit.latest_id or 0)
    if latest.status == VersionStatus.DRAFT:
        return latest
    draft = _copy_version(latest, unit, latest.number + 1)
    Unit.objects.filter(pk=unit.pk).update(latest=draft)
    audit_record(
        actor=actor,
        action="unit.draft_started",
        target=unit,
        changes={"version": [latest.number, draft.number]},
    )
    search.unit_reindex([unit.pk])
    return draft


@transaction.atomic
def unit_version_agree(*, actor: Any, version: UnitVersion) -> UnitVersion:
    """Freeze a draft version as agreed by its owner's coordinator. Partners then agree the
    frozen version in each partnership that has the unit in scope."""
    if not unit_can_agree(user=actor, unit=version.unit):
        raise NotPermitted(_("Only a coordinator of the owner institution can agree a unit."))
    wanted = VersionStatus.AGREED
    if wanted not in VERSION_TRANSITIONS[version.status]:
        raise TransitionNotAllowed(
            current=str(VersionStatus(version.status).label), wanted=str(wanted.label)
        )
    now = timezone.now()
    person = actor if getattr(actor, "is_authenticated", False) else None
    updated = UnitVersion.objects.filter(pk=version.pk, status=version.status).update(
        status=wanted, agreed_at=now, agreed_by=person
    )
    if not updated:
        raise ConcurrentUpdate()
    audit_record(
        actor=actor,
        action="unit.version.agreed",
        target=version.unit,
        from_state=version.status,
        to_state=wanted,
        changes={"version": [version.number, version.number]},
    )
    version.status, version.agreed_at, version.agreed_by = wanted, now, person
    return version


@transaction.atomic
def unit_copy(*, actor: Any, version: UnitVersion, owner: Institution) -> Unit:
    """A new unit of ``owner`` whose first draft copies ``version``, remembering where from."""
    if not scoping.is_platform_admin(actor) and owner.pk not in author_institution_ids(actor):
        raise NotPermitted(_("You cannot write units for %(name)s.") % {"name": owner})
    person = actor if getattr(actor, "is_authenticated", False) else None
    unit = Unit.objects.create(owner=owner, copied_from=version, created_by=person)
    copy = _copy_version(version, unit, 1)
    # A copy starts its own history: it was agreed by nobody yet.
    UnitVersion.objects.filter(pk=copy.pk).update(based_on=None)
    Unit.objects.filter(pk=unit.pk).update(latest=copy)
    unit.latest = copy
    audit_record(
        actor=actor,
        action="unit.copied",
        target=unit,
        changes={"copied_from": [None, f"{version.unit} v{version.number} ({version.unit.owner})"]},
    )
    search.unit_reindex([unit.pk])
    return unit


@transaction.atomic
def unit_translation_confirm(*, actor: Any, version: UnitVersion, language: str) -> UnitVersion:
    """Mark every ``language`` text of the draft as up to date with its source text (after a
    source change that did not alter the meaning, such as a typo)."""
    version = lock_draft(actor=actor, version=version)
    confirm_language(version, TEXT_FIELDS[UnitVersion], version.source_language, language)
    version.save(update_fields=["translation_basis", "updated_at"])
    for outcome in version.outcomes.all():
        confirm_language(outcome, TEXT_FIELDS[LearningOutcome], version.source_language, language)
        outcome.save(update_fields=["translation_basis"])
    audit_record(
        actor=actor,
        action="unit.translation.confirmed",
        target=version.unit,
        changes={"language": [None, language]},
    )
    return version
