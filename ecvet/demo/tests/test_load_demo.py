from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ecvet.accounts.models import Membership, Role, User
from ecvet.institutions.models import Institution
from ecvet.institutions.selectors import institution_list
from ecvet.mobilities.models import (
    AgreementUnit,
    Learner,
    LearnerProfile,
    LearningAgreement,
    Mobility,
)
from ecvet.notifications.models import Notification
from ecvet.partnerships.models import (
    Memorandum,
    Partner,
    Partnership,
    PartnershipUnit,
    UnitAgreement,
    UnitNote,
)
from ecvet.qualifications.models import LearningOutcome, Qualification, Unit, UnitVersion
from ecvet.signing.models import Envelope, Signatory, Signature

pytestmark = pytest.mark.django_db


def load(*, esco: bool = False) -> str:
    """Run ``load_demo``; without ESCO unless asked (the import takes seconds)."""
    out = io.StringIO()
    call_command("load_demo", *([] if esco else ["--without-esco"]), stdout=out)
    return out.getvalue()


def test_the_demo_has_every_role_with_the_demo_password():
    output = load()
    expected = {
        "coordinator": Role.COORDINATOR,
        "teacher": Role.TEACHER,
        "host": Role.COORDINATOR,
        "mentor": Role.MENTOR,
        "learner": Role.LEARNER,
        "outsider": Role.COORDINATOR,
        "admin": Role.ADMINISTRATOR,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert Membership.objects.filter(user=user, role=role).exists()
        assert username in output
    assert User.objects.get(username="admin").is_superuser


def test_demo_password_can_be_chosen(settings):
    settings.DEMO_PASSWORD = "another-one"
    load()
    assert User.objects.get(username="learner").check_password("another-one")


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Institution,
            User,
            Membership,
            Unit,
            UnitVersion,
            LearningOutcome,
            Partnership,
            Partner,
            PartnershipUnit,
            UnitAgreement,
            UnitNote,
            Memorandum,
            Envelope,
            Signatory,
            Signature,
            Notification,
            Learner,
            Mobility,
            LearnerProfile,
            LearningAgreement,
            AgreementUnit,
        )
    )


def test_loading_twice_changes_nothing():
    load()
    before = counts()
    assert before[6:10] == (1, 2, 2, 3)  # one partnership, two partners, two units, 3 agreed
    assert before[-5:] == (3, 3, 3, 3, 3)  # three learners, each with a mobility and its LA
    load()
    assert counts() == before


def test_the_demo_follows_the_seed_and_keeps_the_outsider_apart():
    load()
    sending = Institution.objects.get(country="LV")
    assert sending.kind == "vet_school"
    assert {i.kind for i in Institution.objects.filter(registered_by=sending)} == {
        "vet_school",
        "company",
    }
    carpenter = Qualification.objects.get()
    assert carpenter.title == {"en": "Carpenter", "lv": "Galdnieks"}
    outsider = User.objects.get(username="outsider")
    assert list(institution_list(user=outsider).values_list("country", flat=True)) == ["EE"]
