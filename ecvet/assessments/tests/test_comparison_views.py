"""The host's assessment and the learner's self-assessment side by side (slide 15): the
outcomes where they differ are marked, with a summary; whoever sees the mobility reads it, and
nobody else."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from ecvet.accounts.models import Membership, Role
from ecvet.accounts.tests.factories import UserFactory
from ecvet.assessments.services import assessment_record, self_assessment_record
from ecvet.assessments.tests.setup import Ongoing, signed_mobility
from ecvet.assessments.tests.test_self_views import other_learner
from ecvet.mobilities.models import Learner
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


def _url(ongoing: Ongoing) -> str:
    return reverse("assessment_comparison", args=[ongoing.mobility.pk])


def _answered(cast: Any) -> Ongoing:
    """Three outcomes: both say achieved; the mentor says not achieved (with a reason) and
    the learner achieved; only the mentor has answered the third."""
    ongoing = signed_mobility(cast)
    same, different, only_mentor = ongoing.outcomes
    assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=same,
        result="achieved",
        comment="Clean joints",
    )
    assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=different,
        result="not_achieved",
        reason="The saw tore out a knot; the door was not finished",
        reassessment_planned_on=date(2027, 4, 28),
    )
    assessment_record(
        actor=cast.mentor, mobility=ongoing.mobility, outcome=only_mentor, result="achieved"
    )
    self_assessment_record(
        actor=cast.learner, mobility=ongoing.mobility, outcome=same, result="achieved"
    )
    self_assessment_record(
        actor=cast.learner,
        mobility=ongoing.mobility,
        outcome=different,
        result="achieved",
        comment="I finished most of it",
    )
    return ongoing


def _differing(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-outcome="(\d+)" data-differs', page)]


def test_exactly_the_outcomes_with_different_answers_are_marked(cast, login):
    ongoing = _answered(cast)
    page = login(cast.coordinator).get(_url(ongoing)).content.decode()
    assert page.count("data-outcome=") == 3
    assert _differing(page) == [ongoing.outcomes[1].pk]
    assert page.count("data-differs-badge") == 1
    assert "Different answers" in page  # a word, not a colour only
    assert "The answers differ on 1 of 3 outcomes." in page
    assert "Both have answered 2 of 3 outcomes." in page
    assert 'data-differing="1"' in page
    assert re.findall(r"data-column>(\w+)<", page) == ["Knowledge", "Skills", "Competence"]


def test_both_answers_are_shown_with_the_comments_and_the_reason(cast, login):
    ongoing = _answered(cast)
    page = login(cast.mentor).get(_url(ongoing)).content.decode()
    assert "The saw tore out a knot; the door was not finished" in page
    assert "Clean joints" in page
    assert "I finished most of it" in page
    assert "Lars Hansen" in page  # who assessed
    assert "To be assessed again on April 28, 2027." in page
    assert page.count('data-side="host" data-result="not_achieved"') == 1
    assert page.count('data-side="learner" data-result="achieved"') == 2
    assert page.count('data-side="learner" data-result=""') == 1
    assert "Not answered yet." in page
    assert "Assessment at the host" in page
    assert "The learner's self-assessment" in page


def test_when_all_answers_agree_nothing_is_marked(cast, login):
    ongoing = signed_mobility(cast)
    for outcome in ongoing.outcomes:
        assessment_record(
            actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, result="achieved"
        )
        self_assessment_record(
            actor=cast.learner, mobility=ongoing.mobility, outcome=outcome, result="achieved"
        )
    page = login(cast.host).get(_url(ongoing)).content.decode()
    assert _differing(page) == []
    assert "Different answers" not in page
    assert "The answers differ on 0 of 3 outcomes." in page


@pytest.mark.parametrize("who", ["coordinator", "teacher", "host", "mentor", "learner", "admin"])
def test_whoever_sees_the_mobility_reads_the_comparison(cast, login, who):
    ongoing = _answered(cast)
    response = login(getattr(cast, who)).get(_url(ongoing))
    assert response.status_code == 200
    assert len(_differing(response.content.decode())) == 1


def test_staff_come_back_to_the_mobility_and_the_learner_to_their_own_page(cast, login):
    ongoing = _answered(cast)
    detail = f'href="{reverse("mobility_detail", args=[ongoing.mobility.pk])}"'
    mine = f'href="{reverse("my_mobility", args=[ongoing.mobility.pk])}"'
    page = login(cast.coordinator).get(_url(ongoing)).content.decode()
    assert detail in page
    assert mine not in page
    page = login(cast.learner).get(_url(ongoing)).content.decode()
    assert mine in page
    assert detail not in page
    assert "My mentor's assessment" in page


def test_a_guardian_reads_the_comparison_but_not_as_the_learner(cast, login):
    ongoing = _answered(cast)
    guardian = UserFactory.create(username="guardian", first_name="Maija", last_name="Bērziņa")
    Learner.objects.filter(pk=ongoing.mobility.learner_id).update(guardian_user=guardian)
    client = login(guardian)
    for url in (_url(ongoing), reverse("my_comparison", args=[ongoing.mobility.pk])):
        page = client.get(url).content.decode()
        assert len(_differing(page)) == 1
        assert "The learner's self-assessment" in page
        assert reverse("self_assessment", args=[ongoing.mobility.pk]) not in page


def test_the_outsider_another_learner_and_another_mentor_get_404(cast, login):
    ongoing = _answered(cast)
    mentor2 = UserFactory.create(username="mentor2", first_name="Ole", last_name="Berg")
    Membership.objects.create(user=mentor2, institution=cast.host_company, role=Role.MENTOR)
    other = other_learner(cast, mentor=mentor2)
    for user in (cast.outsider, other.user, mentor2):
        client = login(user)
        for url in (_url(ongoing), reverse("my_comparison", args=[ongoing.mobility.pk])):
            assert client.get(url).status_code == 404
            assert client.post(url).status_code == 404  # not 405: nothing is given away
    # The other mentor does see the mobility they mentor.
    other_url = reverse("assessment_comparison", args=[other.mobility.pk])
    assert login(mentor2).get(other_url).status_code == 200


def test_the_comparison_answers_only_get(cast, login):
    ongoing = _answered(cast)
    assert login(cast.coordinator).post(_url(ongoing)).status_code == 405
    my = reverse("my_comparison", args=[ongoing.mobility.pk])
    assert login(cast.learner).post(my).status_code == 405


def test_my_comparison_is_the_learners_own_and_not_for_staff(cast, login):
    ongoing = _answered(cast)
    my = reverse("my_comparison", args=[ongoing.mobility.pk])
    page = login(cast.learner).get(my).content.decode()
    assert len(_differing(page)) == 1
    assert "My mentor's answers and mine" in page
    assert reverse("self_assessment", args=[ongoing.mobility.pk]) in page
    for user in (cast.coordinator, cast.mentor, cast.host):
        assert login(user).get(my).status_code == 404


def test_a_learner_never_sees_another_learners_results(cast, login):
    ongoing = _answered(cast)
    other = other_learner(cast)
    version = other.mobility.agreements.get().units.get().version
    outcome = version.outcomes.filter(is_heading=False)[0]
    assessment_record(
        actor=cast.mentor,
        mobility=other.mobility,
        outcome=outcome,
        result="not_achieved",
        reason="Anna's secret reason",
    )
    self_assessment_record(
        actor=other.user,
        mobility=other.mobility,
        outcome=outcome,
        result="achieved",
        comment="Anna's own comment",
    )
    for url in (_url(ongoing), reverse("my_comparison", args=[ongoing.mobility.pk])):
        page = login(cast.learner).get(url).content.decode()
        assert "Anna" not in page
        assert page.count("data-outcome=") == 3
    page = login(other.user).get(reverse("my_comparison", args=[other.mobility.pk])).content
    text = page.decode()
    assert "Anna&#x27;s own comment" in text
    assert "I finished most of it" not in text
    assert "The saw tore out a knot" not in text


def test_the_comparison_reads_in_latvian(cast, login):
    ongoing = _answered(cast)
    client = login(cast.learner)
    client.cookies["ecvet_language"] = "lv"
    page = client.get(reverse("my_comparison", args=[ongoing.mobility.pk])).content.decode()
    assert '<html lang="lv">' in page
    assert "Atbildes atšķiras" in page  # the "Different answers" marker
    assert "Atbildes atšķiras 1 no 3 rezultātiem." in page
    assert "Nav sasniegts" in page
    assert ongoing.outcomes[1].text["lv"] in page


def test_before_the_agreement_is_signed_there_is_nothing_to_compare(cast, login):
    from ecvet.mobilities.tests.setup import mobility_for

    setup = mobility_for(cast)
    page = (
        login(cast.coordinator)
        .get(reverse("assessment_comparison", args=[setup.mobility.pk]))
        .content.decode()
    )
    assert "data-no-outcomes" in page
    assert "data-summary" not in page


def test_the_comparison_keeps_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    ongoing = _answered(cast)
    client = login(cast.coordinator)
    client.get(_url(ongoing))
    with django_assert_max_num_queries(20) as few:
        page = client.get(_url(ongoing)).content.decode()
    assert page.count("data-outcome=") == 3
    version = ongoing.unit.version
    LearningOutcomeFactory.create(version=version, category=Category.SKILLS, is_heading=True)
    for _ in range(4):
        outcome = LearningOutcomeFactory.create(version=version, category=Category.SKILLS)
        assessment_record(
            actor=cast.host, mobility=ongoing.mobility, outcome=outcome, result="achieved"
        )
        self_assessment_record(
            actor=cast.learner,
            mobility=ongoing.mobility,
            outcome=outcome,
            result="partly_achieved",
            comment="Mostly",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_url(ongoing)).content.decode()
    assert page.count("data-outcome=") == 7
    assert len(_differing(page)) == 5
