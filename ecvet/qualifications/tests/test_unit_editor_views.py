from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.qualifications.models import (
    Category,
    EscoConcept,
    EscoKind,
    LearningOutcome,
    Unit,
    UnitVersion,
    VersionStatus,
)
from ecvet.qualifications.services.outcomes import outcome_add
from ecvet.qualifications.services.units import unit_create, unit_version_agree

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def unit(cast):
    return unit_create(actor=cast.teacher, owner=cast.sending, name={"en": "Door making"})


def _column(version, category="skills"):
    return [
        (row.is_heading, row.text.get("en"))
        for row in LearningOutcome.objects.filter(version=version, category=category).order_by(
            "position"
        )
    ]


def test_a_teacher_creates_a_unit_and_lands_in_the_editor(cast, login):
    client = login(cast.teacher)
    response = client.post(
        reverse("unit_new"),
        {
            "owner": cast.sending.pk,
            "name_en": "Door making",
            "name_lv": "Durvju izgatavošana",
            "kind": "professional",
            "workload_unit": "days",
            "workload": "10",
            "source_language": "en",
        },
    )
    unit = Unit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_edit", args=[unit.pk])
    assert unit.latest_version.name == {"en": "Door making", "lv": "Durvju izgatavošana"}


def test_a_unit_without_a_name_is_refused_and_keeps_what_was_typed(cast, login):
    response = login(cast.teacher).post(
        reverse("unit_new"),
        {
            "owner": cast.sending.pk,
            "area_of_work_en": "Reconstruction wood making",
            "kind": "professional",
            "workload_unit": "hours",
            "source_language": "en",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write this in at least one language." in page
    assert "Reconstruction wood making" in page
    assert not Unit.objects.exists()


def test_typing_lines_adds_outcomes_and_a_colon_makes_a_heading(cast, login, unit):
    client = login(cast.teacher)
    url = reverse("outcome_quick_add", args=[unit.pk, "knowledge"])
    client.post(url, {"knowledge-line": "Wooden materials:"}, **HTMX)
    response = client.post(url, {"knowledge-line": "Identifying wood sorts."}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "unitChanged"
    assert _column(unit.latest_version, "knowledge") == [
        (True, "Wooden materials"),
        (False, "Identifying wood sorts."),
    ]
    assert 'id="column-knowledge"' in response.content.decode()


def test_an_empty_line_is_refused_with_a_message(cast, login, unit):
    response = login(cast.teacher).post(
        reverse("outcome_quick_add", args=[unit.pk, "skills"]), {"skills-line": ""}, **HTMX
    )
    assert "This field is required." in response.content.decode()
    assert not LearningOutcome.objects.exists()


def test_a_line_posted_without_htmx_lands_back_in_the_whole_editor(cast, login, unit):
    client = login(cast.teacher)
    url = reverse("outcome_quick_add", args=[unit.pk, "skills"])
    response = client.post(url, {"skills-line": "Uses hand tools."})
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_edit", args=[unit.pk]) + "#column-skills"
    assert _column(unit.latest_version) == [(False, "Uses hand tools.")]
    page = client.post(url, {"skills-line": ""}, follow=True).content.decode()
    assert "This field is required." in page
    assert 'id="column-skills"' in page


def test_pasting_a_list_adds_every_line_with_headings(cast, login, unit):
    pasted = (
        "He/she is able to:\nWooden materials:\n• Identifying and selecting different wood\n"
        "sorts.\n• Knowing the use of wood.\n\nMiter and Lock Joints:\n"
        "- Knowledge about joints for doors."
    )
    response = login(cast.teacher).post(
        reverse("outcome_paste", args=[unit.pk, "knowledge"]),
        {"paste-knowledge-text": pasted, "paste-knowledge-language": "en"},
        **HTMX,
    )
    assert response.status_code == 200
    assert _column(unit.latest_version, "knowledge") == [
        (True, "Wooden materials"),
        (False, "Identifying and selecting different wood sorts."),
        (False, "Knowing the use of wood."),
        (True, "Miter and Lock Joints"),
        (False, "Knowledge about joints for doors."),
    ]


def test_a_failed_paste_keeps_the_text(cast, login, unit):
    response = login(cast.teacher).post(
        reverse("outcome_paste", args=[unit.pk, "skills"]),
        {"paste-skills-text": "Plane a board", "paste-skills-language": "xx"},
        **HTMX,
    )
    page = response.content.decode()
    assert "Plane a board" in page
    assert "Select a valid choice" in page
    assert not LearningOutcome.objects.exists()


def test_moving_an_outcome_swaps_it_with_its_neighbour(cast, login, unit):
    version = unit.latest_version
    first = outcome_add(actor=cast.teacher, version=version, category="skills", text={"en": "A"})
    outcome_add(actor=cast.teacher, version=version, category="skills", text={"en": "B"})
    client = login(cast.teacher)
    client.post(reverse("outcome_move", args=[first.pk, "down"]), **HTMX)
    assert _column(version) == [(False, "B"), (False, "A")]
    client.post(reverse("outcome_move", args=[first.pk, "up"]), **HTMX)
    assert _column(version) == [(False, "A"), (False, "B")]


def test_editing_an_outcome_in_two_languages_with_criteria(cast, login, unit):
    outcome = outcome_add(
        actor=cast.teacher, version=unit.latest_version, category="skills", text={"en": "Plane"}
    )
    client = login(cast.teacher)
    form = client.get(reverse("outcome_edit", args=[outcome.pk]), **HTMX).content.decode()
    assert 'name="text_lv"' in form
    client.post(
        reverse("outcome_edit", args=[outcome.pk]),
        {"text_en": "Plane a board", "text_lv": "Ēvelēt dēli", "criteria_en": "Flat within 1 mm"},
        **HTMX,
    )
    outcome.refresh_from_db()
    assert outcome.text == {"en": "Plane a board", "lv": "Ēvelēt dēli"}
    assert outcome.criteria == {"en": "Flat within 1 mm"}


def test_an_emptied_outcome_is_refused_and_the_form_keeps_the_criteria(cast, login, unit):
    outcome = outcome_add(
        actor=cast.teacher, version=unit.latest_version, category="skills", text={"en": "Plane"}
    )
    response = login(cast.teacher).post(
        reverse("outcome_edit", args=[outcome.pk]),
        {"text_en": "", "criteria_en": "Flat within 1 mm"},
        **HTMX,
    )
    assert response["HX-Retarget"] == f"#outcome-{outcome.pk}"
    assert "Flat within 1 mm" in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.text == {"en": "Plane"}


def test_opening_the_editor_of_an_agreed_unit_changes_nothing_until_asked(cast, login, unit):
    unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    client = login(cast.teacher)
    page = client.get(reverse("unit_edit", args=[unit.pk])).content.decode()
    assert "Start draft version 2" in page
    assert UnitVersion.objects.filter(unit=unit).count() == 1
    response = client.post(reverse("unit_draft_start", args=[unit.pk]))
    assert response["Location"] == reverse("unit_edit", args=[unit.pk])
    assert list(unit.versions.values_list("number", "status")) == [
        (1, VersionStatus.AGREED),
        (2, VersionStatus.DRAFT),
    ]


def test_column_actions_on_an_agreed_version_are_refused(cast, login, unit):
    outcome = outcome_add(
        actor=cast.teacher, version=unit.latest_version, category="skills", text={"en": "Plane"}
    )
    unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    client = login(cast.teacher)
    assert client.post(reverse("outcome_move", args=[outcome.pk, "up"])).status_code == 404
    assert (
        client.post(reverse("outcome_quick_add", args=[unit.pk, "skills"]), {"skills-line": "x"})
    ).status_code == 404


def test_the_checks_panel_follows_the_unit(cast, login, unit):
    client = login(cast.teacher)
    url = reverse("unit_checks", args=[unit.pk])
    assert 'data-check="structured" data-ok="false"' in client.get(url).content.decode()
    for category in Category:
        outcome_add(
            actor=cast.teacher, version=unit.latest_version, category=category, text={"en": "x"}
        )
    assert 'data-check="structured" data-ok="true"' in client.get(url).content.decode()


def test_esco_suggestions_can_be_accepted(cast, login, unit):
    skill = EscoConcept.objects.create(
        uri="http://data.europa.eu/esco/skill/hand-tools",
        kind=EscoKind.SKILL,
        preferred_label="use hand tools",
        labels="use hand tools",
    )
    outcome = outcome_add(
        actor=cast.teacher,
        version=unit.latest_version,
        category="skills",
        text={"en": "Identify and use different hand tools"},
    )
    client = login(cast.teacher)
    fragment = client.get(reverse("outcome_suggestions", args=[outcome.pk]), **HTMX)
    assert "use hand tools" in fragment.content.decode()
    client.post(reverse("outcome_skill_link", args=[outcome.pk]), {"uri": skill.uri}, **HTMX)
    assert list(outcome.esco_skills.all()) == [skill]
    client.post(reverse("outcome_skill_unlink", args=[outcome.pk]), {"uri": skill.uri}, **HTMX)
    assert not outcome.esco_skills.exists()


def test_a_shared_unit_is_readable_by_other_schools_but_not_editable(cast, login, unit):
    unit.shared = True
    unit.save()
    client = login(cast.outsider)
    assert client.get(reverse("unit_list")).content.decode().count("Door making") == 1
    assert client.get(reverse("unit_edit", args=[unit.pk])).status_code == 404


def test_a_learner_does_not_browse_the_library(cast, login, unit):
    unit.shared = True
    unit.save()
    assert "Door making" not in login(cast.learner).get(reverse("unit_list")).content.decode()


def test_the_library_filters_by_kind_and_copies_with_provenance(cast, login, unit):
    unit_create(
        actor=cast.teacher, owner=cast.sending, name={"en": "Project work"}, kind="entrepreneurship"
    )
    client = login(cast.teacher)
    page = client.get(reverse("unit_list"), {"kind": "entrepreneurship"}).content.decode()
    assert "Project work" in page
    assert "Door making" not in page
    response = client.post(reverse("unit_copy", args=[unit.pk, 1]), {"owner": cast.sending.pk})
    copied = Unit.objects.exclude(pk=unit.pk).get(copied_from__isnull=False)
    assert response["Location"] == reverse("unit_edit", args=[copied.pk])


def test_the_library_list_has_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    client = login(cast.teacher)
    for n in range(3):
        unit_create(actor=cast.teacher, owner=cast.sending, name={"en": f"Unit {n}"})
    client.get(reverse("unit_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("unit_list"))
    for n in range(20):
        unit_create(actor=cast.teacher, owner=cast.sending, name={"en": f"More {n}"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("unit_list"), {"q": "more"})


def test_the_editor_shows_the_header_form_and_three_columns(cast, login, unit):
    outcome_add(
        actor=cast.teacher, version=unit.latest_version, category="knowledge", text={"en": "Wood:"}
    )
    page = login(cast.teacher).get(reverse("unit_edit", args=[unit.pk])).content.decode()
    for category in Category:
        assert f'id="column-{category}"' in page
    assert 'name="name_lv"' in page
    assert 'id="unit-checks"' in page


def test_comparing_versions_shows_what_changed(cast, login, unit):
    from ecvet.qualifications.services.outcomes import outcome_update
    from ecvet.qualifications.services.units import unit_draft

    outcome_add(
        actor=cast.teacher, version=unit.latest_version, category="skills", text={"en": "Plane"}
    )
    unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    draft = unit_draft(actor=cast.teacher, unit=unit)
    outcome_update(actor=cast.teacher, outcome=draft.outcomes.get(), text={"en": "Plane boards"})
    outcome_add(actor=cast.teacher, version=draft, category="skills", text={"en": "Saw"})
    page = login(cast.teacher).get(reverse("unit_compare", args=[unit.pk])).content.decode()
    assert "Changes from version 1 to version 2" in page
    assert 'data-status="changed"' in page
    assert 'data-status="added"' in page
    assert "Plane boards" in page


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_the_unit_page_shows_the_document_checks_and_versions(cast, login, unit, lang):
    outcome_add(
        actor=cast.teacher,
        version=unit.latest_version,
        category="skills",
        text={"en": "Plane a board", "lv": "Ēvelēt dēli"},
    )
    page = (
        login(cast.coordinator)
        .get(reverse("unit_detail", args=[unit.pk]), {"lang": lang})
        .content.decode()
    )
    assert ("Ēvelēt dēli" if lang == "lv" else "Plane a board") in page
    assert 'id="unit-checks"' in page
    assert "Agree version 1" in page
    assert reverse("unit_pdf", args=[unit.pk, 1]) in page


def test_the_unit_page_has_a_fixed_number_of_queries(
    cast, login, unit, django_assert_max_num_queries
):
    client = login(cast.teacher)
    outcome_add(
        actor=cast.teacher, version=unit.latest_version, category="skills", text={"en": "a"}
    )
    client.get(reverse("unit_detail", args=[unit.pk]))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("unit_detail", args=[unit.pk]))
    for n in range(15):
        outcome_add(
            actor=cast.teacher, version=unit.latest_version, category="skills", text={"en": f"{n}"}
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("unit_detail", args=[unit.pk]))


def test_the_editor_has_a_fixed_number_of_queries(cast, login, unit, django_assert_max_num_queries):
    client = login(cast.teacher)
    outcome_add(
        actor=cast.teacher, version=unit.latest_version, category="skills", text={"en": "a"}
    )
    client.get(reverse("unit_edit", args=[unit.pk]))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("unit_edit", args=[unit.pk]))
    for n in range(15):
        outcome_add(
            actor=cast.teacher,
            version=unit.latest_version,
            category="knowledge",
            text={"en": f"{n}"},
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("unit_edit", args=[unit.pk]))
