from __future__ import annotations

import pytest
from django.conf import settings

from ecvet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_api_lists_only_the_readers_own_notifications(cast, api, notify_one):
    mine = notify_one(cast.coordinator, url="/units/3/")
    notify_one(cast.host)
    body = api(cast.coordinator).get("/api/v1/notifications").json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == mine.pk
    assert item["message"] == "Something happened to Memorandum"
    assert item["link"] == f"{settings.SITE_URL}/units/3/"
    assert item["read_at"] is None


def test_the_api_speaks_the_requests_language(cast, api, notify_one):
    notify_one(cast.coordinator)
    body = api(cast.coordinator).get("/api/v1/notifications", headers={"Accept-Language": "lv"})
    assert body.json()["items"][0]["message"] == "Something happened to Memorands"


def test_the_api_filters_unread_and_marks_read(cast, api, notify_one):
    first, second = notify_one(cast.coordinator), notify_one(cast.coordinator)
    client = api(cast.coordinator)
    response = client.post(f"/api/v1/notifications/{first.pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    unread = client.get("/api/v1/notifications?unread=true").json()
    assert [item["id"] for item in unread["items"]] == [second.pk]
    read = client.get("/api/v1/notifications?unread=false").json()
    assert [item["id"] for item in read["items"]] == [first.pk]


def test_the_outsider_gets_404_for_someone_elses_notification(cast, api, notify_one):
    notification = notify_one(cast.coordinator)
    response = api(cast.outsider).post(f"/api/v1/notifications/{notification.pk}/read")
    assert response.status_code == 404
    assert Notification.objects.get(pk=notification.pk).read_at is None
    assert api(cast.outsider).get("/api/v1/notifications").json()["count"] == 0
