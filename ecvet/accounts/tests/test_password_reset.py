from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_forgotten_password_is_reset_through_the_emailed_link(cast, client):
    response = client.post(reverse("password_reset"), {"email": cast.learner.email})
    assert response.status_code == 302
    assert mail.outbox[0].to == [cast.learner.email]
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", str(mail.outbox[0].body))
    assert found is not None
    path = found.group(1)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "sawdust-and-glue-77", "new_password2": "sawdust-and-glue-77"},
    )
    assert response.status_code == 302
    cast.learner.refresh_from_db()
    assert cast.learner.check_password("sawdust-and-glue-77")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_logout_is_a_post_and_ends_the_session(cast, login):
    client = login(cast.mentor)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302
