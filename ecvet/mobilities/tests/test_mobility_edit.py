"""Changing a mobility: saved while its agreement is a draft, a stale form reports the
conflict and keeps what was typed, a frozen agreement is named with a link to amend it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.mobilities.models import Mobility
from ecvet.mobilities.services.mobilities import mobility_update
from ecvet.mobilities.tests.setup import mobility_for, sent_agreement

pytestmark = pytest.mark.django_db


def _post(mobility: Mobility, **changes: Any) -> dict[str, Any]:
    """The edit form as the browser sends it, read at the mobility's current revision."""
    data: dict[str, Any] = {
        "revision": mobility.revision,
        "host_institution": mobility.host_institution_id,
        "host_company": mobility.host_company_id or "",
        "mentor": mobility.mentor_id or "",
        "start": mobility.start.isoformat(),
        "end": mobility.end.isoformat(),
        "place": mobility.place,
        "country": mobility.country.code if mobility.country else "",
        "grant_amount": mobility.grant_amount or "",
        "travel_paid_by": mobility.travel_paid_by,
        "accommodation_paid_by": mobility.accommodation_paid_by,
        "insurance_paid_by": mobility.insurance_paid_by,
        "financial_notes_en": mobility.financial_notes.get("en", ""),
        "financial_notes_lv": mobility.financial_notes.get("lv", ""),
    }
    data.update(changes)
    return data


def test_the_form_shows_the_mobility_at_its_revision(cast, login):
    mobility = mobility_for(cast).mobility
    page = (
        login(cast.coordinator).get(reverse("mobility_edit", args=[mobility.pk])).content.decode()
    )
    assert f'name="revision" value="{mobility.revision}"' in page
    assert 'value="Aalborg"' in page
    assert f'<option value="{cast.mentor.pk}" selected>' in page
    assert 'name="financial_notes_lv"' in page
    assert "3.7 weeks" in page


def test_a_coordinator_changes_the_period_and_terms(cast, login):
    mobility = mobility_for(cast).mobility
    response = login(cast.coordinator).post(
        reverse("mobility_edit", args=[mobility.pk]),
        _post(mobility, end="2027-05-07", grant_amount="900", financial_notes_en="Bus pass."),
    )
    assert response.status_code == 302
    assert response.url == reverse("mobility_detail", args=[mobility.pk])
    mobility.refresh_from_db()
    assert mobility.end.isoformat() == "2027-05-07"
    assert str(mobility.grant_amount) == "900.00"
    assert mobility.financial_notes == {"en": "Bus pass."}


def test_two_editors_of_the_same_revision_the_second_gets_a_conflict_and_keeps_their_text(
    cast, login
):
    mobility = mobility_for(cast).mobility
    stale = _post(mobility, place="Vejle")
    mobility_update(actor=cast.coordinator, mobility=mobility, revision=None, place="Odense")
    mobility.refresh_from_db()
    client = login(cast.coordinator)
    response = client.post(reverse("mobility_edit", args=[mobility.pk]), stale)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this mobility while you were editing it." in page
    assert "What they saved differs from what you typed in: Place." in page
    assert 'value="Vejle"' in page
    assert f'name="revision" value="{mobility.revision}"' in page
    mobility.refresh_from_db()
    assert mobility.place == "Odense"
    # Saving again, at the revision now shown, replaces what the other saved.
    again = client.post(
        reverse("mobility_edit", args=[mobility.pk]), {**stale, "revision": mobility.revision}
    )
    assert again.status_code == 302
    mobility.refresh_from_db()
    assert mobility.place == "Vejle"


def test_a_mobility_whose_agreement_is_out_for_signature_cannot_change(cast, login):
    setup, _envelope = sent_agreement(cast)
    mobility = setup.mobility
    client = login(cast.coordinator)
    page = client.get(reverse("mobility_edit", args=[mobility.pk])).content.decode()
    assert "data-mobility-locked" in page
    assert reverse("agreement_detail", args=[mobility.pk, 1]) in page
    response = client.post(
        reverse("mobility_edit", args=[mobility.pk]), _post(mobility, place="Vejle")
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "is out for signature, so what it states cannot change" in text
    assert reverse("agreement_detail", args=[mobility.pk, 1]) in text
    mobility.refresh_from_db()
    assert mobility.place == "Aalborg"


def test_an_end_before_the_start_is_refused_on_the_field(cast, login):
    mobility = mobility_for(cast).mobility
    response = login(cast.coordinator).post(
        reverse("mobility_edit", args=[mobility.pk]), _post(mobility, end="2027-03-01")
    )
    assert response.status_code == 400
    assert "The mobility cannot end before it starts." in response.content.decode()


def test_the_host_and_the_mentor_may_read_but_not_change_the_mobility(cast, login):
    mobility = mobility_for(cast).mobility
    for user in (cast.host, cast.mentor, cast.teacher):
        client = login(user)
        assert client.get(reverse("mobility_edit", args=[mobility.pk])).status_code == 403
        response = client.post(
            reverse("mobility_edit", args=[mobility.pk]), _post(mobility, place="Vejle")
        )
        assert response.status_code == 403
    mobility.refresh_from_db()
    assert mobility.place == "Aalborg"


def test_the_outsider_and_the_learner_get_404(cast, login):
    mobility = mobility_for(cast).mobility
    for user in (cast.outsider, cast.learner):
        client = login(user)
        assert client.get(reverse("mobility_edit", args=[mobility.pk])).status_code == 404
        response = client.post(
            reverse("mobility_edit", args=[mobility.pk]), _post(mobility, place="Vejle")
        )
        assert response.status_code == 404
    mobility.refresh_from_db()
    assert mobility.place == "Aalborg"


def test_choosing_another_host_company_reloads_its_mentors(cast, login):
    mobility = mobility_for(cast).mobility
    page = (
        login(cast.coordinator)
        .get(
            reverse("mobility_edit", args=[mobility.pk]),
            {"host_institution": cast.host_school.pk, "host_company": ""},
            headers={"HX-Request": "true", "HX-Target": "mobility-choices"},
        )
        .content.decode()
    )
    assert "<html" not in page
    assert "Mette Nielsen" in page
    assert "Lars Hansen" not in page
