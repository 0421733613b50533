from __future__ import annotations

import pytest
from django.urls import reverse

from ecvet.accounts.models import User
from ecvet.demo.build import HOST_SCHOOL, SENDING, build_demo
from ecvet.demo.partnership import TITLE
from ecvet.demo.units import INTERNATIONALIZATION, REPAIR
from ecvet.notifications.models import Notification
from ecvet.partnerships.models import (
    MemorandumStatus,
    NoteKind,
    PartnerRole,
    Partnership,
    ProposalStatus,
)
from ecvet.partnerships.selectors import agreement_rows
from ecvet.signing.models import EnvelopeStatus, SignatoryStatus, SignatureMethod
from ecvet.signing.services import content_hash

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership() -> Partnership:
    build_demo(password="demo")
    return Partnership.objects.get(title=TITLE)


def test_the_demo_partnership_joins_the_sending_and_the_host_school(partnership):
    partners = {p.institution.name: p for p in partnership.partners.select_related("institution")}
    assert set(partners) == {SENDING, HOST_SCHOOL}
    assert partnership.owner.name == SENDING
    assert partners[SENDING].role == PartnerRole.SENDING
    assert partners[HOST_SCHOOL].role == PartnerRole.HOSTING
    assert partners[SENDING].signatory == User.objects.get(username="coordinator")
    assert partners[HOST_SCHOOL].signatory == User.objects.get(username="host")
    for partner in partners.values():
        assert partner.signatory_job_title
        assert set(partner.responsibilities) == {"en", "lv"}
        assert partner.contact is not None


def test_the_demo_terms_and_trainee_profile_are_written_in_english_and_latvian(partnership):
    for name in (
        "objectives",
        "other_organisations",
        "assessment",
        "documentation",
        "validation_recognition",
        "evaluation",
        "profile_knowledge",
        "profile_skills",
        "profile_competence",
        "profile_social",
    ):
        texts = getattr(partnership, name)
        assert set(texts) == {"en", "lv"}, name
        assert texts["en"] != texts["lv"], name
    assert (partnership.mobility_min_weeks, partnership.mobility_max_weeks) == (2, 12)
    assert partnership.valid_from.isoformat() == "2026-01-01"
    assert partnership.valid_until.isoformat() == "2028-12-31"
    assert [q.title["en"] for q in partnership.qualifications.all()] == ["Carpenter"]


def test_the_demo_mou_version_1_is_signed_online_by_both_schools(partnership):
    memorandum = partnership.memoranda.get()
    assert memorandum.number == 1
    assert memorandum.status == MemorandumStatus.SIGNED
    assert memorandum.signed_at is not None
    envelope = memorandum.envelope
    assert envelope.status == EnvelopeStatus.SIGNED
    assert envelope.content_hash == content_hash(envelope.content)
    signatures = list(envelope.signatures.select_related("signer"))
    assert {s.signer.username for s in signatures} == {"coordinator", "host"}
    for signature in signatures:
        assert signature.method == SignatureMethod.ONLINE
        assert signature.content_hash == envelope.content_hash
    assert set(envelope.signatories.values_list("status", flat=True)) == {SignatoryStatus.SIGNED}
    # What was signed names both schools and both units.
    assert {o["name"] for o in envelope.content["organisations"]} == {SENDING, HOST_SCHOOL}
    assert [u["name"]["en"] for u in envelope.content["units"]] == [
        REPAIR.name["en"],
        INTERNATIONALIZATION.name["en"],
    ]


def test_one_demo_unit_is_agreed_by_all_and_the_other_awaits_the_host(partnership):
    rows = {row.item.version.name["en"]: row for row in agreement_rows(partnership=partnership)}
    repair = rows[REPAIR.name["en"]]
    assert repair.is_agreed
    assert {p.institution.name for p in repair.agreed} == {SENDING, HOST_SCHOOL}
    internationalization = rows[INTERNATIONALIZATION.name["en"]]
    assert not internationalization.is_agreed
    assert [p.institution.name for p in internationalization.agreed] == [SENDING]
    assert [p.institution.name for p in internationalization.waiting] == [HOST_SCHOOL]
    assert internationalization.item.version.status == "agreed"  # finished by its owner


def test_the_host_commented_and_proposed_an_outcome_on_the_repair_unit(partnership):
    item = partnership.units.get(version__name__en=REPAIR.name["en"])
    notes = list(item.notes.select_related("author", "institution"))
    assert [n.kind for n in notes] == [NoteKind.COMMENT, NoteKind.PROPOSAL]
    assert {n.author.username for n in notes} == {"host"}
    assert {n.institution.name for n in notes} == {HOST_SCHOOL}
    assert notes[1].status == ProposalStatus.OPEN
    assert notes[1].category == "skills"


def test_the_demo_leaves_what_waits_unread_and_what_is_done_read(partnership):
    unread = Notification.objects.filter(read_at__isnull=True)
    host_news = set(unread.filter(recipient__username="host").values_list("kind", flat=True))
    # The host is also asked to answer Roberts's learner profile (see test_demo_mobilities).
    assert host_news == {"unit.agreement.requested", "profile.sent"}
    coordinator_news = set(
        unread.filter(recipient__username="coordinator").values_list("kind", flat=True)
    )
    assert coordinator_news == {"unit.note.added"}


def test_building_the_demo_again_keeps_its_one_signed_partnership(partnership):
    envelope = partnership.memoranda.get().envelope
    build_demo(password="demo")
    assert Partnership.objects.count() == 1
    assert partnership.memoranda.get().envelope == envelope
    assert envelope.signatures.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_demo_notifies_on_the_home_page_but_sends_no_email(mailoutbox):
    # A real commit (not the test's rolled-back transaction), so the e-mails would go out.
    build_demo(password="demo")
    assert Notification.objects.exists()
    assert mailoutbox == []


def test_the_demo_hosts_home_page_asks_to_agree_the_second_unit(partnership, login):
    host = User.objects.get(username="host")
    page = login(host).get(reverse("home")).content.decode()
    item = partnership.units.get(version__name__en=INTERNATIONALIZATION.name["en"])
    assert page.count('data-todo="unit-agreement"') == 1
    assert reverse("partnership_unit", args=[partnership.pk, item.pk]) in page
    assert 'data-memorandum-status="signed"' in page
