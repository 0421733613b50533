"""The Europass Mobility's screens: the overview with "prepare", the document in English and
Latvian with its status and signature block, the coordinator's texts, sending to a host
signer with the reviewed hash, re-issuing; query counts that do not grow with the outcomes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from ecvet.europass.content import europass_content
from ecvet.europass.models import EuropassMobility
from ecvet.europass.services.europass import europass_prepare, europass_send
from ecvet.europass.tests.setup import NOT_ACHIEVED_REASON, recognised_mobility
from ecvet.qualifications.models import Category
from ecvet.qualifications.tests.factories import LearningOutcomeFactory
from ecvet.signing.models import EnvelopeStatus, Signatory
from ecvet.signing.services import content_hash, signature_sign

pytestmark = pytest.mark.django_db


def _prepared(cast: Any) -> tuple[Any, EuropassMobility]:
    setup = recognised_mobility(cast)
    return setup, europass_prepare(actor=cast.coordinator, mobility=setup.mobility)


def _url(name: str, document: EuropassMobility) -> str:
    return reverse(name, args=[document.mobility_id, document.number])


def test_the_coordinator_prepares_it_from_the_overview(cast: Any, login: Any) -> None:
    setup = recognised_mobility(cast)
    client = login(cast.coordinator)
    url = reverse("europass_prepare", args=[setup.mobility.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Prepare the Europass Mobility" in page.content.decode()

    response = client.post(url)

    document = EuropassMobility.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("europass_detail", document)
    again = client.post(url, follow=True)
    assert "is already prepared" in again.content.decode()
    assert EuropassMobility.objects.count() == 1


def test_the_learner_and_the_mentor_see_it_but_cannot_prepare_it(cast: Any, login: Any) -> None:
    setup = recognised_mobility(cast)
    url = reverse("europass_prepare", args=[setup.mobility.pk])
    for person in (cast.learner, cast.mentor, cast.host):
        client = login(person)
        page = client.get(url)
        assert page.status_code == 200
        assert "Prepare the Europass Mobility" not in page.content.decode()
        assert client.post(url).status_code == 404
    assert not EuropassMobility.objects.exists()


def test_the_document_reads_in_english_with_every_section(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    page = login(cast.learner).get(_url("europass_detail", document) + "?lang=en")
    body = page.content.decode()
    assert page.status_code == 200
    for expected in (
        document.europass_number,
        "1. The holder of the Europass Mobility document",
        "Bērziņš",
        "Rīgas iela 5, Cēsis",
        "Latvia",
        "2. The issuer of the Europass Mobility document",
        "3. The partners of the mobility experience",
        "Host carpentry",
        "Master carpenter",
        "+45 2000 0002",
        "4. Description of the Europass Mobility experience",
        "Carpenters LV-DK (2026-1-LV01-KA122-VET-000123456)",
        "Erasmus+",
        "Names the parts of a door",
        "Fits a door frame <em>(partly achieved)</em>",
        "Not achieved during the mobility: Works safely",
        NOT_ACHIEVED_REASON,
        "Not sent for signature yet",
    ):
        assert expected in body, expected
    assert 'data-europass-status="draft"' in body


def test_the_document_reads_in_latvian(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    body = login(cast.coordinator).get(_url("europass_detail", document) + "?lang=lv").content
    text = body.decode()
    for expected in (
        "Europass mobilitātes dokuments",
        "Nosauc durvju daļas",
        "Iestiprina durvju rāmi",
        "Veco durvju un logu remonts",
        "Dānija",
        "Latvija",
    ):
        assert expected in text, expected


def test_an_unknown_language_is_not_found(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    assert (
        login(cast.coordinator).get(_url("europass_detail", document) + "?lang=xx").status_code
        == 404
    )


def test_the_detail_page_queries_do_not_grow_with_the_outcomes(
    cast: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    setup, document = _prepared(cast)
    client = login(cast.coordinator)
    url = _url("europass_detail", document)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for index in range(8):
        LearningOutcomeFactory.create(version=setup.unit.version, category=Category.SKILLS)
        LearningOutcomeFactory.create(
            version=setup.unit.version, category=Category.KNOWLEDGE, text={"en": f"More {index}"}
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_coordinator_writes_the_skill_texts(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    client = login(cast.coordinator)
    url = _url("europass_edit", document)
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "revision": document.revision,
            "objective_en": "Learn traditional joinery",
            "objective_lv": "Apgūt tradicionālos savienojumus",
            "programme": "Erasmus+",
            "language_skills_en": "Danish, basic",
            "language_skills_lv": "Dāņu valoda, pamati",
            "social_skills_en": "Worked in a team of six",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.language_skills == {"en": "Danish, basic", "lv": "Dāņu valoda, pamati"}
    assert document.social_skills == {"en": "Worked in a team of six"}
    assert document.revision == 2
    body = client.get(_url("europass_detail", document)).content.decode()
    assert "Danish, basic" in body
    assert "Worked in a team of six" in body


def test_saving_over_someone_elses_change_keeps_what_was_typed(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    stale = document.revision
    EuropassMobility.objects.filter(pk=document.pk).update(revision=stale + 1)

    response = login(cast.coordinator).post(
        _url("europass_edit", document),
        {"revision": stale, "language_skills_en": "Danish, fluent"},
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else saved this Europass Mobility" in body
    assert "Danish, fluent" in body
    document.refresh_from_db()
    assert document.language_skills == {}


def test_sending_asks_the_mentor_by_default_and_freezes_it(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    client = login(cast.coordinator)
    url = _url("europass_send", document)
    page = client.get(url)
    assert page.status_code == 200
    seen = content_hash(europass_content(document))
    assert seen in page.content.decode()

    response = client.post(
        url, {"signer": cast.mentor.pk, "revision": document.revision, "seen_hash": seen}
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == "out_for_signature"
    assert document.envelope is not None
    (slot,) = document.envelope.signatories.all()
    assert (slot.user, slot.party, slot.institution) == (cast.mentor, "host", cast.host_company)
    assert slot.job_title == "Mentor"
    edit = client.get(_url("europass_edit", document), follow=True)
    assert "out for signature" in edit.content.decode()


def test_another_person_of_the_host_may_sign_instead(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    response = login(cast.coordinator).post(
        _url("europass_send", document),
        {
            "signer": cast.host.pk,
            "revision": document.revision,
            "seen_hash": content_hash(europass_content(document)),
        },
    )
    assert response.status_code == 302
    slot = Signatory.objects.get(envelope__kind="europass_mobility")
    assert (slot.user, slot.institution) == (cast.host, cast.host_school)


def test_nobody_outside_the_host_signs_for_it(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    stranger = UserFactory.create()
    MembershipFactory.create(user=stranger, institution=cast.other_school, role=Role.COORDINATOR)
    for person in (cast.teacher, stranger):
        response = login(cast.coordinator).post(
            _url("europass_send", document),
            {
                "signer": person.pk,
                "revision": document.revision,
                "seen_hash": content_hash(europass_content(document)),
            },
        )
        assert response.status_code == 400
    document.refresh_from_db()
    assert document.status == "draft"


def test_a_document_changed_since_it_was_reviewed_is_not_sent(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    seen = content_hash(europass_content(document))
    EuropassMobility.objects.filter(pk=document.pk).update(other_skills={"en": "Changed"})

    response = login(cast.coordinator).post(
        _url("europass_send", document),
        {"signer": cast.mentor.pk, "revision": document.revision, "seen_hash": seen},
    )

    assert response.status_code == 409
    assert "nothing was sent" in response.content.decode()
    document.refresh_from_db()
    assert document.status == "draft"


def test_the_mentor_signs_and_the_page_shows_the_signature(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    envelope = europass_send(actor=cast.coordinator, document=document)
    slot = envelope.signatories.get()
    mentor_page = login(cast.mentor).get(_url("europass_detail", document)).content.decode()
    assert f'data-my-slot="{slot.pk}"' in mentor_page

    signature_sign(envelope=envelope, signatory=slot, user=cast.mentor, password=PASSWORD)

    document.refresh_from_db()
    envelope.refresh_from_db()
    assert (document.status, envelope.status) == ("signed", EnvelopeStatus.SIGNED)
    body = login(cast.learner).get(_url("europass_detail", document)).content.decode()
    assert 'data-banner="signed"' in body
    assert envelope.content_hash in body
    assert "Lars Hansen" in body


def test_a_signed_document_is_re_issued_with_the_same_number(cast: Any, login: Any) -> None:
    _setup, document = _prepared(cast)
    envelope = europass_send(actor=cast.coordinator, document=document)
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(),
        user=cast.mentor,
        password=PASSWORD,
    )
    client = login(cast.coordinator)
    url = reverse("europass_amend", args=[document.mobility_id])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400

    response = client.post(url, {"reason": "The learner's name was misspelt"})

    second = EuropassMobility.objects.get(number=2)
    assert response["Location"] == _url("europass_detail", second)
    assert second.europass_number == document.europass_number
    assert (second.status, second.amends) == ("draft", document)
    signer = europass_send(actor=cast.coordinator, document=second).signatories.get()
    signature_sign(envelope=signer.envelope, signatory=signer, user=cast.mentor, password=PASSWORD)
    document.refresh_from_db()
    assert document.status == "superseded"
