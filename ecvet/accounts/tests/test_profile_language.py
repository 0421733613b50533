from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.audit.models import AuditEvent
from ecvet.errors import DomainError
from ecvet.notifications.services import user_set_language

pytestmark = pytest.mark.django_db


def test_the_profile_offers_the_sites_languages_by_their_own_names(cast, login):
    page = login(cast.teacher).get(reverse("profile")).content.decode()
    assert "Site default (English)" in page
    assert '<option value="lv">Latviešu</option>' in page
    assert '<option value="en">English</option>' in page


def test_a_person_chooses_latvian_for_their_mail_and_it_is_recorded(cast, login):
    response = login(cast.teacher).post(reverse("profile"), {"language": "lv"})
    assert response.status_code == 302
    cast.teacher.refresh_from_db()
    assert cast.teacher.language == "lv"
    event = AuditEvent.objects.for_target(cast.teacher).get(action="user.language_changed")
    assert event.changes == {"language": ["", "lv"]}
    assert event.actor == cast.teacher


def test_the_chosen_language_is_preselected_and_can_go_back_to_the_default(cast, login):
    client = login(cast.teacher)
    client.post(reverse("profile"), {"language": "lv"})
    assert '<option value="lv" selected>' in client.get(reverse("profile")).content.decode()
    client.post(reverse("profile"), {"language": ""})
    cast.teacher.refresh_from_db()
    assert cast.teacher.language == ""


def test_an_unknown_language_is_refused(cast, login):
    response = login(cast.teacher).post(reverse("profile"), {"language": "xx"})
    assert response.status_code == 400
    cast.teacher.refresh_from_db()
    assert cast.teacher.language == ""
    with pytest.raises(DomainError):
        user_set_language(user=cast.teacher, language="xx")


def test_choosing_the_same_language_again_records_nothing(cast):
    user_set_language(user=cast.teacher, language="lv")
    user_set_language(user=cast.teacher, language="lv")
    assert AuditEvent.objects.filter(action="user.language_changed").count() == 1


def test_switching_the_interface_language_leaves_the_mail_language_alone(cast, login):
    login(cast.teacher).post(reverse("set_language"), {"language": "lv", "next": "/"})
    cast.teacher.refresh_from_db()
    assert cast.teacher.language == ""
