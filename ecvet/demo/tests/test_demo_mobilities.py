from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecvet.accounts.models import User
from ecvet.demo.build import HOST_COMPANY, HOST_SCHOOL, SENDING, build_demo
from ecvet.demo.mobilities import periods
from ecvet.demo.partnership import TITLE
from ecvet.demo.units import REPAIR
from ecvet.mobilities.models import (
    AgreementStatus,
    Learner,
    LearningAgreement,
    Mobility,
    MobilityStatus,
    ProfileStatus,
)
from ecvet.mobilities.selectors import mobilities_of_learner_user, mobility_list
from ecvet.notifications.models import Notification
from ecvet.qualifications.models import Qualification
from ecvet.signing.models import EnvelopeStatus, SignatoryStatus, Signature, SignatureMethod
from ecvet.signing.selectors import waiting_signatures

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


@pytest.fixture
def mobilities() -> dict[str, Mobility]:
    with time_machine.travel(TODAY, tick=False):
        build_demo(password="demo")
    return {
        m.learner.first_name: m
        for m in Mobility.objects.select_related(
            "learner", "partnership", "host_institution", "host_company", "mentor"
        )
    }


def test_the_demo_has_three_carpentry_learners_of_the_sending_school(mobilities):
    learners = list(Learner.objects.select_related("school", "qualification", "user"))
    assert len(learners) == 3
    for learner in learners:
        assert learner.school.name == SENDING
        assert learner.qualification == Qualification.objects.get(title__en="Carpenter")
        assert learner.group in {"GA-2", "GA-3"}
        assert learner.progress
        assert learner.email
    assert {learner.user.username for learner in learners if learner.user} == {
        "learner",
        "katrina",
        "davis",
    }


def test_one_demo_learner_is_a_minor_on_the_mobility_start_with_a_guardian(mobilities):
    minors = [m.learner for m in mobilities.values() if m.learner.is_minor_on(m.start)]
    assert [learner.full_name for learner in minors] == ["Katrīna Liepiņa"]
    assert minors[0].guardian_name == "Inese Liepiņa"


def test_the_three_mobilities_are_before_during_and_after_today(mobilities):
    roberts, katrina, davis = (mobilities[n] for n in ("Roberts", "Katrīna", "Dāvis"))
    assert (roberts.start, roberts.end) == (date(2027, 4, 5), date(2027, 4, 30))
    assert (katrina.start, katrina.end) == (date(2026, 11, 2), date(2026, 12, 18))
    assert (davis.start, davis.end) == (date(2026, 10, 5), date(2026, 10, 30))
    assert (roberts.status, katrina.status, davis.status) == (
        MobilityStatus.PLANNED,
        MobilityStatus.ONGOING,
        MobilityStatus.RECOGNISED,
    )
    for mobility in mobilities.values():
        assert mobility.partnership.title == TITLE
        assert mobility.host_institution.name == HOST_SCHOOL
        assert mobility.host_company.name == HOST_COMPANY
        assert mobility.mentor.username == "mentor"


@pytest.mark.parametrize("today", [date(2026, 1, 1), date(2027, 6, 30), date(2029, 12, 31)])
def test_the_demo_periods_keep_one_mobility_before_one_during_and_one_after(today):
    dated = periods(today)
    assert today < dated["planned"][0]
    assert dated["abroad"][0] <= today <= dated["abroad"][1]
    assert dated["back"][1] < today
    for start, end in dated.values():
        assert (start.weekday(), end.weekday()) == (0, 4)  # Monday to Friday


def test_the_planned_agreement_has_the_repair_unit_with_a_full_assessment_plan(mobilities):
    agreement = mobilities["Roberts"].agreements.get()
    item = agreement.units.select_related("version", "assessor").get()
    assert item.version.name == REPAIR.name
    assert item.assessor.username == "mentor"
    assert item.methods
    assert item.when
    assert item.where
    for texts in (item.evidence, item.criteria, agreement.learning_activities):
        assert set(texts) == {"en", "lv"}
    assert mobilities["Roberts"].profile.status == ProfileStatus.SENT


def test_the_planned_agreement_is_signed_by_the_sending_school_only(mobilities):
    agreement = mobilities["Roberts"].agreements.get()
    assert agreement.status == AgreementStatus.OUT
    envelope = agreement.envelope
    assert envelope.status == EnvelopeStatus.OUT
    slots = {s.party: s.status for s in envelope.signatories.all()}
    assert slots == {
        "sending": SignatoryStatus.SIGNED,
        "host": SignatoryStatus.PENDING,
        "learner": SignatoryStatus.PENDING,
    }


def test_the_agreements_abroad_and_back_home_are_signed_by_every_party(mobilities):
    for name, parties in (
        ("Katrīna", {"sending", "host", "learner", "guardian"}),
        ("Dāvis", {"sending", "host", "learner"}),
    ):
        agreement: LearningAgreement = mobilities[name].agreements.get()
        assert agreement.status == AgreementStatus.SIGNED
        signatures = {s.party: s for s in Signature.objects.filter(envelope=agreement.envelope)}
        assert set(signatures) == parties
        assert signatures["sending"].method == SignatureMethod.ONLINE
        assert signatures["host"].method == SignatureMethod.ONLINE
        # Without an account, the learner (and her mother) signed on paper: the scan is kept.
        for party in parties - {"sending", "host"}:
            assert signatures[party].method == SignatureMethod.OUTSIDE
            assert signatures[party].scan.read().startswith(b"%PDF-")
        assert mobilities[name].profile.status == ProfileStatus.ANSWERED


def test_the_learner_login_sees_one_mobility_with_a_signature_to_give(mobilities, login):
    learner = User.objects.get(username="learner")
    assert list(mobility_list(user=learner)) == [mobilities["Roberts"]]
    assert list(mobilities_of_learner_user(user=learner)) == [mobilities["Roberts"]]
    waiting = list(waiting_signatures(user=learner))
    assert len(waiting) == 1
    assert waiting[0].envelope.document == mobilities["Roberts"].agreements.get()
    page = login(learner).get(reverse("home")).content.decode()
    assert reverse("signature_sign", args=[waiting[0].envelope_id, waiting[0].pk]) in page


def test_the_mentor_has_the_three_learners_and_one_signature_to_give(mobilities):
    mentor = User.objects.get(username="mentor")
    assert mobility_list(user=mentor).count() == 3
    assert waiting_signatures(user=mentor).count() == 1


def test_only_what_waits_in_the_demo_is_unread(mobilities):
    unread = Notification.objects.filter(read_at__isnull=True)

    def news(username: str) -> set[str]:
        return set(unread.filter(recipient__username=username).values_list("kind", flat=True))

    assert news("learner") == {"signature.requested"}
    assert news("mentor") == {"signature.requested", "profile.sent"}
    assert "profile.sent" in news("host")
    assert "signature.requested" not in news("coordinator")
    for notification in unread.exclude(kind__startswith="unit."):
        assert "Roberts" in str(notification.params)


def test_building_the_demo_again_leaves_its_mobilities_as_they_are(mobilities):
    signatures = Signature.objects.count()
    # A later day: the minor's birthday is set from the day the demo was first loaded, and the
    # learners are found again by name, not by birthday.
    with time_machine.travel(date(2027, 2, 1), tick=False):
        build_demo(password="demo")
    assert Learner.objects.count() == 3
    assert Mobility.objects.count() == 3
    assert LearningAgreement.objects.count() == 3
    for mobility in Mobility.objects.all():
        assert mobility.status == mobilities[mobility.learner.first_name].status
    assert Signature.objects.count() == signatures
