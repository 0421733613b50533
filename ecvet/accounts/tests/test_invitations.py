from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ecvet.accounts.models import Invitation, InvitationStatus, Membership, Role, User
from ecvet.accounts.services import invitation_accept, invitation_revoke, invitation_send
from ecvet.accounts.tests.factories import PASSWORD, UserFactory
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted, TransitionNotAllowed

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "username": "anna",
    "first_name": "Anna",
    "last_name": "Kļaviņa",
    "password1": "plywood-dovetail-42",
    "password2": "plywood-dovetail-42",
}


def invite(client, cast, email="anna@example.org", role=Role.TEACHER):
    return client.post(
        reverse("invitation_list"),
        {"email": email, "institution": cast.sending.pk, "role": role},
    )


def link_from_mail() -> str:
    match = re.search(r"https?://\S+/invitation/(\S+)/", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_a_coordinator_invites_a_teacher_who_sets_a_password_and_is_in(
    cast, login, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(login(cast.coordinator), cast)
    assert response.status_code == 302
    assert mail.outbox[0].to == ["anna@example.org"]
    assert "Sending VET school" in mail.outbox[0].body
    secret = link_from_mail()
    assert not Invitation.objects.filter(token_hash=secret).exists()  # only the hash is kept

    page = client.get(reverse("invitation_accept", args=[secret]))
    assert page.status_code == 200
    response = client.post(reverse("invitation_accept", args=[secret]), NEW_PERSON)
    assert response.status_code == 302
    anna = User.objects.get(username="anna")
    assert anna.email == "anna@example.org"
    assert anna.check_password("plywood-dovetail-42")
    assert Membership.objects.filter(
        user=anna, institution=cast.sending, role=Role.TEACHER
    ).exists()
    assert client.get(reverse("home")).status_code == 200  # signed in straight away
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.accepted_by == anna


def test_a_weak_or_mismatched_password_is_explained_and_names_are_kept(
    cast, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            actor=cast.coordinator,
            email="anna@example.org",
            institution=cast.sending,
            role=Role.LEARNER,
        )
    secret = link_from_mail()
    response = client.post(
        reverse("invitation_accept", args=[secret]),
        {**NEW_PERSON, "password1": "123", "password2": "123"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "too short" in page
    assert 'value="Kļaviņa"' in page
    response = client.post(
        reverse("invitation_accept", args=[secret]), {**NEW_PERSON, "password2": "other-one-42"}
    )
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.filter(username="anna").exists()


def test_an_existing_user_accepts_while_signed_in(cast, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(
            actor=cast.host,
            email=cast.mentor.email,
            institution=cast.host_school,
            role=Role.TEACHER,
        )
    secret = link_from_mail()
    response = login(cast.mentor).post(reverse("invitation_accept", args=[secret]))
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=cast.mentor, institution=cast.host_school, role=Role.TEACHER
    ).exists()


def test_a_signed_in_user_with_another_email_cannot_take_the_invitation(cast, login):
    _invitation, link = invitation_send(
        actor=cast.coordinator, email="anna@example.org", institution=cast.sending, role="teacher"
    )
    secret = link.rstrip("/").rsplit("/", 1)[1]
    response = login(cast.outsider).post(reverse("invitation_accept", args=[secret]))
    assert response.status_code == 400
    assert not Membership.objects.filter(user=cast.outsider, institution=cast.sending).exists()


def test_an_expired_invitation_cannot_be_used(cast, client):
    _invitation, link = invitation_send(
        actor=cast.coordinator, email="anna@example.org", institution=cast.sending, role="teacher"
    )
    secret = link.rstrip("/").rsplit("/", 1)[1]
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.post(reverse("invitation_accept", args=[secret]), NEW_PERSON)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(username="anna").exists()


def test_a_withdrawn_invitation_cannot_be_used(cast, client, login):
    invitation, link = invitation_send(
        actor=cast.coordinator, email="anna@example.org", institution=cast.sending, role="teacher"
    )
    login(cast.coordinator).post(reverse("invitation_revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    secret = link.rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("invitation_accept", args=[secret]))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_an_unknown_link_says_so(client):
    response = client.get(reverse("invitation_accept", args=["inv_made-up"]))
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_only_pending_invitations_move_and_a_lost_race_is_a_conflict(cast):
    invitation, link = invitation_send(
        actor=cast.coordinator, email="anna@example.org", institution=cast.sending, role="teacher"
    )
    stale = Invitation.objects.get(pk=invitation.pk)
    invitation_revoke(actor=cast.coordinator, invitation=invitation)
    with pytest.raises(TransitionNotAllowed):
        invitation_revoke(actor=cast.coordinator, invitation=invitation)
    # Someone else read it while it was pending, and acts after it was withdrawn.
    with pytest.raises(ConcurrentUpdate):
        invitation_revoke(actor=cast.coordinator, invitation=stale)
    secret = link.rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(DomainError):
        invitation_accept(secret=secret, user=UserFactory.create(email="anna@example.org"))


def test_teachers_learners_and_mentors_cannot_invite(cast, login):
    for user in (cast.teacher, cast.learner, cast.mentor):
        client = login(user)
        assert client.get(reverse("invitation_list")).status_code == 403
        assert invite(client, cast).status_code == 403
    assert not Invitation.objects.exists()


def test_outsider_cannot_invite_to_or_withdraw_for_another_school(cast, login):
    client = login(cast.outsider)
    response = invite(client, cast)
    assert response.status_code == 400  # the school is not among the form's choices
    assert not Invitation.objects.exists()
    invitation, _link = invitation_send(
        actor=cast.coordinator, email="anna@example.org", institution=cast.sending, role="teacher"
    )
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert "anna@example.org" not in client.get(reverse("invitation_list")).content.decode()


def test_a_coordinator_cannot_make_someone_an_administrator(cast):
    with pytest.raises(NotPermitted):
        invitation_send(
            actor=cast.coordinator,
            email="a@example.org",
            institution=cast.sending,
            role=Role.ADMINISTRATOR,
        )


def test_the_same_pending_invitation_is_not_sent_twice(cast, login):
    client = login(cast.coordinator)
    invite(client, cast)
    response = invite(client, cast)
    assert response.status_code == 400
    assert "already has a pending invitation" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_a_coordinator_removes_a_persons_access_and_it_is_audited(cast, login):
    membership = Membership.objects.get(user=cast.teacher)
    response = login(cast.coordinator).post(reverse("membership_remove", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert (
        login(cast.outsider)
        .post(reverse("membership_remove", args=[Membership.objects.get(user=cast.learner).pk]))
        .status_code
        == 404
    )
    assert Membership.objects.filter(user=cast.learner).exists()


def test_the_login_page_accepts_the_new_password(cast, client):
    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_the_form_preselects_the_only_school_but_never_a_role(cast, login):
    form = login(cast.coordinator).get(reverse("invitation_list")).context["form"]
    assert form["institution"].value() == cast.sending.pk
    assert form["role"].value() in (None, "")
    response = invite(login(cast.coordinator), cast, role="")
    assert response.status_code == 400
    assert not Invitation.objects.exists()
