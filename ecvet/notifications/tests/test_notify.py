from __future__ import annotations

import pytest
from django.conf import settings

from ecvet.accounts.tests.factories import UserFactory
from ecvet.notifications.kinds import render, render_subject
from ecvet.notifications.models import Notification
from ecvet.notifications.services import notify, user_language
from ecvet.notifications.tests.kinds import MEMORANDUM

pytestmark = pytest.mark.django_db


def _request_signature(cast, recipients):
    return notify(
        recipients=recipients,
        kind="test.signature.requested",
        url="/units/7/",
        params={"actor": cast.coordinator.display_name, "document": MEMORANDUM},
        actor=cast.coordinator,
    )


def test_notify_stores_one_row_per_recipient_and_mails_them_after_commit(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications = _request_signature(cast, [cast.host, cast.teacher])
        assert mailoutbox == []  # nothing is sent before the transaction commits
    assert {n.recipient for n in notifications} == {cast.host, cast.teacher}
    assert Notification.objects.count() == 2
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == [cast.host.email, cast.teacher.email]


def test_the_mail_greets_the_recipient_and_links_to_the_page(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _request_signature(cast, [cast.host])
    (message,) = mailoutbox
    assert message.subject == f"[en] Please sign Memorandum · {settings.SITE_NAME}"
    assert "Mette" in message.body
    assert "[en] Ilze Kalniņa asks you to sign: Memorandum" in message.body
    assert f"{settings.SITE_URL}/units/7/" in message.body
    assert f"{settings.SITE_URL}/accounts/profile/" in message.body
    assert settings.SITE_NAME in message.body


def test_a_latvian_recipient_gets_the_mail_in_latvian_and_an_english_one_in_english(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    cast.host.language = "lv"
    cast.host.save()
    with django_capture_on_commit_callbacks(execute=True):
        _request_signature(cast, [cast.host, cast.teacher])
    by_address = {m.to[0]: m for m in mailoutbox}
    latvian, english = by_address[cast.host.email], by_address[cast.teacher.email]
    assert "[lv] Ilze Kalniņa asks you to sign: Memorands" in latvian.body
    assert latvian.subject.startswith("[lv] Please sign Memorands")
    assert "[en] Ilze Kalniņa asks you to sign: Memorandum" in english.body


def test_a_recipient_without_a_language_gets_the_sites_default(cast):
    assert cast.teacher.language == ""
    assert user_language(cast.teacher) == settings.LANGUAGE_CODE


def test_nobody_is_notified_of_their_own_action(cast):
    notifications = _request_signature(cast, [cast.coordinator, cast.host])
    assert [n.recipient for n in notifications] == [cast.host]


def test_each_person_is_notified_once_and_inactive_or_missing_people_not_at_all(cast):
    cast.teacher.is_active = False
    cast.teacher.save()
    notifications = _request_signature(cast, [cast.host, cast.host, cast.teacher, None])
    assert [n.recipient for n in notifications] == [cast.host]


def test_a_person_without_an_e_mail_address_is_notified_only_in_the_app(
    mailoutbox, django_capture_on_commit_callbacks, db
):
    person = UserFactory.create(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[person], kind="test.plain", url="/", params={"document": "x"})
    assert Notification.objects.filter(recipient=person).exists()
    assert mailoutbox == []


def test_the_actor_is_remembered_by_name(cast):
    (notification,) = _request_signature(cast, [cast.host])
    assert notification.actor_name == "Ilze Kalniņa"


def test_a_link_off_the_site_is_refused(cast):
    for url in ("https://example.org/phish", "//example.org/phish", "units/"):
        with pytest.raises(ValueError, match="path on this site"):
            notify(recipients=[cast.host], kind="test.plain", url=url, params={})
    assert not Notification.objects.exists()


def test_a_language_map_param_is_read_in_the_readers_language():
    params = {"document": MEMORANDUM}
    assert render("test.plain", params, "lv") == "Something happened to Memorands"
    assert render("test.plain", params, "en") == "Something happened to Memorandum"


def test_an_unregistered_kind_is_shown_as_its_code_and_a_missing_param_as_nothing():
    assert render("nobody.registered.this", {"x": "y"}, "en") == "nobody.registered.this"
    assert render_subject("nobody.registered.this", {}, "en") == "nobody.registered.this"
    assert render("test.plain", {}, "en") == "Something happened to "


def test_the_subject_is_one_line_even_when_a_param_is_not():
    assert "\n" not in render_subject("test.plain", {"document": "two\nlines"}, "en")
