"""Writes of the assessment at the host: the assessor's answer per learning outcome, the
learner's self-assessment, and the evidence kept for an answer.

Answers are recorded while the mobility is ongoing or completed, and only for the outcomes of
the signed Learning Agreement in force. Evidence files are accepted by what their bytes are,
never by their name or the browser's claim.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.assessments.models import (
    EVIDENCE_TYPES,
    RESULT_WEIGHT,
    RESULTS_NEEDING_REASON,
    Assessment,
    Evidence,
    OutcomeResult,
    SelfAssessment,
)
from ecvet.assessments.selectors import is_host_coordinator, may_assess, outcomes_to_achieve
from ecvet.audit.services import audit_record, changed_fields, snapshot
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.mobilities.models import AgreementUnit, AssessmentMethod, Mobility, MobilityStatus
from ecvet.mobilities.selectors import agreement_in_force, agreement_units
from ecvet.qualifications.models import LearningOutcome

#: While the learner is at the host and after, until the sending school validates.
RECORDING_STATUSES = frozenset({MobilityStatus.ONGOING, MobilityStatus.COMPLETED})

ASSESSMENT_FIELDS = (
    "agreement_unit",
    "result",
    "method",
    "assessed_on",
    "assessor",
    "comment",
    "reason",
    "reassessment_planned_on",
)


def _guard_status(mobility: Mobility) -> None:
    if mobility.status not in RECORDING_STATUSES:
        raise DomainError(
            _(
                "Assessments are recorded while the mobility is ongoing or completed; "
                "this mobility is “%(status)s”."
            )
            % {"status": MobilityStatus(mobility.status).label}
        )


def _unit_of(mobility: Mobility, outcome: LearningOutcome) -> AgreementUnit:
    """The unit of the signed agreement in force that has ``outcome`` to achieve."""
    agreement = agreement_in_force(mobility=mobility)
    if agreement is None:
        raise DomainError(_("This mobility has no signed Learning Agreement to assess against."))
    for unit in agreement_units(agreement=agreement):
        if any(o.pk == outcome.pk for o in outcomes_to_achieve(unit)):
            return unit
    raise DomainError(_("This learning outcome is not one to achieve in the signed agreement."))


def _locked(mobility: Mobility) -> Mobility:
    # Locking the mobility serialises answers with its status moves (e.g. to "validated").
    return (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("learner")
        .get(pk=mobility.pk)
    )


def _clean_answer(
    *, result: str, method: str, assessed_on: date | None, reason: str
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if result not in OutcomeResult.values:
        errors["result"] = _("Choose a result.")
    if method and method not in AssessmentMethod.values:
        errors["method"] = _("Choose a method of the list.")
    if result in RESULTS_NEEDING_REASON and not reason.strip():
        errors["reason"] = _("Say why the outcome was not fully achieved.")
    today = timezone.localdate()
    if assessed_on is not None and assessed_on > today:
        errors["assessed_on"] = _("The date of the assessment cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if assessed_on is None and result != OutcomeResult.NOT_ASSESSED:
        assessed_on = today
    return {"assessed_on": assessed_on, "reason": reason.strip()}


@transaction.atomic
def assessment_record(
    *,
    actor: Any,
    mobility: Mobility,
    outcome: LearningOutcome,
    result: str,
    method: str = "",
    assessed_on: date | None = None,
    comment: str = "",
    reason: str = "",
    reassessment_planned_on: date | None = None,
    revision: int | None = None,
) -> Assessment:
    """Record (or change) the host's answer for one outcome, saved at once. ``revision`` is
    the revision the assessor saw; a different one means someone else changed it meanwhile."""
    mobility = _locked(mobility)
    _guard_status(mobility)
    unit = _unit_of(mobility, outcome)
    if not may_assess(actor, mobility, unit):
        raise NotPermitted(
            _("Only the mentor, the named assessor or the host's coordinators assess.")
        )
    cleaned = _clean_answer(result=result, method=method, assessed_on=assessed_on, reason=reason)
    fields: dict[str, Any] = {
        "agreement_unit": unit,
        "result": result,
        "method": method,
        "assessed_on": cleaned["assessed_on"],
        "assessor": actor,
        "comment": comment.strip(),
        "reason": cleaned["reason"],
        "reassessment_planned_on": reassessment_planned_on,
    }
    existing = Assessment.objects.filter(mobility=mobility, outcome=outcome).first()
    if existing is None:
        assessment = Assessment.objects.create(mobility=mobility, outcome=outcome, **fields)
        audit_record(
            actor=actor,
            action="assessment.recorded",
            target=assessment,
            to_state=result,
            changes=changed_fields({}, snapshot(assessment, ASSESSMENT_FIELDS)),
        )
        return assessment
    return _update(actor, existing, fields, revision)


def _update(
    actor: Any, assessment: Assessment, fields: dict[str, Any], revision: int | None
) -> Assessment:
    if revision is not None and revision != assessment.revision:
        raise ConcurrentUpdate()
    before = snapshot(assessment, ASSESSMENT_FIELDS)
    previous_result = assessment.result
    for name, value in fields.items():
        setattr(assessment, name, value)
    changes = changed_fields(before, snapshot(assessment, ASSESSMENT_FIELDS))
    if not changes:
        return assessment
    updated = Assessment.objects.filter(pk=assessment.pk, revision=assessment.revision).update(
        revision=F("revision") + 1, updated_at=timezone.now(), **fields
    )
    if not updated:
        raise ConcurrentUpdate()
    assessment.refresh_from_db()
    audit_record(
        actor=actor,
        action="assessment.changed",
        target=assessment,
        from_state=previous_result,
        to_state=assessment.result,
        changes=changes,
    )
    return assessment


@transaction.atomic
def self_assessment_record(
    *,
    actor: Any,
    mobility: Mobility,
    outcome: LearningOutcome,
    result: str,
    comment: str = "",
) -> SelfAssessment:
    """The learner's own answer for one outcome, saved at once."""
    mobility = _locked(mobility)
    if mobility.learner.user_id is None or mobility.learner.user_id != getattr(actor, "pk", None):
        raise NotPermitted(_("Only the learner assesses themself."))
    _guard_status(mobility)
    _unit_of(mobility, outcome)
    if result not in OutcomeResult.values:
        raise ValidationError({"result": _("Choose a result.")})
    previous = (
        SelfAssessment.objects.filter(mobility=mobility, outcome=outcome)
        .values_list("result", flat=True)
        .first()
    )
    answer, _created = SelfAssessment.objects.update_or_create(
        mobility=mobility,
        outcome=outcome,
        defaults={"result": result, "comment": comment.strip()},
    )
    audit_record(
        actor=actor,
        action="self_assessment.recorded",
        target=answer,
        from_state=previous or "",
        to_state=result,
        changes={"result": [previous, result]} if previous != result else {},
    )
    return answer


# --- Evidence -------------------------------------------------------------------------------

#: What each accepted file ending claims the content is.
EXTENSION_TYPES: dict[str, str] = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}


def evidence_max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_BYTES)


def sniff(data: bytes) -> str | None:
    """The accepted content type the bytes are, by their first bytes; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def describe(data: bytes) -> str:
    """What a file really is, in words, for a refusal message."""
    kind = sniff(data)
    if kind is not None:
        return _type_name(kind)
    if data.startswith(b"MZ") or data.startswith(b"\x7fELF"):
        return _("a program (executable)")
    if data.startswith(b"PK\x03\x04"):
        return _("a ZIP archive (or an Office document)")
    if data.startswith((b"GIF87a", b"GIF89a")):
        return _("a GIF image")
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return _("a HEIC photo")
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return _("a file of an unknown kind")
    return _("a text file")


def _type_name(kind: str) -> str:
    names = {
        "image/jpeg": _("a JPEG image"),
        "image/png": _("a PNG image"),
        "image/webp": _("a WEBP image"),
        "application/pdf": _("a PDF document"),
    }
    return names[kind]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _read_evidence(upload: UploadedFile) -> tuple[bytes, str]:
    """The file's bytes and its real content type; a clear refusal for anything not accepted."""
    limit = evidence_max_bytes()
    too_big = _("The file is larger than %(limit)s MB, the largest accepted.") % {
        "limit": _megabytes(limit)
    }
    if upload.size is not None and upload.size > limit:
        raise DomainError(too_big)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise DomainError(too_big)
    if not data:
        raise DomainError(_("The file is empty."))
    name = os.path.basename(upload.name or "")
    kind = sniff(data)
    if kind is None:
        raise DomainError(
            _("“%(name)s” is %(real)s. Accepted are photos (JPEG, PNG, WEBP) and PDF documents.")
            % {"name": name, "real": describe(data)}
        )
    ending = os.path.splitext(name)[1].lower()
    if ending and EXTENSION_TYPES.get(ending) != kind:
        raise DomainError(
            _(
                "“%(name)s” is really %(real)s, whatever its name says. Rename it to match "
                "what it is, or upload the right file."
            )
            % {"name": name, "real": _type_name(kind)}
        )
    return data, kind


def evidence_add(
    *, actor: Any, assessment: Assessment, upload: UploadedFile, note: str = ""
) -> Evidence:
    """Attach a photo or PDF to an assessment. A refused file changes nothing."""
    mobility = Mobility.objects.get(pk=assessment.mobility_id)
    _guard_status(mobility)
    if not may_assess(actor, mobility, assessment.agreement_unit):
        raise NotPermitted(
            _("Only the mentor, the named assessor or the host's coordinators add evidence.")
        )
    data, kind = _read_evidence(upload)
    evidence = Evidence(
        assessment=assessment,
        original_name=os.path.basename(upload.name or "")[:255],
        content_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
        note=note.strip(),
    )
    evidence.file.save(f"evidence{EVIDENCE_TYPES[kind]}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            evidence.save()
            audit_record(
                actor=actor,
                action="evidence.added",
                target=assessment,
                changes={"evidence": [None, evidence.original_name]},
            )
    except Exception:
        # The row was not written: do not leave its file behind.
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    """Remove evidence: its uploader or the host's coordinators, while answers may change."""
    mobility = Mobility.objects.get(pk=evidence.assessment.mobility_id)
    _guard_status(mobility)
    is_uploader = evidence.uploaded_by_id == getattr(actor, "pk", None)
    if not (is_uploader or is_host_coordinator(actor, mobility)):
        raise NotPermitted(_("Only who added the evidence or the host's coordinators remove it."))
    assessment = evidence.assessment
    name = evidence.original_name
    storage, path = evidence.file.storage, evidence.file.name
    evidence.delete()
    audit_record(
        actor=actor,
        action="evidence.removed",
        target=assessment,
        changes={"evidence": [name, None]},
    )
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(path))


# --- Achievement ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitAchievement:
    """How much of a unit the learner achieved: counts by result over the outcomes to
    achieve (an outcome without an answer counts as not assessed) and the share (achieved
    counts 1, partly 0.5)."""

    unit: AgreementUnit
    outcomes: int
    counts: dict[str, int] = field(default_factory=dict)
    share: Decimal = Decimal(0)

    @property
    def percent(self) -> int:
        return int((self.share * 100).to_integral_value())


def unit_achievement(agreement_unit: AgreementUnit, assessments: Any) -> UnitAchievement:
    """``assessments``: the mobility's assessments (any iterable; those of other units are
    ignored)."""
    wanted = outcomes_to_achieve(agreement_unit)
    by_outcome = {a.outcome_id: a.result for a in assessments}
    counts = dict.fromkeys(OutcomeResult.values, 0)
    points = Decimal(0)
    for outcome in wanted:
        result = by_outcome.get(outcome.pk, OutcomeResult.NOT_ASSESSED)
        counts[result] += 1
        points += RESULT_WEIGHT.get(result, Decimal(0))
    share = (points / len(wanted)).quantize(Decimal("0.0001")) if wanted else Decimal(0)
    return UnitAchievement(unit=agreement_unit, outcomes=len(wanted), counts=counts, share=share)
