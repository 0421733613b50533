from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.qualifications.models import EscoConcept, EscoKind, Qualification
from ecvet.qualifications.tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db
CARPENTER = "http://data.europa.eu/esco/occupation/2a22ff9e-de3b-408d-b312-5034896cc4f4"


def test_a_teacher_creates_a_qualification_in_two_languages(cast, login):
    response = login(cast.teacher).post(
        reverse("qualification_new"),
        {
            "owner": cast.sending.pk,
            "title_en": "Carpenter",
            "title_lv": "Galdnieks",
            "country": "LV",
            "eqf_level": "4",
            "national_level": "3",
            "esco_occupation_uri": CARPENTER,
            "source_language": "en",
        },
    )
    qualification = Qualification.objects.get()
    assert response["Location"] == reverse("qualification_detail", args=[qualification.pk])
    assert qualification.title == {"en": "Carpenter", "lv": "Galdnieks"}
    assert qualification.esco_occupation_uri == CARPENTER


def test_a_bad_eqf_level_is_refused_and_the_title_is_kept(cast, login):
    response = login(cast.teacher).post(
        reverse("qualification_new"),
        {"owner": cast.sending.pk, "title_en": "Carpenter", "country": "LV", "eqf_level": "9"},
    )
    assert response.status_code == 400
    assert 'value="Carpenter"' in response.content.decode()
    assert not Qualification.objects.exists()


def test_the_form_explains_the_eqf_levels(cast, login):
    page = login(cast.teacher).get(reverse("qualification_new")).content.decode()
    assert page.count("data-eqf-level=") == 8
    assert "Factual and theoretical knowledge in broad contexts" in page


def test_the_detail_names_the_esco_occupation_and_the_level(cast, login):
    EscoConcept.objects.create(uri=CARPENTER, kind=EscoKind.OCCUPATION, preferred_label="carpenter")
    qualification = QualificationFactory.create(
        owner=cast.sending, esco_occupation_uri=CARPENTER, eqf_level=4
    )
    page = (
        login(cast.coordinator)
        .get(reverse("qualification_detail", args=[qualification.pk]))
        .content.decode()
    )
    assert ">carpenter</a>" in page
    assert "EQF level 4 means" in page


def test_occupations_are_found_by_typing(cast, login):
    EscoConcept.objects.create(uri=CARPENTER, kind=EscoKind.OCCUPATION, preferred_label="carpenter")
    page = login(cast.teacher).get(reverse("esco_occupation_search"), {"esco_q": "carp"})
    assert CARPENTER in page.content.decode()


def test_a_learner_cannot_create_qualifications(cast, login):
    assert login(cast.learner).get(reverse("qualification_new")).status_code == 404


def test_the_qualification_list_has_a_fixed_number_of_queries(
    cast, login, django_assert_max_num_queries
):
    client = login(cast.teacher)
    QualificationFactory.create(owner=cast.sending)
    client.get(reverse("qualification_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("qualification_list"))
    QualificationFactory.create_batch(10, owner=cast.sending)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("qualification_list"))


def test_a_new_unit_from_a_qualification_page_refers_to_it(cast, login):
    qualification = QualificationFactory.create(owner=cast.sending)
    page = (
        login(cast.teacher)
        .get(reverse("unit_new"), {"qualification": qualification.pk})
        .content.decode()
    )
    assert f'<option value="{qualification.pk}" selected>' in page


def test_qualifications_are_found_by_words_with_latvian_letters(cast, login):
    QualificationFactory.create(owner=cast.sending, title={"lv": "Galdniecības kvalifikācija"})
    page = login(cast.teacher).get(reverse("qualification_list"), {"q": "kvalifikācija"})
    assert "Galdniecības kvalifikācija" in page.content.decode()
