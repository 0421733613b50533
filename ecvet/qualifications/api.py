# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (Query[...]).
"""Qualifications, units of learning outcomes, their versions and outcomes, and ESCO.

Every read goes through the visibility selectors (an object the reader may not see is a
404); every write calls the same service as the screens, which checks permission again
(a visible object the reader may not change is a 403).

Editing is always on the unit's working draft: the endpoints that change a unit or add
outcomes call ``unit_draft`` first, so editing an agreed unit starts version n+1 and leaves
version n exactly as it was agreed. Outcome ids belong to one version: after a new draft
has started, read ``GET /units/{id}`` for the draft's ids. An outcome id of an agreed
version is refused with 409 — it is not mapped onto the draft, because a row of the draft
has no stored link to the row it was copied from, and guessing by position would edit the
wrong row once the draft's rows have moved.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ecvet.institutions.models import Institution
from ecvet.institutions.selectors import institution_list
from ecvet.multilingual.text import content_languages
from ecvet.qualifications.checks import unit_checks
from ecvet.qualifications.diff import RowStatus, version_diff
from ecvet.qualifications.esco.index import esco_skill_suggestions
from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    LearningOutcome,
    Qualification,
    Unit,
    UnitKind,
    UnitVersion,
    VersionStatus,
    WorkloadUnit,
)
from ecvet.qualifications.selectors import (
    qualification_list,
    unit_library,
    unit_list,
    version_get,
    version_with_outcomes,
)
from ecvet.qualifications.services.outcomes import (
    outcome_add,
    outcome_delete,
    outcome_move,
    outcome_skill_accept,
    outcome_skill_remove,
    outcome_update,
    outcomes_paste,
)
from ecvet.qualifications.services.qualifications import (
    qualification_create,
    qualification_update,
)
from ecvet.qualifications.services.units import (
    unit_copy,
    unit_create,
    unit_draft,
    unit_set_shared,
    unit_version_agree,
    unit_version_update,
)

router = Router(tags=["units"])

LanguageMap = dict[str, str]
MAP_HELP = 'Texts by language code, e.g. {"en": "Carpenter", "lv": "Galdnieks"}'


# --- shared pieces ---


class InstitutionRef(Schema):
    id: int
    name: str
    country: str


class QualificationRef(Schema):
    id: int
    title: LanguageMap


def _institution_ref(institution: Institution) -> dict[str, Any]:
    return {"id": institution.pk, "name": institution.name, "country": institution.country.code}


def _qualification_ref(qualification: Qualification | None) -> dict[str, Any] | None:
    if qualification is None:
        return None
    return {"id": qualification.pk, "title": qualification.title}


def _person_name(user: Any) -> str | None:
    if user is None:
        return None
    return str(user.get_full_name() or user.get_username())


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _owner(request: HttpRequest, owner_id: int) -> Institution:
    """An institution the user can see; the service decides whether they may write for it."""
    return get_object_or_404(institution_list(user=request.user), pk=owner_id)


# --- qualifications ---


class QualificationOut(Schema):
    id: int
    title: LanguageMap
    country: str
    awarding_body: str
    eqf_level: int
    national_level: str
    esco_occupation_uri: str
    description: LanguageMap
    owner: InstitutionRef
    shared: bool
    source_language: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_country(obj: Qualification) -> str:
        return obj.country.code

    @staticmethod
    def resolve_owner(obj: Qualification) -> dict[str, Any]:
        return _institution_ref(obj.owner)


class QualificationIn(Schema):
    owner_id: int = Field(..., description="Your institution that owns the qualification.")
    title: LanguageMap = Field(..., description=MAP_HELP)
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    awarding_body: str = Field("", max_length=255)
    eqf_level: int = Field(..., ge=1, le=8)
    national_level: str = Field("", max_length=40)
    esco_occupation_uri: str = Field("", max_length=200)
    description: LanguageMap = Field(default_factory=dict)
    shared: bool = False
    source_language: str = Field("en", min_length=2, max_length=10)


class QualificationPatch(Schema):
    title: LanguageMap | None = None
    country: str | None = Field(None, min_length=2, max_length=2)
    awarding_body: str | None = Field(None, max_length=255)
    eqf_level: int | None = Field(None, ge=1, le=8)
    national_level: str | None = Field(None, max_length=40)
    esco_occupation_uri: str | None = Field(None, max_length=200)
    description: LanguageMap | None = None
    shared: bool | None = None
    source_language: str | None = Field(None, min_length=2, max_length=10)


class QualificationFilters(Schema):
    search: str = Field("", description="Words in the title (any language) or awarding body")
    eqf_level: int | None = Field(None, ge=1, le=8)
    country: str = Field("", description="ISO 3166-1 alpha-2")


@router.get(
    "/qualifications",
    response=list[QualificationOut],
    tags=["qualifications"],
    summary="Qualifications you may see",
)
@paginate(LimitOffsetPagination)
def list_qualifications(request: HttpRequest, filters: Query[QualificationFilters]) -> Any:
    return qualification_list(
        user=request.user,
        search=filters.search,
        eqf_level=filters.eqf_level,
        country=filters.country.upper(),
    )


@router.get(
    "/qualifications/{qualification_id}", response=QualificationOut, tags=["qualifications"]
)
def get_qualification(request: HttpRequest, qualification_id: int) -> Any:
    return get_object_or_404(qualification_list(user=request.user), pk=qualification_id)


@router.post(
    "/qualifications",
    response={201: QualificationOut},
    tags=["qualifications"],
    summary="Describe a qualification",
)
def create_qualification(request: HttpRequest, payload: QualificationIn) -> Any:
    fields = payload.model_dump()
    owner = _owner(request, fields.pop("owner_id"))
    fields["country"] = fields["country"].upper()
    return Status(201, qualification_create(actor=request.user, owner=owner, **fields))


@router.patch(
    "/qualifications/{qualification_id}", response=QualificationOut, tags=["qualifications"]
)
def update_qualification(
    request: HttpRequest, qualification_id: int, payload: QualificationPatch
) -> Any:
    qualification = get_object_or_404(qualification_list(user=request.user), pk=qualification_id)
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("country"):
        changes["country"] = changes["country"].upper()
    return qualification_update(actor=request.user, qualification=qualification, **changes)


# --- units: reading ---


class VersionSummaryOut(Schema):
    number: int
    status: VersionStatus
    name: LanguageMap
    kind: UnitKind
    eqf_level: int | None
    qualification: QualificationRef | None
    updated_at: datetime


class CopiedFromOut(Schema):
    unit_id: int
    version: int
    owner: str


class UnitOut(Schema):
    id: int
    owner: InstitutionRef
    shared: bool
    latest: VersionSummaryOut | None
    copied_from: CopiedFromOut | None
    created_at: datetime

    @staticmethod
    def resolve_owner(obj: Unit) -> dict[str, Any]:
        return _institution_ref(obj.owner)

    @staticmethod
    def resolve_latest(obj: Unit) -> dict[str, Any] | None:
        version = obj.latest
        if version is None:
            return None
        return {
            "number": version.number,
            "status": version.status,
            "name": version.name,
            "kind": version.kind,
            "eqf_level": version.eqf_level,
            "qualification": _qualification_ref(version.qualification),
            "updated_at": version.updated_at,
        }

    @staticmethod
    def resolve_copied_from(obj: Unit) -> dict[str, Any] | None:
        source = obj.copied_from
        if source is None:
            return None
        return {
            "unit_id": source.unit_id,
            "version": source.number,
            "owner": source.unit.owner.name,
        }


class EscoLinkOut(Schema):
    uri: str
    label: str
    accepted_at: datetime


class OutcomeFields(Schema):
    id: int
    version: int = Field(..., description="The number of the version this row belongs to.")
    category: Category
    position: int
    is_heading: bool
    text: LanguageMap
    criteria: LanguageMap
    esco_skills: list[EscoLinkOut]


class OutcomeOut(OutcomeFields):
    @staticmethod
    def resolve_version(obj: LearningOutcome) -> int:
        return obj.version.number

    @staticmethod
    def resolve_esco_skills(obj: LearningOutcome) -> list[dict[str, Any]]:
        return _esco_links(obj)


class RowOut(OutcomeFields):
    heading_id: int | None = Field(
        None, description="The topic heading this outcome sits under, if any."
    )


class ColumnOut(Schema):
    category: Category
    label: str
    rows: list[RowOut] = Field(..., description="Outcomes and topic headings, in order.")


class CheckOut(Schema):
    code: str
    title: str
    ok: bool
    warnings: list[str]


class VersionOut(Schema):
    number: int
    status: VersionStatus
    agreed_at: datetime | None
    agreed_by: str | None
    based_on: int | None = Field(..., description="The version number this draft was started from.")
    name: LanguageMap
    qualification: QualificationRef | None
    qualification_reference: LanguageMap
    area_of_work: LanguageMap
    eqf_level: int | None
    national_level: str
    description: LanguageMap
    kind: UnitKind
    workload: float | None
    workload_unit: WorkloadUnit
    ecvet_points: float | None
    assessment_method: LanguageMap
    source_language: str
    created_at: datetime
    updated_at: datetime
    columns: list[ColumnOut]


class UnitDetailOut(UnitOut):
    version: VersionOut = Field(..., description="The latest version: the draft, if one is open.")
    checks: list[CheckOut] = Field(
        ..., description="The seed's criteria for a unit, checked live on the latest version."
    )

    @staticmethod
    def resolve_version(obj: Unit) -> dict[str, Any]:
        return _version_data(obj.latest_version)

    @staticmethod
    def resolve_checks(obj: Unit) -> list[dict[str, Any]]:
        version = obj.latest_version
        return [
            {
                "code": check.code,
                "title": str(check.title),
                "ok": check.ok,
                "warnings": check.warnings,
            }
            for check in unit_checks(version)
        ]


class VersionListOut(Schema):
    number: int
    status: VersionStatus
    agreed_at: datetime | None
    agreed_by: str | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_agreed_by(obj: UnitVersion) -> str | None:
        return _person_name(obj.agreed_by)


def _esco_links(outcome: LearningOutcome) -> list[dict[str, Any]]:
    return [
        {
            "uri": link.skill.uri,
            "label": link.skill.preferred_label,
            "accepted_at": link.accepted_at,
        }
        for link in outcome.outcomeskill_set.all()
    ]


def _columns(version: UnitVersion) -> list[dict[str, Any]]:
    columns = []
    for category, outcomes in version.columns().items():
        rows, heading = [], None
        for outcome in outcomes:
            if outcome.is_heading:
                heading = outcome.pk
            rows.append(
                {
                    "id": outcome.pk,
                    "version": version.number,
                    "category": outcome.category,
                    "position": outcome.position,
                    "is_heading": outcome.is_heading,
                    "heading_id": None if outcome.is_heading else heading,
                    "text": outcome.text,
                    "criteria": outcome.criteria,
                    "esco_skills": _esco_links(outcome),
                }
            )
        columns.append({"category": category, "label": str(Category(category).label), "rows": rows})
    return columns


def _version_data(version: UnitVersion) -> dict[str, Any]:
    based_on = version.based_on
    return {
        "number": version.number,
        "status": version.status,
        "agreed_at": version.agreed_at,
        "agreed_by": _person_name(version.agreed_by),
        "based_on": based_on.number if based_on is not None else None,
        "name": version.name,
        "qualification": _qualification_ref(version.qualification),
        "qualification_reference": version.qualification_reference,
        "area_of_work": version.area_of_work,
        "eqf_level": version.eqf_level,
        "national_level": version.national_level,
        "description": version.description,
        "kind": version.kind,
        "workload": _number(version.workload),
        "workload_unit": version.workload_unit,
        "ecvet_points": _number(version.ecvet_points),
        "assessment_method": version.assessment_method,
        "source_language": version.source_language,
        "created_at": version.created_at,
        "updated_at": version.updated_at,
        "columns": _columns(version),
    }


def _unit(request: HttpRequest, unit_id: int) -> Unit:
    return get_object_or_404(unit_list(user=request.user), pk=unit_id)


def _unit_detail(request: HttpRequest, unit_id: int) -> Unit:
    """The unit with its latest version and the version's outcomes loaded for the answer."""
    unit = _unit(request, unit_id)
    unit.latest = version_with_outcomes(unit.latest_version)
    return unit


def _version(unit: Unit, number: int) -> UnitVersion:
    return get_object_or_404(unit.versions.select_related("unit"), number=number)


def _full_version(request: HttpRequest, unit: Unit, number: int) -> UnitVersion:
    """A version of a visible unit with its outcomes loaded; 404 for a number it lacks."""
    try:
        return version_get(user=request.user, unit=unit, number=number)
    except UnitVersion.DoesNotExist:
        raise Http404 from None


class UnitFilters(Schema):
    q: str = Field("", description="Words anywhere in the unit, in any language (full text)")
    qualification: int | None = Field(None, description="Qualification id")
    eqf_level: int | None = Field(None, ge=1, le=8)
    kind: UnitKind | None = None
    country: str = Field("", description="Country of the owner, ISO 3166-1 alpha-2")
    institution: int | None = Field(None, description="Owner institution id")


@router.get("/units", response=list[UnitOut], summary="Units you may see (yours and shared)")
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> Any:
    return unit_library(
        user=request.user,
        query=filters.q,
        qualification=filters.qualification,
        eqf_level=filters.eqf_level,
        kind=filters.kind or "",
        country=filters.country or "",
        institution=filters.institution,
    )


@router.get(
    "/units/{unit_id}",
    response=UnitDetailOut,
    summary="A unit: its latest version in full, with the live criteria checks",
)
def get_unit(request: HttpRequest, unit_id: int) -> Any:
    return _unit_detail(request, unit_id)


@router.get("/units/{unit_id}/versions", response=list[VersionListOut], summary="A unit's versions")
def list_versions(request: HttpRequest, unit_id: int) -> Any:
    return _unit(request, unit_id).versions.select_related("agreed_by").order_by("number")


@router.get("/units/{unit_id}/versions/{number}", response=VersionOut)
def get_version(request: HttpRequest, unit_id: int, number: int) -> Any:
    return _version_data(_full_version(request, _unit(request, unit_id), number))


class ChangeOut(Schema):
    field: str
    language: str = Field(..., description='A language code, or "" for a single value.')
    old: str
    new: str


class OutcomeRowRef(Schema):
    id: int
    position: int
    is_heading: bool
    text: LanguageMap
    criteria: LanguageMap


class RowDiffOut(Schema):
    status: RowStatus
    old: OutcomeRowRef | None
    new: OutcomeRowRef | None
    changes: list[ChangeOut] = Field(..., description="For a changed row: what changed.")


class ColumnDiffOut(Schema):
    category: Category
    has_changes: bool
    rows: list[RowDiffOut]


class VersionDiffOut(Schema):
    """Rows are matched per column by their content in order; a reworded row is one changed
    row, a moved row shows as removed at its old place and added at its new one."""

    old_number: int
    new_number: int
    has_changes: bool
    fields: list[ChangeOut] = Field(..., description="Changed header fields, per language.")
    columns: list[ColumnDiffOut]


@router.get(
    "/units/{unit_id}/versions/{a}/diff/{b}",
    response=VersionDiffOut,
    summary="What changed from version a to version b",
)
def diff_versions(request: HttpRequest, unit_id: int, a: int, b: int) -> Any:
    unit = _unit(request, unit_id)
    return version_diff(_full_version(request, unit, a), _full_version(request, unit, b))


# --- units: writing ---


class UnitPatch(Schema):
    """Fields of the unit's working draft; only those sent change."""

    name: LanguageMap | None = Field(None, description=MAP_HELP)
    qualification_id: int | None = Field(
        None, description="A qualification you can see, or null for a supplementary unit."
    )
    qualification_reference: LanguageMap | None = None
    area_of_work: LanguageMap | None = None
    eqf_level: int | None = Field(None, ge=1, le=8)
    national_level: str | None = Field(None, max_length=40)
    description: LanguageMap | None = None
    kind: UnitKind | None = None
    workload: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1)
    workload_unit: WorkloadUnit | None = None
    ecvet_points: Decimal | None = Field(None, ge=0, max_digits=5, decimal_places=1)
    assessment_method: LanguageMap | None = None
    source_language: str | None = Field(None, min_length=2, max_length=10)


class UnitCreateIn(UnitPatch):
    owner_id: int = Field(..., description="Your institution that owns the unit.")
    shared: bool = False
    name: LanguageMap = Field(..., description=MAP_HELP)


class CopyIn(Schema):
    owner_id: int = Field(..., description="Your institution that owns the copy.")
    version: int | None = Field(
        None, description="The version number to copy; the latest if unset."
    )


class ShareIn(Schema):
    shared: bool


def _version_fields(request: HttpRequest, fields: dict[str, Any]) -> dict[str, Any]:
    """The payload as the unit services take it: a qualification the user sees for its id."""
    if "qualification_id" in fields:
        qualification_id = fields.pop("qualification_id")
        fields["qualification"] = None
        if qualification_id is not None:
            qualification = qualification_list(user=request.user).filter(pk=qualification_id)
            fields["qualification"] = qualification.first()
            if fields["qualification"] is None:
                raise ValidationError(
                    {"qualification_id": _("Choose a qualification you can see.")}
                )
    return fields


@router.post("/units", response={201: UnitDetailOut}, summary="Write a new unit (version 1, draft)")
def create_unit(request: HttpRequest, payload: UnitCreateIn) -> Any:
    owner = _owner(request, payload.owner_id)
    fields = payload.model_dump(exclude_unset=True, exclude={"owner_id", "shared"})
    fields = _version_fields(request, fields)
    unit = unit_create(actor=request.user, owner=owner, shared=payload.shared, **fields)
    return Status(201, _unit_detail(request, unit.pk))


@router.patch(
    "/units/{unit_id}",
    response=UnitDetailOut,
    summary="Edit the unit's working draft",
    description=(
        "Changes the fields sent on the unit's draft. When the latest version is agreed, a "
        "new draft version is started from it first and the agreed version stays unchanged. "
        "Send `{}` to start the draft without changing anything."
    ),
)
def update_unit(request: HttpRequest, unit_id: int, payload: UnitPatch) -> Any:
    unit = _unit(request, unit_id)
    # One transaction: an edit refused by validation starts no new version either.
    with transaction.atomic():
        fields = _version_fields(request, payload.model_dump(exclude_unset=True))
        draft = unit_draft(actor=request.user, unit=unit)
        unit_version_update(actor=request.user, version=draft, **fields)
    return _unit_detail(request, unit_id)


@router.post(
    "/units/{unit_id}/copy",
    response={201: UnitDetailOut},
    summary="Copy a unit into a new unit of your institution",
)
def copy_unit(request: HttpRequest, unit_id: int, payload: CopyIn) -> Any:
    unit = _unit(request, unit_id)
    version = unit.latest_version if payload.version is None else _version(unit, payload.version)
    copy = unit_copy(actor=request.user, version=version, owner=_owner(request, payload.owner_id))
    return Status(201, _unit_detail(request, copy.pk))


@router.post(
    "/units/{unit_id}/share", response=UnitOut, summary="Share the unit in the library, or stop"
)
def share_unit(request: HttpRequest, unit_id: int, payload: ShareIn) -> Any:
    return unit_set_shared(actor=request.user, unit=_unit(request, unit_id), shared=payload.shared)


@router.post(
    "/units/{unit_id}/versions/{number}/agree",
    response=VersionListOut,
    summary="Agree a draft version: it is frozen from then on",
    description="409 when the version is already agreed or someone agreed it at the same time.",
)
def agree_version(request: HttpRequest, unit_id: int, number: int) -> Any:
    version = _version(_unit(request, unit_id), number)
    return unit_version_agree(actor=request.user, version=version)


# --- outcomes, always on the unit's working draft ---


class OutcomeIn(Schema):
    category: Category
    text: LanguageMap = Field(..., description=MAP_HELP)
    criteria: LanguageMap = Field(default_factory=dict, description="Assessment criteria")
    is_heading: bool = False
    after: int | None = Field(
        None, description="A row of the draft in the same column: the new row goes below it."
    )


class OutcomePatch(Schema):
    text: LanguageMap | None = None
    criteria: LanguageMap | None = None
    is_heading: bool | None = None


class MoveIn(Schema):
    offset: int = Field(..., description="Rows to move: -1 up, 1 down, or more.")


class PasteIn(Schema):
    category: Category
    language: str = Field(..., description="The language of the pasted text")
    text: str = Field(
        ...,
        min_length=1,
        description="One outcome per line; a line ending with a colon is a topic heading.",
    )


OUTCOME_ID_NOTE = (
    " The id must be a row of the unit's draft: a row of an agreed version answers 409. "
    "After a new draft has started, read `GET /units/{id}` for the draft's row ids."
)


def _outcome(request: HttpRequest, outcome_id: int) -> LearningOutcome:
    """A row of a unit the user can see; the services refuse rows they may not change."""
    visible = LearningOutcome.objects.select_related("version__unit").filter(
        version__unit__in=unit_list(user=request.user)
    )
    return get_object_or_404(visible, pk=outcome_id)


def _check_language(language: str) -> None:
    if language not in content_languages():
        raise ValidationError(
            {
                "language": _("Choose one of the languages: %(languages)s.")
                % {"languages": ", ".join(content_languages())}
            }
        )


@router.post(
    "/units/{unit_id}/outcomes",
    response={201: OutcomeOut},
    summary="Add an outcome or topic heading to the unit's draft",
)
def add_outcome(request: HttpRequest, unit_id: int, payload: OutcomeIn) -> Any:
    unit = _unit(request, unit_id)
    with transaction.atomic():
        draft = unit_draft(actor=request.user, unit=unit)
        after = None
        if payload.after is not None:
            after = draft.outcomes.filter(pk=payload.after, category=payload.category).first()
            if after is None:
                raise ValidationError(
                    {"after": _("Choose a row of the same column of the unit's draft.")}
                )
        outcome = outcome_add(
            actor=request.user,
            version=draft,
            category=payload.category,
            text=payload.text,
            criteria=payload.criteria,
            is_heading=payload.is_heading,
            after=after,
        )
    return Status(201, outcome)


@router.post(
    "/units/{unit_id}/outcomes/paste",
    response={201: list[OutcomeOut]},
    summary="Paste a list of outcomes at the end of a column of the unit's draft",
)
def paste_outcomes(request: HttpRequest, unit_id: int, payload: PasteIn) -> Any:
    _check_language(payload.language)
    unit = _unit(request, unit_id)
    with transaction.atomic():
        draft = unit_draft(actor=request.user, unit=unit)
        created = outcomes_paste(
            actor=request.user,
            version=draft,
            category=payload.category,
            text=payload.text,
            language=payload.language,
        )
    # One query for the (empty) ESCO links of all new rows, not one per row.
    prefetch_related_objects(created, "outcomeskill_set")
    return Status(201, created)


@router.patch(
    "/outcomes/{outcome_id}",
    response=OutcomeOut,
    summary="Change an outcome of the draft",
    description="Only the fields sent change." + OUTCOME_ID_NOTE,
)
def update_outcome(request: HttpRequest, outcome_id: int, payload: OutcomePatch) -> Any:
    return outcome_update(
        actor=request.user,
        outcome=_outcome(request, outcome_id),
        **payload.model_dump(exclude_unset=True),
    )


@router.delete(
    "/outcomes/{outcome_id}",
    response={204: None},
    summary="Remove an outcome from the draft",
    description=OUTCOME_ID_NOTE.strip(),
)
def delete_outcome(request: HttpRequest, outcome_id: int) -> Any:
    outcome_delete(actor=request.user, outcome=_outcome(request, outcome_id))
    return Status(204, None)


@router.post(
    "/outcomes/{outcome_id}/move",
    response=OutcomeOut,
    summary="Move an outcome up or down its column",
    description=OUTCOME_ID_NOTE.strip(),
)
def move_outcome(request: HttpRequest, outcome_id: int, payload: MoveIn) -> Any:
    return outcome_move(
        actor=request.user, outcome=_outcome(request, outcome_id), offset=payload.offset
    )


# --- ESCO ---


class SuggestionFilters(Schema):
    text: str = Field(..., min_length=1, max_length=2000, description="A learning outcome")
    limit: int = Field(10, ge=1, le=50)


class SuggestionOut(Schema):
    uri: str
    label: str
    score: float
    matched: list[str] = Field(..., description="The words of the text that matched")
    definition: str


class SkillLinkIn(Schema):
    uri: str = Field(..., max_length=255, description="The ESCO skill's URI")


class SkillLinkOut(Schema):
    outcome_id: int
    uri: str
    label: str
    accepted_at: datetime

    @staticmethod
    def resolve_uri(obj: Any) -> str:
        return str(obj.skill.uri)

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.skill.preferred_label)


@router.get(
    "/esco/suggestions",
    response=list[SuggestionOut],
    tags=["ESCO"],
    summary="ESCO skills that match a learning outcome, best first",
)
def esco_suggestions(request: HttpRequest, filters: Query[SuggestionFilters]) -> Any:
    return esco_skill_suggestions(text=filters.text, limit=filters.limit)


@router.post(
    "/outcomes/{outcome_id}/esco-skills",
    response={201: SkillLinkOut},
    tags=["ESCO"],
    summary="Link an ESCO skill to an outcome of the draft",
    description=OUTCOME_ID_NOTE.strip(),
)
def link_esco_skill(request: HttpRequest, outcome_id: int, payload: SkillLinkIn) -> Any:
    outcome = _outcome(request, outcome_id)
    skill = EscoConcept.objects.filter(uri=payload.uri).first()
    if skill is None:
        raise ValidationError({"uri": _("No ESCO skill has this URI.")})
    link = outcome_skill_accept(actor=request.user, outcome=outcome, skill=skill)
    return Status(201, link)


@router.delete(
    "/outcomes/{outcome_id}/esco-skills",
    response={204: None},
    tags=["ESCO"],
    summary="Remove an ESCO skill from an outcome of the draft",
    description=OUTCOME_ID_NOTE.strip(),
)
def unlink_esco_skill(request: HttpRequest, outcome_id: int, uri: str) -> Any:
    outcome = _outcome(request, outcome_id)
    skill = get_object_or_404(EscoConcept, uri=uri)
    outcome_skill_remove(actor=request.user, outcome=outcome, skill=skill)
    return Status(204, None)
