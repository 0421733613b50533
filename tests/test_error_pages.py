"""Refusals read as the rest of the product: in the user's language, with the reason, and
never a hint of whether someone else's object exists."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from ecvet.recognition.tests.setup import completed_mobility

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_viewer_who_may_not_decide_reads_why_in_their_language(cast: Any, login: Any):
    mobility = completed_mobility(cast)
    cast.mentor.language = "lv"
    cast.mentor.save(update_fields=["language"])
    client = login(cast.mentor)
    client.cookies["ecvet_language"] = "lv"
    response = client.post(reverse("validation", args=[mobility.pk]), {"action": "validate"})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-error-page="403"' in page
    assert "Jūs to nedrīkstat darīt" in page
    assert "Apstiprina un atzīst tikai nosūtošās skolas koordinatori un skolotāji." in page
    assert not mobility.validations.exists()


@override_settings(DEBUG=False)
def test_the_not_found_page_says_nothing_of_what_might_be_there(cast: Any, login: Any):
    mobility = completed_mobility(cast)
    response = login(cast.outsider).get(reverse("validation", args=[mobility.pk]))
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-error-page="404"' in page
    assert cast.learner.last_name not in page
    assert "not yours to see" in page
