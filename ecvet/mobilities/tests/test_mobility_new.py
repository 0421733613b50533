"""Planning a mobility: the form's choices follow each other, the agreed units are chosen,
and a refused form keeps what was typed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.mobilities.models import Mobility
from ecvet.mobilities.tests.factories import LearnerFactory
from ecvet.partnerships.services.units import partnership_unit_add
from ecvet.partnerships.tests.factories import agreed_unit, partnership_for

pytestmark = pytest.mark.django_db


def _post(cast: Any, setup: Any, learner: Any, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "learner": learner.pk,
        "partnership": setup.partnership.pk,
        "host_institution": cast.host_school.pk,
        "host_company": cast.host_company.pk,
        "mentor": cast.mentor.pk,
        "start": "2027-04-05",
        "end": "2027-04-30",
        "place": "Aalborg",
        "country": "DK",
        "grant_amount": "1200.00",
        "travel_paid_by": "programme",
        "accommodation_paid_by": "host",
        "insurance_paid_by": "sending",
        "financial_notes_en": "Meals at the host's canteen.",
        "financial_notes_lv": "Ēdināšana saimnieka ēdnīcā.",
        "units": [setup.item.pk],
    }
    data.update(changes)
    return data


def test_a_coordinator_plans_a_mobility_with_an_agreed_unit(cast, login):
    setup = partnership_for(cast)
    learner = LearnerFactory.create(school=cast.sending)
    response = login(cast.coordinator).post(reverse("mobility_new"), _post(cast, setup, learner))
    mobility = Mobility.objects.get(learner=learner)
    assert response.status_code == 302
    assert response.url == reverse("mobility_detail", args=[mobility.pk])
    assert mobility.mentor == cast.mentor
    assert mobility.host_company == cast.host_company
    assert mobility.country.code == "DK"
    assert str(mobility.grant_amount) == "1200.00"
    assert mobility.financial_notes == {
        "en": "Meals at the host's canteen.",
        "lv": "Ēdināšana saimnieka ēdnīcā.",
    }
    agreement = mobility.agreements.get()
    assert [item.partnership_unit_id for item in agreement.units.all()] == [setup.item.pk]


def test_the_form_preselects_the_learner_and_lists_only_agreed_units(cast, login):
    setup = partnership_for(cast)
    not_agreed = partnership_unit_add(
        actor=cast.coordinator,
        partnership=setup.partnership,
        unit=agreed_unit(cast.sending, name="Internationalization"),
    )
    learner = LearnerFactory.create(school=cast.sending)
    page = (
        login(cast.coordinator)
        .get(reverse("mobility_new"), {"learner": learner.pk})
        .content.decode()
    )
    assert f'<option value="{learner.pk}" selected>' in page
    # The only partnership and its only host are chosen already.
    assert f'<option value="{setup.partnership.pk}" selected>' in page
    assert f'<option value="{cast.host_school.pk}" selected>' in page
    assert f'name="units" value="{setup.item.pk}"' in page
    assert "Repair or Rebuilding jobs" in page
    assert f'name="units" value="{not_agreed.pk}"' not in page
    assert "Internationalization" not in page


def test_choosing_the_host_reloads_the_mentors_of_the_host(cast, login):
    setup = partnership_for(cast)
    client = login(cast.coordinator)
    page = client.get(
        reverse("mobility_new"),
        {"partnership": setup.partnership.pk, "host_institution": cast.host_school.pk},
        headers={"HX-Request": "true", "HX-Target": "mobility-choices"},
    ).content.decode()
    assert "<html" not in page
    assert 'id="mobility-choices"' in page
    assert "Mette Nielsen" in page  # the host school's coordinator can mentor
    assert "Lars Hansen" not in page  # the company's mentor, once the company is chosen
    page = client.get(
        reverse("mobility_new"),
        {
            "partnership": setup.partnership.pk,
            "host_institution": cast.host_school.pk,
            "host_company": cast.host_company.pk,
        },
        headers={"HX-Request": "true", "HX-Target": "mobility-choices"},
    ).content.decode()
    assert "Lars Hansen" in page
    assert f'<option value="{cast.host_company.pk}" selected>' in page


def test_the_dates_reload_the_length_in_weeks(cast, login):
    page = (
        login(cast.coordinator)
        .get(
            reverse("mobility_new"),
            {"start": "2027-04-05", "end": "2027-04-30"},
            headers={"HX-Request": "true", "HX-Target": "mobility-weeks"},
        )
        .content.decode()
    )
    assert "26 days" in page
    assert "3.7 weeks" in page
    assert "<html" not in page


def test_a_refused_mobility_keeps_what_was_typed_and_says_why(cast, login):
    setup = partnership_for(cast)
    learner = LearnerFactory.create(school=cast.sending)
    response = login(cast.coordinator).post(
        reverse("mobility_new"),
        _post(cast, setup, learner, start="2027-05-10", end="2027-05-01", place="Vejle"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The mobility cannot end before it starts." in page
    assert 'value="Vejle"' in page
    assert "Ēdināšana saimnieka ēdnīcā." in page
    assert f'value="{setup.item.pk}" class="form-check-input" id="id_units_0" checked' in page
    assert not Mobility.objects.exists()


def test_a_learner_of_a_school_that_is_not_sending_is_refused_on_the_partnership(cast, login):
    setup = partnership_for(cast)
    from ecvet.accounts.models import Membership, Role

    Membership.objects.create(
        user=cast.coordinator, institution=cast.host_school, role=Role.COORDINATOR
    )
    learner = LearnerFactory.create(school=cast.host_school)
    response = login(cast.coordinator).post(reverse("mobility_new"), _post(cast, setup, learner))
    assert response.status_code == 400
    assert not Mobility.objects.exists()


def test_another_schools_learner_cannot_be_chosen(cast, login):
    setup = partnership_for(cast)
    stranger = LearnerFactory.create(school=cast.other_school)
    response = login(cast.coordinator).post(reverse("mobility_new"), _post(cast, setup, stranger))
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not Mobility.objects.exists()


def test_the_outsider_gets_an_empty_form_and_cannot_use_our_learner(cast, login):
    setup = partnership_for(cast)
    learner = LearnerFactory.create(school=cast.sending)
    client = login(cast.outsider)
    page = client.get(reverse("mobility_new")).content.decode()
    assert learner.last_name not in page
    assert "Carpenters LV-DK" not in page
    assert "Host carpentry" not in page
    response = client.post(reverse("mobility_new"), _post(cast, setup, learner))
    assert response.status_code == 400
    assert not Mobility.objects.exists()


def test_a_learner_and_a_teacher_get_404_on_the_new_mobility_page(cast, login):
    assert login(cast.learner).get(reverse("mobility_new")).status_code == 404
    assert login(cast.teacher).get(reverse("mobility_new")).status_code == 404
    assert login(cast.learner).get(reverse("mobility_group_new")).status_code == 404
