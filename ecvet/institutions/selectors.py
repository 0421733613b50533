"""What each user may see and change among institutions. Views and the API use only these."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from ecvet.accounts import scoping
from ecvet.accounts.models import MANAGER_ROLES, Membership
from ecvet.institutions.models import ContactPerson, Institution


def _visible_q(user: Any) -> Q:
    mine = scoping.institution_ids(user)
    # An institution a user belongs to, and the partners their institutions registered.
    return Q(pk__in=mine) | Q(registered_by__in=mine)


def institution_list(
    *, user: Any, search: str = "", kind: str = "", country: str = ""
) -> QuerySet[Institution]:
    qs = Institution.objects.all()
    if not scoping.is_platform_admin(user):
        qs = qs.filter(_visible_q(user))
    if search:
        words = search.split()
        for word in words:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(city__icontains=word)
                | Q(erasmus_oid__iexact=word)
                | Q(pic=word)
                | Q(national_registration_number__iexact=word)
            )
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country=country)
    return qs.order_by("name", "pk")


def institution_changeable(*, user: Any) -> QuerySet[Institution]:
    """Institutions the user may edit.

    A coordinator or administrator edits their own institution. The institution that
    registered a partner keeps it up to date only until the partner has a manager of its own:
    from then on the partner's data is theirs.
    """
    qs = Institution.objects.all()
    if scoping.is_platform_admin(user):
        return qs
    managed = scoping.managed_institution_ids(user)
    has_own_manager = Exists(
        Membership.objects.filter(institution=OuterRef("pk"), role__in=MANAGER_ROLES)
    )
    return qs.filter(Q(pk__in=managed) | (Q(registered_by__in=managed) & ~has_own_manager))


def institution_can_change(*, user: Any, institution: Institution) -> bool:
    return institution_changeable(user=user).filter(pk=institution.pk).exists()


def institutions_user_can_register_for(*, user: Any) -> QuerySet[Institution]:
    """The institutions a new partner can be registered on behalf of."""
    if scoping.is_platform_admin(user):
        return Institution.objects.filter(
            Q(pk__in=scoping.institution_ids(user)) | Q(registered_by__isnull=True)
        )
    return Institution.objects.filter(pk__in=scoping.managed_institution_ids(user))


def contact_list(*, institution: Institution) -> QuerySet[ContactPerson]:
    return institution.contacts.all()


def contact_get_changeable(*, user: Any, pk: int) -> ContactPerson:
    """A contact person of an institution the user may change (DoesNotExist otherwise)."""
    return ContactPerson.objects.select_related("institution").get(
        pk=pk, institution__in=institution_changeable(user=user)
    )
