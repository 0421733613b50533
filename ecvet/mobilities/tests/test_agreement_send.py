"""Sending a Learning Agreement for signature from its screen: the checks first, then only
what the coordinator reviewed (the agreement's revision and its content hash)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.mobilities.models import AgreementStatus
from ecvet.mobilities.services.agreements import agreement_update
from ecvet.mobilities.services.mobilities import mobility_update
from ecvet.mobilities.tests.setup import mobility_for, sent_agreement
from ecvet.signing.models import Envelope

pytestmark = pytest.mark.django_db


def _reviewed(page: str) -> dict[str, str]:
    """The hidden revision and content hash of the send form, as the browser posts them."""
    return {
        name: page.split(f'name="{name}" value="')[1].split('"')[0]
        for name in ("revision", "seen_hash")
    }


def test_the_coordinator_reviews_and_sends_to_the_three_parties(cast, login):
    setup = mobility_for(cast)
    url = reverse("agreement_send", args=[setup.mobility.pk, 1])
    client = login(cast.coordinator)
    page = client.get(url).content.decode()
    assert "Repair or Rebuilding jobs" in page
    assert 'data-checks="errors"' not in page
    response = client.post(url, _reviewed(page))
    assert response.status_code == 302
    assert response["Location"] == reverse("agreement_detail", args=[setup.mobility.pk, 1])
    setup.agreement.refresh_from_db()
    assert setup.agreement.status == AgreementStatus.OUT
    envelope = Envelope.objects.get()
    assert {s.user for s in envelope.signatories.all()} == {
        cast.coordinator,
        cast.mentor,
        cast.learner,
    }


def test_an_agreement_without_units_lists_the_error_and_is_not_sent(cast, login):
    setup = mobility_for(cast, planned=False)
    url = reverse("agreement_send", args=[setup.mobility.pk, 1])
    client = login(cast.coordinator)
    page = client.get(url).content.decode()
    assert 'data-checks="errors"' in page
    assert "Choose at least one unit the learner will achieve." in page
    response = client.post(url, _reviewed(page))
    assert response.status_code == 400
    assert "cannot be sent yet" in response.content.decode()
    assert not Envelope.objects.exists()
    setup.agreement.refresh_from_db()
    assert setup.agreement.status == AgreementStatus.DRAFT


def test_a_change_to_the_agreement_after_the_review_is_a_409_and_nothing_is_sent(cast, login):
    setup = mobility_for(cast)
    url = reverse("agreement_send", args=[setup.mobility.pk, 1])
    client = login(cast.coordinator)
    reviewed = _reviewed(client.get(url).content.decode())
    setup.agreement.refresh_from_db()
    agreement_update(
        actor=cast.coordinator,
        agreement=setup.agreement,
        revision=None,
        learning_activities={"en": "Staircases as well"},
    )
    response = client.post(url, reviewed)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone changed the agreement or the mobility after you opened this page" in page
    assert "Staircases as well" in page  # the agreement as it is now, to read again
    assert not Envelope.objects.exists()
    setup.agreement.refresh_from_db()
    assert f'name="revision" value="{setup.agreement.revision}"' in page


def test_a_change_to_the_mobility_after_the_review_is_caught_by_the_content_hash(cast, login):
    setup = mobility_for(cast)
    url = reverse("agreement_send", args=[setup.mobility.pk, 1])
    client = login(cast.coordinator)
    reviewed = _reviewed(client.get(url).content.decode())
    # The agreement's revision does not count the mobility's changes; its content does.
    mobility_update(actor=cast.coordinator, mobility=setup.mobility, revision=None, place="Odense")
    response = client.post(url, reviewed)
    assert response.status_code == 409
    assert "Odense" in response.content.decode()
    setup.agreement.refresh_from_db()
    assert setup.agreement.status == AgreementStatus.DRAFT


def test_a_version_already_sent_is_not_offered_for_sending_again(cast, login):
    setup, _envelope = sent_agreement(cast)
    client = login(cast.coordinator)
    url = reverse("agreement_send", args=[setup.mobility.pk, 1])
    response = client.get(url)
    assert response.status_code == 302
    posted = client.post(url, {"revision": setup.agreement.revision, "seen_hash": "0" * 64})
    assert posted.status_code == 400
    assert "out for signature" in posted.content.decode()
    assert Envelope.objects.count() == 1
