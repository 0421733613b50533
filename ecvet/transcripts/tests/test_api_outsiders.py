"""Nobody outside a mobility sees or touches its transcript through the API: every transcript
operation is a 404 to the outsider, to another learner and to the mentor of another
mobility."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecvet.api import api as ninja_api
from ecvet.transcripts.models import Transcript, TranscriptStatus
from ecvet.transcripts.tests.outsiders import strangers
from ecvet.transcripts.tests.setup import prepared_transcript

pytestmark = pytest.mark.django_db

#: Every transcript operation, about one mobility (for tests/test_outsider_matrix.py).
OBJECT_OPERATIONS = {
    ("get", "/api/v1/mobilities/{mobility_id}/transcripts"),
    ("post", "/api/v1/mobilities/{mobility_id}/transcripts"),
    ("post", "/api/v1/mobilities/{mobility_id}/transcripts/amend"),
    ("get", "/api/v1/mobilities/{mobility_id}/transcripts/{number}"),
    ("post", "/api/v1/mobilities/{mobility_id}/transcripts/{number}/send"),
    ("get", "/api/v1/mobilities/{mobility_id}/transcripts/{number}/pdf"),
}
OWN_OPERATIONS: set[tuple[str, str]] = set()
PUBLIC_OPERATIONS: set[tuple[str, str]] = set()
# Valid bodies, so that the 404 says "not yours", not "invalid request".
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/api/v1/mobilities/{mobility_id}/transcripts/amend"): {"reason": "x"},
    ("post", "/api/v1/mobilities/{mobility_id}/transcripts/{number}/send"): {"signer_id": None},
}


def _call(client: Any, method: str, path: str, ids: dict[str, Any]) -> Any:
    url = path.format(**ids)
    if method == "get":
        return client.get(url)
    body = json.dumps(BODIES.get((method, path), {}))
    return client.generic(method.upper(), url, body, content_type="application/json")


def test_every_transcript_operation_is_listed_here():
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if "/transcripts" in path
    }
    assert operations == OBJECT_OPERATIONS | OWN_OPERATIONS | PUBLIC_OPERATIONS


def test_strangers_get_404_from_every_transcript_operation_and_change_nothing(cast, api):
    assessed, transcript = prepared_transcript(cast)
    ids = {"mobility_id": assessed.mobility.pk, "number": transcript.number}
    for label, person in strangers(cast).items():
        client = api(person)
        for method, path in sorted(OBJECT_OPERATIONS):
            response = _call(client, method, path, ids)
            assert response.status_code == 404, (label, method, path, response.content)
    transcript.refresh_from_db()
    assert (transcript.status, transcript.envelope_id) == (TranscriptStatus.DRAFT, None)
    assert Transcript.objects.filter(mobility=assessed.mobility).count() == 1


def test_the_mentor_reaches_every_operation_so_the_404s_above_mean_not_yours(cast, api):
    assessed, transcript = prepared_transcript(cast)
    ids = {"mobility_id": assessed.mobility.pk, "number": transcript.number}
    client = api(cast.mentor)
    for method, path in sorted(OBJECT_OPERATIONS):
        response = _call(client, method, path, ids)
        assert response.status_code not in {404, 422}, (method, path, response.content)
