"""Whoever may not see a mobility gets 404 on every Learning Agreement screen, whatever the
method, and nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.mobilities.models import AgreementUnit
from ecvet.mobilities.tests.setup import mobility_for
from ecvet.signing.models import Envelope

pytestmark = pytest.mark.django_db

VIEWS = {
    "agreement_detail": lambda s: [s.mobility.pk, 1],
    "agreement_pdf": lambda s: [s.mobility.pk, 1],
    "agreement_edit": lambda s: [s.mobility.pk, 1],
    "agreement_unit_add": lambda s: [s.mobility.pk, 1],
    "agreement_unit_edit": lambda s: [s.mobility.pk, s.agreement.units.get().pk],
    "agreement_unit_remove": lambda s: [s.mobility.pk, s.agreement.units.get().pk],
    "agreement_send": lambda s: [s.mobility.pk, 1],
    "agreement_amend": lambda s: [s.mobility.pk],
}


@pytest.mark.parametrize("url_name", sorted(VIEWS))
def test_an_outsider_is_refused_every_agreement_view(cast, login, url_name):
    setup = mobility_for(cast)
    url = reverse(url_name, args=VIEWS[url_name](setup))
    client = login(cast.outsider)
    assert client.get(url).status_code == 404
    assert client.get(url + "?lang=both").status_code == 404
    response = client.post(
        url, {"revision": 1, "reason": "x", "learning_activities_en": "x", "methods": ["test"]}
    )
    assert response.status_code == 404
    assert not Envelope.objects.exists()
    assert setup.mobility.agreements.count() == 1
    assert AgreementUnit.objects.filter(agreement=setup.agreement).count() == 1


def test_anonymous_visitors_are_sent_to_log_in(cast, client):
    setup = mobility_for(cast)
    response = client.get(reverse("agreement_detail", args=[setup.mobility.pk, 1]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_version_that_does_not_exist_is_a_404(cast, login):
    setup = mobility_for(cast)
    client = login(cast.coordinator)
    assert client.get(reverse("agreement_detail", args=[setup.mobility.pk, 2])).status_code == 404
    assert client.get(reverse("agreement_pdf", args=[setup.mobility.pk, 2])).status_code == 404
