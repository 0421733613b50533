from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ecvet.mobilities.models import Learner
from ecvet.mobilities.tests.factories import LearnerFactory, years_ago
from ecvet.qualifications.tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


def _form(learner: Learner, **changes) -> dict:
    data = {
        "first_name": learner.first_name,
        "last_name": learner.last_name,
        "date_of_birth": learner.date_of_birth.isoformat(),
        "gender": learner.gender,
        "nationality": learner.nationality.code or "",
        "email": learner.email,
        "phone": learner.phone,
        "address": learner.address,
        "qualification": learner.qualification_id or "",
        "group": learner.group,
        "progress": learner.progress,
        "guardian_name": learner.guardian_name,
        "guardian_email": learner.guardian_email,
        "guardian_phone": learner.guardian_phone,
        "revision": learner.revision,
    }
    return {**data, **changes}


# --- the list ---


def test_the_list_shows_the_schools_learners_with_their_number_of_mobilities(cast, login):
    LearnerFactory.create(school=cast.sending, first_name="Līga", last_name="Ozola")
    LearnerFactory.create(school=cast.other_school, first_name="Kadri", last_name="Foreign")

    response = login(cast.teacher).get(reverse("learner_list"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Ozola, Līga" in text
    assert "Foreign" not in text
    assert "data-mobility-count>0<" in text


def test_the_list_is_searched_and_filtered_by_group(cast, login):
    LearnerFactory.create(school=cast.sending, last_name="Ozola", group="GA-1")
    LearnerFactory.create(school=cast.sending, last_name="Kalns", group="GA-2")
    client = login(cast.coordinator)

    by_name = client.get(reverse("learner_list"), {"q": "ozo"}).content.decode()
    by_group = client.get(reverse("learner_list"), {"group": "GA-2"}).content.decode()

    assert "Ozola" in by_name
    assert "Kalns" not in by_name
    assert "Kalns" in by_group
    assert "Ozola" not in by_group


def test_the_list_answers_htmx_with_its_results_only(cast, login):
    LearnerFactory.create(school=cast.sending, last_name="Ozola")

    response = login(cast.coordinator).get(
        reverse("learner_list"), {"q": "Ozola"}, headers={"HX-Request": "true"}
    )

    text = response.content.decode()
    assert "Ozola" in text
    assert "<html" not in text


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_keeps_a_fixed_number_of_queries_as_learners_grow(
    cast, login, django_assert_max_num_queries, count
):
    qualification = QualificationFactory.create(owner=cast.sending)
    for index in range(count):
        LearnerFactory.create(
            school=cast.sending, qualification=qualification, group=f"G{index % 3}"
        )
    client = login(cast.coordinator)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("learner_list"))

    assert response.status_code == 200


def test_a_learner_account_gets_404_on_the_list(cast, login):
    LearnerFactory.create(school=cast.sending, user=cast.learner)

    assert login(cast.learner).get(reverse("learner_list")).status_code == 404


def test_the_platform_administrator_sees_every_school(cast, login):
    LearnerFactory.create(school=cast.sending, last_name="Ozola")
    LearnerFactory.create(school=cast.other_school, last_name="Tamm")

    text = login(cast.admin).get(reverse("learner_list")).content.decode()

    assert "Ozola" in text
    assert "Tamm" in text


# --- a learner's page ---


def test_the_learner_page_shows_the_data_the_guardian_and_the_account(cast, login):
    learner = LearnerFactory.create(
        school=cast.sending, minor=True, guardian_name="Inga Bērziņa", user=cast.learner
    )

    response = login(cast.teacher).get(reverse("learner_detail", args=[learner.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert learner.full_name in text
    assert "Inga Bērziņa" in text
    assert "data-minor" in text
    assert "Roberts Bērziņš" in text  # the linked account
    assert reverse("learner_edit", args=[learner.pk]) in text


def test_a_learner_sees_their_own_page_without_the_edit_buttons(cast, login):
    learner = LearnerFactory.create(school=cast.sending, user=cast.learner)

    response = login(cast.learner).get(reverse("learner_detail", args=[learner.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert learner.full_name in text
    assert reverse("learner_edit", args=[learner.pk]) not in text


def test_a_learner_gets_404_on_another_learners_page(cast, login):
    LearnerFactory.create(school=cast.sending, user=cast.learner)
    classmate = LearnerFactory.create(school=cast.sending)

    client = login(cast.learner)

    assert client.get(reverse("learner_detail", args=[classmate.pk])).status_code == 404
    assert client.get(reverse("learner_edit", args=[classmate.pk])).status_code == 404


def test_a_learner_cannot_edit_their_own_record(cast, login):
    learner = LearnerFactory.create(school=cast.sending, user=cast.learner)

    client = login(cast.learner)

    assert client.get(reverse("learner_edit", args=[learner.pk])).status_code == 403
    assert (
        client.post(reverse("learner_edit", args=[learner.pk]), _form(learner)).status_code == 403
    )


@pytest.mark.parametrize(
    "url_name",
    ["learner_detail", "learner_edit", "learner_account"],
)
def test_staff_of_other_institutions_get_404_on_a_learner(cast, login, url_name):
    learner = LearnerFactory.create(school=cast.sending)
    url = reverse(url_name, args=[learner.pk])

    for who in (cast.outsider, cast.host, cast.mentor):
        client = login(who)
        assert client.get(url).status_code == 404
        assert client.post(url, {"first_name": "Changed"}).status_code == 404
    learner.refresh_from_db()
    assert learner.first_name != "Changed"


# --- adding and editing ---


def test_a_coordinator_adds_a_learner(cast, login):
    response = login(cast.coordinator).post(
        reverse("learner_new"),
        {
            "school": cast.sending.pk,
            "first_name": "Anna",
            "last_name": "Bērziņa",
            "date_of_birth": "2005-05-17",
            "gender": "female",
            "nationality": "LV",
            "email": "anna@example.lv",
        },
    )

    learner = Learner.objects.get(last_name="Bērziņa")
    assert response.status_code == 302
    assert response.url == reverse("learner_detail", args=[learner.pk])
    assert learner.school == cast.sending
    assert learner.nationality.code == "LV"


def test_a_minor_without_a_guardian_is_refused_on_the_form_and_the_input_is_kept(cast, login):
    response = login(cast.coordinator).post(
        reverse("learner_new"),
        {
            "school": cast.sending.pk,
            "first_name": "Anna",
            "last_name": "Bērziņa",
            "date_of_birth": years_ago(15).isoformat(),
        },
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "The learner is under 18: give the parent or guardian, who signs too." in text
    assert 'value="Bērziņa"' in text
    assert not Learner.objects.exists()


def test_the_new_learner_page_is_404_for_a_learner_account(cast, login):
    assert login(cast.learner).get(reverse("learner_new")).status_code == 404


def test_an_outsider_cannot_add_a_learner_to_another_school(cast, login):
    response = login(cast.outsider).post(
        reverse("learner_new"),
        {
            "school": cast.sending.pk,
            "first_name": "Anna",
            "last_name": "Bērziņa",
            "date_of_birth": "2005-05-17",
        },
    )

    assert response.status_code == 400  # the school is not one of the choices
    assert not Learner.objects.exists()


def test_a_teacher_edits_a_learner(cast, login):
    learner = LearnerFactory.create(school=cast.sending, group="GA-1")

    response = login(cast.teacher).post(
        reverse("learner_edit", args=[learner.pk]), _form(learner, group="GA-2")
    )

    learner.refresh_from_db()
    assert response.status_code == 302
    assert learner.group == "GA-2"


def test_two_editors_of_the_same_revision_the_second_gets_a_conflict_and_keeps_what_they_typed(
    cast, login
):
    learner = LearnerFactory.create(school=cast.sending, group="GA-1", phone="")
    url = reverse("learner_edit", args=[learner.pk])
    first = _form(learner, group="GA-2")
    second = _form(learner, phone="+371 20000000")
    client = login(cast.coordinator)
    assert client.post(url, first).status_code == 302

    response = client.post(url, second)

    text = response.content.decode()
    learner.refresh_from_db()
    assert response.status_code == 400
    assert "Someone else saved this learner while you were editing." in text
    assert "Class or group" in text  # what they saved differs from what was typed
    assert 'value="+371 20000000"' in text
    assert f'name="revision" value="{learner.revision}"' in text
    assert (learner.group, learner.phone) == ("GA-2", "")

    # Saving the re-rendered form now is a deliberate save over the first one.
    assert client.post(url, {**second, "revision": learner.revision}).status_code == 302
    learner.refresh_from_db()
    assert learner.phone == "+371 20000000"


def test_the_duplicate_person_message_is_shown_on_the_form(cast, login):
    LearnerFactory.create(
        school=cast.sending, first_name="Anna", last_name="Bērziņa", date_of_birth=date(2005, 5, 17)
    )

    response = login(cast.coordinator).post(
        reverse("learner_new"),
        {
            "school": cast.sending.pk,
            "first_name": "Anna",
            "last_name": "Bērziņa",
            "date_of_birth": "2005-05-17",
        },
    )

    assert response.status_code == 400
    assert "This school already has a learner with this name and date of birth." in (
        response.content.decode()
    )


# --- the account ---


def test_the_coordinator_links_the_learners_account(cast, login):
    learner = LearnerFactory.create(school=cast.sending)
    client = login(cast.coordinator)

    page = client.get(reverse("learner_account", args=[learner.pk])).content.decode()
    response = client.post(reverse("learner_account", args=[learner.pk]), {"user": cast.learner.pk})

    assert "Roberts Bērziņš" in page
    assert cast.teacher.last_name not in page  # not a learner account
    learner.refresh_from_db()
    assert response.status_code == 302
    assert learner.user == cast.learner


def test_the_learners_page_links_their_mobilities(cast, login):
    from ecvet.mobilities.services.mobilities import mobility_create
    from ecvet.partnerships.tests.factories import partnership_for

    learner = LearnerFactory.create(school=cast.sending, user=cast.learner)
    setup = partnership_for(cast)
    mobility = mobility_create(
        actor=cast.coordinator,
        learner=learner,
        partnership=setup.partnership,
        host_institution=cast.host_school,
        start=date(2026, 4, 6),
        end=date(2026, 5, 1),
    )

    staff_page = login(cast.coordinator).get(reverse("learner_detail", args=[learner.pk]))
    own_page = login(cast.learner).get(reverse("learner_detail", args=[learner.pk]))

    assert reverse("mobility_detail", args=[mobility.pk]) in staff_page.content.decode()
    assert 'data-status="planned"' in staff_page.content.decode()
    assert reverse("my_mobility", args=[mobility.pk]) in own_page.content.decode()
