# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (File[...], Form[...]).
"""The assessment at the host: the sheet of answers per learning outcome of the signed
Learning Agreement, the evidence kept with an answer, the learner's self-assessment, and both
side by side.

Everything of a mobility is read by whoever may see the mobility (its sending school's staff,
the host's coordinators, its mentor, the learner and their guardian); for anyone else the
mobility and all of this is a 404, whether it exists or not. A mentor sees only the learners
placed with them, a learner only their own results and evidence.

Writes call the same services as the screens, which check permission again: the mentor, the
assessor named in the unit's plan and the host's coordinators assess and add evidence (anyone
else who sees the mobility gets 403); only the learner self-assesses.
"""

from datetime import date, datetime
from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile

from ecvet.assessments.files import evidence_response
from ecvet.assessments.models import Assessment, Evidence, OutcomeResult, SelfAssessment
from ecvet.assessments.selectors import (
    assessments_of,
    comparison,
    evidence_visible,
    outcomes_to_achieve,
    self_assessments_of,
)
from ecvet.assessments.services import (
    RECORDING_STATUSES,
    assessment_record,
    evidence_add,
    evidence_remove,
    self_assessment_record,
    unit_achievement,
)
from ecvet.errors import DomainError
from ecvet.mobilities import selectors as mobility_selectors
from ecvet.mobilities.models import (
    AgreementUnit,
    AssessmentMethod,
    LearningAgreement,
    Mobility,
    MobilityStatus,
)
from ecvet.partnerships.api import PersonRef
from ecvet.qualifications.models import LearningOutcome

router = Router(tags=["assessments"])

LanguageMap = dict[str, str]
REVISION_HELP = (
    "The answer's revision you read, or 0 if there was no answer yet. If someone changed it "
    "since, nothing is changed and the answer is 409: reload and try again. Leave it out to "
    "overwrite whatever is there."
)


# --- shared pieces ---


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _person(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": _name(user)}


def _mobility(request: HttpRequest, mobility_id: int) -> Mobility:
    """A mobility the user may see (or 404, whether it exists or not)."""
    try:
        return mobility_selectors.mobility_get(user=request.user, pk=mobility_id)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _outcome(outcome_id: int) -> LearningOutcome:
    outcome = LearningOutcome.objects.filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404
    return outcome


def _units(agreement: LearningAgreement | None) -> list[AgreementUnit]:
    """The units of the signed agreement in force (none before it is signed)."""
    if agreement is None:
        return []
    return list(mobility_selectors.agreement_units(agreement=agreement))


def _version(unit: AgreementUnit) -> dict[str, Any]:
    return {"id": unit.version_id, "number": unit.version.number, "name": unit.version.name}


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value else ""


# --- the sheet ---


class EvidenceOut(Schema):
    id: int
    name: str = Field(..., description="The file's name as uploaded.")
    content_type: str = Field(..., description="What the bytes are (not what the name says).")
    size: int = Field(..., description="Bytes")
    sha256: str
    uploaded_by: PersonRef
    uploaded_at: datetime
    note: str
    url: str = Field(..., description="GET it for the file.")


class AssessmentAnswerOut(Schema):
    result: OutcomeResult
    result_label: str
    method: AssessmentMethod | None = Field(..., description="The method actually used.")
    method_label: str
    assessed_on: date | None
    assessor: PersonRef
    comment: str
    reason: str = Field(..., description="Why it was not, or only partly, achieved.")
    reassessment_planned_on: date | None
    revision: int = Field(..., description="Send it back with a change to detect conflicts.")
    updated_at: datetime
    evidence: list[EvidenceOut]


class AssessmentOutcomeOut(Schema):
    id: int
    category: str = Field(..., description="knowledge, skills or competence")
    text: LanguageMap
    criteria: LanguageMap
    answer: AssessmentAnswerOut | None = Field(..., description="None until assessed.")


class AssessmentAchievementOut(Schema):
    outcomes: int = Field(..., description="Outcomes to achieve in the unit.")
    counts: dict[str, int] = Field(
        ..., description="Outcomes by result; one without an answer counts as not assessed."
    )
    share: float = Field(..., description="Achieved counts 1, partly achieved 0.5.")
    percent: int


class AssessmentUnitVersionRef(Schema):
    id: int
    number: int
    name: LanguageMap


class AssessmentPlanOut(Schema):
    assessor: PersonRef | None = Field(..., description="Who was named to assess.")
    methods: list[AssessmentMethod]
    when: str
    where: str
    evidence: LanguageMap
    criteria: LanguageMap


class AssessmentUnitOut(Schema):
    id: int = Field(..., description="The unit's item in the Learning Agreement.")
    unit_id: int
    version: AssessmentUnitVersionRef
    plan: AssessmentPlanOut
    achievement: AssessmentAchievementOut
    outcomes: list[AssessmentOutcomeOut] = Field(..., description="Headings are left out.")


class AssessmentAgreementRef(Schema):
    number: int
    signed_at: datetime | None


class AssessmentSheetOut(Schema):
    mobility_id: int
    mobility_status: MobilityStatus
    recording: bool = Field(
        ..., description="Answers may be recorded now (the mobility is ongoing or completed)."
    )
    agreement: AssessmentAgreementRef | None = Field(
        ..., description="The signed Learning Agreement in force; None before it is signed."
    )
    units: list[AssessmentUnitOut]


class AssessmentSavedOut(Schema):
    unit_id: int = Field(..., description="The unit's item in the Learning Agreement.")
    outcome: AssessmentOutcomeOut
    achievement: AssessmentAchievementOut = Field(..., description="The unit's, after this.")


def _evidence_data(evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.pk,
        "name": evidence.original_name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "uploaded_by": _person(evidence.uploaded_by),
        "uploaded_at": evidence.uploaded_at,
        "note": evidence.note,
        "url": reverse("api-1:get_evidence_file", kwargs={"evidence_id": evidence.pk}),
    }


def _answer_data(assessment: Assessment) -> dict[str, Any]:
    return {
        "result": assessment.result,
        "result_label": _label(OutcomeResult, assessment.result),
        "method": assessment.method or None,
        "method_label": _label(AssessmentMethod, assessment.method),
        "assessed_on": assessment.assessed_on,
        "assessor": _person(assessment.assessor),
        "comment": assessment.comment,
        "reason": assessment.reason,
        "reassessment_planned_on": assessment.reassessment_planned_on,
        "revision": assessment.revision,
        "updated_at": assessment.updated_at,
        # Prefetched by ``assessments_of``.
        "evidence": [_evidence_data(e) for e in assessment.evidence.all()],
    }


def _outcome_data(outcome: LearningOutcome, assessment: Assessment | None) -> dict[str, Any]:
    return {
        "id": outcome.pk,
        "category": outcome.category,
        "text": outcome.text,
        "criteria": outcome.criteria,
        "answer": _answer_data(assessment) if assessment is not None else None,
    }


def _achievement_data(unit: AgreementUnit, assessments: list[Assessment]) -> dict[str, Any]:
    achieved = unit_achievement(unit, assessments)
    return {
        "outcomes": achieved.outcomes,
        "counts": achieved.counts,
        "share": float(achieved.share),
        "percent": achieved.percent,
    }


def _unit_data(unit: AgreementUnit, assessments: list[Assessment]) -> dict[str, Any]:
    by_outcome = {a.outcome_id: a for a in assessments}
    return {
        "id": unit.pk,
        "unit_id": unit.partnership_unit.unit_id,
        "version": _version(unit),
        "plan": {
            "assessor": _person(unit.assessor),
            "methods": list(unit.methods),
            "when": unit.when,
            "where": unit.where,
            "evidence": unit.evidence,
            "criteria": unit.criteria,
        },
        "achievement": _achievement_data(unit, assessments),
        "outcomes": [
            _outcome_data(outcome, by_outcome.get(outcome.pk))
            for outcome in outcomes_to_achieve(unit)
        ],
    }


@router.get(
    "/mobilities/{mobility_id}/assessment",
    response=AssessmentSheetOut,
    summary="The assessment at the host: each unit of the signed Learning Agreement with its "
    "plan, how much of it was achieved, and each outcome's answer and evidence",
)
def get_assessment_sheet(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    agreement = mobility_selectors.agreement_in_force(mobility=mobility)
    units = _units(agreement)
    assessments = list(assessments_of(mobility=mobility)) if units else []
    return {
        "mobility_id": mobility.pk,
        "mobility_status": mobility.status,
        "recording": mobility.status in RECORDING_STATUSES,
        "agreement": {"number": agreement.number, "signed_at": agreement.signed_at}
        if agreement is not None
        else None,
        "units": [_unit_data(unit, assessments) for unit in units],
    }


class AssessmentAnswerIn(Schema):
    result: OutcomeResult
    method: AssessmentMethod | None = Field(None, description="The method actually used.")
    assessed_on: date | None = Field(
        None, description="Not in the future; today if left out (unless not assessed)."
    )
    comment: str = Field("", max_length=5000)
    reason: str = Field(
        "",
        max_length=5000,
        description="Required when not achieved or partly achieved: why (slide 16).",
    )
    reassessment_planned_on: date | None = Field(
        None, description="When the outcome is to be assessed again."
    )
    revision: int | None = Field(None, description=REVISION_HELP)


class AssessmentOutcomeRef(Schema):
    id: int
    category: str


class AssessmentComparisonOut(Schema):
    unit_id: int = Field(..., description="The unit's item in the Learning Agreement.")
    outcome: AssessmentOutcomeRef
    text: LanguageMap
    mentor: OutcomeResult | None = Field(..., description="The host's result, if any.")
    mentor_label: str
    learner: OutcomeResult | None = Field(..., description="The learner's own, if any.")
    learner_label: str
    differs: bool


@router.get(
    "/mobilities/{mobility_id}/assessment/comparison",
    response=list[AssessmentComparisonOut],
    summary="The host's and the learner's answers side by side, per outcome",
    description="`differs` when both have answered and the answers are not the same.",
)
def get_assessment_comparison(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    return [
        {
            "unit_id": row.unit.pk,
            "outcome": {"id": row.outcome.pk, "category": row.outcome.category},
            "text": row.outcome.text,
            "mentor": row.mentor,
            "mentor_label": _label(OutcomeResult, row.mentor or ""),
            "learner": row.learner,
            "learner_label": _label(OutcomeResult, row.learner or ""),
            "differs": row.differs,
        }
        for row in comparison(mobility=mobility)
    ]


@router.put(
    "/mobilities/{mobility_id}/assessment/{outcome_id}",
    response=AssessmentSavedOut,
    summary="Record or change the host's answer for one learning outcome",
    description="For the mentor, the assessor named in the unit's plan and the host's "
    "coordinators, while the mobility is ongoing or completed. Not achieved and partly "
    "achieved need a reason. " + REVISION_HELP,
)
def record_assessment(
    request: HttpRequest, mobility_id: int, outcome_id: int, payload: AssessmentAnswerIn
) -> Any:
    mobility = _mobility(request, mobility_id)
    saved = assessment_record(
        actor=request.user,
        mobility=mobility,
        outcome=_outcome(outcome_id),
        result=payload.result,
        method=payload.method or "",
        assessed_on=payload.assessed_on,
        comment=payload.comment,
        reason=payload.reason,
        reassessment_planned_on=payload.reassessment_planned_on,
        revision=payload.revision,
    )
    assessments = list(assessments_of(mobility=mobility))
    unit = mobility_selectors.agreement_units(agreement=saved.agreement_unit.agreement).get(
        pk=saved.agreement_unit_id
    )
    answer = next(a for a in assessments if a.pk == saved.pk)
    return {
        "unit_id": unit.pk,
        "outcome": _outcome_data(answer.outcome, answer),
        "achievement": _achievement_data(unit, assessments),
    }


# --- evidence ---


class EvidenceUploadIn(Schema):
    note: str = Field("", max_length=5000, description="What the file shows.")


def _evidence(request: HttpRequest, evidence_id: int) -> Evidence:
    """Evidence the user may see (or 404, whether it exists or not)."""
    evidence = (
        Evidence.objects.select_related("assessment__mobility", "uploaded_by")
        .filter(pk=evidence_id)
        .first()
    )
    if evidence is None or not evidence_visible(user=request.user, evidence=evidence):
        raise Http404
    return evidence


@router.post(
    "/mobilities/{mobility_id}/assessment/{outcome_id}/evidence",
    response={201: EvidenceOut},
    summary="Keep a photo or PDF as evidence with the host's answer for one outcome",
    description="multipart/form-data: `file` and optionally `note`. Accepted are photos "
    "(JPEG, PNG, WEBP) and PDF documents, judged by their bytes: a file of another kind, "
    "larger than the limit, or whose name says another type than it is, is refused (400) "
    "with a message saying why, and nothing is changed. The outcome must have an answer "
    "first. For the mentor, the assessor named in the unit's plan and the host's "
    "coordinators.",
)
def add_evidence(
    request: HttpRequest,
    mobility_id: int,
    outcome_id: int,
    file: File[UploadedFile],
    details: Form[EvidenceUploadIn],
) -> Any:
    mobility = _mobility(request, mobility_id)
    assessment = (
        Assessment.objects.select_related("agreement_unit")
        .filter(mobility=mobility, outcome_id=outcome_id)
        .first()
    )
    if assessment is None:
        _outcome(outcome_id)
        raise DomainError(_("Record the answer for this outcome first, then add its evidence."))
    evidence = evidence_add(
        actor=request.user, assessment=assessment, upload=file, note=details.note
    )
    return Status(201, _evidence_data(evidence))


class EvidenceFileQuery(Schema):
    download: bool = Field(False, description="Save the file instead of showing it.")


@router.get(
    "/evidence/{evidence_id}",
    summary="An evidence file",
    description="Photos are shown, PDFs saved (or either saved with `?download=true`), with "
    "the type their bytes were found to be and the name as uploaded.",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file",
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in ("image/jpeg", "image/png", "image/webp", "application/pdf")
                },
            }
        }
    },
)
def get_evidence_file(
    request: HttpRequest, evidence_id: int, options: Query[EvidenceFileQuery]
) -> FileResponse:
    evidence = _evidence(request, evidence_id)
    return evidence_response(evidence, download=options.download)


@router.delete(
    "/evidence/{evidence_id}",
    response={204: None},
    summary="Remove evidence (and its file)",
    description="For who added it and the host's coordinators, while the mobility is ongoing "
    "or completed.",
)
def remove_evidence(request: HttpRequest, evidence_id: int) -> Any:
    evidence_remove(actor=request.user, evidence=_evidence(request, evidence_id))
    return Status(204, None)


# --- self-assessment ---


class SelfAssessmentAnswerOut(Schema):
    result: OutcomeResult
    result_label: str
    comment: str
    updated_at: datetime


class SelfAssessmentOutcomeOut(Schema):
    id: int
    category: str = Field(..., description="knowledge, skills or competence")
    text: LanguageMap
    answer: SelfAssessmentAnswerOut | None = Field(..., description="None until answered.")


class SelfAssessmentUnitOut(Schema):
    id: int = Field(..., description="The unit's item in the Learning Agreement.")
    unit_id: int
    version: AssessmentUnitVersionRef
    outcomes: list[SelfAssessmentOutcomeOut]


class SelfAssessmentOut(Schema):
    mobility_id: int
    editable: bool = Field(
        ..., description="You are the learner and the mobility is ongoing or completed."
    )
    units: list[SelfAssessmentUnitOut]


class SelfAssessmentIn(Schema):
    result: OutcomeResult
    comment: str = Field("", max_length=5000)


def _self_outcome_data(outcome: LearningOutcome, answer: SelfAssessment | None) -> dict[str, Any]:
    return {
        "id": outcome.pk,
        "category": outcome.category,
        "text": outcome.text,
        "answer": {
            "result": answer.result,
            "result_label": _label(OutcomeResult, answer.result),
            "comment": answer.comment,
            "updated_at": answer.updated_at,
        }
        if answer is not None
        else None,
    }


@router.get(
    "/mobilities/{mobility_id}/self-assessment",
    response=SelfAssessmentOut,
    summary="The learner's self-assessment: their own answer per outcome of the signed "
    "Learning Agreement",
)
def get_self_assessment(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    units = _units(mobility_selectors.agreement_in_force(mobility=mobility))
    answers = {s.outcome_id: s for s in self_assessments_of(mobility=mobility)} if units else {}
    return {
        "mobility_id": mobility.pk,
        "editable": mobility.learner.user_id is not None
        and mobility.learner.user_id == request.user.pk
        and mobility.status in RECORDING_STATUSES,
        "units": [
            {
                "id": unit.pk,
                "unit_id": unit.partnership_unit.unit_id,
                "version": _version(unit),
                "outcomes": [
                    _self_outcome_data(outcome, answers.get(outcome.pk))
                    for outcome in outcomes_to_achieve(unit)
                ],
            }
            for unit in units
        ],
    }


@router.put(
    "/mobilities/{mobility_id}/self-assessment/{outcome_id}",
    response=SelfAssessmentOutcomeOut,
    summary="The learner's own answer for one outcome",
    description="Only the learner, while the mobility is ongoing or completed (anyone else "
    "who sees the mobility: 403).",
)
def record_self_assessment(
    request: HttpRequest, mobility_id: int, outcome_id: int, payload: SelfAssessmentIn
) -> Any:
    mobility = _mobility(request, mobility_id)
    outcome = _outcome(outcome_id)
    answer = self_assessment_record(
        actor=request.user,
        mobility=mobility,
        outcome=outcome,
        result=payload.result,
        comment=payload.comment,
    )
    return _self_outcome_data(outcome, answer)
