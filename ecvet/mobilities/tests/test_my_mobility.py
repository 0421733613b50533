"""The learner's own page (slide 15): what I will learn, what is expected of me, who assesses
me how, when and where, my self-assessment, where and when, and the documents to sign — in
the learner's language; another learner gets 404 (issue 5, acceptance point 2)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ecvet.accounts.models import Membership, Role
from ecvet.accounts.tests.factories import UserFactory
from ecvet.mobilities.tests.factories import LearnerFactory
from ecvet.mobilities.tests.setup import learner_of, mobility_for, sent_agreement
from ecvet.signing.models import Signatory

pytestmark = pytest.mark.django_db


def _latvian(client):
    client.cookies["ecvet_language"] = "lv"
    return client


def test_the_learner_reads_their_mobility_in_latvian_and_is_asked_to_sign(cast, login):
    setup, envelope = sent_agreement(cast)
    slot = Signatory.objects.get(envelope=envelope, user=cast.learner)
    client = _latvian(login(cast.learner))
    response = client.get(reverse("my_mobility", args=[setup.mobility.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="lv">' in page
    assert "Repair or Rebuilding jobs (lv)" in page  # the unit, in Latvian
    assert "Rezultāts" in page  # its outcomes, in Latvian
    assert "Pabeigtās durvis" in page  # the evidence the assessor looks at
    assert "Savienojumi ir cieši" in page  # what counts as achieved
    assert "Host carpentry" in page
    assert "Lars Hansen" in page
    assert "Aalborg" in page
    assert "In the last week" in page
    assert 'data-section="self-assessment"' in page
    assert reverse("signature_sign", args=[envelope.pk, slot.pk]) in page
    assert reverse("agreement_pdf", args=[setup.mobility.pk, 1]) in page


def test_the_page_names_the_assessment_plan_of_each_unit(cast, login):
    setup = mobility_for(cast)
    page = (
        login(cast.learner).get(reverse("my_mobility", args=[setup.mobility.pk])).content.decode()
    )
    assert "What I will learn" in page
    assert "What is expected of me" in page
    assert "Who assesses me, how, when and where" in page
    assert "Observation at work, Product or piece of work" in page
    assert "Host carpentry workshop" in page
    assert "The finished door" in page
    assert "My self-assessment" in page
    assert "Where and when" in page
    assert "data-agreement-draft" in page
    assert "Nothing to sign now." in page
    assert "data-sign" not in page


def test_after_signing_the_sign_button_is_gone(cast, login):
    from ecvet.signing.services import signature_sign

    setup, envelope = sent_agreement(cast)
    slot = Signatory.objects.get(envelope=envelope, user=cast.learner)
    signature_sign(
        envelope=envelope,
        signatory=slot,
        user=cast.learner,
        password=_password(),
        seen_hash=envelope.content_hash,
    )
    page = (
        login(cast.learner).get(reverse("my_mobility", args=[setup.mobility.pk])).content.decode()
    )
    assert reverse("signature_sign", args=[envelope.pk, slot.pk]) not in page
    assert "You have signed. The others are asked to sign too." in page


def _password() -> str:
    from ecvet.accounts.tests.factories import PASSWORD

    return PASSWORD


def test_another_learner_gets_404(cast, login):
    setup = mobility_for(cast)
    other = UserFactory.create(username="learner2")
    Membership.objects.create(user=other, institution=cast.sending, role=Role.LEARNER)
    learner_of(cast, user=other, first_name="Anna", last_name="Liepa", born=date(2006, 1, 2))
    client = login(other)
    assert client.get(reverse("my_mobility", args=[setup.mobility.pk])).status_code == 404
    assert client.post(reverse("my_mobility", args=[setup.mobility.pk])).status_code == 404


def test_staff_and_the_outsider_get_404_on_a_learners_own_page(cast, login):
    setup = mobility_for(cast)
    for user in (cast.coordinator, cast.mentor, cast.outsider):
        client = login(user)
        assert client.get(reverse("my_mobility", args=[setup.mobility.pk])).status_code == 404
        assert client.post(reverse("my_mobility", args=[setup.mobility.pk])).status_code == 404


def test_with_one_mobility_the_learner_goes_straight_to_it(cast, login):
    setup = mobility_for(cast)
    response = login(cast.learner).get(reverse("my_mobilities"))
    assert response.status_code == 302
    assert response.url == reverse("my_mobility", args=[setup.mobility.pk])


def test_a_guardian_sees_the_mobilities_of_their_ward(cast, login):
    guardian = UserFactory.create(username="guardian", first_name="Maija", last_name="Bērziņa")
    first = mobility_for(
        cast, learner=LearnerFactory.create(school=cast.sending, guardian_user=guardian)
    )
    second = mobility_for(
        cast, learner=LearnerFactory.create(school=cast.sending, guardian_user=guardian)
    )
    client = login(guardian)
    page = client.get(reverse("my_mobilities")).content.decode()
    assert reverse("my_mobility", args=[first.mobility.pk]) in page
    assert reverse("my_mobility", args=[second.mobility.pk]) in page
    page = client.get(reverse("my_mobility", args=[first.mobility.pk])).content.decode()
    assert "parent or guardian" in page
    assert first.learner.full_name in page


def test_someone_without_a_mobility_is_told_so(cast, login):
    mobility_for(cast)
    page = login(cast.outsider).get(reverse("my_mobilities")).content.decode()
    assert "You have no mobility yet." in page
    assert "Host carpentry" not in page


def test_the_learner_finds_their_page_in_the_navigation(cast, login):
    page = login(cast.learner).get(reverse("home")).content.decode()
    assert reverse("my_mobilities") in page
    assert reverse("mobility_list") not in page
    page = login(cast.coordinator).get(reverse("home")).content.decode()
    assert reverse("mobility_list") in page
    assert reverse("my_mobilities") not in page


def test_the_list_of_own_mobilities_keeps_a_fixed_number_of_queries(
    cast, login, django_assert_max_num_queries
):
    guardian = UserFactory.create(username="guardian", first_name="Maija", last_name="Bērziņa")

    def ward() -> None:
        mobility_for(
            cast, learner=LearnerFactory.create(school=cast.sending, guardian_user=guardian)
        )

    ward()
    ward()
    client = login(guardian)
    client.get(reverse("my_mobilities"))
    with django_assert_max_num_queries(8) as few:
        response = client.get(reverse("my_mobilities"))
    assert response.content.decode().count("data-mobility=") == 2
    ward()
    ward()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("my_mobilities"))
    assert response.content.decode().count("data-mobility=") == 4
