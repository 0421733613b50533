"""A mobility's status moves only along its map; every other move is refused and says from
which status to which (issue 5, acceptance point 4: every refused pair)."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted, TransitionNotAllowed
from ecvet.mobilities.models import MOBILITY_TRANSITIONS, Mobility, MobilityStatus
from ecvet.mobilities.services.mobilities import MANUAL_STATUSES, mobility_transition, move
from ecvet.mobilities.tests.setup import mobility_for

pytestmark = pytest.mark.django_db

REFUSED = [
    (current, wanted)
    for current, wanted in itertools.product(MobilityStatus.values, MobilityStatus.values)
    if wanted not in MOBILITY_TRANSITIONS[current]
]


def _at(mobility: Mobility, status: str) -> Mobility:
    Mobility.objects.filter(pk=mobility.pk).update(status=status)
    mobility.refresh_from_db()
    return mobility


@pytest.mark.parametrize(("current", "wanted"), REFUSED)
def test_a_move_off_the_map_is_refused_with_both_statuses_named(cast, current, wanted):
    mobility = _at(mobility_for(cast, planned=False).mobility, current)
    with pytest.raises(TransitionNotAllowed) as refused:
        mobility_transition(actor=cast.coordinator, mobility=mobility, wanted=wanted, reason="x")
    message = refused.value.message
    assert str(MobilityStatus(current).label) in message
    assert str(MobilityStatus(wanted).label) in message
    mobility.refresh_from_db()
    assert mobility.status == current


def test_recognised_to_ongoing_is_refused(cast):
    mobility = _at(mobility_for(cast, planned=False).mobility, MobilityStatus.RECOGNISED)
    with pytest.raises(TransitionNotAllowed, match="Recognised"):
        mobility_transition(actor=cast.coordinator, mobility=mobility, wanted="ongoing")


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (current, wanted)
        for current, targets in MOBILITY_TRANSITIONS.items()
        for wanted in sorted(targets)
        if wanted in MANUAL_STATUSES
    ],
)
def test_every_move_on_the_map_made_by_hand_is_taken_and_recorded(cast, current, wanted):
    from ecvet.audit.models import AuditEvent

    mobility = _at(mobility_for(cast, planned=False).mobility, current)
    moved = mobility_transition(
        actor=cast.coordinator, mobility=mobility, wanted=wanted, reason="Illness"
    )
    assert moved.status == wanted
    event = AuditEvent.objects.for_target(mobility).get(action="mobility.status")
    assert (event.from_state, event.to_state) == (current, wanted)


def test_agreed_validated_and_recognised_are_not_set_by_hand(cast):
    setup = mobility_for(cast, planned=False)
    with pytest.raises(DomainError, match="signed its Learning Agreement"):
        mobility_transition(actor=cast.coordinator, mobility=setup.mobility, wanted="agreed")
    mobility = _at(setup.mobility, MobilityStatus.COMPLETED)
    with pytest.raises(DomainError, match="decisions after the mobility"):
        mobility_transition(actor=cast.coordinator, mobility=mobility, wanted="validated")


def test_cancelling_needs_a_reason_which_is_kept(cast):
    mobility = mobility_for(cast, planned=False).mobility
    with pytest.raises(ValidationError):
        mobility_transition(actor=cast.coordinator, mobility=mobility, wanted="cancelled")
    mobility_transition(
        actor=cast.coordinator, mobility=mobility, wanted="cancelled", reason="Broken leg"
    )
    mobility.refresh_from_db()
    assert (mobility.status, mobility.cancel_reason) == ("cancelled", "Broken leg")


def test_the_host_may_say_it_started_but_the_learner_and_outsider_may_not(cast):
    mobility = _at(mobility_for(cast, planned=False).mobility, MobilityStatus.AGREED)
    for person in (cast.learner, cast.outsider, cast.mentor):
        with pytest.raises(NotPermitted):
            mobility_transition(actor=person, mobility=mobility, wanted="ongoing")
    mobility_transition(actor=cast.host, mobility=mobility, wanted="ongoing")


def test_a_move_from_a_stale_status_is_a_conflict(cast):
    mobility = _at(mobility_for(cast, planned=False).mobility, MobilityStatus.ONGOING)
    stale = Mobility.objects.get(pk=mobility.pk)
    mobility_transition(actor=cast.coordinator, mobility=mobility, wanted="completed")
    with pytest.raises(ConcurrentUpdate):
        move(stale, MobilityStatus.CANCELLED, actor=cast.coordinator, reason="late")
