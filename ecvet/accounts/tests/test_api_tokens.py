from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ecvet.accounts.models import ApiToken
from ecvet.accounts.tokens import digest

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_and_stored_only_hashed(cast, login):
    client = login(cast.coordinator)
    response = client.post(reverse("api_token_new"), {"name": "register export"})
    secret = response.context["new_secret"]
    token = ApiToken.objects.get()
    assert token.token_hash == digest(secret)
    assert secret not in {token.token_hash, token.prefix, token.name}
    assert secret not in client.get(reverse("profile")).content.decode()
    answer = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me")
    assert answer.json()["username"] == "coordinator"


def test_a_token_needs_a_name(cast, login):
    response = login(cast.coordinator).post(reverse("api_token_new"), {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working(cast, login):
    client = login(cast.coordinator)
    secret = client.post(reverse("api_token_new"), {"name": "x"}).context["new_secret"]
    token = ApiToken.objects.get()
    client.post(reverse("api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me").status_code == 401
    )


def test_an_outsider_cannot_revoke_someone_elses_token(cast, login):
    login(cast.coordinator).post(reverse("api_token_new"), {"name": "x"})
    token = ApiToken.objects.get()
    assert (
        login(cast.outsider).post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    )
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_deactivated_users_token_stops_working(cast, api):
    client = api(cast.teacher)
    cast.teacher.is_active = False
    cast.teacher.save()
    assert client.get("/api/v1/me").status_code == 401


def test_the_command_prints_a_working_token_as_its_last_line(cast):
    out = io.StringIO()
    call_command("create_api_token", "mentor", stdout=out, stderr=io.StringIO())
    secret = out.getvalue().strip().splitlines()[-1]
    answer = Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/me")
    assert answer.json()["username"] == "mentor"
