"""Whoever sees the mobility sees its validation decisions; an outsider sees none."""

from __future__ import annotations

from typing import Any

import pytest

from ecvet.recognition.models import HostResult
from ecvet.recognition.selectors import recognition_list, validation_list
from ecvet.recognition.services import validation_record
from ecvet.recognition.tests.setup import completed_mobility, outcomes

pytestmark = pytest.mark.django_db


def test_the_learner_and_host_see_the_decisions_and_an_outsider_does_not(cast: Any) -> None:
    mobility = completed_mobility(cast)
    validation_record(
        actor=cast.coordinator,
        mobility=mobility,
        outcome=outcomes(mobility)[0],
        host_result=HostResult.ACHIEVED,
        matches=True,
    )

    for user in (cast.learner, cast.host, cast.mentor, cast.coordinator):
        assert validation_list(user=user, mobility=mobility).count() == 1
    assert not validation_list(user=cast.outsider, mobility=mobility).exists()
    assert not recognition_list(user=cast.outsider, mobility=mobility).exists()
