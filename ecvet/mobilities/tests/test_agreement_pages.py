"""The Learning Agreement's page: every field of the ECVET template in English, Latvian or both
side by side, its status banners, who may read it, and a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from ecvet.mobilities.models import Enclosure, Gender, Payer
from ecvet.mobilities.services.agreements import agreement_send, agreement_update
from ecvet.mobilities.services.mobilities import mobility_update
from ecvet.mobilities.tests.setup import MobilitySetup, learner_of, mobility_for, sent_agreement
from ecvet.partnerships.services.units import partnership_unit_add, unit_agreement_record
from ecvet.partnerships.tests.factories import agreed_unit
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory, QualificationFactory
from ecvet.signing.services import signature_decline, signature_sign

pytestmark = pytest.mark.django_db


def rich_mobility(cast: Any, *, learner: Any = None) -> MobilitySetup:
    """The cast's mobility with every field of the agreement filled: the learner's
    qualification and progress, financial terms, learning activities, enclosures, and a unit
    with outcomes in all three columns (one under a topic heading)."""
    qualification = QualificationFactory.create(
        title={"en": "Carpenter", "lv": "Galdnieks"},
        eqf_level=3,
        national_level="LKI 3",
        owner=cast.sending,
    )
    person = learner or learner_of(
        cast,
        qualification=qualification,
        progress="Second of four years",
        gender=Gender.MALE,
        nationality="LV",
        phone="+371 2000 0001",
        address="Brīvības iela 1, Rīga",
    )
    setup = mobility_for(cast, learner=person)
    version = setup.partnership.item.version
    for category, heading, en, lv in (
        (Category.KNOWLEDGE, True, "Wooden materials", "Koka materiāli"),
        (Category.KNOWLEDGE, False, "Name the parts of a door", "Nosauc durvju daļas"),
        (Category.COMPETENCE, False, "Work safely on their own", "Strādā droši patstāvīgi"),
    ):
        LearningOutcomeFactory.create(
            version=version, category=category, is_heading=heading, text={"en": en, "lv": lv}
        )
    mobility_update(
        actor=cast.coordinator,
        mobility=setup.mobility,
        revision=None,
        grant_amount=Decimal("1200.00"),
        travel_paid_by=Payer.PROGRAMME,
        accommodation_paid_by=Payer.HOST,
        insurance_paid_by=Payer.SENDING,
        financial_notes={"en": "Pocket money every week", "lv": "Kabatas nauda katru nedēļu"},
    )
    agreement_update(
        actor=cast.coordinator,
        agreement=setup.agreement,
        revision=None,
        learning_activities={"en": "Doors in the host workshop", "lv": "Durvis darbnīcā"},
        enclosures=[Enclosure.CV, Enclosure.MOBILITY],
    )
    setup.mobility.refresh_from_db()
    setup.agreement.refresh_from_db()
    return setup


COMMON = [
    "Carpenters LV-DK",
    "Sending VET school",
    "Host VET school",
    "Host carpentry",
    "E10000001",
    "Ilze Kalniņa",
    "Lars Hansen",
    "Roberts Bērziņš",
    "roberts@example.org",
    "+371 2000 0001",
    "Brīvības iela 1, Rīga",
    "Aalborg",
    "LKI 3",
    "Second of four years",
    "1200.00",
    "In the last week",
    "Host carpentry workshop",
]
ENGLISH = [
    *COMMON,
    "Learning Agreement",
    "Latvia",
    "Denmark",
    "Male",
    "3.7",
    "March 14, 2005",
    "April 5, 2027",
    "April 30, 2027",
    "Carpenter",
    "Europass CV",
    "Europass Mobility",
    "Repair or Rebuilding jobs",
    "Knowledge",
    "Skills",
    "Competence",
    "Wooden materials",
    "Name the parts of a door",
    "Work safely on their own",
    "Doors in the host workshop",
    "Observation at work",
    "Product or piece of work",
    "The finished door",
    "Joints are tight",
    "Transcript of records and Europass Mobility.",
    "Credited as the practical placement.",
    "Programme grant (e.g. Erasmus+)",
    "Pocket money every week",
]
LATVIAN = [
    *COMMON,
    "Latvija",
    "Dānija",
    "2005. gada 14. marts",
    "3,7",
    "Galdnieks",
    "Repair or Rebuilding jobs (lv)",
    "Zināšanas",
    "Prasmes",
    "Kompetence",
    "Koka materiāli",
    "Nosauc durvju daļas",
    "Strādā droši patstāvīgi",
    "Durvis darbnīcā",
    "Pabeigtās durvis",
    "Savienojumi ir cieši",
    "Sekmju izraksts un Europass mobilitāte.",
    "Ieskaita kā praksi.",
    "Kabatas nauda katru nedēļu",
]


def _url(setup: MobilitySetup, number: int = 1) -> str:
    return reverse("agreement_detail", args=[setup.mobility.pk, number])


def _sign(envelope: Any, user: Any) -> None:
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(user=user),
        user=user,
        password=PASSWORD,
    )


@pytest.mark.parametrize(("lang", "expected"), [("en", ENGLISH), ("lv", LATVIAN)])
def test_the_draft_shows_every_field_of_the_ecvet_learning_agreement(cast, login, lang, expected):
    setup = rich_mobility(cast)
    response = login(cast.coordinator).get(_url(setup) + f"?lang={lang}")
    page = response.content.decode()
    assert response.status_code == 200
    for text in expected:
        assert text in page, text
    assert 'data-banner="draft"' in page


def test_both_languages_sit_side_by_side_part_by_part(cast, login):
    setup = rich_mobility(cast)
    page = login(cast.coordinator).get(_url(setup) + "?lang=both").content.decode()
    for text in ("Name the parts of a door", "Nosauc durvju daļas", "Denmark", "Dānija"):
        assert text in page, text
    assert 'href="?lang=lv" lang="lv">LV</a>' in page
    unit_row = page.split('data-part="unit-1"')[1].split("data-part=")[0]
    assert 'lang="en"' in unit_row
    assert 'lang="lv"' in unit_row
    assert "Joints are tight" in page
    assert "Savienojumi ir cieši" in page


def test_an_unknown_document_language_is_a_404(cast, login):
    setup = mobility_for(cast)
    assert login(cast.coordinator).get(_url(setup) + "?lang=xx").status_code == 404


def test_a_minors_guardian_is_a_participant(cast, login):
    minor = learner_of(
        cast,
        born=date(2011, 6, 1),
        guardian_name="Anna Bērziņa",
        guardian_email="anna@example.org",
        guardian_phone="+371 2000 0002",
    )
    setup = mobility_for(cast, learner=minor)
    page = login(cast.coordinator).get(_url(setup)).content.decode()
    for text in ("Parent or legal guardian", "Anna Bērziņa", "anna@example.org", "+371 2000 0002"):
        assert text in page, text


def test_only_the_chosen_outcomes_are_listed_when_a_subset_was_chosen(cast, login):
    from ecvet.mobilities.services.agreements import agreement_unit_update

    setup = rich_mobility(cast)
    item = setup.agreement.units.get()
    chosen = item.version.outcomes.get(text__en="Name the parts of a door")
    agreement_unit_update(actor=cast.coordinator, item=item, outcomes=[chosen])
    page = login(cast.coordinator).get(_url(setup)).content.decode()
    assert "Name the parts of a door" in page
    assert "Wooden materials" in page  # its topic heading
    assert "Work safely on their own" not in page
    assert "The learning outcomes chosen for this mobility." in page


def test_the_coordinator_prepares_the_draft_with_checks_and_the_workload(cast, login):
    setup = mobility_for(cast, planned=False)
    page = login(cast.coordinator).get(_url(setup)).content.decode()
    assert "data-prepare" in page
    assert 'data-checks="errors"' in page
    assert "Choose at least one unit the learner will achieve." in page
    assert "data-workload" in page
    for name in ("agreement_unit_add", "agreement_edit", "agreement_send"):
        assert reverse(name, args=[setup.mobility.pk, 1]) in page


def test_the_host_reads_the_draft_but_cannot_prepare_it(cast, login):
    setup = mobility_for(cast)
    page = login(cast.host).get(_url(setup)).content.decode()
    assert "Repair or Rebuilding jobs" in page
    assert "data-prepare" not in page
    assert reverse("agreement_send", args=[setup.mobility.pk, 1]) not in page


def test_out_for_signature_the_signer_sees_sign_and_decline_and_the_hashes(cast, login):
    setup, envelope = sent_agreement(cast)
    _sign(envelope, cast.coordinator)
    page = login(cast.mentor).get(_url(setup)).content.decode()
    slot = envelope.signatories.get(user=cast.mentor)
    assert 'data-banner="out"' in page
    assert f'data-my-slot="{slot.pk}"' in page
    assert reverse("signature_sign", args=[envelope.pk, slot.pk]) in page
    assert reverse("signature_decline", args=[envelope.pk, slot.pk]) in page
    sign_page = login(cast.mentor).get(reverse("signature_sign", args=[envelope.pk, slot.pk]))
    assert sign_page.status_code == 200
    assert envelope.content_hash in page
    signed = envelope.signatories.get(user=cast.coordinator).signature
    assert signed.content_hash in page
    coordinator_slot = envelope.signatories.get(user=cast.coordinator)
    assert reverse("signature_sign", args=[envelope.pk, coordinator_slot.pk]) not in page


def test_a_declined_sending_is_listed_with_its_reason_on_the_draft_again(cast, login):
    setup, envelope = sent_agreement(cast)
    signature_decline(
        envelope=envelope,
        signatory=envelope.signatories.get(user=cast.learner),
        user=cast.learner,
        reason="My date of birth is wrong.",
    )
    page = login(cast.coordinator).get(_url(setup)).content.decode()
    assert 'data-banner="draft"' in page
    assert f'data-earlier-envelope="{envelope.code}"' in page
    assert "My date of birth is wrong." in page


def test_signed_by_all_three_the_coordinator_may_start_an_amendment(cast, login):
    setup, envelope = sent_agreement(cast)
    for user in (cast.coordinator, cast.mentor, cast.learner):
        _sign(envelope, user)
    page = login(cast.coordinator).get(_url(setup)).content.decode()
    assert 'data-banner="signed"' in page
    assert reverse("agreement_amend", args=[setup.mobility.pk]) in page
    learner_page = login(cast.learner).get(_url(setup)).content.decode()
    assert 'data-banner="signed"' in learner_page
    assert reverse("agreement_amend", args=[setup.mobility.pk]) not in learner_page


def test_the_learner_reads_their_agreement_in_latvian(cast, login):
    setup = rich_mobility(cast)
    client = login(cast.learner)
    client.cookies["ecvet_language"] = "lv"
    response = client.get(_url(setup))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="lv">' in page
    for text in ("Galdnieks", "Nosauc durvju daļas", "Pabeigtās durvis", "Zināšanas", "Dānija"):
        assert text in page, text
    assert "data-prepare" not in page


def test_another_learner_of_the_same_school_gets_404(cast, login):
    setup, _envelope = sent_agreement(cast)
    other = UserFactory.create(username="liga", first_name="Līga", last_name="Ozola")
    MembershipFactory.create(user=other, institution=cast.sending, role=Role.LEARNER)
    learner_of(cast, user=other, first_name="Līga", last_name="Ozola", born=date(2005, 1, 2))
    client = login(other)
    assert client.get(_url(setup)).status_code == 404
    pdf = reverse("agreement_pdf", args=[setup.mobility.pk, 1])
    assert client.get(pdf + "?lang=lv").status_code == 404


def _second_unit(cast: Any, setup: MobilitySetup, name: str) -> Any:
    item = partnership_unit_add(
        actor=cast.coordinator,
        partnership=setup.partnership.partnership,
        unit=agreed_unit(cast.sending, name),
    )
    for _outcome in range(5):
        LearningOutcomeFactory.create(version=item.version, category=Category.KNOWLEDGE)
    for partner in setup.partnership.partnership.partners.all():
        user = cast.coordinator if partner.institution_id == cast.sending.pk else cast.host
        unit_agreement_record(actor=user, partnership_unit=item, partner=partner)
    return item


def test_the_page_queries_do_not_grow_with_units_and_outcomes(cast, login):
    setup, _envelope = sent_agreement(cast)
    client = login(cast.coordinator)
    with CaptureQueriesContext(connection) as one:
        assert client.get(_url(setup) + "?lang=both").status_code == 200

    other = UserFactory.create(username="liga", first_name="Līga", last_name="Ozola")
    bigger = mobility_for(
        cast, learner=learner_of(cast, user=other, first_name="Līga", last_name="Ozola")
    )
    from ecvet.mobilities.services.agreements import agreement_unit_add, agreement_unit_update

    for name in ("Door making", "Professional terminology"):
        added = agreement_unit_add(
            actor=cast.coordinator,
            agreement=bigger.agreement,
            partnership_unit=_second_unit(cast, bigger, name),
        )
        agreement_unit_update(actor=cast.coordinator, item=added, methods=["interview"])
    agreement_send(actor=cast.coordinator, agreement=bigger.agreement)
    with CaptureQueriesContext(connection) as three:
        assert client.get(_url(bigger) + "?lang=both").status_code == 200
    assert len(three.captured_queries) <= len(one.captured_queries)


def test_the_page_is_guarded_by_a_query_count(cast, login, django_assert_max_num_queries):
    setup, _envelope = sent_agreement(cast)
    client = login(cast.mentor)
    with django_assert_max_num_queries(20):
        assert client.get(_url(setup)).status_code == 200
