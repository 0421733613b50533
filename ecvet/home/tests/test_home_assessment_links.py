"""The home page leads the mentor to assess and the learner to assess themself, while the
mobility is under way."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.assessments.tests.setup import signed_mobility

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def test_the_mentor_is_offered_the_assessment_of_a_learner_placed_with_them(cast, login):
    mobility = signed_mobility(cast).mobility
    page = login(cast.mentor).get(reverse("home")).content.decode()
    assert f'data-assess="{mobility.pk}"' in page
    assert reverse("assessment_sheet", args=[mobility.pk]) in page


def test_the_learner_is_offered_their_self_assessment(cast, login):
    mobility = signed_mobility(cast).mobility
    page = login(cast.learner).get(reverse("home")).content.decode()
    assert reverse("self_assessment", args=[mobility.pk]) in page


def test_before_the_mobility_starts_neither_is_offered(cast, login):
    mobility = signed_mobility(cast, start=False).mobility
    for user in (cast.mentor, cast.learner):
        page = login(user).get(reverse("home")).content.decode()
        assert reverse("assessment_sheet", args=[mobility.pk]) not in page
        assert reverse("self_assessment", args=[mobility.pk]) not in page
