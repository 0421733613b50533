# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (Query[...]).

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ecvet.institutions.models import Institution, InstitutionKind
from ecvet.institutions.selectors import (
    institution_changeable,
    institution_list,
    institutions_user_can_register_for,
)
from ecvet.institutions.services import institution_create, institution_update

router = Router(tags=["institutions"])


class ContactOut(Schema):
    id: int
    name: str
    position: str
    email: str
    phone: str
    is_authorised_signatory: bool


class InstitutionOut(Schema):
    id: int
    name: str
    kind: InstitutionKind
    country: str
    street_address: str
    postal_code: str
    city: str
    website: str
    email: str
    phone: str
    erasmus_oid: str
    pic: str
    national_registration_number: str
    legal_identifier: str
    registered_by_id: int | None
    contacts: list[ContactOut]

    @staticmethod
    def resolve_country(obj: Institution) -> str:
        return obj.country.code

    @staticmethod
    def resolve_contacts(obj: Institution) -> list[Any]:
        return list(obj.contacts.all())


class InstitutionIn(Schema):
    name: str = Field(..., min_length=1, max_length=255)
    kind: InstitutionKind
    country: str = Field(..., min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    erasmus_oid: str = ""
    pic: str = ""
    national_registration_number: str = ""
    legal_identifier: str = ""


class InstitutionCreateIn(InstitutionIn):
    registered_by_id: int | None = Field(
        None, description="Your institution that registers this one (required unless admin)."
    )


class InstitutionPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=255)
    kind: InstitutionKind | None = None
    country: str | None = Field(None, min_length=2, max_length=2)
    street_address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    erasmus_oid: str | None = None
    pic: str | None = None
    national_registration_number: str | None = None
    legal_identifier: str | None = None


class InstitutionFilters(Schema):
    q: str = Field("", description="Words in the name or city, or an exact OID / PIC")
    kind: InstitutionKind | None = None
    country: str = Field("", description="ISO 3166-1 alpha-2")


@router.get("/institutions", response=list[InstitutionOut], summary="Institutions you may see")
@paginate(LimitOffsetPagination)
def list_institutions(request: HttpRequest, filters: Query[InstitutionFilters]) -> Any:
    return institution_list(
        user=request.user,
        search=filters.q,
        kind=filters.kind or "",
        country=filters.country.upper(),
    ).prefetch_related("contacts")


@router.get("/institutions/{institution_id}", response=InstitutionOut)
def get_institution(request: HttpRequest, institution_id: int) -> Any:
    return get_object_or_404(institution_list(user=request.user), pk=institution_id)


@router.post("/institutions", response={201: InstitutionOut}, summary="Register an institution")
def create_institution(request: HttpRequest, payload: InstitutionCreateIn) -> Any:
    data = payload.dict()
    registrar_id = data.pop("registered_by_id")
    registrar = (
        get_object_or_404(institutions_user_can_register_for(user=request.user), pk=registrar_id)
        if registrar_id is not None
        else None
    )
    data["country"] = data["country"].upper()
    return Status(201, institution_create(actor=request.user, registered_by=registrar, **data))


@router.patch("/institutions/{institution_id}", response=InstitutionOut)
def update_institution(request: HttpRequest, institution_id: int, payload: InstitutionPatch) -> Any:
    institution = get_object_or_404(institution_changeable(user=request.user), pk=institution_id)
    changes = payload.dict(exclude_unset=True)
    if changes.get("country"):
        changes["country"] = changes["country"].upper()
    return institution_update(actor=request.user, institution=institution, **changes)
