"""The learner's self-assessment page (slide 15): each outcome of the signed agreement with big
choices, saved at once (htmx or a plain form), in the learner's language; only the mobility's
own learner opens it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from ecvet.accounts.models import Membership, Role, User
from ecvet.accounts.tests.factories import PASSWORD, UserFactory
from ecvet.assessments.models import SelfAssessment
from ecvet.assessments.services import self_assessment_record
from ecvet.assessments.tests.setup import signed_mobility
from ecvet.mobilities.models import Learner, Mobility, MobilityStatus
from ecvet.mobilities.services.agreements import agreement_send
from ecvet.mobilities.services.mobilities import mobility_transition
from ecvet.mobilities.tests.setup import learner_of, mobility_for
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.signing.services import signature_sign

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


@dataclass
class OtherLearner:
    user: User
    mobility: Mobility


def other_learner(cast: Any, *, mentor: User | None = None) -> OtherLearner:
    """A second learner of the same school, with their own ongoing mobility under a signed
    agreement (``mentor``: placed with another mentor)."""
    user = UserFactory.create(username="learner2", first_name="Anna", last_name="Liepa")
    Membership.objects.create(user=user, institution=cast.sending, role=Role.LEARNER)
    person = learner_of(
        cast, user=user, first_name="Anna", last_name="Liepa", born=date(2006, 1, 2)
    )
    setup = mobility_for(cast, learner=person)
    envelope = agreement_send(actor=cast.coordinator, agreement=setup.agreement)
    for slot in envelope.signatories.select_related("user"):
        signature_sign(envelope=envelope, signatory=slot, user=slot.user, password=PASSWORD)
    mobility = mobility_transition(
        actor=cast.coordinator, mobility=setup.mobility, wanted="ongoing"
    )
    if mentor is not None:
        Mobility.objects.filter(pk=mobility.pk).update(mentor=mentor)
    mobility.refresh_from_db()
    return OtherLearner(user, mobility)


def _url(mobility: Mobility) -> str:
    return reverse("self_assessment", args=[mobility.pk])


def _latvian(client: Any) -> Any:
    client.cookies["ecvet_language"] = "lv"
    return client


def test_the_learner_sees_each_outcome_under_its_heading_with_big_choices(cast, login):
    ongoing = signed_mobility(cast)
    response = login(cast.learner).get(_url(ongoing.mobility))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("data-self-form") == len(ongoing.outcomes) == 3
    for outcome in ongoing.outcomes:
        assert f'id="outcome-{outcome.pk}"' in page
        assert outcome.text["en"] in page
    assert ongoing.heading.text["en"] in page  # the topic heading, shown as a heading
    assert f'data-outcome="{ongoing.heading.pk}"' not in page  # and never answered
    assert "I can do it on my own." in page
    assert page.count('data-choice="partly_achieved"') == 3
    assert "I have answered 0 of 3 outcomes." in page
    assert reverse("my_comparison", args=[ongoing.mobility.pk]) in page
    # The seed's column order, whatever the codes' alphabet.
    assert re.findall(r"data-column>(\w+)<", page) == ["Knowledge", "Skills", "Competence"]


def test_an_answer_chosen_with_htmx_is_saved_at_once(cast, login):
    ongoing = signed_mobility(cast)
    outcome = ongoing.outcomes[1]
    response = login(cast.learner).post(
        _url(ongoing.mobility),
        {"outcome": outcome.pk, "result": "partly_achieved", "comment": " I needed help "},
        **HTMX,
    )
    assert response.status_code == 200
    assert "data-saved" in response.content.decode()
    assert "Saved" in response.content.decode()
    assert "<html" not in response.content.decode()  # the status only, not a page
    assert 'hx-swap-oob="true" data-progress>I have answered 1 of 3 outcomes.' in (
        response.content.decode()
    )
    answer = SelfAssessment.objects.get()
    assert (answer.outcome, answer.result, answer.comment) == (
        outcome,
        "partly_achieved",
        "I needed help",
    )


def test_without_scripts_the_form_saves_and_returns_to_the_outcome(cast, login):
    ongoing = signed_mobility(cast)
    outcome = ongoing.outcomes[0]
    client = login(cast.learner)
    response = client.post(_url(ongoing.mobility), {"outcome": outcome.pk, "result": "achieved"})
    assert response.status_code == 302
    assert response.url == f"{_url(ongoing.mobility)}#outcome-{outcome.pk}"
    assert SelfAssessment.objects.get(outcome=outcome).result == "achieved"
    page = client.get(response.url).content.decode()
    assert "I have answered 1 of 3 outcomes." in page
    checked = re.findall(
        r'<input type="radio"[^>]*value="(\w+)"[^>]*id="outcome-(\d+)[^>]* checked', page
    )
    assert checked == [("achieved", str(outcome.pk))]


def test_a_changed_answer_replaces_the_earlier_one(cast, login):
    ongoing = signed_mobility(cast)
    outcome = ongoing.outcomes[0]
    client = login(cast.learner)
    client.post(_url(ongoing.mobility), {"outcome": outcome.pk, "result": "achieved"}, **HTMX)
    client.post(
        _url(ongoing.mobility),
        {"outcome": outcome.pk, "result": "not_achieved", "comment": "Not yet"},
        **HTMX,
    )
    assert list(SelfAssessment.objects.values_list("result", "comment")) == [
        ("not_achieved", "Not yet")
    ]


def test_a_comment_without_an_answer_is_refused_and_kept(cast, login):
    ongoing = signed_mobility(cast)
    outcome = ongoing.outcomes[0]
    client = login(cast.learner)
    data = {"outcome": outcome.pk, "comment": "The door was hard"}

    fragment = client.post(_url(ongoing.mobility), data, **HTMX)
    assert fragment.status_code == 200
    assert "data-errors" in fragment.content.decode()
    assert "Choose one of the answers first" in fragment.content.decode()

    page = client.post(_url(ongoing.mobility), data)
    assert page.status_code == 400
    text = page.content.decode()
    assert "Choose one of the answers first" in text
    assert "The door was hard</textarea>" in text  # what was typed is kept
    assert not SelfAssessment.objects.exists()


def test_errors_come_in_the_learners_language(cast, login):
    ongoing = signed_mobility(cast)
    client = _latvian(login(cast.learner))
    response = client.post(
        _url(ongoing.mobility), {"outcome": ongoing.outcomes[0].pk, "comment": "Grūti"}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Vispirms izvēlieties vienu no atbildēm" in text
    assert "Grūti</textarea>" in text


def test_the_page_reads_in_latvian(cast, login):
    ongoing = signed_mobility(cast)
    page = _latvian(login(cast.learner)).get(_url(ongoing.mobility)).content.decode()
    assert '<html lang="lv">' in page
    assert "Mans pašvērtējums" in page
    assert "Sasniegts" in page  # the stored result's label
    assert "Protu to izdarīt patstāvīgi." in page  # its help in plain words
    assert ongoing.outcomes[0].text["lv"] in page
    assert "Atbildēts uz 0 no 3 rezultātiem." in page


def test_other_methods_are_not_allowed(cast, login):
    ongoing = signed_mobility(cast)
    assert login(cast.learner).put(_url(ongoing.mobility)).status_code == 405


def test_a_posted_outcome_outside_the_agreement_is_404(cast, login):
    ongoing = signed_mobility(cast)
    client = login(cast.learner)
    for outcome in (ongoing.heading.pk, LearningOutcomeFactory.create().pk, "x", ""):
        response = client.post(_url(ongoing.mobility), {"outcome": outcome, "result": "achieved"})
        assert response.status_code == 404
    assert not SelfAssessment.objects.exists()


def test_another_learner_gets_404_and_changes_nothing(cast, login):
    ongoing = signed_mobility(cast)
    self_assessment_record(
        actor=cast.learner,
        mobility=ongoing.mobility,
        outcome=ongoing.outcomes[0],
        result="achieved",
        comment="Mine",
    )
    other = other_learner(cast)
    client = login(other.user)
    assert client.get(_url(ongoing.mobility)).status_code == 404
    assert client.put(_url(ongoing.mobility)).status_code == 404
    for headers in ({}, HTMX):
        response = client.post(
            _url(ongoing.mobility),
            {"outcome": ongoing.outcomes[0].pk, "result": "not_achieved", "comment": "Theirs"},
            **headers,
        )
        assert response.status_code == 404
    assert list(SelfAssessment.objects.values_list("mobility", "result", "comment")) == [
        (ongoing.mobility.pk, "achieved", "Mine")
    ]
    # Their own page never shows the first learner's answers.
    page = client.get(_url(other.mobility)).content.decode()
    assert page.count("data-self-form") == 1
    assert "Mine" not in page


@pytest.mark.parametrize("who", ["coordinator", "teacher", "host", "mentor", "outsider", "admin"])
def test_staff_and_the_outsider_get_404(cast, login, who):
    ongoing = signed_mobility(cast)
    client = login(getattr(cast, who))
    assert client.get(_url(ongoing.mobility)).status_code == 404
    response = client.post(
        _url(ongoing.mobility), {"outcome": ongoing.outcomes[0].pk, "result": "achieved"}
    )
    assert response.status_code == 404
    assert not SelfAssessment.objects.exists()


def test_a_guardian_gets_404_on_the_self_assessment(cast, login):
    ongoing = signed_mobility(cast)
    guardian = UserFactory.create(username="guardian", first_name="Maija", last_name="Bērziņa")
    Learner.objects.filter(pk=ongoing.mobility.learner_id).update(guardian_user=guardian)
    client = login(guardian)
    assert client.get(_url(ongoing.mobility)).status_code == 404
    assert (
        client.post(
            _url(ongoing.mobility), {"outcome": ongoing.outcomes[0].pk, "result": "achieved"}
        ).status_code
        == 404
    )
    assert not SelfAssessment.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(cast, client):
    ongoing = signed_mobility(cast)
    response = client.get(_url(ongoing.mobility))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_before_the_mobility_starts_the_page_is_read_only_with_the_reason(cast, login):
    ongoing = signed_mobility(cast, start=False)
    client = login(cast.learner)
    page = client.get(_url(ongoing.mobility)).content.decode()
    assert "data-closed" in page
    assert "You can assess yourself once your mobility has started." in page
    assert "data-self-form" not in page
    assert page.count("I have not answered this one.") == 3
    response = client.post(
        _url(ongoing.mobility), {"outcome": ongoing.outcomes[0].pk, "result": "achieved"}
    )
    assert response.status_code == 400
    assert "Assessments are recorded while the mobility is ongoing or completed" in (
        response.content.decode()
    )
    assert not SelfAssessment.objects.exists()


def test_after_validation_the_answers_are_shown_but_not_changeable(cast, login):
    ongoing = signed_mobility(cast)
    self_assessment_record(
        actor=cast.learner,
        mobility=ongoing.mobility,
        outcome=ongoing.outcomes[0],
        result="partly_achieved",
        comment="With help",
    )
    Mobility.objects.filter(pk=ongoing.mobility.pk).update(status=MobilityStatus.VALIDATED)
    page = login(cast.learner).get(_url(ongoing.mobility)).content.decode()
    assert "already validated your results" in page
    assert "data-self-form" not in page
    assert 'data-answer="partly_achieved"' in page
    assert "With help" in page


def test_without_a_signed_agreement_the_learner_is_told_why(cast, login):
    setup = mobility_for(cast)
    page = login(cast.learner).get(_url(setup.mobility)).content.decode()
    assert "Your Learning Agreement is not signed by everyone yet." in page
    assert "data-self-form" not in page


def test_the_page_keeps_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    ongoing = signed_mobility(cast)
    client = login(cast.learner)

    def answer_all() -> None:
        outcomes = ongoing.unit.version.outcomes.filter(is_heading=False)
        for outcome in outcomes:
            self_assessment_record(
                actor=cast.learner, mobility=ongoing.mobility, outcome=outcome, result="achieved"
            )

    answer_all()
    client.get(_url(ongoing.mobility))
    with django_assert_max_num_queries(15) as few:
        page = client.get(_url(ongoing.mobility)).content.decode()
    assert page.count("data-self-form") == 3
    for _ in range(4):
        LearningOutcomeFactory.create(version=ongoing.unit.version, category=Category.SKILLS)
    LearningOutcomeFactory.create(
        version=ongoing.unit.version, category=Category.SKILLS, is_heading=True
    )
    answer_all()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_url(ongoing.mobility)).content.decode()
    assert page.count("data-self-form") == 7
