from __future__ import annotations

import re

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_valid_openapi_3(client: Client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    validate(document)
    assert "/api/v1/institutions" in document["paths"]
    assert "/api/v1/me/memberships" in document["paths"]


def test_the_interactive_docs_are_served_from_our_own_static_files(client: Client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "openapi.json" in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    assert all(asset.startswith("/static/") for asset in assets), assets  # works offline
