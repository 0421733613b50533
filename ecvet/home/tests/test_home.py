from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from ecvet.mobilities.models import MobilityStatus
from ecvet.mobilities.services.agreements import agreement_send
from ecvet.mobilities.services.mobilities import mobility_transition
from ecvet.mobilities.tests.setup import learner_of, mobility_for, sent_agreement
from ecvet.partnerships.services.units import unit_agreement_record
from ecvet.partnerships.tests.factories import partnership_for, sent_memorandum
from ecvet.qualifications.models import VersionStatus
from ecvet.signing.services import signature_sign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "section"),
    [
        ("coordinator", "coordinator"),
        ("teacher", "teacher"),
        ("learner", "learner"),
        ("host", "coordinator"),
        ("mentor", "mentor"),
        ("outsider", "coordinator"),
        ("admin", "platform"),
    ],
)
def test_each_role_gets_its_own_home(cast, login, who, section):
    response = login(getattr(cast, who)).get(reverse("home"))
    assert response.status_code == 200
    assert f'data-role-home="{section}"' in response.content.decode()


def test_a_learner_is_told_who_their_coordinator_is(cast, login):
    page = login(cast.learner).get(reverse("home")).content.decode()
    assert cast.coordinator.get_full_name() in page


def test_a_mentor_is_pointed_to_the_school_that_placed_the_company(cast, login):
    page = login(cast.mentor).get(reverse("home")).content.decode()
    assert cast.coordinator.get_full_name() in page


def test_the_coordinators_home_lists_the_partners_it_registered_but_not_others(cast, login):
    page = login(cast.coordinator).get(reverse("home")).content.decode()
    assert "Host carpentry" in page
    assert "Unrelated school" not in page


def test_navigation_shows_only_entries_the_user_can_use(cast, login):
    coordinator_page = login(cast.coordinator).get(reverse("home")).content.decode()
    assert 'data-phase="partnership"' in coordinator_page
    assert reverse("invitation_list") in coordinator_page
    assert reverse("unit_list") in coordinator_page
    learner_page = login(cast.learner).get(reverse("home")).content.decode()
    assert reverse("invitation_list") not in learner_page
    assert reverse("unit_list") not in learner_page
    # No phase is shown without an entry in it: no empty menus, no placeholder pages.
    for phase in ("before", "during", "after"):
        assert f'data-phase="{phase}"' not in learner_page
    for phase in ("during", "after"):
        assert f'data-phase="{phase}"' not in coordinator_page


def test_a_person_without_an_institution_is_told_what_to_do(login, db):
    page = login(UserFactory.create()).get(reverse("home")).content.decode()
    assert "Ask your coordinator for an invitation" in page


def test_switching_to_latvian_translates_the_page(cast, login):
    client = login(cast.learner)
    response = client.post(reverse("set_language"), {"language": "lv", "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="lv">' in page
    assert "Audzēknis" in page
    assert "Iestādes" in page or "Institūcijas" in page


def test_the_home_page_reads_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    sent_memorandum(cast)
    sent_agreement(cast)
    client = login(cast.coordinator)
    with django_assert_max_num_queries(13):
        assert client.get(reverse("home")).status_code == 200


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Waiting for you: signatures and unit agreements; the partnerships card ---


def todo_items(page: str, kind: str) -> int:
    return page.count(f'data-todo="{kind}"')


def test_the_host_coordinator_is_asked_to_sign_the_memorandum_on_the_home_page(cast, login):
    _setup, envelope = sent_memorandum(cast)
    slot = envelope.signatories.get(user=cast.host)
    page = login(cast.host).get(reverse("home")).content.decode()
    assert todo_items(page, "signature") == 1
    assert reverse("signature_sign", args=[envelope.pk, slot.pk]) in page
    assert reverse("envelope_detail", args=[envelope.pk]) in page
    assert "Memorandum of Understanding: Carpenters LV-DK" in page


def test_a_signed_slot_leaves_the_home_page(cast, login):
    _setup, envelope = sent_memorandum(cast)
    slot = envelope.signatories.get(user=cast.host)
    signature_sign(envelope=envelope, signatory=slot, user=cast.host, password=PASSWORD)
    page = login(cast.host).get(reverse("home")).content.decode()
    assert todo_items(page, "signature") == 0
    # The coordinator still has their own signature to give.
    page = login(cast.coordinator).get(reverse("home")).content.decode()
    assert todo_items(page, "signature") == 1


def test_the_host_coordinator_is_asked_to_agree_the_unit_waiting_for_them(cast, login):
    setup = partnership_for(cast, agreed=False)
    sending = setup.partnership.partners.get(institution=cast.sending)
    unit_agreement_record(actor=cast.coordinator, partnership_unit=setup.item, partner=sending)
    url = reverse("partnership_unit", args=[setup.partnership.pk, setup.item.pk])

    page = login(cast.host).get(reverse("home")).content.decode()
    assert todo_items(page, "unit-agreement") == 1
    assert url in page
    assert "Host VET school" in page
    # The sending school agreed already: nothing waits for its coordinator.
    page = login(cast.coordinator).get(reverse("home")).content.decode()
    assert todo_items(page, "unit-agreement") == 0


def test_a_unit_agreed_by_every_partner_waits_for_nobody(cast, login):
    partnership_for(cast, agreed=True)
    for who in (cast.coordinator, cast.host):
        page = login(who).get(reverse("home")).content.decode()
        assert todo_items(page, "unit-agreement") == 0


def test_a_draft_unit_version_is_not_yet_to_agree(cast, login):
    setup = partnership_for(cast, agreed=False)
    setup.item.version.status = VersionStatus.DRAFT
    setup.item.version.save(update_fields=["status"])
    page = login(cast.host).get(reverse("home")).content.decode()
    assert todo_items(page, "unit-agreement") == 0


@pytest.mark.parametrize("who", ["outsider", "mentor", "teacher", "learner"])
def test_others_see_neither_the_signature_nor_the_agreement_asked_of_the_partners(cast, login, who):
    setup, envelope = sent_memorandum(cast)
    partnership_for(cast, agreed=False)
    page = login(getattr(cast, who)).get(reverse("home")).content.decode()
    assert todo_items(page, "signature") == 0
    assert todo_items(page, "unit-agreement") == 0
    assert reverse("envelope_detail", args=[envelope.pk]) not in page
    assert f'data-partnership="{setup.partnership.pk}"' not in page


def test_coordinators_see_their_partnerships_with_the_state_of_the_mou(cast, login):
    setup, _envelope = sent_memorandum(cast)
    for who in (cast.coordinator, cast.host):
        page = login(who).get(reverse("home")).content.decode()
        assert 'data-home-section="partnerships"' in page
        assert reverse("partnership_detail", args=[setup.partnership.pk]) in page
        assert reverse("partnership_list") in page
        assert 'data-memorandum-status="out_for_signature"' in page
    assert 'data-home-section="partnerships"' not in (
        login(cast.learner).get(reverse("home")).content.decode()
    )


def test_the_home_page_reads_as_many_queries_with_many_things_waiting(
    cast, login, django_assert_num_queries
):
    client = login(cast.host)

    def wait_for_the_host() -> None:
        sent_memorandum(cast)
        partnership_for(cast, agreed=False)

    wait_for_the_host()
    with CaptureQueriesContext(connection) as one_of_each:
        page = client.get(reverse("home")).content.decode()
    baseline = len(one_of_each)  # read now: the next request clears the query log
    assert (todo_items(page, "signature"), todo_items(page, "unit-agreement")) == (1, 1)
    for _more in range(3):
        wait_for_the_host()
    with django_assert_num_queries(baseline):
        page = client.get(reverse("home")).content.decode()
    assert (todo_items(page, "signature"), todo_items(page, "unit-agreement")) == (4, 4)
    assert page.count("data-partnership=") == 8


# --- Mobilities: the learner's own, the mentor's learners, the coordinator's counts ---


def test_a_learner_sees_their_mobility_and_the_agreement_they_are_to_sign(cast, login):
    setup, envelope = sent_agreement(cast)
    slot = envelope.signatories.get(user=cast.learner)
    page = login(cast.learner).get(reverse("home")).content.decode()
    assert f'data-my-mobility="{setup.mobility.pk}"' in page
    assert reverse("my_mobility", args=[setup.mobility.pk]) in page
    assert f'data-my-signature="{slot.pk}"' in page
    assert reverse("signature_sign", args=[envelope.pk, slot.pk]) in page
    assert "Host carpentry" in page
    assert 'data-mobility-status="planned"' in page


def test_a_signed_agreement_leaves_nothing_for_the_learner_to_sign(cast, login):
    _setup, envelope = sent_agreement(cast)
    slot = envelope.signatories.get(user=cast.learner)
    signature_sign(envelope=envelope, signatory=slot, user=cast.learner, password=PASSWORD)
    page = login(cast.learner).get(reverse("home")).content.decode()
    assert "data-my-mobility=" in page
    assert "data-my-signature=" not in page


def test_a_learner_without_a_mobility_is_told_what_the_card_will_show(cast, login):
    page = login(cast.learner).get(reverse("home")).content.decode()
    assert "data-my-mobility=" not in page
    assert "Here you will see what you learn abroad" in page


def test_another_learner_of_the_school_does_not_see_the_mobility(cast, login):
    setup, _envelope = sent_agreement(cast)
    other = UserFactory.create(username="other-learner")
    MembershipFactory.create(user=other, institution=cast.sending, role=Role.LEARNER)
    page = login(other).get(reverse("home")).content.decode()
    assert "data-my-mobility=" not in page
    assert reverse("my_mobility", args=[setup.mobility.pk]) not in page


def test_the_mentor_sees_the_learners_placed_with_them(cast, login):
    setup = mobility_for(cast)
    page = login(cast.mentor).get(reverse("home")).content.decode()
    assert f'data-placed="{setup.mobility.pk}"' in page
    assert reverse("mobility_detail", args=[setup.mobility.pk]) in page
    assert "Roberts Bērziņš" in page
    assert 'data-mobility-status="planned"' in page
    assert reverse("mobility_list") in page


def test_a_mentor_sees_no_learner_placed_with_another_mentor(cast, login):
    mobility_for(cast)
    other = UserFactory.create(username="other-mentor")
    MembershipFactory.create(user=other, institution=cast.host_company, role=Role.MENTOR)
    page = login(other).get(reverse("home")).content.decode()
    assert "data-placed=" not in page
    assert "No learner is placed with you yet." in page


def test_a_cancelled_mobility_is_no_longer_placed_with_the_mentor(cast, login):
    setup = mobility_for(cast)
    mobility_transition(
        actor=cast.coordinator,
        mobility=setup.mobility,
        wanted=MobilityStatus.CANCELLED,
        reason="Ill",
    )
    page = login(cast.mentor).get(reverse("home")).content.decode()
    assert "data-placed=" not in page


def test_coordinators_see_their_mobilities_counted_by_status(cast, login):
    first = mobility_for(cast)
    mobility_for(cast, learner=learner_of(cast, user=None, first_name="Anna"))
    mobility_transition(
        actor=cast.coordinator,
        mobility=first.mobility,
        wanted=MobilityStatus.CANCELLED,
        reason="Ill",
    )
    for who in (cast.coordinator, cast.host):
        page = login(who).get(reverse("home")).content.decode()
        assert 'data-home-section="mobilities"' in page
        planned = f'href="{reverse("mobility_list")}?status=planned" data-mobility-count="planned"'
        assert planned in page
        assert 'data-mobility-count="cancelled"' in page
        assert 'data-mobility-count="ongoing"' not in page
        section = page[page.index('data-home-section="mobilities"') :]
        assert '<span class="fw-semibold">1</span>' in section


def test_others_do_not_see_the_mobilities_counted(cast, login):
    mobility_for(cast)
    page = login(cast.outsider).get(reverse("home")).content.decode()
    assert 'data-home-section="mobilities"' in page
    assert "data-mobility-count=" not in page
    for who in ("learner", "mentor", "teacher"):
        page = login(getattr(cast, who)).get(reverse("home")).content.decode()
        assert 'data-home-section="mobilities"' not in page


def roberts_goes_abroad(cast, person) -> None:
    """One more mobility of the cast's learner, its agreement out for signature."""
    setup = mobility_for(cast, learner=person)
    agreement_send(actor=cast.coordinator, agreement=setup.agreement)


@pytest.mark.parametrize(
    ("who", "item"),
    [
        ("coordinator", "data-mobility-count="),
        ("mentor", "data-placed="),
        ("learner", "data-my-mobility="),
    ],
)
def test_the_home_page_reads_as_many_queries_with_more_mobilities(
    cast, login, django_assert_num_queries, who, item
):
    person = learner_of(cast)
    client = login(getattr(cast, who))
    roberts_goes_abroad(cast, person)
    with CaptureQueriesContext(connection) as one_mobility:
        page = client.get(reverse("home")).content.decode()
    baseline = len(one_mobility)  # read now: the next request clears the query log
    assert page.count(item) == 1
    for number in range(3):
        roberts_goes_abroad(cast, person)
        mobility_for(cast, learner=learner_of(cast, user=None, first_name=f"Anna{number}"))
    with django_assert_num_queries(baseline):
        page = client.get(reverse("home")).content.decode()
    # The coordinator's counts stay one line ("planned"); the mentor has all seven learners,
    # the learner their own four mobilities.
    assert page.count(item) == {"coordinator": 1, "mentor": 7, "learner": 4}[who]
