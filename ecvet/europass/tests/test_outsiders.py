"""Nobody outside a mobility sees or touches its Europass Mobility or letters on screen: every
page answers 404, on GET and on POST, to an outsider, to another learner of the same school
and to a mentor of another mobility. ``PAGES`` lists every URL name of the app with the
arguments it needs, for ``tests/test_outsider_matrix.py``."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.europass.models import EuropassMobility, RecommendationLetter
from ecvet.europass.tests.test_api_outsiders import another_learner, another_mentor, documents_of

pytestmark = pytest.mark.django_db

#: URL name → its arguments, from the ids of ``documents_of`` (a mobility pk, a number).
MOBILITY_PAGES = ("europass_prepare", "europass_amend", "letter_new")
NUMBERED_PAGES = (
    "europass_detail",
    "europass_edit",
    "europass_send",
    "europass_pdf",
    "letter_detail",
    "letter_pdf",
)
PAGES = (*MOBILITY_PAGES, *NUMBERED_PAGES)


def _url(name: str, ids: dict[str, Any]) -> str:
    if name in MOBILITY_PAGES:
        return reverse(name, args=[ids["mobility_id"]])
    return reverse(name, args=[ids["mobility_id"], ids["number"]])


def _people(cast: Any) -> dict[str, Any]:
    return {
        "outsider": cast.outsider,
        "another learner": another_learner(cast),
        "mentor of another mobility": another_mentor(cast),
    }


@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_not_found_for_people_outside_the_mobility(
    cast: Any, login: Any, name: str
) -> None:
    ids = documents_of(cast)
    url = _url(name, ids)
    for who, person in _people(cast).items():
        client = login(person)
        assert client.get(url).status_code == 404, (who, name)
        assert client.post(url, {"reason": "x", "addressee_name": "x"}).status_code == 404, (
            who,
            name,
        )
    document = EuropassMobility.objects.get()
    assert (document.status, document.revision) == ("draft", 1)
    assert RecommendationLetter.objects.count() == 1


@pytest.mark.parametrize("name", PAGES)
def test_the_coordinator_reaches_every_page(cast: Any, login: Any, name: str) -> None:
    ids = documents_of(cast)
    response = login(cast.coordinator).get(_url(name, ids))
    assert response.status_code in {200, 302}, name


@pytest.mark.parametrize("name", ["europass_edit", "europass_send", "europass_amend", "letter_new"])
def test_the_learner_and_the_mentor_see_no_management_page(
    cast: Any, login: Any, name: str
) -> None:
    ids = documents_of(cast)
    for person in (cast.learner, cast.mentor, cast.host):
        assert login(person).get(_url(name, ids)).status_code == 404, (person, name)


def test_the_overview_queries_do_not_grow_with_the_letters(
    cast: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    from ecvet.europass.services.letters import letter_create

    ids = documents_of(cast)
    client = login(cast.coordinator)
    url = reverse("europass_prepare", args=[ids["mobility_id"]])
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    mobility = EuropassMobility.objects.get().mobility
    for _ in range(4):
        letter_create(actor=cast.coordinator, mobility=mobility)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert 'data-letter="5"' in body
