"""Reading validations and recognitions: whoever sees the mobility sees its decisions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ecvet.mobilities.models import Mobility
from ecvet.mobilities.selectors import mobility_can_view
from ecvet.recognition.models import Recognition, Validation


def validation_list(*, user: Any, mobility: Mobility) -> QuerySet[Validation]:
    if not mobility_can_view(user=user, mobility=mobility):
        return Validation.objects.none()
    return Validation.objects.filter(mobility=mobility).select_related(
        "outcome__version", "decided_by"
    )


def recognition_list(*, user: Any, mobility: Mobility) -> QuerySet[Recognition]:
    if not mobility_can_view(user=user, mobility=mobility):
        return Recognition.objects.none()
    return Recognition.objects.filter(mobility=mobility).select_related(
        "agreement_unit__version", "decided_by"
    )
