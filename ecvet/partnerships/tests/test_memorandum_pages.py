"""The MoU's page: the document in either language, its status, sending it for signature
and starting an amendment."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.partnerships.models import MemorandumStatus, PartnerRole
from ecvet.partnerships.services.memoranda import memorandum_send
from ecvet.partnerships.services.partnerships import partner_add, partnership_update
from ecvet.partnerships.tests.factories import partnership_for, sent_memorandum
from ecvet.signing.models import Envelope, EnvelopeStatus
from ecvet.signing.services import signature_decline, signature_sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _url(setup, number: int = 1) -> str:
    return reverse("memorandum_detail", args=[setup.partnership.pk, number])


def _sign(envelope, user) -> None:
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(user=user),
        user=user,
        password=PASSWORD,
    )


def test_the_draft_shows_every_field_of_the_ecvet_template(cast, login):
    setup = partnership_for(cast)
    response = login(cast.coordinator).get(_url(setup))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Carpenters LV-DK",
        "to create the framework for the transfer of credit",
        "Exchange carpentry learners every spring.",
        "Sending VET school",
        "Host VET school",
        "Latvia",
        "Denmark",
        "E10000001",
        "Finds placements and assesses.",
        "Repair or Rebuilding jobs",
        "The mentor observes the learner at work.",
        "Transcript of records and Europass Mobility.",
        "Credited as the practical placement.",
        "Reviewed every June.",
        "12 weeks",
        "Ilze Kalniņa",
        "Mette Nielsen",
    ):
        assert text in page, text
    assert 'data-banner="draft"' in page
    assert reverse("memorandum_send", args=[setup.partnership.pk, 1]) in page


def test_the_document_reads_in_latvian_with_lang(cast, login):
    setup = partnership_for(cast)
    page = login(cast.coordinator).get(_url(setup) + "?lang=lv").content.decode()
    assert "Apmainīties ar audzēkņiem." in page
    assert "Latvija" in page
    assert "Repair or Rebuilding jobs (lv)" in page


def test_an_unknown_document_language_is_a_404(cast, login):
    setup = partnership_for(cast)
    assert login(cast.coordinator).get(_url(setup) + "?lang=xx").status_code == 404


def test_a_partner_who_does_not_coordinate_reads_the_draft_but_cannot_send_it(cast, login):
    setup = partnership_for(cast)
    client = login(cast.host)
    page = client.get(_url(setup)).content.decode()
    assert reverse("memorandum_send", args=[setup.partnership.pk, 1]) not in page
    send_url = reverse("memorandum_send", args=[setup.partnership.pk, 1])
    assert client.get(send_url).status_code == 404
    assert client.post(send_url, {"revision": setup.partnership.revision}).status_code == 404
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.DRAFT


def test_the_send_page_lists_the_checks_and_sends_what_was_reviewed(cast, login):
    setup = partnership_for(cast, agreed=False)
    client = login(cast.coordinator)
    send_url = reverse("memorandum_send", args=[setup.partnership.pk, 1])
    page = client.get(send_url).content.decode()
    assert 'data-checks="warnings"' in page
    assert "is not yet agreed by" in page
    response = client.post(send_url, {"revision": setup.partnership.revision})
    assert response.status_code == 302
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.OUT


def test_sending_after_someone_changed_the_partnership_is_a_clear_conflict(cast, login):
    setup = partnership_for(cast)
    client = login(cast.coordinator)
    send_url = reverse("memorandum_send", args=[setup.partnership.pk, 1])
    reviewed = setup.partnership.revision
    partnership_update(
        actor=cast.coordinator,
        partnership=setup.partnership,
        revision=None,
        evaluation={"en": "Reviewed every May."},
    )
    response = client.post(send_url, {"revision": reviewed})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone changed the partnership after you opened this page" in page
    assert "Reviewed every May." in page  # the MoU as it is now, to read again
    assert not Envelope.objects.exists()
    setup.partnership.refresh_from_db()
    assert f'value="{setup.partnership.revision}"' in page


def test_a_memorandum_with_errors_is_not_sent(cast, login):
    setup = partnership_for(cast, signatories=False)
    client = login(cast.coordinator)
    send_url = reverse("memorandum_send", args=[setup.partnership.pk, 1])
    page = client.get(send_url).content.decode()
    assert 'data-checks="errors"' in page
    assert "Say who signs for" in page
    response = client.post(send_url, {"revision": setup.partnership.revision})
    assert response.status_code == 400
    assert "cannot be sent yet" in response.content.decode()
    assert not Envelope.objects.exists()


def test_out_for_signature_the_page_shows_who_signed_and_the_readers_own_actions(cast, login):
    setup, envelope = sent_memorandum(cast)
    _sign(envelope, cast.coordinator)
    page = login(cast.host).get(_url(setup)).content.decode()
    host_slot = envelope.signatories.get(user=cast.host)
    assert 'data-banner="out"' in page
    assert envelope.content_hash in page
    assert reverse("signature_sign", args=[envelope.pk, host_slot.pk]) in page
    assert reverse("signature_decline", args=[envelope.pk, host_slot.pk]) in page
    coordinator_slot = envelope.signatories.get(user=cast.coordinator)
    assert reverse("signature_sign", args=[envelope.pk, coordinator_slot.pk]) not in page
    signature = coordinator_slot.signature
    assert signature.content_hash in page
    assert "Ilze Kalniņa" in page


def test_a_declined_sending_is_listed_with_its_reason_on_the_draft(cast, login):
    setup, envelope = sent_memorandum(cast)
    signature_decline(
        envelope=envelope,
        signatory=envelope.signatories.get(user=cast.host),
        user=cast.host,
        reason="Name the mentor in the assessment.",
    )
    page = login(cast.coordinator).get(_url(setup)).content.decode()
    assert 'data-banner="draft"' in page
    assert f'data-earlier-envelope="{envelope.code}"' in page
    assert "Name the mentor in the assessment." in page


def test_a_signed_memorandum_is_amended_and_the_old_version_points_to_the_amendment(cast, login):
    setup, envelope = sent_memorandum(cast)
    _sign(envelope, cast.host)
    _sign(envelope, cast.coordinator)
    client = login(cast.coordinator)
    page = client.get(_url(setup)).content.decode()
    assert 'data-banner="signed"' in page
    amend_url = reverse("memorandum_amend", args=[setup.partnership.pk])
    assert amend_url in page
    assert client.post(amend_url, {"reason": ""}).status_code == 400
    response = client.post(amend_url, {"reason": "Longer mobilities."})
    assert response.status_code == 302
    assert response["Location"] == _url(setup, 2)
    amendment_page = client.get(_url(setup, 2)).content.decode()
    assert "This amendment replaces version 1" in amendment_page
    assert "Longer mobilities." in amendment_page
    second = memorandum_send(
        actor=cast.coordinator, memorandum=setup.partnership.memoranda.get(number=2)
    )
    _sign(second, cast.host)
    _sign(second, cast.coordinator)
    old = client.get(_url(setup)).content.decode()
    assert 'data-banner="superseded"' in old
    assert _url(setup, 2) in old


def test_a_partner_who_does_not_coordinate_cannot_start_an_amendment(cast, login):
    setup, envelope = sent_memorandum(cast)
    _sign(envelope, cast.host)
    _sign(envelope, cast.coordinator)
    amend_url = reverse("memorandum_amend", args=[setup.partnership.pk])
    assert login(cast.host).post(amend_url, {"reason": "Mine."}).status_code == 404
    assert setup.partnership.memoranda.count() == 1


def test_the_page_queries_do_not_grow_with_the_signatories(cast, login):
    setup, envelope = sent_memorandum(cast)
    _sign(envelope, cast.host)
    client = login(cast.coordinator)
    with CaptureQueriesContext(connection) as two:
        assert client.get(_url(setup)).status_code == 200

    bigger = partnership_for(cast)
    partner_add(
        actor=cast.coordinator,
        partnership=bigger.partnership,
        institution=cast.host_company,
        role=PartnerRole.HOST_COMPANY,
        signatory_name="Lars Hansen",
    )
    three = memorandum_send(actor=cast.coordinator, memorandum=bigger.memorandum)
    _sign(three, cast.host)
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(bigger)).status_code == 200
    assert len(many.captured_queries) <= len(two.captured_queries)


def test_the_page_is_guarded_by_a_query_count(cast, login, django_assert_max_num_queries):
    setup, _envelope = sent_memorandum(cast)
    client = login(cast.coordinator)
    with django_assert_max_num_queries(20):
        client.get(_url(setup))


VIEWS = {
    "memorandum_detail": lambda setup: [setup.partnership.pk, 1],
    "memorandum_pdf": lambda setup: [setup.partnership.pk, 1],
    "memorandum_send": lambda setup: [setup.partnership.pk, 1],
    "memorandum_amend": lambda setup: [setup.partnership.pk],
}


@pytest.mark.parametrize("url_name", sorted(VIEWS))
@pytest.mark.parametrize("who", ["outsider", "learner"])
def test_outsiders_and_learners_are_refused_every_memorandum_view(cast, login, url_name, who):
    setup = partnership_for(cast)
    url = reverse(url_name, args=VIEWS[url_name](setup))
    client = login(getattr(cast, who))
    assert client.get(url).status_code == 404
    response = client.post(url, {"revision": setup.partnership.revision, "reason": "x"})
    assert response.status_code == 404
    assert not Envelope.objects.filter(status=EnvelopeStatus.OUT).exists()
    assert setup.partnership.memoranda.count() == 1


def test_a_partner_institution_changed_after_the_review_is_not_sent_unread(cast, login):
    from django.urls import reverse

    from ecvet.partnerships.tests.factories import partnership_for

    setup = partnership_for(cast)
    url = reverse("memorandum_send", args=[setup.partnership.pk, 1])
    client = login(cast.coordinator)
    page = client.get(url).content.decode()
    seen_hash = page.split('name="seen_hash" value="')[1].split('"')[0]
    # The host school moves: the MoU's address changes, the partnership's revision does not.
    cast.host_school.street_address = "Havnegade 1"
    cast.host_school.save(update_fields=["street_address"])
    response = client.post(url, {"revision": setup.partnership.revision, "seen_hash": seen_hash})
    assert response.status_code == 409
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == "draft"
    assert "Havnegade 1" in response.content.decode()
