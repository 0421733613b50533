"""Who may import units, and for which institution."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ecvet.accounts import scoping
from ecvet.institutions.models import Institution
from ecvet.qualifications.selectors import author_institution_ids


def import_owner_list(*, user: Any) -> QuerySet[Institution]:
    """Institutions the user may import units for: those they write units for."""
    if scoping.is_platform_admin(user):
        return Institution.objects.order_by("name")
    return Institution.objects.filter(pk__in=author_institution_ids(user)).order_by("name")
