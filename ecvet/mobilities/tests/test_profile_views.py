"""The learner profile for the host (slide 8): the sending school writes and sends it, the
host's coordinator and the mentor read it and answer with proposals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.mobilities.models import LearnerProfile, ProfileStatus
from ecvet.mobilities.services.profiles import profile_send, profile_update
from ecvet.mobilities.tests.setup import mobility_for
from ecvet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _sent(cast):
    setup = mobility_for(cast, planned=False)
    profile = setup.mobility.profile
    profile_update(
        actor=cast.coordinator,
        profile=profile,
        revision=None,
        skills={"en": "Uses hand tools safely.", "lv": "Droši lieto rokas instrumentus."},
    )
    profile_send(actor=cast.coordinator, profile=profile)
    return setup


def test_the_sending_school_writes_the_profile_side_by_side(cast, login):
    setup = mobility_for(cast, planned=False)
    profile = setup.mobility.profile
    client = login(cast.teacher)
    url = reverse("profile_edit", args=[setup.mobility.pk])
    page = client.get(url).content.decode()
    assert 'name="knowledge_en"' in page
    assert 'name="knowledge_lv"' in page
    assert f'name="revision" value="{profile.revision}"' in page
    response = client.post(
        url,
        {
            "revision": profile.revision,
            "knowledge_en": "Knows wood species.",
            "knowledge_lv": "Pazīst koksnes sugas.",
            "social_en": "Works well in a team.",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.knowledge == {"en": "Knows wood species.", "lv": "Pazīst koksnes sugas."}
    assert profile.social == {"en": "Works well in a team."}


def test_a_stale_profile_form_keeps_the_text_and_reports_the_conflict(cast, login):
    setup = mobility_for(cast, planned=False)
    stale = setup.mobility.profile.revision
    client = login(cast.coordinator)
    url = reverse("profile_edit", args=[setup.mobility.pk])
    client.post(url, {"revision": stale, "skills_en": "First."})
    response = client.post(url, {"revision": stale, "skills_en": "Second."})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this profile while you were editing it." in page
    assert "Second." in page
    assert LearnerProfile.objects.get(pk=setup.mobility.profile.pk).skills == {"en": "First."}


def test_the_coordinator_sends_the_profile_and_the_host_is_told(cast, login):
    setup = mobility_for(cast, planned=False)
    profile_update(
        actor=cast.coordinator,
        profile=setup.mobility.profile,
        revision=None,
        skills={"en": "Uses hand tools."},
    )
    client = login(cast.coordinator)
    response = client.post(reverse("profile_send", args=[setup.mobility.pk]))
    assert response.status_code == 302
    assert response.url == reverse("profile_edit", args=[setup.mobility.pk])
    assert LearnerProfile.objects.get(mobility=setup.mobility).status == ProfileStatus.SENT
    assert Notification.objects.filter(recipient=cast.mentor).exists()
    assert "The profile was sent" in client.get(response.url).content.decode()


def test_an_empty_profile_is_not_sent_and_says_why(cast, login):
    setup = mobility_for(cast, planned=False)
    client = login(cast.coordinator)
    response = client.post(reverse("profile_send", args=[setup.mobility.pk]))
    assert "Write the profile before sending it." in client.get(response.url).content.decode()
    assert LearnerProfile.objects.get(mobility=setup.mobility).status == ProfileStatus.DRAFT


def test_the_mentor_reads_the_sent_profile_and_answers_with_proposals(cast, login):
    setup = _sent(cast)
    client = login(cast.mentor)
    url = reverse("profile_edit", args=[setup.mobility.pk])
    page = client.get(url).content.decode()
    assert "Uses hand tools safely." in page
    assert 'name="skills_en"' not in page  # the host reads, it does not write the profile
    assert reverse("profile_answer", args=[setup.mobility.pk]) in page
    response = client.post(
        reverse("profile_answer", args=[setup.mobility.pk]),
        {"proposals": "Restoring old windows with traditional joints."},
    )
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(mobility=setup.mobility)
    assert profile.status == ProfileStatus.ANSWERED
    assert profile.answered_by == cast.mentor
    page = login(cast.coordinator).get(url).content.decode()
    assert "Restoring old windows with traditional joints." in page
    assert "Lars Hansen" in page


def test_the_host_reads_the_profile_in_its_language(cast, login):
    setup = _sent(cast)
    client = login(cast.host)
    client.cookies["ecvet_language"] = "lv"
    page = client.get(reverse("profile_edit", args=[setup.mobility.pk])).content.decode()
    assert "Droši lieto rokas instrumentus." in page


def test_the_host_cannot_answer_a_profile_not_sent_yet(cast, login):
    setup = mobility_for(cast, planned=False)
    client = login(cast.host)
    page = client.get(reverse("profile_edit", args=[setup.mobility.pk])).content.decode()
    assert reverse("profile_answer", args=[setup.mobility.pk]) not in page
    response = client.post(
        reverse("profile_answer", args=[setup.mobility.pk]), {"proposals": "Anything."}
    )
    assert response.status_code == 400
    assert "The sending school has not sent the profile yet." in response.content.decode()


def test_an_empty_answer_keeps_the_form_and_says_what_is_missing(cast, login):
    setup = _sent(cast)
    response = login(cast.host).post(
        reverse("profile_answer", args=[setup.mobility.pk]), {"proposals": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_the_host_cannot_write_the_profile(cast, login):
    setup = _sent(cast)
    response = login(cast.host).post(
        reverse("profile_edit", args=[setup.mobility.pk]),
        {"revision": setup.mobility.profile.revision + 1, "skills_en": "Changed by the host."},
    )
    assert response.status_code == 403
    assert "Changed" not in str(LearnerProfile.objects.get(mobility=setup.mobility).skills)


def test_the_outsider_and_the_learner_get_404_on_every_profile_page(cast, login):
    setup = _sent(cast)
    pk = setup.mobility.pk
    for user in (cast.outsider, cast.learner):
        client = login(user)
        assert client.get(reverse("profile_edit", args=[pk])).status_code == 404
        assert client.post(reverse("profile_edit", args=[pk]), {"revision": 9}).status_code == 404
        assert client.post(reverse("profile_send", args=[pk])).status_code == 404
        assert (
            client.post(reverse("profile_answer", args=[pk]), {"proposals": "x"}).status_code == 404
        )
    assert LearnerProfile.objects.get(mobility=setup.mobility).status == ProfileStatus.SENT
