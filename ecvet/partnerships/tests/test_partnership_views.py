"""The partnership's own screens: list, new, page, terms, trainee profile and history."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from ecvet.institutions.tests.factories import InstitutionFactory
from ecvet.partnerships.models import MemorandumStatus, PartnerRole, Partnership
from ecvet.partnerships.services.partnerships import partner_add, partnership_update
from ecvet.partnerships.services.units import partnership_unit_add
from ecvet.partnerships.tests.factories import TERMS, agreed_unit, partnership_for, sent_memorandum

pytestmark = pytest.mark.django_db

ASSESSMENT: dict[str, str] = TERMS["assessment"]  # type: ignore[assignment]
DOCUMENTATION: dict[str, str] = TERMS["documentation"]  # type: ignore[assignment]


def _terms_post(partnership: Partnership, **changes: Any) -> dict[str, Any]:
    """The edit form as the browser sends it, read at the partnership's current revision."""
    data: dict[str, Any] = {
        "revision": partnership.revision,
        "title": partnership.title,
        "file_code": partnership.file_code,
        "mobility_min_weeks": partnership.mobility_min_weeks or "",
        "mobility_max_weeks": partnership.mobility_max_weeks or "",
        "valid_from": partnership.valid_from.isoformat() if partnership.valid_from else "",
        "valid_until": partnership.valid_until.isoformat() if partnership.valid_until else "",
    }
    for name in (
        "objectives",
        "other_organisations",
        "assessment",
        "documentation",
        "validation_recognition",
        "evaluation",
    ):
        texts = getattr(partnership, name) or {}
        data[f"{name}_en"] = texts.get("en", "")
        data[f"{name}_lv"] = texts.get("lv", "")
    data.update(changes)
    return data


# --- list ---


def test_the_list_shows_each_partnership_with_partners_units_and_mou_state(cast, login):
    setup = partnership_for(cast)
    page = login(cast.host).get(reverse("partnership_list")).content.decode()
    assert "Carpenters LV-DK" in page
    assert "Sending VET school" in page
    assert "Host VET school" in page
    assert "Hosting institution" in page
    assert "1 unit" in page
    assert f'data-mou-status="{MemorandumStatus.DRAFT}"' in page
    assert reverse("partnership_detail", args=[setup.partnership.pk]) in page


def test_the_list_finds_a_partnership_by_a_partners_name(cast, login):
    partnership_for(cast)
    client = login(cast.coordinator)
    assert (
        "Carpenters LV-DK"
        in client.get(reverse("partnership_list"), {"q": "host"}).content.decode()
    )
    assert "Carpenters LV-DK" not in (
        client.get(reverse("partnership_list"), {"q": "nothing-like-it"}).content.decode()
    )


def test_the_list_answers_a_search_with_the_results_only_for_htmx(cast, login):
    partnership_for(cast)
    response = login(cast.coordinator).get(
        reverse("partnership_list"), {"q": "carp"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "Carpenters LV-DK" in page
    assert "<html" not in page


def test_the_outsider_sees_no_partnership_in_the_list(cast, login):
    partnership_for(cast)
    page = login(cast.outsider).get(reverse("partnership_list")).content.decode()
    assert "Carpenters LV-DK" not in page
    assert "Host VET school" not in page


def test_the_list_keeps_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    for number in range(3):
        setup = partnership_for(cast)
        other = InstitutionFactory.create(
            name=f"Extra partner {number}", registered_by=cast.sending
        )
        partner_add(
            actor=cast.coordinator,
            partnership=setup.partnership,
            institution=other,
            role=PartnerRole.HOST_COMPANY,
        )
    client = login(cast.coordinator)
    client.get(reverse("partnership_list"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("partnership_list"))
    assert response.content.decode().count("data-partnership=") == 3


# --- new ---


def test_a_coordinator_starts_a_partnership_for_their_school(cast, login):
    client = login(cast.coordinator)
    assert client.get(reverse("partnership_new")).status_code == 200
    response = client.post(
        reverse("partnership_new"),
        {
            "owner": cast.sending.pk,
            "title": "Joiners LV-EE",
            "objectives_en": "Learn from each other.",
            "mobility_min_weeks": "2",
            "mobility_max_weeks": "6",
        },
    )
    partnership = Partnership.objects.get(title="Joiners LV-EE")
    assert response.status_code == 302
    assert response.url == reverse("partnership_detail", args=[partnership.pk])
    assert partnership.owner == cast.sending
    assert partnership.objectives == {"en": "Learn from each other."}
    assert partnership.partners.get().role == PartnerRole.SENDING


def test_a_new_partnership_with_a_wrong_length_keeps_what_was_typed(cast, login):
    response = login(cast.coordinator).post(
        reverse("partnership_new"),
        {
            "owner": cast.sending.pk,
            "title": "Joiners LV-EE",
            "objectives_lv": "Mācīties vienam no otra.",
            "mobility_min_weeks": "8",
            "mobility_max_weeks": "2",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The shortest mobility cannot be longer than the longest." in page
    assert 'value="Joiners LV-EE"' in page
    assert "Mācīties vienam no otra." in page
    assert not Partnership.objects.exists()


def test_the_coordinating_institution_is_one_the_user_manages(cast, login):
    response = login(cast.coordinator).post(
        reverse("partnership_new"), {"owner": cast.other_school.pk, "title": "Stolen"}
    )
    assert response.status_code == 400
    assert not Partnership.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "learner", "mentor"])
def test_only_coordinators_start_partnerships(cast, login, who):
    assert login(getattr(cast, who)).get(reverse("partnership_new")).status_code == 404


# --- the partnership's page ---


def test_the_page_shows_terms_partners_units_and_the_mou(cast, login):
    setup = partnership_for(cast)
    page = login(cast.host).get(reverse("partnership_detail", args=[setup.partnership.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert ASSESSMENT["en"] in text
    assert "Finds placements and assesses." in text
    assert "Mette Nielsen, Director" in text
    assert "Repair or Rebuilding jobs" in text
    assert 'data-agreement="agreed"' in text
    assert reverse("memorandum_detail", args=[setup.partnership.pk, 1]) in text
    assert reverse("partnership_history", args=[setup.partnership.pk]) in text
    assert "Partnership created" in text


def test_the_page_marks_a_term_not_written_in_the_readers_language(cast, login):
    setup = partnership_for(cast)
    partnership_update(
        actor=cast.coordinator,
        partnership=setup.partnership,
        revision=None,
        evaluation={"lv": "Pārskata katru jūniju."},
    )
    text = (
        login(cast.coordinator)
        .get(reverse("partnership_detail", args=[setup.partnership.pk]))
        .content.decode()
    )
    evaluation = re.search(r'data-term="evaluation">(.*?)</dd>', text, re.S)
    assert evaluation is not None
    assert "Pārskata katru jūniju." in evaluation.group(1)
    assert 'data-translation="missing"' in evaluation.group(1)
    assessment = re.search(r'data-term="assessment">(.*?)</dd>', text, re.S)
    assert assessment is not None
    assert 'data-translation="missing"' not in assessment.group(1)


def test_the_page_renders_in_latvian(cast, login):
    setup = partnership_for(cast)
    client = login(cast.host)
    client.cookies["ecvet_language"] = "lv"
    response = client.get(reverse("partnership_detail", args=[setup.partnership.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="lv">' in text
    assert ASSESSMENT["lv"] in text
    assert 'data-section="partners"' in text
    assert 'data-section="mou"' in text


def test_the_page_shows_a_newer_unit_version_and_the_update_button_to_the_coordinator(cast, login):
    from ecvet.qualifications.services.units import unit_draft

    setup = partnership_for(cast)
    unit_draft(actor=cast.coordinator, unit=setup.item.unit)
    url = reverse("partnership_detail", args=[setup.partnership.pk])
    update = reverse("partnership_unit_update_version", args=[setup.partnership.pk, setup.item.pk])
    coordinator_page = login(cast.coordinator).get(url).content.decode()
    host_page = login(cast.host).get(url).content.decode()
    assert "data-newer-version" in coordinator_page
    assert update in coordinator_page
    assert "data-newer-version" in host_page
    assert update not in host_page


def test_a_locked_mou_hides_the_edit_buttons_and_says_why(cast, login):
    setup, _envelope = sent_memorandum(cast)
    text = (
        login(cast.coordinator)
        .get(reverse("partnership_detail", args=[setup.partnership.pk]))
        .content.decode()
    )
    assert "data-terms-locked" in text
    assert reverse("partnership_edit", args=[setup.partnership.pk]) not in text
    assert reverse("partner_new", args=[setup.partnership.pk]) not in text


def test_the_page_keeps_a_fixed_number_of_queries(cast, login, django_assert_max_num_queries):
    setup = partnership_for(cast)
    url = reverse("partnership_detail", args=[setup.partnership.pk])
    client = login(cast.coordinator)
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for number in range(3):
        other = InstitutionFactory.create(
            name=f"Extra partner {number}", registered_by=cast.sending
        )
        partner_add(
            actor=cast.coordinator,
            partnership=setup.partnership,
            institution=other,
            role=PartnerRole.HOST_COMPANY,
        )
        partnership_unit_add(
            actor=cast.coordinator,
            partnership=setup.partnership,
            unit=agreed_unit(cast.sending, name=f"Unit {number}"),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("data-unit-row=") == 4


# --- the terms ---


def test_the_coordinator_changes_the_terms(cast, login):
    setup = partnership_for(cast)
    partnership = setup.partnership
    response = login(cast.coordinator).post(
        reverse("partnership_edit", args=[partnership.pk]),
        _terms_post(partnership, assessment_en="Observed at work and in a final task."),
    )
    partnership.refresh_from_db()
    assert response.status_code == 302
    assert partnership.assessment["en"] == "Observed at work and in a final task."
    assert partnership.assessment["lv"] == ASSESSMENT["lv"]


def test_the_edit_form_carries_the_revision_and_side_by_side_languages(cast, login):
    setup = partnership_for(cast)
    text = (
        login(cast.coordinator)
        .get(reverse("partnership_edit", args=[setup.partnership.pk]))
        .content.decode()
    )
    assert f'name="revision" value="{setup.partnership.revision}"' in text
    assert 'name="assessment_en"' in text
    assert 'name="assessment_lv"' in text


def test_a_terms_edit_with_errors_keeps_what_was_typed(cast, login):
    setup = partnership_for(cast)
    response = login(cast.coordinator).post(
        reverse("partnership_edit", args=[setup.partnership.pk]),
        _terms_post(
            setup.partnership,
            valid_from="2030-01-01",
            valid_until="2029-01-01",
            evaluation_en="Reviewed every autumn.",
        ),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "The MoU cannot end before it starts." in text
    assert "Reviewed every autumn." in text


def test_two_editors_of_the_same_revision_the_second_gets_a_conflict_and_keeps_their_text(
    cast, login
):
    setup = partnership_for(cast)
    partnership = setup.partnership
    url = reverse("partnership_edit", args=[partnership.pk])
    first_form = _terms_post(partnership, assessment_en="First editor's assessment.")
    second_form = _terms_post(partnership, documentation_en="Second editor's documentation.")
    client = login(cast.coordinator)
    assert client.post(url, first_form).status_code == 302

    response = client.post(url, second_form)
    text = response.content.decode()
    partnership.refresh_from_db()
    assert response.status_code == 400
    assert "Someone else saved this partnership while you were editing it." in text
    assert "Second editor&#x27;s documentation." in text
    assert f'name="revision" value="{partnership.revision}"' in text
    assert partnership.assessment["en"] == "First editor's assessment."
    assert partnership.documentation["en"] == DOCUMENTATION["en"]

    # Saving the re-rendered form now is a deliberate save over the first one.
    assert client.post(url, {**second_form, "revision": partnership.revision}).status_code == 302
    partnership.refresh_from_db()
    assert partnership.documentation["en"] == "Second editor's documentation."


def test_terms_of_a_sent_mou_cannot_change_and_the_page_points_to_the_mou(cast, login):
    setup, _envelope = sent_memorandum(cast)
    partnership = setup.partnership
    partnership.refresh_from_db()
    response = login(cast.coordinator).post(
        reverse("partnership_edit", args=[partnership.pk]),
        _terms_post(partnership, assessment_en="Changed after sending."),
    )
    text = response.content.decode()
    partnership.refresh_from_db()
    assert response.status_code == 400
    assert "is out for signature, so what it states cannot change" in text
    assert reverse("memorandum_detail", args=[partnership.pk, 1]) in text
    assert "Changed after sending." in text
    assert partnership.assessment["en"] == ASSESSMENT["en"]


@pytest.mark.parametrize("who", ["host", "teacher", "mentor"])
def test_only_the_coordinating_institution_edits_the_terms(cast, login, who):
    setup = partnership_for(cast)
    from ecvet.accounts.tests.factories import MembershipFactory

    MembershipFactory.create(user=cast.mentor, institution=cast.host_school, role="mentor")
    url = reverse("partnership_edit", args=[setup.partnership.pk])
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, _terms_post(setup.partnership, title="Mine")).status_code == 403
    setup.partnership.refresh_from_db()
    assert setup.partnership.title == "Carpenters LV-DK"


# --- the trainee profile ---


def test_the_sending_sides_teacher_writes_the_trainee_profile(cast, login):
    setup = partnership_for(cast)
    url = reverse("partnership_profile", args=[setup.partnership.pk])
    client = login(cast.teacher)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "revision": setup.partnership.revision,
            "profile_knowledge_en": "Wooden materials and joints.",
            "profile_social_lv": "Strādā komandā.",
        },
    )
    setup.partnership.refresh_from_db()
    assert response.status_code == 302
    assert setup.partnership.profile_knowledge == {"en": "Wooden materials and joints."}
    assert setup.partnership.profile_social == {"lv": "Strādā komandā."}


def test_the_profile_can_be_written_while_the_mou_is_out_for_signature(cast, login):
    setup, _envelope = sent_memorandum(cast)
    setup.partnership.refresh_from_db()
    response = login(cast.coordinator).post(
        reverse("partnership_profile", args=[setup.partnership.pk]),
        {"revision": setup.partnership.revision, "profile_skills_en": "Uses hand tools."},
    )
    assert response.status_code == 302


def test_a_stale_profile_form_keeps_the_text_and_reports_the_conflict(cast, login):
    setup = partnership_for(cast)
    url = reverse("partnership_profile", args=[setup.partnership.pk])
    stale = setup.partnership.revision
    client = login(cast.teacher)
    client.post(url, {"revision": stale, "profile_skills_en": "First."})
    response = client.post(url, {"revision": stale, "profile_skills_en": "Second."})
    setup.partnership.refresh_from_db()
    assert response.status_code == 400
    assert "Someone else saved this partnership" in response.content.decode()
    assert "Second." in response.content.decode()
    assert setup.partnership.profile_skills == {"en": "First."}


def test_the_host_does_not_write_the_sending_sides_profile(cast, login):
    setup = partnership_for(cast)
    assert (
        login(cast.host)
        .get(reverse("partnership_profile", args=[setup.partnership.pk]))
        .status_code
        == 403
    )


# --- history ---


def test_the_history_lists_every_event_page_by_page(cast, login):
    setup = partnership_for(cast)
    for number in range(55):
        partnership_update(
            actor=cast.coordinator,
            partnership=setup.partnership,
            revision=None,
            file_code=f"KA1-{number}",
        )
    client = login(cast.host)
    url = reverse("partnership_history", args=[setup.partnership.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "Partnership terms changed" in first
    assert "Page 1 of 2" in first
    assert "Partnership created" in second


# --- who is refused ---

PAGES = ["partnership_detail", "partnership_edit", "partnership_profile", "partnership_history"]


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("who", ["outsider", "learner"])
def test_an_outsider_or_a_learner_gets_404(cast, login, url_name, who):
    setup = partnership_for(cast)
    url = reverse(url_name, args=[setup.partnership.pk])
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 404
    assert client.post(url, _terms_post(setup.partnership, title="Mine")).status_code == 404
    setup.partnership.refresh_from_db()
    assert setup.partnership.title == "Carpenters LV-DK"


def test_the_navigation_offers_partnerships_to_staff_only(cast, login):
    url = reverse("partnership_list")
    assert url in login(cast.teacher).get(reverse("home")).content.decode()
    assert url not in login(cast.learner).get(reverse("home")).content.decode()
