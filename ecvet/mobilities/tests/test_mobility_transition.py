"""Moving a mobility's status from its page: the allowed moves are taken, a refused one says
from which status to which (the full matrix of pairs is tested on the service)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.mobilities.tests.setup import mobility_for

pytestmark = pytest.mark.django_db


def _at(mobility: Mobility, status: str) -> Mobility:
    Mobility.objects.filter(pk=mobility.pk).update(status=status)
    mobility.refresh_from_db()
    return mobility


def test_the_host_coordinator_says_the_mobility_has_started(cast, login):
    mobility = _at(mobility_for(cast).mobility, MobilityStatus.AGREED)
    client = login(cast.host)
    response = client.post(
        reverse("mobility_transition", args=[mobility.pk]), {"wanted": "ongoing"}
    )
    assert response.status_code == 302
    assert response.url == reverse("mobility_detail", args=[mobility.pk])
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.ONGOING
    assert "The mobility is “Ongoing” now." in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("current", "wanted", "message"),
    [
        ("recognised", "ongoing", "This cannot go from “Recognised” to “Ongoing”."),
        ("planned", "completed", "This cannot go from “Planned” to “Completed”."),
        ("cancelled", "planned", "This cannot go from “Cancelled” to “Planned”."),
    ],
)
def test_a_refused_move_says_from_which_status_to_which(cast, login, current, wanted, message):
    mobility = _at(mobility_for(cast).mobility, current)
    client = login(cast.coordinator)
    response = client.post(reverse("mobility_transition", args=[mobility.pk]), {"wanted": wanted})
    assert response.status_code == 302
    assert message in client.get(response.url).content.decode()
    mobility.refresh_from_db()
    assert mobility.status == current


def test_agreed_comes_only_from_the_signatures(cast, login):
    mobility = mobility_for(cast).mobility
    client = login(cast.coordinator)
    response = client.post(reverse("mobility_transition", args=[mobility.pk]), {"wanted": "agreed"})
    page = client.get(response.url).content.decode()
    assert "when every party has signed its Learning Agreement" in page
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.PLANNED


def test_cancelling_asks_for_a_reason(cast, login):
    mobility = mobility_for(cast).mobility
    client = login(cast.coordinator)
    url = reverse("mobility_transition", args=[mobility.pk])
    response = client.post(url, {"wanted": "cancelled", "reason": "  "})
    assert "Say why the mobility is cancelled." in client.get(response.url).content.decode()
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.PLANNED
    client.post(url, {"wanted": "cancelled", "reason": "The learner is ill."})
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.CANCELLED
    assert mobility.cancel_reason == "The learner is ill."
    page = client.get(reverse("mobility_detail", args=[mobility.pk])).content.decode()
    assert "The learner is ill." in page
    assert "data-next-moves" not in page


def test_the_mentor_cannot_move_the_status_and_is_told_why(cast, login):
    mobility = _at(mobility_for(cast).mobility, MobilityStatus.AGREED)
    client = login(cast.mentor)
    response = client.post(
        reverse("mobility_transition", args=[mobility.pk]), {"wanted": "ongoing"}
    )
    assert "the host&#x27;s coordinators can do this." in (
        client.get(response.url).content.decode()
    )
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.AGREED


def test_an_unknown_status_is_refused(cast, login):
    mobility = mobility_for(cast).mobility
    client = login(cast.coordinator)
    response = client.post(reverse("mobility_transition", args=[mobility.pk]), {"wanted": "gone"})
    assert "Unknown status." in client.get(response.url).content.decode()


def test_the_outsider_and_the_learner_get_404_and_nothing_moves(cast, login):
    mobility = _at(mobility_for(cast).mobility, MobilityStatus.AGREED)
    url = reverse("mobility_transition", args=[mobility.pk])
    for user in (cast.outsider, cast.learner):
        client = login(user)
        assert client.get(url).status_code == 405
        assert client.post(url, {"wanted": "cancelled", "reason": "x"}).status_code == 404
    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.AGREED
