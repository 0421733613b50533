"""The people who must never see a mobility's transcript, for the outsider tests of the
screens and the API: the coordinator of an unrelated school, another learner of the same
school, and the mentor of another learner placed with the same host company."""

from __future__ import annotations

from typing import Any

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.mobilities.models import Mobility
from ecvet.mobilities.tests.setup import learner_of, mobility_for


def another_learner(cast: Any) -> Any:
    """A learner of the sending school with an account, who is not the one going."""
    user = UserFactory.create(username="learner-anna", first_name="Anna", last_name="Liepa")
    MembershipFactory.create(user=user, institution=cast.sending, role=Role.LEARNER)
    learner_of(cast, user=user, first_name="Anna", last_name="Liepa")
    return user


def another_mentor(cast: Any) -> Any:
    """A mentor of the host company who mentors another learner's mobility."""
    user = UserFactory.create(username="mentor-ole", first_name="Ole", last_name="Berg")
    MembershipFactory.create(user=user, institution=cast.host_company, role=Role.MENTOR)
    person = learner_of(cast, user=None, first_name="Pēteris", last_name="Kalns")
    setup = mobility_for(cast, learner=person)
    Mobility.objects.filter(pk=setup.mobility.pk).update(mentor=user)
    return user


def strangers(cast: Any) -> dict[str, Any]:
    return {
        "outsider": cast.outsider,
        "another learner": another_learner(cast),
        "another mentor": another_mentor(cast),
    }
