"""Nobody outside a mobility sees or touches its transcript through the screens: the outsider,
another learner and the mentor of another mobility get 404 on every page, read or write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from ecvet.transcripts.models import Transcript, TranscriptStatus
from ecvet.transcripts.tests.outsiders import strangers
from ecvet.transcripts.tests.setup import signed_transcript

pytestmark = pytest.mark.django_db


def _mobility(cast: Any) -> list[Any]:
    return [signed_transcript(cast).mobility.pk]


def _version(cast: Any) -> list[Any]:
    return [*_mobility(cast), 1]


#: Every transcript page with the arguments of a mobility whose transcript is signed, for the
#: project's outsider matrix (tests/test_outsider_matrix.py).
OBJECT_PAGES: dict[str, Callable[[Any], list[Any]]] = {
    "transcript_prepare": _mobility,
    "transcript_amend": _mobility,
    "transcript_detail": _version,
    "transcript_pdf": _version,
    "transcript_send": _version,
}


def _args(mobility_pk: int) -> dict[str, list[Any]]:
    return {
        name: [mobility_pk] if builder is _mobility else [mobility_pk, 1]
        for name, builder in OBJECT_PAGES.items()
    }


def test_strangers_get_404_from_every_transcript_page(cast, login):
    signed = signed_transcript(cast)
    for label, person in strangers(cast).items():
        client = login(person)
        for name, args in _args(signed.mobility.pk).items():
            url = reverse(name, args=args)
            assert client.get(url).status_code == 404, (label, name)
            assert client.post(url, {"reason": "x"}).status_code == 404, (label, name)
    transcript = Transcript.objects.get(mobility=signed.mobility)
    assert transcript.status == TranscriptStatus.SIGNED
    assert Transcript.objects.filter(mobility=signed.mobility).count() == 1


def test_the_mentor_reaches_every_page_so_the_404s_above_mean_not_yours(cast, login):
    signed = signed_transcript(cast)
    client = login(cast.mentor)
    for name, args in _args(signed.mobility.pk).items():
        response = client.get(reverse(name, args=args))
        assert response.status_code in {200, 302, 405}, name


def test_every_transcript_page_is_listed_here():
    from django.urls import get_resolver

    names = {
        name
        for name in get_resolver().reverse_dict
        if isinstance(name, str) and name.startswith("transcript_")
    }
    assert names == set(OBJECT_PAGES)
