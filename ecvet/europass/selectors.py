"""Reading Europass Mobility versions and recommendation letters: whoever may see the
mobility (``mobility_can_view``) sees them; the views find the mobility through
``mobility_get`` first, so anyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet

from ecvet.europass.models import EuropassMobility, RecommendationLetter
from ecvet.mobilities.models import Mobility


def europass_versions(*, mobility: Mobility) -> QuerySet[EuropassMobility]:
    return (
        EuropassMobility.objects.filter(mobility=mobility)
        .select_related("envelope", "created_by")
        .order_by("-number")
    )


def europass_get(*, mobility: Mobility, number: int) -> EuropassMobility:
    document = europass_versions(mobility=mobility).select_related("amends").get(number=number)
    document.mobility = mobility  # already loaded with the learner and the parties
    return document


def europass_latest(*, mobility: Mobility) -> EuropassMobility | None:
    return europass_versions(mobility=mobility).first()


def letters_of(*, mobility: Mobility) -> QuerySet[RecommendationLetter]:
    return (
        RecommendationLetter.objects.filter(mobility=mobility)
        .select_related("signer")
        .order_by("-number")
    )


def letter_get(*, mobility: Mobility, number: int) -> RecommendationLetter:
    letter = letters_of(mobility=mobility).get(number=number)
    letter.mobility = mobility
    return letter
