"""The assessor's pages: the assessment sheet and one outcome per screen, saved at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from ecvet.accounts.models import Role, User
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.assessments.models import Assessment
from ecvet.assessments.services import assessment_record
from ecvet.assessments.tests.setup import Ongoing, signed_mobility
from ecvet.mobilities.models import Mobility
from ecvet.mobilities.tests.setup import learner_of, mobility_for
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:42", tick=False)


@dataclass
class Others:
    """People of another mobility: its learner (with an account) and its mentor."""

    learner: User
    mentor: User
    mobility: Mobility


def other_mobility(cast: Any) -> Others:
    learner = UserFactory.create(username="anna", first_name="Anna", last_name="Liepa")
    MembershipFactory.create(user=learner, institution=cast.sending, role=Role.LEARNER)
    mentor = UserFactory.create(username="mentor2", first_name="Søren", last_name="Holm")
    MembershipFactory.create(user=mentor, institution=cast.host_company, role=Role.MENTOR)
    person = learner_of(cast, user=learner, first_name="Anna", last_name="Liepa")
    mobility = mobility_for(cast, learner=person).mobility
    Mobility.objects.filter(pk=mobility.pk).update(mentor=mentor)
    return Others(learner, mentor, mobility)


@pytest.fixture
def ongoing(cast: Any) -> Ongoing:
    return in_walk_order(signed_mobility(cast))


def in_walk_order(ongoing: Ongoing) -> Ongoing:
    """The outcomes in the order the pages go through them: knowledge, skills, competence."""
    columns = [c.value for c in Category]
    ongoing.outcomes.sort(key=lambda o: (columns.index(o.category), o.position))
    return ongoing


def sheet_url(ongoing: Ongoing) -> str:
    return reverse("assessment_sheet", args=[ongoing.mobility.pk])


def outcome_url(ongoing: Ongoing, index: int = 0) -> str:
    return reverse("assessment_outcome", args=[ongoing.mobility.pk, ongoing.outcomes[index].pk])


def answer(**fields: Any) -> dict[str, Any]:
    data = {
        "result": "achieved",
        "method": "observation",
        "assessed_on": "2027-04-20",
        "comment": "",
        "reason": "",
        "reassessment_planned_on": "",
        "revision": "0",
    }
    data.update(fields)
    return data


# --- the sheet ---


def test_the_sheet_shows_every_outcome_to_achieve_by_column_with_its_heading_and_plan(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    response = login(cast.mentor).get(sheet_url(ongoing))
    assert response.status_code == 200
    html = response.content.decode()
    for outcome in ongoing.outcomes:
        assert f'data-outcome="{outcome.pk}"' in html
    assert f'data-heading="{ongoing.heading.pk}"' in html
    assert (
        f'href="{reverse("assessment_outcome", args=[ongoing.mobility.pk, ongoing.heading.pk])}"'
        not in html
    )
    assert 'data-column="knowledge"' in html
    assert 'data-column="competence"' in html
    assert "Observation at work, Product or piece of work" in html
    assert "Joints are tight" in html
    assert "The finished door" in html
    assert "0 of 3 outcomes answered" in html
    assert "data-continue" in html
    assert "data-read-only" not in html
    assert "js/assessment.js" in html


def test_the_sheet_shows_results_achievement_and_progress(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    first, second, _third = ongoing.outcomes
    assessment_record(
        actor=cast.mentor, mobility=ongoing.mobility, outcome=first, result="achieved"
    )
    assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=second,
        result="partly_achieved",
        reason="The saw tore out a knot",
        reassessment_planned_on=None,
    )
    html = login(cast.mentor).get(sheet_url(ongoing)).content.decode()
    assert "1 of 3 outcomes achieved, 1 partly — <strong>50 %</strong>" in html
    assert "2 of 3 outcomes answered" in html
    assert 'data-result="achieved"' in html
    assert 'data-result="partly_achieved"' in html


def test_the_sheet_reads_in_latvian(cast: Any, login: Any, ongoing: Ongoing) -> None:
    client = login(cast.mentor)
    client.cookies["ecvet_language"] = "lv"
    html = client.get(sheet_url(ongoing)).content.decode()
    assert "Novērtēšana: Roberts Bērziņš" in html
    assert "Novērtēti: 0 no 3 rezultātiem" in html
    assert "Vēl nav atbildes" in html


def test_a_sending_school_teacher_sees_the_sheet_read_only(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    client = login(cast.teacher)
    html = client.get(sheet_url(ongoing)).content.decode()
    assert "data-read-only" in html
    assert "data-continue" not in html
    page = client.get(outcome_url(ongoing))
    assert page.status_code == 200
    assert 'name="result"' not in page.content.decode()
    refused = client.post(outcome_url(ongoing), answer())
    assert refused.status_code == 403
    assert not Assessment.objects.exists()


def test_the_host_coordinator_may_assess(cast: Any, login: Any, ongoing: Ongoing) -> None:
    html = login(cast.host).get(outcome_url(ongoing)).content.decode()
    assert 'name="result"' in html


def test_a_mobility_not_yet_started_is_read_only_saying_why(cast: Any, login: Any) -> None:
    ongoing = in_walk_order(signed_mobility(cast, start=False))
    client = login(cast.mentor)
    html = client.get(sheet_url(ongoing)).content.decode()
    assert "This mobility is “Agreed”" in html
    assert "data-continue" not in html
    assert 'name="result"' not in client.get(outcome_url(ongoing)).content.decode()


def test_a_mobility_without_a_signed_agreement_says_so(cast: Any, login: Any) -> None:
    setup = mobility_for(cast)
    html = login(cast.mentor).get(reverse("assessment_sheet", args=[setup.mobility.pk]))
    assert "no signed Learning Agreement" in html.content.decode()


def test_the_sheet_does_not_grow_in_queries_with_outcomes_and_evidence(
    cast: Any, login: Any, ongoing: Ongoing, django_assert_max_num_queries: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ecvet.assessments.services import evidence_add

    def answered_with_evidence() -> None:
        outcome = LearningOutcomeFactory.create(version=version, category=Category.SKILLS)
        done = assessment_record(
            actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, result="achieved"
        )
        for name in ("a.pdf", "b.pdf"):
            evidence_add(
                actor=cast.mentor,
                assessment=done,
                upload=SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n"),
            )

    version = ongoing.unit.version
    answered_with_evidence()
    client = login(cast.mentor)
    client.get(sheet_url(ongoing))
    with django_assert_max_num_queries(14) as few:
        client.get(sheet_url(ongoing))
    for _ in range(5):
        answered_with_evidence()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(sheet_url(ongoing)).content.decode()
    assert html.count('data-evidence-count="2"') == 6


# --- who is refused ---


def _urls(ongoing: Ongoing) -> list[str]:
    return [
        sheet_url(ongoing),
        outcome_url(ongoing),
        reverse("evidence_add", args=[ongoing.mobility.pk, ongoing.outcomes[0].pk]),
    ]


@pytest.mark.parametrize("who", ["outsider", "learner", "other_learner", "other_mentor"])
def test_whoever_may_not_assess_or_see_gets_404_on_every_page(
    cast: Any, login: Any, ongoing: Ongoing, who: str
) -> None:
    others = other_mobility(cast)
    user = {
        "outsider": cast.outsider,
        "learner": cast.learner,
        "other_learner": others.learner,
        "other_mentor": others.mentor,
    }[who]
    client = login(user)
    for url in _urls(ongoing):
        assert client.get(url).status_code == 404, url
        assert client.post(url, answer()).status_code == 404, url
        assert client.post(url, answer(), headers={"HX-Request": "true"}).status_code == 404
    assert not Assessment.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client: Any, ongoing: Ongoing) -> None:
    response = client.get(sheet_url(ongoing))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_heading_or_an_outcome_of_another_unit_is_a_404(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    client = login(cast.mentor)
    stranger = LearningOutcomeFactory.create()
    for outcome in (ongoing.heading, stranger):
        url = reverse("assessment_outcome", args=[ongoing.mobility.pk, outcome.pk])
        assert client.get(url).status_code == 404


# --- one outcome per screen ---


def test_the_outcome_screen_shows_the_outcome_its_plan_and_where_it_is(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    response = login(cast.mentor).get(outcome_url(ongoing, 1))
    html = response.content.decode()
    assert "Outcome 2 of 3" in html
    assert str(ongoing.outcomes[1]) in html
    assert "data-previous" in html
    assert "data-next" in html
    form = response.context["form"]
    assert form["method"].value() == "observation"
    assert str(form["assessed_on"].value()) == "2027-04-20"
    assert form["revision"].value() == 0
    assert 'name="reason"' in html
    assert 'name="reassessment_planned_on"' in html
    assert 'accept="image/*,application/pdf"' in html


def test_a_plain_post_saves_and_goes_to_the_next_outcome_then_back_to_the_sheet(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    client = login(cast.mentor)
    response = client.post(outcome_url(ongoing, 0), answer(comment="Tight joints"))
    assert response.status_code == 302
    assert response["Location"] == outcome_url(ongoing, 1)
    saved = Assessment.objects.get(outcome=ongoing.outcomes[0])
    assert (saved.result, saved.comment, saved.assessor) == (
        "achieved",
        "Tight joints",
        cast.mentor,
    )
    last = client.post(outcome_url(ongoing, 2), answer(result="not_assessed"))
    assert last["Location"] == sheet_url(ongoing)


def test_an_htmx_post_answers_with_the_fragment_saved_and_its_new_revision(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    client = login(cast.mentor)
    first = client.post(outcome_url(ongoing), answer(), headers={"HX-Request": "true"})
    assert first.status_code == 200
    html = first.content.decode()
    assert "<html" not in html
    assert "Saved at 10:42" in html
    assert 'name="revision" value="1"' in html
    second = client.post(
        outcome_url(ongoing),
        answer(result="not_achieved", reason="Ran out of time", revision="1"),
        headers={"HX-Request": "true"},
    )
    assert second.status_code == 200
    assert 'name="revision" value="2"' in second.content.decode()
    saved = Assessment.objects.get()
    assert (saved.result, saved.reason, saved.revision) == ("not_achieved", "Ran out of time", 2)


def test_a_reason_typed_for_an_achieved_outcome_is_not_kept(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    login(cast.mentor).post(
        outcome_url(ongoing), answer(reason="left over", reassessment_planned_on="2027-05-02")
    )
    saved = Assessment.objects.get()
    assert (saved.reason, saved.reassessment_planned_on) == ("", None)


def test_not_achieved_without_a_reason_comes_back_with_the_message_and_what_was_typed(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    response = login(cast.mentor).post(
        outcome_url(ongoing),
        answer(
            result="not_achieved", comment="Door not finished", reassessment_planned_on="2027-05-02"
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the outcome was not fully achieved." in html
    assert "Door not finished" in html
    assert 'value="2027-05-02"' in html
    assert 'value="not_achieved" class="btn-check is-invalid"' not in html
    assert response.context["form"]["result"].value() == "not_achieved"
    assert not Assessment.objects.exists()


def test_a_date_in_the_future_is_refused_in_latvian(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    client = login(cast.mentor)
    client.cookies["ecvet_language"] = "lv"
    response = client.post(
        outcome_url(ongoing),
        answer(assessed_on="2027-04-21", comment="Ļoti labi"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "nākotnē" in html
    assert "Ļoti labi" in html
    assert not Assessment.objects.exists()


def test_a_lost_concurrent_update_shows_their_answer_and_keeps_what_was_typed(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    outcome = ongoing.outcomes[0]
    assessment_record(
        actor=cast.mentor, mobility=ongoing.mobility, outcome=outcome, result="achieved"
    )
    # The host's coordinator changes it meanwhile (revision 2).
    assessment_record(
        actor=cast.host,
        mobility=ongoing.mobility,
        outcome=outcome,
        result="partly_achieved",
        reason="Only one door of two",
        revision=1,
    )
    response = login(cast.mentor).post(
        outcome_url(ongoing),
        answer(result="achieved", comment="Both doors hung", revision="1"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved an answer" in html
    assert "Only one door of two" in html
    assert "Mette Nielsen" in html
    assert "Both doors hung" in html
    assert 'name="revision" value="2"' in html
    assert Assessment.objects.get().result == "partly_achieved"
    # Saving again, having seen theirs, replaces it.
    again = login(cast.mentor).post(
        outcome_url(ongoing), answer(result="achieved", comment="Both doors hung", revision="2")
    )
    assert again.status_code == 302
    assert Assessment.objects.get().comment == "Both doors hung"


def test_two_first_answers_at_once_are_a_conflict_not_an_overwrite(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    assessment_record(
        actor=cast.host, mobility=ongoing.mobility, outcome=ongoing.outcomes[0], result="achieved"
    )
    response = login(cast.mentor).post(outcome_url(ongoing), answer(result="not_assessed"))
    assert response.status_code == 409
    assert Assessment.objects.get().result == "achieved"
