"""The validation page says whether the host has signed the transcript of records the
decisions rest on, and when the results changed after it was signed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.assessments.services import assessment_record
from ecvet.transcripts.tests.setup import assessed_mobility, signed_transcript

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-28 10:00", tick=False)


def test_without_a_signed_transcript_the_coordinator_is_warned(cast, login):
    mobility = assessed_mobility(cast).mobility
    page = login(cast.coordinator).get(reverse("validation", args=[mobility.pk])).content
    assert b"data-no-transcript" in page
    assert b"data-transcript=" not in page


def test_the_signed_transcript_is_named_and_a_later_change_is_flagged(cast, login):
    signed = signed_transcript(cast)
    url = reverse("validation", args=[signed.mobility.pk])
    page = login(cast.coordinator).get(url).content.decode()
    assert 'data-transcript="1"' in page
    assert reverse("transcript_detail", args=[signed.mobility.pk, 1]) in page
    assert "data-transcript-outdated" not in page

    changed = signed.mobility.assessments.first()
    assert changed is not None
    outcome = changed.outcome
    assessment_record(
        actor=cast.mentor,
        mobility=signed.mobility,
        outcome=outcome,
        result="partly_achieved",
        reason="Only one of the two frames",
    )
    assert "data-transcript-outdated" in login(cast.coordinator).get(url).content.decode()
