from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_me_lists_the_users_own_memberships_only(cast, api):
    body = api(cast.mentor).get("/api/v1/me").json()
    assert body["username"] == "mentor"
    assert [(m["role"], m["institution"]["name"]) for m in body["memberships"]] == [
        ("mentor", "Host carpentry")
    ]


def test_memberships_endpoint_answers_for_the_token_owner(cast, api):
    body = api(cast.outsider).get("/api/v1/me/memberships").json()
    assert [m["institution"]["name"] for m in body] == ["Unrelated school"]
    assert body[0]["role_label"] == "Coordinator"


def test_session_login_also_reaches_the_api_for_the_interactive_docs(cast, login):
    response = login(cast.teacher).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "teacher"
