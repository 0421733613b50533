# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (Query[...]).
"""Learners, their mobilities, the learner profile for the host, and the Learning Agreement
with the assessment plan of each unit.

Every read goes through the mobilities' and learners' selectors: a mobility the reader may
not see (and everything in it: profile, agreement versions, units) is a 404, and so is a
learner. A learner's own token sees their own record, mobility and agreement, nothing else.
Every write calls the same service as the screens, which checks permission again (a visible
object the reader may not change is a 403), refuses a change of what a frozen agreement
states (409) and a status change off the mobility's map (409, naming both statuses).

Edits may carry the object's ``revision`` as read: if someone saved in between, nothing is
changed and the answer is 409, so the client can reload and apply its change again.

Signing the agreement happens on its envelope: once a version is sent, its ``envelope_id``
leads to ``GET /envelopes/{envelope_id}`` and the signing operations (tag "signing"), the same
for every kind of document.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from ecvet.institutions.models import Institution
from ecvet.institutions.selectors import institution_list
from ecvet.mobilities import selectors
from ecvet.mobilities.content import agreement_content
from ecvet.mobilities.learner_import import (
    MAX_BYTES,
    ImportRefused,
    LearnerRow,
    read_learners,
)
from ecvet.mobilities.learner_selectors import (
    learner_account_candidates,
    learner_get,
    learner_list,
    learner_schools,
    school_qualifications,
)
from ecvet.mobilities.models import (
    MOBILITY_TRANSITIONS,
    AgreementStatus,
    AgreementUnit,
    AssessmentMethod,
    Enclosure,
    Gender,
    Learner,
    LearnerProfile,
    LearningAgreement,
    Mobility,
    MobilityStatus,
    Payer,
    ProfileStatus,
)
from ecvet.mobilities.services.agreements import (
    agreement_amend,
    agreement_checks,
    agreement_send,
    agreement_unit_add,
    agreement_unit_remove,
    agreement_unit_update,
    agreement_update,
    workload_balance,
)
from ecvet.mobilities.services.learners import (
    learner_create,
    learner_link_account,
    learner_update,
    learners_import,
    learners_validate,
)
from ecvet.mobilities.services.mobilities import (
    MANUAL_STATUSES,
    mobility_create,
    mobility_group_create,
    mobility_transition,
    mobility_update,
)
from ecvet.mobilities.services.profiles import profile_answer, profile_send, profile_update
from ecvet.partnerships.api import (
    AmendIn,
    DocumentCheckOut,
    InstitutionRef,
    PersonRef,
    QualificationLevelRef,
    SendingOut,
)
from ecvet.partnerships.models import Partnership, PartnershipUnit
from ecvet.partnerships.selectors import partnership_list
from ecvet.signing.selectors import envelopes_of, signature_state
from ecvet.signing.services import content_hash

router = Router(tags=["mobilities"])

LanguageMap = dict[str, str]
MAP_HELP = 'Texts by language code, e.g. {"en": "…", "lv": "…"}'
REVISION_HELP = (
    "The revision you read. If someone changed it since, nothing is changed and the answer "
    "is 409: reload and try again."
)


# --- shared pieces ---


class LearnerRef(Schema):
    id: int
    name: str


class PartnershipRef(Schema):
    id: int
    title: str


class GroupRef(Schema):
    id: int
    name: str


def _institution(institution: Institution | None) -> dict[str, Any] | None:
    if institution is None:
        return None
    return {"id": institution.pk, "name": institution.name, "country": institution.country.code}


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def _person(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": _name(user)}


def _mobility(request: HttpRequest, mobility_id: int) -> Mobility:
    """A mobility the user may see (or 404, whether it exists or not)."""
    try:
        return selectors.mobility_get(user=request.user, pk=mobility_id)
    except Mobility.DoesNotExist:
        raise Http404 from None


def _agreement(mobility: Mobility, number: int) -> LearningAgreement:
    try:
        return selectors.agreements(mobility=mobility).get(number=number)
    except LearningAgreement.DoesNotExist:
        raise Http404 from None


def _item(request: HttpRequest, item_id: int) -> tuple[AgreementUnit, Mobility]:
    """A unit of an agreement whose mobility the user may see, and that mobility (or 404)."""
    item = AgreementUnit.objects.select_related("agreement", "version").filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item, _mobility(request, item.agreement.mobility_id)


# --- learners ---


class LearnerOut(Schema):
    id: int
    school: InstitutionRef
    account: PersonRef | None = Field(
        ..., description="The learner's own account: they see their mobility and sign online."
    )
    first_name: str
    last_name: str
    name: str
    date_of_birth: date
    minor: bool = Field(..., description="Under 18 today: a parent or guardian signs too.")
    gender: str = Field(..., description="female, male, other, or empty")
    nationality: str = Field(..., description="ISO code, e.g. LV")
    email: str
    phone: str
    address: str
    qualification: QualificationLevelRef | None = Field(
        ..., description="The qualification pursued."
    )
    group: str = Field(..., description="Class or group, e.g. GA-2")
    progress: str = Field(..., description="Progress so far.")
    guardian_name: str
    guardian_email: str
    guardian_phone: str
    mobility_count: int
    revision: int = Field(..., description="Send it back with an edit to detect conflicts.")
    created_at: datetime
    updated_at: datetime

    # School, qualification and account come with ``learner_list``, and the count of
    # mobilities with it.
    @staticmethod
    def resolve_school(obj: Learner) -> dict[str, Any] | None:
        return _institution(obj.school)

    @staticmethod
    def resolve_account(obj: Learner) -> dict[str, Any] | None:
        return _person(obj.user)

    @staticmethod
    def resolve_name(obj: Learner) -> str:
        return obj.full_name

    @staticmethod
    def resolve_minor(obj: Learner) -> bool:
        return obj.is_minor_on()

    @staticmethod
    def resolve_nationality(obj: Learner) -> str:
        return obj.nationality.code if obj.nationality else ""

    @staticmethod
    def resolve_qualification(obj: Learner) -> dict[str, Any] | None:
        qualification = obj.qualification
        if qualification is None:
            return None
        return {
            "id": qualification.pk,
            "title": qualification.title,
            "eqf_level": qualification.eqf_level,
        }


class LearnerFilters(Schema):
    search: str = Field("", description="Words in the name, e-mail or group")
    group: str = Field("", description="Only this class or group")
    qualification: int | None = Field(None, description="Only learners pursuing it")


class LearnerFields(Schema):
    """What is known of a learner; only the fields sent change."""

    first_name: str | None = Field(None, min_length=1, max_length=150)
    last_name: str | None = Field(None, min_length=1, max_length=150)
    date_of_birth: date | None = None
    gender: Gender | None = None
    nationality: str | None = Field(None, max_length=2, description="ISO code, e.g. LV")
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=255)
    qualification_id: int | None = Field(
        None,
        description="A qualification of the school, shared in the library or in a "
        "partnership of the school; null for none.",
    )
    group: str | None = Field(None, max_length=60)
    progress: str | None = Field(None, max_length=5000)
    guardian_name: str | None = Field(
        None, max_length=200, description="Required for a minor: they sign too."
    )
    guardian_email: str | None = Field(None, max_length=254)
    guardian_phone: str | None = Field(None, max_length=40)


class LearnerIn(LearnerFields):
    school_id: int = Field(..., description="A school whose learners you add.")
    first_name: str = Field(..., min_length=1, max_length=150)
    last_name: str = Field(..., min_length=1, max_length=150)
    date_of_birth: date


class LearnerPatch(LearnerFields):
    account_id: int | None = Field(
        None,
        description="Link the learner's own account (a learner account of the school not "
        "linked to another learner), so they see their mobility and sign online; null "
        "unlinks it.",
    )
    revision: int | None = Field(None, description=REVISION_HELP)


LEARNER_REQUIRED = ("first_name", "last_name", "date_of_birth")


def _learner(request: HttpRequest, learner_id: int) -> Learner:
    """A learner the user may see (or 404, whether they exist or not)."""
    try:
        return learner_get(user=request.user, pk=learner_id)
    except Learner.DoesNotExist:
        raise Http404 from None


def _learner_fields(school_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """The payload as the services take it: the qualification as an object the school may
    choose (422 for any other), no null for texts that are never null."""
    for name in LEARNER_REQUIRED:
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("This field is required.")})
    if "qualification_id" in changes:
        qualification_id = changes.pop("qualification_id")
        changes["qualification"] = None
        if qualification_id is not None:
            changes["qualification"] = (
                school_qualifications(school_ids=[school_id]).filter(pk=qualification_id).first()
            )
            if changes["qualification"] is None:
                raise ValidationError(
                    {
                        "qualification_id": _(
                            "Choose a qualification of the school, shared in the library or "
                            "in a partnership."
                        )
                    }
                )
    for name, value in changes.items():
        if value is None and name not in {"qualification", "date_of_birth"}:
            changes[name] = ""
    if changes.get("nationality"):
        changes["nationality"] = changes["nationality"].upper()
    return changes


@router.get(
    "/learners",
    response=list[LearnerOut],
    summary="Learners of your school (a learner's own token: only their own record)",
)
@paginate(LimitOffsetPagination)
def list_learners(request: HttpRequest, filters: Query[LearnerFilters]) -> Any:
    return learner_list(
        user=request.user,
        search=filters.search,
        group=filters.group,
        qualification=filters.qualification,
    )


@router.post(
    "/learners",
    response={201: LearnerOut},
    summary="Add a learner to your school",
    description="For the school's coordinators and teachers. A minor needs a parent or "
    "guardian, who signs the Learning Agreement too.",
)
def create_learner(request: HttpRequest, payload: LearnerIn) -> Any:
    changes = payload.model_dump(exclude_unset=True)
    school = get_object_or_404(learner_schools(user=request.user), pk=changes.pop("school_id"))
    learner = learner_create(
        actor=request.user, school=school, **_learner_fields(school.pk, changes)
    )
    return Status(201, learner_get(user=request.user, pk=learner.pk))


class LearnersImportIn(Schema):
    school_id: int = Field(..., description="The school whose learners the file lists.")
    dry_run: bool = Field(
        False, description="true: check the file and show its rows; import nothing."
    )


class LearnerImportRowOut(Schema):
    row: int = Field(..., description="The row as the spreadsheet shows it (header: row 1).")
    first_name: str
    last_name: str
    date_of_birth: date | None
    gender: str
    nationality: str
    email: str
    phone: str
    address: str
    group: str
    qualification: QualificationLevelRef | None
    progress: str
    guardian_name: str
    guardian_email: str
    guardian_phone: str


class LearnerImportPreviewOut(Schema):
    dry_run: bool
    count: int = Field(..., description="How many learners the file would add.")
    columns: dict[str, str] = Field(..., description="Field → the column's header in the file.")
    ignored: list[str] = Field(..., description="Headers of columns that are not read.")
    rows: list[LearnerImportRowOut]


class LearnerImportDoneOut(Schema):
    count: int
    learner_ids: list[int] = Field(..., description="The new learners, in the file's order.")


class LearnerImportProblemOut(Schema):
    row: int | None = Field(..., description="The row as the spreadsheet shows it.")
    column: str = Field(..., description="The column's header as the file writes it.")
    message: str


class LearnerImportProblemsOut(Schema):
    detail: str
    problems: list[LearnerImportProblemOut]


def _import_row(row: LearnerRow) -> dict[str, Any]:
    fields = row.fields
    qualification = fields.get("qualification")
    return {
        "row": row.row,
        **{
            name: str(fields.get(name) or "")
            for name in (
                "first_name",
                "last_name",
                "gender",
                "nationality",
                "email",
                "phone",
                "address",
                "group",
                "progress",
                "guardian_name",
                "guardian_email",
                "guardian_phone",
            )
        },
        "date_of_birth": fields.get("date_of_birth"),
        "qualification": {
            "id": qualification.pk,
            "title": qualification.title,
            "eqf_level": qualification.eqf_level,
        }
        if qualification is not None
        else None,
    }


def _refused(error: ImportRefused) -> Status:
    return Status(
        422,
        {
            "detail": error.message,
            "problems": [
                {"row": p.row, "column": p.column, "message": p.message} for p in error.problems
            ],
        },
    )


@router.post(
    "/learners/import",
    response={
        200: LearnerImportPreviewOut,
        201: LearnerImportDoneOut,
        422: LearnerImportProblemsOut,
    },
    summary="Import learners from the school's spreadsheet (CSV or XLSX), all or nothing",
    description="multipart/form-data: `file` (CSV in UTF-8 with commas or semicolons, or an "
    "Excel workbook; at most 5 MB and 5000 learners), `school_id`, and optionally `dry_run`. "
    "Columns are found by their header in English or Latvian (first name, surname, date of "
    "birth, gender, nationality, e-mail, phone, address, group, qualification, progress, "
    "parent or guardian, guardian's e-mail and phone). The whole file is checked first: on "
    "any problem nothing is imported and the answer (422) lists every problem with its row "
    "and column, in your language. With `dry_run` the checked rows are shown and nothing is "
    "imported.",
)
def import_learners(
    request: HttpRequest, file: File[UploadedFile], details: Form[LearnersImportIn]
) -> Any:
    school = get_object_or_404(learner_schools(user=request.user), pk=details.school_id)
    content = file.read(MAX_BYTES + 1)
    try:
        parsed = read_learners(
            content,
            filename=file.name or "",
            school=school,
            qualifications=school_qualifications(school_ids=[school.pk]),
        )
        problems = [*parsed.problems, *learners_validate(school=school, rows=parsed.rows)]
        if problems:
            raise ImportRefused(problems)
        if details.dry_run:
            return Status(
                200,
                {
                    "dry_run": True,
                    "count": len(parsed.rows),
                    "columns": parsed.columns,
                    "ignored": parsed.ignored,
                    "rows": [_import_row(row) for row in parsed.rows],
                },
            )
        learners = learners_import(actor=request.user, school=school, rows=parsed.rows)
    except ImportRefused as error:
        return _refused(error)
    return Status(201, {"count": len(learners), "learner_ids": [obj.pk for obj in learners]})


@router.get("/learners/{learner_id}", response=LearnerOut, summary="A learner")
def get_learner(request: HttpRequest, learner_id: int) -> Any:
    return _learner(request, learner_id)


@router.patch(
    "/learners/{learner_id}",
    response=LearnerOut,
    summary="Change what is known of a learner",
    description="For the school's coordinators and teachers. " + REVISION_HELP,
)
def update_learner(request: HttpRequest, learner_id: int, payload: LearnerPatch) -> Any:
    learner = _learner(request, learner_id)
    changes = payload.model_dump(exclude_unset=True)
    revision = changes.pop("revision", None)
    link = "account_id" in changes
    account_id = changes.pop("account_id", None)
    account = None
    if account_id is not None:
        account = learner_account_candidates(learner=learner).filter(pk=account_id).first()
        if account is None:
            raise ValidationError(
                {
                    "account_id": _(
                        "Choose a learner account of the learner's school that is not linked "
                        "to another learner."
                    )
                }
            )
    fields = _learner_fields(learner.school_id, changes)
    # One change as the client sees it: the facts and the account, or neither.
    with transaction.atomic():
        learner_update(actor=request.user, learner=learner, revision=revision, **fields)
        if link:
            learner_link_account(actor=request.user, learner=learner, user=account)
    return _learner(request, learner_id)


# --- mobilities: reading ---


class AgreementSummaryOut(Schema):
    number: int
    status: AgreementStatus
    status_label: str
    amends: int | None = Field(..., description="The version number this amendment changes.")
    reason: str = Field(..., description="For an amendment: what it changes and why.")
    envelope_id: int | None = Field(
        ...,
        description="Once sent for signature: sign through GET /envelopes/{envelope_id} and "
        "POST /envelopes/{envelope_id}/signatories/{signatory_id}/sign.",
    )
    code: str | None = Field(..., description="The verification code, once sent.")
    revision: int = Field(..., description="Send it back with an edit to detect conflicts.")
    created_at: datetime
    signed_at: datetime | None


class MobilityOut(Schema):
    id: int
    learner: LearnerRef
    school: InstitutionRef = Field(..., description="The learner's (sending) school.")
    partnership: PartnershipRef
    group: GroupRef | None
    host_institution: InstitutionRef
    host_company: InstitutionRef | None
    mentor: PersonRef | None
    start: date
    end: date
    weeks: float = Field(..., description="The period in weeks, as the agreement states it.")
    place: str
    country: str
    grant_amount: Decimal | None = Field(..., description="EUR")
    travel_paid_by: str
    accommodation_paid_by: str
    insurance_paid_by: str
    financial_notes: LanguageMap
    status: MobilityStatus
    status_label: str
    cancel_reason: str
    agreement: AgreementSummaryOut | None = Field(
        ..., description="The Learning Agreement's latest version."
    )
    revision: int
    created_at: datetime
    updated_at: datetime

    # Learner, school, partnership, hosts and mentor come with ``mobility_list``; the
    # agreement versions are prefetched by the list operation.
    @staticmethod
    def resolve_learner(obj: Mobility) -> dict[str, Any]:
        return {"id": obj.learner_id, "name": obj.learner.full_name}

    @staticmethod
    def resolve_school(obj: Mobility) -> dict[str, Any] | None:
        return _institution(obj.learner.school)

    @staticmethod
    def resolve_partnership(obj: Mobility) -> dict[str, Any]:
        return {"id": obj.partnership_id, "title": obj.partnership.title}

    @staticmethod
    def resolve_group(obj: Mobility) -> dict[str, Any] | None:
        return {"id": obj.group.pk, "name": obj.group.name} if obj.group is not None else None

    @staticmethod
    def resolve_host_institution(obj: Mobility) -> dict[str, Any] | None:
        return _institution(obj.host_institution)

    @staticmethod
    def resolve_host_company(obj: Mobility) -> dict[str, Any] | None:
        return _institution(obj.host_company)

    @staticmethod
    def resolve_mentor(obj: Mobility) -> dict[str, Any] | None:
        return _person(obj.mentor)

    @staticmethod
    def resolve_country(obj: Mobility) -> str:
        return obj.country.code if obj.country else ""

    @staticmethod
    def resolve_status_label(obj: Mobility) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_agreement(obj: Mobility) -> dict[str, Any] | None:
        versions = sorted(obj.agreements.all(), key=lambda a: -a.number)
        return _summaries(versions)[0] if versions else None


class MobilityPermissionsOut(Schema):
    manage: bool = Field(
        ..., description="You prepare the mobility and its agreement (sending school)."
    )
    run: bool = Field(..., description="You may say it started, ended or is cancelled.")
    next_statuses: list[MobilityStatus] = Field(
        ..., description="The statuses you may move it to by hand now."
    )


class ProfileSummaryOut(Schema):
    status: ProfileStatus
    status_label: str


class MobilityDetailOut(MobilityOut):
    days: int
    agreements: list[AgreementSummaryOut] = Field(..., description="Every version, newest first.")
    profile: ProfileSummaryOut | None = Field(..., description="The learner profile's state.")
    permissions: MobilityPermissionsOut

    # ``_detail`` reads the mobility with its profile and agreement versions.
    @staticmethod
    def resolve_agreements(obj: Mobility) -> list[dict[str, Any]]:
        return _summaries(list(obj.agreements.all()))

    @staticmethod
    def resolve_profile(obj: Mobility) -> dict[str, Any] | None:
        profile = getattr(obj, "profile", None)
        if profile is None:
            return None
        return {"status": profile.status, "status_label": str(profile.get_status_display())}

    @staticmethod
    def resolve_permissions(obj: Mobility, context: Any) -> dict[str, Any]:
        user = context["request"].user
        run = selectors.mobility_can_run(user=user, mobility=obj)
        return {
            "manage": selectors.mobility_can_manage(user=user, mobility=obj),
            "run": run,
            "next_statuses": sorted(MOBILITY_TRANSITIONS[obj.status] & MANUAL_STATUSES)
            if run
            else [],
        }


def _agreement_summary(agreement: LearningAgreement, numbers: dict[int, int]) -> dict[str, Any]:
    # The envelope comes with every version read here (``selectors.agreements`` and the
    # list's prefetch select it).
    envelope = agreement.envelope if agreement.envelope_id is not None else None
    return {
        "number": agreement.number,
        "status": agreement.status,
        "status_label": str(agreement.get_status_display()),
        "amends": numbers.get(agreement.amends_id) if agreement.amends_id else None,
        "reason": agreement.reason,
        "envelope_id": agreement.envelope_id,
        "code": envelope.code if envelope is not None else None,
        "revision": agreement.revision,
        "created_at": agreement.created_at,
        "signed_at": agreement.signed_at,
    }


def _summaries(agreements: list[LearningAgreement]) -> list[dict[str, Any]]:
    numbers = {a.pk: a.number for a in agreements}
    return [_agreement_summary(a, numbers) for a in agreements]


def _with_agreements(qs: Any) -> Any:
    """What a mobility row shows besides ``mobility_list``'s joins: its group and its
    agreement versions (one query for the whole page)."""
    return qs.select_related("group").prefetch_related(
        Prefetch(
            "agreements",
            LearningAgreement.objects.select_related("envelope").order_by("-number"),
        )
    )


def _detail(request: HttpRequest, mobility_id: int) -> Mobility:
    """The mobility as ``MobilityDetailOut`` reads it (or 404)."""
    mobility = (
        _with_agreements(selectors.mobility_list(user=request.user))
        .select_related("profile")
        .filter(pk=mobility_id)
        .first()
    )
    if mobility is None:
        raise Http404
    return mobility


class MobilityFilters(Schema):
    search: str = Field("", description="Words in the learner's name, the place or the host")
    status: MobilityStatus | None = None
    partnership: int | None = Field(None, description="Only this partnership's mobilities.")


@router.get(
    "/mobilities",
    response=list[MobilityOut],
    summary="Mobilities you may see: your school's, those you host or mentor, or your own",
)
@paginate(LimitOffsetPagination)
def list_mobilities(request: HttpRequest, filters: Query[MobilityFilters]) -> Any:
    partnership = None
    if filters.partnership is not None:
        partnership = partnership_list(user=request.user).filter(pk=filters.partnership).first()
        if partnership is None:
            return Mobility.objects.none()
    return _with_agreements(
        selectors.mobility_list(
            user=request.user,
            search=filters.search,
            status=filters.status or "",
            partnership=partnership,
        )
    )


@router.get(
    "/mobilities/{mobility_id}",
    response=MobilityDetailOut,
    summary="A mobility: learner, host, mentor, period, place, financial terms, status, and "
    "its Learning Agreement versions",
)
def get_mobility(request: HttpRequest, mobility_id: int) -> Any:
    return _detail(request, mobility_id)


# --- mobilities: writing ---


class MobilityFields(Schema):
    """What a mobility states (and its Learning Agreement with it); only the fields sent
    change."""

    host_institution_id: int | None = Field(
        None, description="A hosting partner of the partnership."
    )
    host_company_id: int | None = Field(
        None, description="The workplace, e.g. a company; null for none."
    )
    mentor_id: int | None = Field(
        None, description="A person of the host institution or host company; they sign."
    )
    start: date | None = None
    end: date | None = None
    place: str | None = Field(None, max_length=200, description="Town, e.g. Aalborg")
    country: str | None = Field(None, max_length=2, description="ISO code, e.g. DK")
    grant_amount: Decimal | None = Field(None, ge=0, max_digits=9, decimal_places=2)
    travel_paid_by: Payer | None = None
    accommodation_paid_by: Payer | None = None
    insurance_paid_by: Payer | None = None
    financial_notes: LanguageMap | None = Field(None, description=MAP_HELP)


class MobilityIn(MobilityFields):
    learner_id: int = Field(..., description="A learner of your school.")
    partnership_id: int = Field(..., description="The partnership the learner goes under.")
    host_institution_id: int = Field(..., description="A hosting partner of the partnership.")
    start: date
    end: date
    unit_ids: list[int] = Field(
        [],
        description="Units in the partnership (their item ids) the learner will achieve; "
        "only units agreed by every partner.",
    )


class MobilityPatch(MobilityFields):
    revision: int | None = Field(None, description=REVISION_HELP)


class MobilityGroupIn(MobilityFields):
    name: str = Field(..., min_length=1, max_length=200, description="e.g. Carpenters, May")
    partnership_id: int
    learner_ids: list[int] = Field(..., min_length=1, description="Learners of your school.")
    host_institution_id: int
    start: date
    end: date
    unit_ids: list[int] = Field([], description="As for one mobility: the same for everyone.")


class MobilityGroupOut(Schema):
    id: int
    name: str
    partnership: PartnershipRef
    mobilities: list[MobilityOut] = Field(
        ..., description="One per learner, each with its own Learning Agreement."
    )


class TransitionIn(Schema):
    wanted: MobilityStatus = Field(
        ..., description="ongoing (it started), completed (it ended) or cancelled."
    )
    reason: str = Field("", max_length=5000, description="Required to cancel: why.")


REQUIRED = ("host_institution_id", "start", "end")


def _host(partnership: Partnership, institution_id: int) -> Institution:
    partner = (
        partnership.partners.select_related("institution")
        .filter(institution_id=institution_id)
        .first()
    )
    if partner is None:
        raise ValidationError(
            {"host_institution_id": _("Choose a hosting partner of the partnership.")}
        )
    return partner.institution


def _mobility_fields(
    request: HttpRequest,
    partnership: Partnership,
    changes: dict[str, Any],
    current: Mobility | None = None,
) -> dict[str, Any]:
    """The payload as the services take it: ids as objects the user may choose (422 for any
    other), no null for texts that are never null."""
    for name in REQUIRED:
        if name in changes and changes[name] is None:
            raise ValidationError({name: _("This field is required.")})
    fields: dict[str, Any] = {}
    if "host_institution_id" in changes:
        fields["host_institution"] = _host(partnership, changes.pop("host_institution_id"))
    if "host_company_id" in changes:
        company_id = changes.pop("host_company_id")
        fields["host_company"] = None
        if company_id is not None:
            # An institution the user sees (e.g. a company their school registered) or a
            # partner of the partnership.
            fields["host_company"] = (
                Institution.objects.filter(pk=company_id)
                .filter(
                    Q(pk__in=institution_list(user=request.user).values("pk"))
                    | Q(pk__in=partnership.partners.values("institution_id"))
                )
                .first()
            )
            if fields["host_company"] is None:
                raise ValidationError({"host_company_id": _("Choose an institution you can see.")})
    if "mentor_id" in changes:
        mentor_id = changes.pop("mentor_id")
        fields["mentor"] = None
        if mentor_id is not None:
            host = fields.get("host_institution", current.host_institution if current else None)
            company = fields.get("host_company", current.host_company if current else None)
            fields["mentor"] = (
                selectors.mentor_candidates(host_institution=host, host_company=company)
                .filter(pk=mentor_id)
                .first()
            )
            if fields["mentor"] is None:
                raise ValidationError(
                    {"mentor_id": _("Choose a person of the host institution or host company.")}
                )
    for name in ("place", "country", "travel_paid_by", "accommodation_paid_by"):
        if name in changes:
            fields[name] = changes.pop(name) or ""
    if "insurance_paid_by" in changes:
        fields["insurance_paid_by"] = changes.pop("insurance_paid_by") or ""
    if "country" in fields:
        fields["country"] = fields["country"].upper()
    if "financial_notes" in changes:
        fields["financial_notes"] = changes.pop("financial_notes") or {}
    for name in ("start", "end", "grant_amount"):
        if name in changes:
            fields[name] = changes.pop(name)
    return fields


def _learners(request: HttpRequest, learner_ids: list[int]) -> list[Learner]:
    found = {
        learner.pk: learner
        for learner in learner_list(user=request.user).filter(pk__in=learner_ids)
    }
    if set(learner_ids) - set(found):
        raise ValidationError({"learner_ids": _("Choose learners you can see.")})
    return [found[pk] for pk in dict.fromkeys(learner_ids)]


def _partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    partnership = partnership_list(user=request.user).filter(pk=partnership_id).first()
    if partnership is None:
        raise ValidationError({"partnership_id": _("Choose a partnership you take part in.")})
    return partnership


def _units(partnership: Partnership, unit_ids: list[int]) -> list[PartnershipUnit]:
    found = {item.pk: item for item in partnership.units.filter(pk__in=unit_ids)}
    if set(unit_ids) - set(found):
        raise ValidationError({"unit_ids": _("Choose units of this partnership.")})
    return [found[pk] for pk in dict.fromkeys(unit_ids)]


@router.post(
    "/mobilities",
    response={201: MobilityDetailOut},
    summary="Plan a mobility for a learner of your school (its learner profile and Learning "
    "Agreement draft come with it)",
)
def create_mobility(request: HttpRequest, payload: MobilityIn) -> Any:
    changes = payload.model_dump(exclude_unset=True)
    try:
        learner = learner_get(user=request.user, pk=changes.pop("learner_id"))
    except Learner.DoesNotExist:
        raise ValidationError({"learner_id": _("Choose a learner you can see.")}) from None
    partnership = _partnership(request, changes.pop("partnership_id"))
    units = _units(partnership, changes.pop("unit_ids", []))
    fields = _mobility_fields(request, partnership, changes)
    mobility = mobility_create(
        actor=request.user,
        learner=learner,
        partnership=partnership,
        host_institution=fields.pop("host_institution"),
        start=fields.pop("start"),
        end=fields.pop("end"),
        units=units,
        **fields,
    )
    return Status(201, _detail(request, mobility.pk))


@router.patch(
    "/mobilities/{mobility_id}",
    response=MobilityDetailOut,
    summary="Change what the mobility states: host, mentor, period, place, financial terms",
    description="Only while its Learning Agreement's latest version is a draft (else 409: "
    "start an amendment). " + REVISION_HELP,
)
def update_mobility(request: HttpRequest, mobility_id: int, payload: MobilityPatch) -> Any:
    mobility = _mobility(request, mobility_id)
    changes = payload.model_dump(exclude_unset=True)
    revision = changes.pop("revision", None)
    fields = _mobility_fields(request, mobility.partnership, changes, current=mobility)
    mobility_update(actor=request.user, mobility=mobility, revision=revision, **fields)
    return _detail(request, mobility_id)


@router.post(
    "/mobilities/{mobility_id}/status",
    response=MobilityDetailOut,
    summary="Say the mobility started, ended, or is cancelled (with a reason)",
    description="A move off the mobility's map (e.g. recognised → ongoing) is a 409 naming "
    "both statuses. “Agreed” comes from the signed Learning Agreement; “validated” and "
    "“recognised” from the sending school's decisions after the mobility.",
)
def change_mobility_status(request: HttpRequest, mobility_id: int, payload: TransitionIn) -> Any:
    mobility_transition(
        actor=request.user,
        mobility=_mobility(request, mobility_id),
        wanted=payload.wanted,
        reason=payload.reason,
    )
    return _detail(request, mobility_id)


@router.post(
    "/mobility-groups",
    response={201: MobilityGroupOut},
    summary="Plan mobilities for several learners at once from one template (same "
    "partnership, host, period and units), all or nothing",
)
def create_mobility_group(request: HttpRequest, payload: MobilityGroupIn) -> Any:
    changes = payload.model_dump(exclude_unset=True)
    learners = _learners(request, changes.pop("learner_ids"))
    partnership = _partnership(request, changes.pop("partnership_id"))
    units = _units(partnership, changes.pop("unit_ids", []))
    name = changes.pop("name").strip()
    fields = _mobility_fields(request, partnership, changes)
    group = mobility_group_create(
        actor=request.user,
        name=name,
        partnership=partnership,
        learners=learners,
        host_institution=fields.pop("host_institution"),
        start=fields.pop("start"),
        end=fields.pop("end"),
        units=units,
        **fields,
    )
    mobilities = _with_agreements(selectors.mobility_list(user=request.user)).filter(group=group)
    return Status(
        201,
        {
            "id": group.pk,
            "name": group.name,
            "partnership": {"id": partnership.pk, "title": partnership.title},
            "mobilities": list(mobilities.order_by("learner__last_name", "learner__first_name")),
        },
    )


# --- the learner profile for the host ---


class LearnerProfileOut(Schema):
    knowledge: LanguageMap = Field(..., description="Professional knowledge")
    skills: LanguageMap = Field(..., description="Professional skills")
    competence: LanguageMap = Field(..., description="Competences")
    social: LanguageMap = Field(..., description="Social skills")
    status: ProfileStatus
    status_label: str
    sent_at: datetime | None
    host_proposals: str = Field(..., description="The host's proposals in return.")
    answered_by: PersonRef | None
    answered_at: datetime | None
    revision: int

    @staticmethod
    def resolve_status_label(obj: LearnerProfile) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_answered_by(obj: LearnerProfile) -> dict[str, Any] | None:
        return _person(obj.answered_by)


class LearnerProfilePatch(Schema):
    knowledge: LanguageMap | None = Field(None, description=MAP_HELP)
    skills: LanguageMap | None = None
    competence: LanguageMap | None = None
    social: LanguageMap | None = None
    revision: int | None = Field(None, description=REVISION_HELP)


class ProfileAnswerIn(Schema):
    proposals: str = Field(
        ...,
        min_length=1,
        max_length=10000,
        description="New, different or additional things the trainee could learn at the host.",
    )


def _profile(request: HttpRequest, mobility_id: int) -> LearnerProfile:
    mobility = _mobility(request, mobility_id)
    profile = LearnerProfile.objects.select_related("answered_by").filter(mobility=mobility).first()
    if profile is None:
        raise Http404
    return profile


def _profile_data(profile: LearnerProfile) -> LearnerProfile:
    return LearnerProfile.objects.select_related("answered_by").get(pk=profile.pk)


@router.get(
    "/mobilities/{mobility_id}/profile",
    response=LearnerProfileOut,
    summary="The learner profile the sending school gives the host, and the host's proposals",
)
def get_profile(request: HttpRequest, mobility_id: int) -> Any:
    return _profile(request, mobility_id)


@router.patch(
    "/mobilities/{mobility_id}/profile",
    response=LearnerProfileOut,
    summary="Describe the trainee: professional knowledge, skills, competences, social skills",
    description="For the sending school's staff. " + REVISION_HELP,
)
def update_profile(request: HttpRequest, mobility_id: int, payload: LearnerProfilePatch) -> Any:
    profile = _profile(request, mobility_id)
    changes = payload.model_dump(exclude_unset=True)
    revision = changes.pop("revision", None)
    fields = {name: value or {} for name, value in changes.items()}
    return _profile_data(
        profile_update(actor=request.user, profile=profile, revision=revision, **fields)
    )


@router.post(
    "/mobilities/{mobility_id}/profile/send",
    response=LearnerProfileOut,
    summary="Send the profile to the host (its coordinators and the mentor are told)",
)
def send_profile(request: HttpRequest, mobility_id: int) -> Any:
    profile = profile_send(actor=request.user, profile=_profile(request, mobility_id))
    return _profile_data(profile)


@router.post(
    "/mobilities/{mobility_id}/profile/answer",
    response=LearnerProfileOut,
    summary="The host answers the profile with its proposals",
)
def answer_profile(request: HttpRequest, mobility_id: int, payload: ProfileAnswerIn) -> Any:
    profile = profile_answer(
        actor=request.user, profile=_profile(request, mobility_id), proposals=payload.proposals
    )
    return _profile_data(profile)


# --- the Learning Agreement ---


class VersionRef(Schema):
    id: int
    number: int
    name: LanguageMap


class AgreementUnitOut(Schema):
    id: int = Field(..., description="The unit in the agreement (item_id).")
    partnership_unit_id: int
    unit_id: int
    version: VersionRef = Field(..., description="The unit version agreed in the partnership.")
    position: int
    all_outcomes: bool = Field(..., description="Every outcome of the unit (none chosen).")
    outcome_ids: list[int] = Field(..., description="The chosen outcomes, if not all.")
    assessor: PersonRef | None = Field(..., description="Who assesses: a mentor or teacher.")
    methods: list[AssessmentMethod] = Field(..., description="How it is assessed.")
    when: str
    where: str
    evidence: LanguageMap
    criteria: LanguageMap


class WorkloadOut(Schema):
    available_hours: float = Field(..., description="The mobility's working hours.")
    planned_hours: float = Field(..., description="What the chosen units need.")
    remaining_hours: float
    percent: int
    over: bool = Field(..., description="The units need more than the mobility offers.")
    unknown: list[str] = Field(..., description="Units whose workload is not given.")


class AgreementOut(AgreementSummaryOut):
    learning_activities: LanguageMap
    documentation: LanguageMap
    validation_recognition: LanguageMap
    enclosures: list[Enclosure]
    units: list[AgreementUnitOut] = Field(..., description="With each unit's assessment plan.")
    content: dict[str, Any] = Field(
        ...,
        description="The canonical content: as frozen when sent (its SHA-256 is content_hash), "
        "or drafted from the mobility now while a draft.",
    )
    content_hash: str | None = Field(..., description="SHA-256 of the content, once sent.")
    draft_hash: str | None = Field(
        ...,
        description="For a draft: SHA-256 of the content as drafted now. Send it back as "
        "seen_hash to send exactly what you reviewed.",
    )
    checks: list[DocumentCheckOut] | None = Field(
        ..., description="For a draft: what blocks sending (error) and what to look at."
    )
    workload: WorkloadOut | None = Field(
        ..., description="For a draft: the units' workload against the mobility's length."
    )
    sendings: list[SendingOut] = Field(
        ..., description="Every sending of this version for signature, newest first."
    )


class AgreementPatch(Schema):
    learning_activities: LanguageMap | None = Field(
        None, description="Tasks, workplace and courses. " + MAP_HELP
    )
    documentation: LanguageMap | None = Field(None, description="How results are documented.")
    validation_recognition: LanguageMap | None = Field(
        None, description="Who validates and recognises, and how."
    )
    enclosures: list[Enclosure] | None = None
    revision: int | None = Field(None, description=REVISION_HELP)


class AgreementUnitIn(Schema):
    partnership_unit_id: int = Field(
        ..., description="A unit in the mobility's partnership, agreed by every partner."
    )
    outcome_ids: list[int] = Field(
        [], description="Outcomes of its agreed version to achieve; empty: every outcome."
    )


class PlanPatch(Schema):
    """The unit's assessment plan; only the fields sent change."""

    assessor_id: int | None = Field(
        None, description="A person of the host or the sending school; null for nobody yet."
    )
    methods: list[AssessmentMethod] | None = None
    when: str | None = Field(None, max_length=200, description="e.g. in the last week")
    where: str | None = Field(None, max_length=200)
    evidence: LanguageMap | None = Field(None, description="What the assessor looks at or keeps.")
    criteria: LanguageMap | None = Field(None, description="What counts as achieved.")
    outcome_ids: list[int] | None = Field(
        None, description="Outcomes of the unit's version; empty or null: every outcome."
    )


class SendIn(Schema):
    revision: int | None = Field(None, description="The agreement's revision you reviewed.")
    seen_hash: str | None = Field(
        None, description="The draft_hash you reviewed; if the content changed since, 409."
    )


def _unit_data(item: AgreementUnit) -> dict[str, Any]:
    chosen = sorted(o.pk for o in item.outcomes.all())
    return {
        "id": item.pk,
        "partnership_unit_id": item.partnership_unit_id,
        "unit_id": item.partnership_unit.unit_id,
        "version": {
            "id": item.version_id,
            "number": item.version.number,
            "name": item.version.name,
        },
        "position": item.position,
        "all_outcomes": not chosen,
        "outcome_ids": chosen,
        "assessor": _person(item.assessor),
        "methods": list(item.methods),
        "when": item.when,
        "where": item.where,
        "evidence": item.evidence,
        "criteria": item.criteria,
    }


def _sendings(agreement: LearningAgreement) -> list[dict[str, Any]]:
    sendings = []
    for sent in envelopes_of(agreement):
        state = signature_state(sent)
        sendings.append(
            {
                "envelope_id": sent.pk,
                "code": sent.code,
                "status": sent.status,
                "status_label": str(sent.get_status_display()),
                "content_hash": sent.content_hash,
                "sent_at": sent.sent_at,
                "sent_by": _name(sent.sent_by),
                "closed_at": sent.closed_at,
                "closed_by": _name(sent.closed_by) if sent.closed_by is not None else None,
                "closing_reason": sent.closing_reason,
                "signed": state["signed"],
                "signatures_wanted": state["total"],
            }
        )
    return sendings


def _agreement_data(mobility: Mobility, number: int) -> dict[str, Any]:
    agreement = _agreement(mobility, number)
    numbers = {agreement.pk: agreement.number}
    if agreement.amends_id:
        numbers[agreement.amends_id] = LearningAgreement.objects.values_list(
            "number", flat=True
        ).get(pk=agreement.amends_id)
    content = agreement_content(agreement)
    draft = not agreement.is_frozen
    balance = workload_balance(agreement) if draft else None
    return {
        **_agreement_summary(agreement, numbers),
        "learning_activities": agreement.learning_activities,
        "documentation": agreement.documentation,
        "validation_recognition": agreement.validation_recognition,
        "enclosures": list(agreement.enclosures),
        "units": [_unit_data(item) for item in selectors.agreement_units(agreement=agreement)],
        "content": content,
        "content_hash": agreement.envelope.content_hash
        if not draft and agreement.envelope is not None
        else None,
        "draft_hash": content_hash(content) if draft else None,
        "checks": [
            {"level": check.level, "message": check.message}
            for check in agreement_checks(agreement=agreement)
        ]
        if draft
        else None,
        "workload": {
            "available_hours": float(balance.available_hours),
            "planned_hours": float(balance.planned_hours),
            "remaining_hours": float(balance.remaining_hours),
            "percent": balance.percent,
            "over": balance.over,
            "unknown": balance.unknown,
        }
        if balance is not None
        else None,
        "sendings": _sendings(agreement),
    }


def _outcomes(version: Any, outcome_ids: list[int]) -> list[Any]:
    found = {o.pk: o for o in version.outcomes.filter(pk__in=outcome_ids)}
    if set(outcome_ids) - set(found):
        raise ValidationError({"outcome_ids": _("Choose outcomes of this unit's version.")})
    return [found[pk] for pk in dict.fromkeys(outcome_ids)]


@router.get(
    "/mobilities/{mobility_id}/agreements",
    response=list[AgreementSummaryOut],
    summary="The Learning Agreement's versions, newest first",
)
def list_agreements(request: HttpRequest, mobility_id: int) -> Any:
    mobility = _mobility(request, mobility_id)
    return _summaries(list(selectors.agreements(mobility=mobility)))


@router.post(
    "/mobilities/{mobility_id}/agreements/amend",
    response={201: AgreementOut},
    summary="Start an amendment of the signed agreement (the next version, signed again by "
    "every party)",
)
def amend_agreement(request: HttpRequest, mobility_id: int, payload: AmendIn) -> Any:
    mobility = _mobility(request, mobility_id)
    amendment = agreement_amend(actor=request.user, mobility=mobility, reason=payload.reason)
    return Status(201, _agreement_data(mobility, amendment.number))


@router.get(
    "/mobilities/{mobility_id}/agreements/{number}",
    response=AgreementOut,
    summary="A version of the Learning Agreement: its units and assessment plans, content, "
    "status, hash, checks and workload balance",
)
def get_agreement(request: HttpRequest, mobility_id: int, number: int) -> Any:
    return _agreement_data(_mobility(request, mobility_id), number)


@router.patch(
    "/mobilities/{mobility_id}/agreements/{number}",
    response=AgreementOut,
    summary="Change the draft's learning activities, documentation, validation and "
    "recognition, enclosures",
    description="Only a draft (else 409: start an amendment). " + REVISION_HELP,
)
def update_agreement(
    request: HttpRequest, mobility_id: int, number: int, payload: AgreementPatch
) -> Any:
    mobility = _mobility(request, mobility_id)
    changes = payload.model_dump(exclude_unset=True)
    revision = changes.pop("revision", None)
    fields = {
        name: value if value is not None else ([] if name == "enclosures" else {})
        for name, value in changes.items()
    }
    agreement_update(
        actor=request.user,
        agreement=_agreement(mobility, number),
        revision=revision,
        **fields,
    )
    return _agreement_data(mobility, number)


@router.post(
    "/mobilities/{mobility_id}/agreements/{number}/units",
    response={201: AgreementUnitOut},
    summary="Add a unit the learner will achieve (one agreed in the partnership), or chosen "
    "outcomes of it",
)
def add_agreement_unit(
    request: HttpRequest, mobility_id: int, number: int, payload: AgreementUnitIn
) -> Any:
    mobility = _mobility(request, mobility_id)
    agreement = _agreement(mobility, number)
    partnership_unit = (
        PartnershipUnit.objects.select_related("version")
        .filter(pk=payload.partnership_unit_id, partnership_id=mobility.partnership_id)
        .first()
    )
    if partnership_unit is None:
        raise ValidationError(
            {"partnership_unit_id": _("Choose a unit of this mobility's partnership.")}
        )
    outcomes = _outcomes(partnership_unit.version, payload.outcome_ids)
    item = agreement_unit_add(
        actor=request.user,
        agreement=agreement,
        partnership_unit=partnership_unit,
        outcomes=outcomes,
    )
    return Status(201, _unit_data(selectors.agreement_units(agreement=agreement).get(pk=item.pk)))


@router.patch(
    "/agreement-units/{item_id}",
    response=AgreementUnitOut,
    summary="The unit's assessment plan: who assesses, how, when, where, on what evidence "
    "and criteria; and which of its outcomes",
    description="Only while the agreement is a draft (else 409).",
)
def update_agreement_unit(request: HttpRequest, item_id: int, payload: PlanPatch) -> Any:
    item, mobility = _item(request, item_id)
    changes = payload.model_dump(exclude_unset=True)
    fields: dict[str, Any] = {}
    if "assessor_id" in changes:
        assessor_id = changes.pop("assessor_id")
        fields["assessor"] = None
        if assessor_id is not None:
            fields["assessor"] = (
                selectors.assessor_candidates(mobility=mobility).filter(pk=assessor_id).first()
            )
            if fields["assessor"] is None:
                raise ValidationError(
                    {
                        "assessor_id": _(
                            "The assessor must work at the host or at the sending school."
                        )
                    }
                )
    if "outcome_ids" in changes:
        fields["outcomes"] = _outcomes(item.version, changes.pop("outcome_ids") or [])
    for name in ("when", "where"):
        if name in changes:
            fields[name] = changes.pop(name) or ""
    for name in ("evidence", "criteria"):
        if name in changes:
            fields[name] = changes.pop(name) or {}
    if "methods" in changes:
        fields["methods"] = changes.pop("methods") or []
    agreement_unit_update(actor=request.user, item=item, **fields)
    return _unit_data(selectors.agreement_units(agreement=item.agreement).get(pk=item.pk))


@router.delete(
    "/agreement-units/{item_id}",
    response={204: None},
    summary="Take a unit out of the draft agreement",
)
def delete_agreement_unit(request: HttpRequest, item_id: int) -> Any:
    item, _mobility_of_item = _item(request, item_id)
    agreement_unit_remove(actor=request.user, item=item)
    return Status(204, None)


@router.post(
    "/mobilities/{mobility_id}/agreements/{number}/send",
    response=AgreementOut,
    summary="Send the draft for signature to the sending school, the host's mentor and the "
    "learner (and a minor's parent or guardian)",
    description="Freezes the content (its SHA-256 is stored). Then each party signs on the "
    "envelope: POST /envelopes/{envelope_id}/signatories/{signatory_id}/sign; when every "
    "party has signed, the mobility is “agreed”. With `revision` and `seen_hash`, nothing is "
    "sent if the draft changed since you reviewed it (409).",
)
def send_agreement(request: HttpRequest, mobility_id: int, number: int, payload: SendIn) -> Any:
    mobility = _mobility(request, mobility_id)
    agreement_send(
        actor=request.user,
        agreement=_agreement(mobility, number),
        revision=payload.revision,
        seen_hash=payload.seen_hash,
    )
    return _agreement_data(mobility, number)
