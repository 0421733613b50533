# No `from __future__ import annotations` here: django-ninja builds its request models from
# these annotations at import time and cannot resolve them as strings (Query[...]).

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from ecvet.accounts.selectors import membership_list
from ecvet.accounts.services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal token from the profile page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            # Selectors read request.user, the same as for a signed-in page.
            request.user = user
        return user


router = Router(tags=["accounts"])


class InstitutionRef(Schema):
    id: int
    name: str
    country: str


class MembershipOut(Schema):
    id: int
    role: str
    role_label: str
    institution: InstitutionRef

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_institution(obj: Any) -> dict[str, Any]:
        return {
            "id": obj.institution.pk,
            "name": obj.institution.name,
            "country": obj.institution.country.code,
        }


class MeOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: Any) -> list[Any]:
        return list(membership_list(user=obj))


@router.get("/me", response=MeOut, summary="The current user and their roles")
def me(request: HttpRequest) -> Any:
    return request.user


@router.get(
    "/me/memberships",
    response=list[MembershipOut],
    summary="The current user's roles in institutions",
)
def my_memberships(request: HttpRequest) -> Any:
    return membership_list(user=request.user)
