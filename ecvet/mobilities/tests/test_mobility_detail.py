"""The mobility's page: its facts, status moves, learner profile, Learning Agreement card with
the workload balance and checks, and its history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.mobilities.services.mobilities import mobility_update
from ecvet.mobilities.tests.setup import mobility_for, sent_agreement
from ecvet.qualifications.models import UnitVersion, WorkloadUnit

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_mobility_its_agreement_and_profile(cast, login):
    setup = mobility_for(cast)
    mobility = setup.mobility
    page = (
        login(cast.coordinator).get(reverse("mobility_detail", args=[mobility.pk])).content.decode()
    )
    assert reverse("learner_detail", args=[setup.learner.pk]) in page
    assert reverse("partnership_detail", args=[mobility.partnership_id]) in page
    assert "Host VET school" in page
    assert "Host carpentry" in page
    assert "Lars Hansen" in page
    assert "3.7 weeks" in page
    assert "Aalborg" in page
    assert 'data-mobility-status="planned"' in page
    assert 'data-profile-status="draft"' in page
    assert reverse("profile_edit", args=[mobility.pk]) in page
    assert reverse("agreement_detail", args=[mobility.pk, 1]) in page
    assert 'data-agreement-status="draft"' in page
    assert reverse("mobility_edit", args=[mobility.pk]) in page
    assert reverse("mobility_history", args=[mobility.pk]) in page
    assert "Mobility planned" in page  # the history


def test_the_agreement_card_lists_what_is_missing_before_sending(cast, login):
    setup = mobility_for(cast, planned=False)
    page = (
        login(cast.coordinator)
        .get(reverse("mobility_detail", args=[setup.mobility.pk]))
        .content.decode()
    )
    assert 'data-check="error"' in page
    assert "Choose at least one unit the learner will achieve." in page


def test_a_complete_draft_is_ready_to_send(cast, login):
    setup = mobility_for(cast)
    page = (
        login(cast.coordinator)
        .get(reverse("mobility_detail", args=[setup.mobility.pk]))
        .content.decode()
    )
    assert 'data-check="error"' not in page


def test_the_workload_bar_turns_red_when_the_units_need_more_than_the_period(cast, login):
    setup = mobility_for(cast)
    UnitVersion.objects.filter(pk=setup.partnership.item.version_id).update(
        workload=Decimal(40), workload_unit=WorkloadUnit.DAYS
    )
    page = (
        login(cast.coordinator)
        .get(reverse("mobility_detail", args=[setup.mobility.pk]))
        .content.decode()
    )
    assert "data-over" in page
    assert "bg-danger" in page
    assert "more than the 160 working hours of the mobility" in page


def test_units_without_a_workload_are_listed_as_not_counted(cast, login):
    setup = mobility_for(cast)
    UnitVersion.objects.filter(pk=setup.partnership.item.version_id).update(workload=None)
    page = (
        login(cast.coordinator)
        .get(reverse("mobility_detail", args=[setup.mobility.pk]))
        .content.decode()
    )
    assert "data-unknown-workload" in page
    assert "Repair or Rebuilding jobs" in page


def test_the_coordinator_is_offered_the_moves_the_map_allows_by_hand(cast, login):
    setup = mobility_for(cast)
    Mobility.objects.filter(pk=setup.mobility.pk).update(status=MobilityStatus.AGREED)
    page = (
        login(cast.coordinator)
        .get(reverse("mobility_detail", args=[setup.mobility.pk]))
        .content.decode()
    )
    assert 'data-move="ongoing"' in page
    assert 'data-move="cancelled"' in page
    assert 'data-move="completed"' not in page
    assert 'name="reason"' in page


def test_a_planned_mobility_offers_only_cancelling(cast, login):
    setup = mobility_for(cast)
    page = (
        login(cast.host).get(reverse("mobility_detail", args=[setup.mobility.pk])).content.decode()
    )
    assert 'data-move="cancelled"' in page
    assert 'data-move="agreed"' not in page
    assert reverse("mobility_edit", args=[setup.mobility.pk]) not in page


def test_the_mentor_reads_the_page_without_moves_or_links_they_cannot_follow(cast, login):
    setup = mobility_for(cast)
    page = (
        login(cast.mentor)
        .get(reverse("mobility_detail", args=[setup.mobility.pk]))
        .content.decode()
    )
    assert "Host carpentry" in page
    assert "data-next-moves" not in page
    assert reverse("learner_detail", args=[setup.learner.pk]) not in page
    assert reverse("partnership_detail", args=[setup.mobility.partnership_id]) not in page


def test_a_sent_agreement_shows_its_status_and_no_checks(cast, login):
    setup, _envelope = sent_agreement(cast)
    page = (
        login(cast.coordinator)
        .get(reverse("mobility_detail", args=[setup.mobility.pk]))
        .content.decode()
    )
    assert 'data-agreement-status="out_for_signature"' in page
    assert "data-checks" not in page


def test_a_learner_gets_404_on_the_staff_page_even_of_their_own_mobility(cast, login):
    setup = mobility_for(cast)
    client = login(cast.learner)
    assert client.get(reverse("mobility_detail", args=[setup.mobility.pk])).status_code == 404
    assert client.get(reverse("mobility_history", args=[setup.mobility.pk])).status_code == 404


def test_the_outsider_gets_404_on_the_page_and_its_history(cast, login):
    setup = mobility_for(cast)
    client = login(cast.outsider)
    assert client.get(reverse("mobility_detail", args=[setup.mobility.pk])).status_code == 404
    assert client.get(reverse("mobility_history", args=[setup.mobility.pk])).status_code == 404
    assert client.post(reverse("mobility_history", args=[setup.mobility.pk])).status_code == 404


def test_the_history_lists_the_changes_with_their_fields(cast, login):
    setup = mobility_for(cast)
    mobility_update(actor=cast.coordinator, mobility=setup.mobility, revision=None, place="Odense")
    page = (
        login(cast.host).get(reverse("mobility_history", args=[setup.mobility.pk])).content.decode()
    )
    assert "Mobility changed" in page
    assert "Place" in page
    assert "Aalborg → Odense" in page
    assert "Mobility planned" in page
