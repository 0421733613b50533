from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.audit.models import AuditEvent
from ecvet.errors import ConcurrentUpdate, NotPermitted
from ecvet.mobilities.models import Learner
from ecvet.mobilities.services.learners import (
    learner_create,
    learner_link_account,
    learner_update,
)
from ecvet.mobilities.tests.factories import LearnerFactory
from ecvet.qualifications.tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)
ADULT = {"first_name": "Anna", "last_name": "Bērziņa", "date_of_birth": date(2005, 5, 17)}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_a_coordinator_adds_a_learner_of_their_school_and_the_audit_log_says_so(cast):
    learner = learner_create(actor=cast.coordinator, school=cast.sending, **ADULT)

    assert learner.school == cast.sending
    assert learner.revision == 1
    event = AuditEvent.objects.get(action="learner.created")
    assert event.target_id == str(learner.pk)
    assert event.changes["last_name"] == [None, "Bērziņa"]


def test_a_teacher_adds_a_learner_too(cast):
    assert learner_create(actor=cast.teacher, school=cast.sending, **ADULT).pk


@pytest.mark.parametrize("who", ["learner", "host", "mentor", "outsider"])
def test_others_cannot_add_a_learner_to_the_school(cast, who):
    with pytest.raises(NotPermitted):
        learner_create(actor=getattr(cast, who), school=cast.sending, **ADULT)
    assert not Learner.objects.exists()


def test_a_minor_needs_a_parent_or_guardian(cast):
    minor = {**ADULT, "date_of_birth": date(2009, 3, 11)}  # 18 tomorrow

    with pytest.raises(ValidationError) as caught:
        learner_create(actor=cast.coordinator, school=cast.sending, **minor)

    assert "guardian_name" in caught.value.message_dict
    learner = learner_create(
        actor=cast.coordinator, school=cast.sending, guardian_name="Inga Bērziņa", **minor
    )
    assert learner.is_minor_on(TODAY)


def test_a_learner_who_is_18_today_needs_no_guardian(cast):
    learner = learner_create(
        actor=cast.coordinator, school=cast.sending, **{**ADULT, "date_of_birth": date(2008, 3, 10)}
    )
    assert not learner.is_minor_on(TODAY)


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (date(2026, 3, 11), "The date of birth is in the future."),
        (date(2020, 1, 1), "A learner of 6 years? Check the year."),
        (date(1900, 1, 1), "A learner of 126 years? Check the year."),
    ],
)
def test_an_implausible_date_of_birth_is_refused(cast, born, message):
    with pytest.raises(ValidationError) as caught:
        learner_create(
            actor=cast.coordinator,
            school=cast.sending,
            guardian_name="x",
            **{**ADULT, "date_of_birth": born},
        )
    assert caught.value.message_dict["date_of_birth"] == [message]


def test_a_wrong_email_is_refused(cast):
    with pytest.raises(ValidationError) as caught:
        learner_create(actor=cast.coordinator, school=cast.sending, email="anna@", **ADULT)
    assert "email" in caught.value.message_dict


def test_the_same_person_twice_in_a_school_is_refused_with_a_clear_message(cast):
    learner_create(actor=cast.coordinator, school=cast.sending, **ADULT)

    with pytest.raises(ValidationError) as caught:
        learner_create(actor=cast.coordinator, school=cast.sending, **ADULT)

    assert caught.value.messages == [
        "This school already has a learner with this name and date of birth."
    ]
    # Another school may have a learner of the same name and birthday.
    assert learner_create(actor=cast.outsider, school=cast.other_school, **ADULT).pk


def test_the_qualification_must_be_one_the_school_can_use(cast):
    own = QualificationFactory.create(owner=cast.sending)
    foreign = QualificationFactory.create(owner=cast.other_school)

    with pytest.raises(ValidationError) as caught:
        learner_create(actor=cast.coordinator, school=cast.sending, qualification=foreign, **ADULT)

    assert "qualification" in caught.value.message_dict
    learner = learner_create(
        actor=cast.coordinator, school=cast.sending, qualification=own, **ADULT
    )
    assert learner.qualification == own


def test_an_update_bumps_the_revision_and_records_what_changed(cast):
    learner = LearnerFactory.create(school=cast.sending, group="GA-1")

    learner_update(actor=cast.teacher, learner=learner, revision=1, group="GA-2")

    learner.refresh_from_db()
    assert (learner.group, learner.revision) == ("GA-2", 2)
    event = AuditEvent.objects.get(action="learner.updated")
    assert event.changes == {"group": ["GA-1", "GA-2"]}


def test_an_update_without_a_change_records_nothing(cast):
    learner = LearnerFactory.create(school=cast.sending, group="GA-1")

    learner_update(actor=cast.teacher, learner=learner, revision=1, group="GA-1")

    learner.refresh_from_db()
    assert learner.revision == 1
    assert not AuditEvent.objects.filter(action="learner.updated").exists()


def test_an_update_from_a_stale_form_is_a_conflict_and_changes_nothing(cast):
    learner = LearnerFactory.create(school=cast.sending, group="GA-1")
    learner_update(actor=cast.coordinator, learner=learner, revision=1, group="GA-2")

    with pytest.raises(ConcurrentUpdate):
        learner_update(actor=cast.teacher, learner=learner, revision=1, group="GA-3")

    learner.refresh_from_db()
    assert learner.group == "GA-2"


def test_making_a_learner_a_minor_without_a_guardian_is_refused(cast):
    learner = LearnerFactory.create(school=cast.sending)

    with pytest.raises(ValidationError) as caught:
        learner_update(
            actor=cast.coordinator, learner=learner, revision=1, date_of_birth=date(2010, 1, 1)
        )

    assert "guardian_name" in caught.value.message_dict


@pytest.mark.parametrize("who", ["learner", "host", "outsider"])
def test_others_cannot_change_a_learner(cast, who):
    learner = LearnerFactory.create(school=cast.sending, group="GA-1")

    with pytest.raises(NotPermitted):
        learner_update(actor=getattr(cast, who), learner=learner, revision=1, group="X")


def test_a_learner_account_of_the_school_can_be_linked_and_unlinked(cast):
    learner = LearnerFactory.create(school=cast.sending)

    learner_link_account(actor=cast.coordinator, learner=learner, user=cast.learner)
    learner.refresh_from_db()
    assert learner.user == cast.learner
    assert learner.revision == 2

    learner_link_account(actor=cast.coordinator, learner=learner, user=None)
    learner.refresh_from_db()
    assert learner.user is None
    assert list(
        AuditEvent.objects.filter(target_id=str(learner.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["learner.account.linked", "learner.account.unlinked"]


@pytest.mark.parametrize("who", ["teacher", "outsider"])
def test_only_a_learner_account_of_the_same_school_can_be_linked(cast, who):
    learner = LearnerFactory.create(school=cast.sending)

    with pytest.raises(ValidationError) as caught:
        learner_link_account(actor=cast.coordinator, learner=learner, user=getattr(cast, who))

    assert "user" in caught.value.message_dict


def test_an_account_belongs_to_one_learner_only(cast):
    first = LearnerFactory.create(school=cast.sending, user=cast.learner)
    second = LearnerFactory.create(school=cast.sending)

    with pytest.raises(ValidationError) as caught:
        learner_link_account(actor=cast.coordinator, learner=second, user=cast.learner)

    assert first.full_name in caught.value.message_dict["user"][0]


def test_an_outsider_cannot_link_an_account(cast):
    learner = LearnerFactory.create(school=cast.sending)
    other = UserFactory.create()
    MembershipFactory.create(user=other, institution=cast.sending, role=Role.LEARNER)

    with pytest.raises(NotPermitted):
        learner_link_account(actor=cast.outsider, learner=learner, user=other)
