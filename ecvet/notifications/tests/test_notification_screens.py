from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ecvet.notifications.context_processors import unread_notifications
from ecvet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_readers_own_notifications_in_their_language(cast, login, notify_one):
    notify_one(cast.coordinator)
    notify_one(cast.host, params={"document": "Host's own paper"})
    client = login(cast.coordinator)
    page = client.get(reverse("notification_list")).content.decode()
    assert "Something happened to Memorandum" in page
    assert "Host&#x27;s own paper" not in page
    client.post(reverse("set_language"), {"language": "lv", "next": "/"})
    page = client.get(reverse("notification_list")).content.decode()
    assert "Something happened to Memorands" in page


def test_opening_a_notification_marks_it_read_and_follows_its_link(cast, login, notify_one):
    notification = notify_one(cast.coordinator, url="/units/?q=carpentry")
    response = login(cast.coordinator).post(reverse("notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/units/?q=carpentry"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_it_again_keeps_the_first_reading_time(cast, login, notify_one):
    notification = notify_one(cast.coordinator)
    client = login(cast.coordinator)
    client.post(reverse("notification_open", args=[notification.pk]))
    first = Notification.objects.get(pk=notification.pk).read_at
    client.post(reverse("notification_open", args=[notification.pk]))
    assert Notification.objects.get(pk=notification.pk).read_at == first


def test_opening_needs_a_post(cast, login, notify_one):
    notification = notify_one(cast.coordinator)
    url = reverse("notification_open", args=[notification.pk])
    assert login(cast.coordinator).get(url).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_outsider_gets_404_for_someone_elses_notification(cast, login, notify_one):
    notification = notify_one(cast.coordinator)
    url = reverse("notification_open", args=[notification.pk])
    assert login(cast.outsider).post(url).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_the_readers_own(cast, login, notify_one):
    mine = [notify_one(cast.coordinator) for _ in range(3)]
    theirs = notify_one(cast.host)
    response = login(cast.coordinator).post(reverse("notification_read_all"), follow=True)
    assert "3 notifications marked read." in response.content.decode()
    assert all(Notification.objects.get(pk=n.pk).is_read for n in mine)
    assert not Notification.objects.get(pk=theirs.pk).is_read


def test_the_list_page_reads_a_fixed_number_of_queries(
    cast, login, notify_one, django_assert_max_num_queries
):
    client = login(cast.coordinator)
    notify_one(cast.coordinator)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("notification_list"))
    for _ in range(20):
        notify_one(cast.coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("notification_list")).content.decode()
    assert page.count("data-notification=") == 21


def test_the_list_is_paginated(cast, login, notify_one):
    for _ in range(30):
        notify_one(cast.coordinator)
    client = login(cast.coordinator)
    assert (
        client.get(reverse("notification_list")).content.decode().count("data-notification=") == 25
    )
    second = client.get(reverse("notification_list") + "?page=2").content.decode()
    assert second.count("data-notification=") == 5


def test_the_home_page_shows_the_five_newest_unread_notifications(cast, login, notify_one):
    for number in range(7):
        notify_one(cast.coordinator, params={"document": f"Paper {number}"})
    read = notify_one(cast.coordinator, params={"document": "Already read"})
    read.read_at = read.created_at
    read.save()
    page = login(cast.coordinator).get(reverse("home")).content.decode()
    assert page.count("data-notification=") == 5
    assert "Paper 6" in page
    assert "Paper 1" not in page
    assert "Already read" not in page
    assert reverse("notification_list") in page


def test_the_navbar_count_is_read_only_when_shown(cast, notify_one, django_assert_num_queries):
    notify_one(cast.coordinator)
    notify_one(cast.coordinator)
    request = RequestFactory().get("/")
    request.user = cast.coordinator
    with django_assert_num_queries(0):
        context = unread_notifications(request)
    assert context["unread_notification_count"] == 2
