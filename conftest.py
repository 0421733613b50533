"""The shared cast of every test (healthchecks' alice/bob/charlie, for ECVET).

A Latvian sending school with its coordinator, teacher and learner; a host school abroad
(registered by the sending school) with its coordinator; a host company (also registered by
the sending school) with a mentor; and an outsider: the coordinator of an unrelated school.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from ecvet.accounts.models import Role, User
from ecvet.accounts.services import api_token_create
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.institutions.models import Institution, InstitutionKind
from ecvet.institutions.tests.factories import InstitutionFactory


@dataclass
class Cast:
    sending: Institution
    host_school: Institution
    host_company: Institution
    other_school: Institution
    coordinator: User
    teacher: User
    learner: User
    host: User
    mentor: User
    outsider: User
    admin: User


@pytest.fixture
def cast(db: None) -> Cast:
    sending = InstitutionFactory.create(
        name="Sending VET school", country="LV", erasmus_oid="E10000001"
    )
    host_school = InstitutionFactory.create(
        name="Host VET school", country="DK", registered_by=sending, erasmus_oid="E10000002"
    )
    host_company = InstitutionFactory.create(
        name="Host carpentry", country="DK", kind=InstitutionKind.COMPANY, registered_by=sending
    )
    other_school = InstitutionFactory.create(name="Unrelated school", country="EE")

    def member(username: str, institution: Institution, role: str, name: str) -> User:
        first_name, last_name = name.split()
        user = UserFactory.create(username=username, first_name=first_name, last_name=last_name)
        MembershipFactory.create(user=user, institution=institution, role=role)
        return user

    admin = UserFactory.create(username="admin", is_staff=True, is_superuser=True)
    return Cast(
        sending=sending,
        host_school=host_school,
        host_company=host_company,
        other_school=other_school,
        coordinator=member("coordinator", sending, Role.COORDINATOR, "Ilze Kalniņa"),
        teacher=member("teacher", sending, Role.TEACHER, "Jānis Ozols"),
        learner=member("learner", sending, Role.LEARNER, "Roberts Bērziņš"),
        host=member("host", host_school, Role.COORDINATOR, "Mette Nielsen"),
        mentor=member("mentor", host_company, Role.MENTOR, "Lars Hansen"),
        outsider=member("outsider", other_school, Role.COORDINATOR, "Kadri Tamm"),
        admin=admin,
    )


@pytest.fixture
def login():
    """``login(user)`` → a test client signed in as that user."""

    def _login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api():
    """``api(user)`` → a test client whose requests carry the user's fresh API token."""

    def _api(user: User) -> Client:
        _token, secret = api_token_create(user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return _api


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    # Scans, issued copies and evidence are files: each test writes its own, in its own
    # folder, never into the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # Real hashers are slow on purpose; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
