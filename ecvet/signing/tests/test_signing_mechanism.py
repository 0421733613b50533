"""The one signing mechanism, through the services, with the MoU as the signed document."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ecvet.errors import DomainError, NotPermitted
from ecvet.partnerships.models import MemorandumStatus
from ecvet.partnerships.services.memoranda import memorandum_amend, memorandum_send
from ecvet.partnerships.services.partnerships import TermsFrozen, partnership_update
from ecvet.partnerships.tests.factories import sent_memorandum
from ecvet.signing.models import (
    Envelope,
    EnvelopeStatus,
    Signatory,
    SignatoryStatus,
    Signature,
    SignatureImmutable,
    SignatureMethod,
)
from ecvet.signing.services import (
    SignatureConflict,
    content_hash,
    envelope_withdraw,
    signature_decline,
    signature_sign,
)
from ecvet.signing.tests.helpers import sign_as, slot_of

pytestmark = pytest.mark.django_db


def test_sending_freezes_the_content_and_asks_each_partner_to_sign(cast):
    setup, envelope = sent_memorandum(cast)
    assert envelope.status == EnvelopeStatus.OUT
    assert envelope.content_hash == content_hash(envelope.content)
    assert setup.memorandum.status == MemorandumStatus.OUT
    assert {slot.user for slot in envelope.signatories.all()} == {cast.coordinator, cast.host}
    assert {slot.institution for slot in envelope.signatories.all()} == {
        cast.sending,
        cast.host_school,
    }


def test_a_signatory_signs_with_their_password_and_the_content_hash_is_recorded(cast):
    setup, envelope = sent_memorandum(cast)
    completion = sign_as(envelope, cast.host, place="Aarhus", seen_hash=envelope.content_hash)
    signature = completion.signature
    assert signature.method == SignatureMethod.ONLINE
    assert signature.signer == cast.host
    assert signature.signer_name == "Mette Nielsen"
    assert signature.institution_name == "Host VET school"
    assert signature.party == "hosting"
    assert signature.place == "Aarhus"
    assert signature.content_hash == envelope.content_hash
    assert not completion.completed
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.OUT


def test_a_wrong_password_signs_nothing(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(NotPermitted):
        signature_sign(
            envelope=envelope,
            signatory=slot_of(envelope, cast.host),
            user=cast.host,
            password="not my password",
        )
    assert not Signature.objects.exists()
    assert slot_of(envelope, cast.host).status == SignatoryStatus.PENDING


def test_only_the_named_signatory_can_sign_their_slot(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(NotPermitted):
        signature_sign(
            envelope=envelope,
            signatory=slot_of(envelope, cast.coordinator),
            user=cast.host,
            password="correct horse battery staple",
        )
    assert not Signature.objects.exists()


def test_when_both_parties_have_signed_the_memorandum_is_signed(cast):
    setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.host)
    completion = sign_as(envelope, cast.coordinator)
    assert completion.completed
    envelope.refresh_from_db()
    setup.memorandum.refresh_from_db()
    assert envelope.status == EnvelopeStatus.SIGNED
    assert envelope.closed_at is not None
    assert setup.memorandum.status == MemorandumStatus.SIGNED
    assert setup.memorandum.signed_at is not None
    assert Signature.objects.filter(envelope=envelope).count() == 2


def test_a_decline_returns_the_memorandum_to_draft_with_the_reason_on_the_envelope(cast):
    setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.coordinator)
    signature_decline(
        envelope=envelope,
        signatory=slot_of(envelope, cast.host),
        user=cast.host,
        reason="The assessment section must name the mentor.",
    )
    envelope.refresh_from_db()
    setup.memorandum.refresh_from_db()
    assert envelope.status == EnvelopeStatus.DECLINED
    assert envelope.closing_reason == "The assessment section must name the mentor."
    assert envelope.closed_by == cast.host
    assert setup.memorandum.status == MemorandumStatus.DRAFT
    # The signature given before the decline stays in the record.
    assert Signature.objects.filter(envelope=envelope).count() == 1


def test_a_decline_needs_a_reason(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(DomainError, match="Say why"):
        signature_decline(
            envelope=envelope, signatory=slot_of(envelope, cast.host), user=cast.host, reason=" "
        )
    assert slot_of(envelope, cast.host).status == SignatoryStatus.PENDING


def test_a_declined_memorandum_is_edited_and_sent_again_as_a_new_envelope(cast):
    setup, envelope = sent_memorandum(cast)
    signature_decline(
        envelope=envelope, signatory=slot_of(envelope, cast.host), user=cast.host, reason="No."
    )
    partnership_update(
        actor=cast.coordinator,
        partnership=setup.partnership,
        revision=None,
        evaluation={"en": "Reviewed every May.", "lv": "Pārskata katru maiju."},
    )
    again = memorandum_send(actor=cast.coordinator, memorandum=setup.memorandum)
    assert again.pk != envelope.pk
    assert again.content_hash != envelope.content_hash
    assert again.content["evaluation"]["en"] == "Reviewed every May."


def test_a_signature_cannot_be_changed_or_deleted_even_through_a_queryset(cast):
    _setup, envelope = sent_memorandum(cast)
    signature = sign_as(envelope, cast.host).signature
    signature.place = "Elsewhere"
    with pytest.raises(SignatureImmutable):
        signature.save()
    with pytest.raises(SignatureImmutable):
        signature.delete()
    with pytest.raises(SignatureImmutable):
        Signature.objects.filter(pk=signature.pk).update(place="Elsewhere")
    with pytest.raises(SignatureImmutable):
        Signature.objects.filter(pk=signature.pk).delete()
    with pytest.raises(SignatureImmutable):
        Signature.objects.all().delete()
    assert Signature.objects.get(pk=signature.pk).place == ""


def test_signing_a_slot_already_signed_in_another_tab_is_a_conflict_and_nothing_is_lost(cast):
    _setup, envelope = sent_memorandum(cast)
    stale_envelope = Envelope.objects.get(pk=envelope.pk)
    stale_slot = Signatory.objects.get(pk=slot_of(envelope, cast.host).pk)
    first = sign_as(envelope, cast.host, place="Aarhus").signature
    with pytest.raises(SignatureConflict):
        signature_sign(
            envelope=stale_envelope,
            signatory=stale_slot,
            user=cast.host,
            password="correct horse battery staple",
            place="Copenhagen",
        )
    assert list(Signature.objects.filter(envelope=envelope)) == [first]
    assert Signature.objects.get().place == "Aarhus"


def test_signing_at_the_moment_the_other_party_declines_is_a_conflict(cast):
    setup, envelope = sent_memorandum(cast)
    # Both read the page while the document was out for signature.
    seen_by_coordinator = Envelope.objects.get(pk=envelope.pk)
    coordinator_slot = Signatory.objects.get(pk=slot_of(envelope, cast.coordinator).pk)
    signature_decline(
        envelope=envelope, signatory=slot_of(envelope, cast.host), user=cast.host, reason="No."
    )
    with pytest.raises(SignatureConflict, match="no longer out for signature"):
        signature_sign(
            envelope=seen_by_coordinator,
            signatory=coordinator_slot,
            user=cast.coordinator,
            password="correct horse battery staple",
            seen_hash=seen_by_coordinator.content_hash,
        )
    assert not Signature.objects.exists()
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.DRAFT


def test_declining_a_document_that_was_just_signed_by_everyone_is_a_conflict(cast):
    setup, envelope = sent_memorandum(cast)
    stale = Envelope.objects.get(pk=envelope.pk)
    stale_slot = Signatory.objects.get(pk=slot_of(envelope, cast.host).pk)
    sign_as(envelope, cast.host)
    sign_as(envelope, cast.coordinator)
    with pytest.raises(SignatureConflict):
        signature_decline(envelope=stale, signatory=stale_slot, user=cast.host, reason="Late.")
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.SIGNED


def test_signing_a_different_content_than_the_one_read_is_a_conflict(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(SignatureConflict, match="not the one now out for signature"):
        sign_as(envelope, cast.host, seen_hash="0" * 64)
    assert not Signature.objects.exists()


def test_the_coordinator_withdraws_the_document_back_to_draft(cast):
    setup, envelope = sent_memorandum(cast)
    envelope_withdraw(envelope=envelope, actor=cast.coordinator, reason="Wrong dates.")
    envelope.refresh_from_db()
    setup.memorandum.refresh_from_db()
    assert envelope.status == EnvelopeStatus.WITHDRAWN
    assert envelope.closing_reason == "Wrong dates."
    assert setup.memorandum.status == MemorandumStatus.DRAFT


def test_a_partner_who_does_not_coordinate_cannot_withdraw(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(NotPermitted):
        envelope_withdraw(envelope=envelope, actor=cast.host, reason="Mine.")
    envelope.refresh_from_db()
    assert envelope.status == EnvelopeStatus.OUT


def test_the_terms_of_a_memorandum_out_for_signature_cannot_change(cast):
    setup, _envelope = sent_memorandum(cast)
    with pytest.raises(TermsFrozen):
        partnership_update(
            actor=cast.coordinator, partnership=setup.partnership, revision=None, title="New"
        )


def test_the_terms_of_a_signed_memorandum_cannot_change(cast):
    setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.host)
    sign_as(envelope, cast.coordinator)
    with pytest.raises(TermsFrozen, match="Start an amendment"):
        partnership_update(
            actor=cast.coordinator,
            partnership=setup.partnership,
            revision=None,
            mobility_max_weeks=10,
        )


def test_an_amendment_is_signed_again_by_the_same_parties_and_supersedes_the_old_version(cast):
    setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.host)
    sign_as(envelope, cast.coordinator)
    amendment = memorandum_amend(
        actor=cast.coordinator, partnership=setup.partnership, reason="Longer mobilities."
    )
    assert amendment.number == 2
    assert amendment.amends == setup.memorandum
    partnership_update(
        actor=cast.coordinator,
        partnership=setup.partnership,
        revision=None,
        mobility_max_weeks=16,
    )
    second = memorandum_send(actor=cast.coordinator, memorandum=amendment)
    assert second.content["amends"] == 1
    assert second.content["amendment_reason"] == "Longer mobilities."
    assert second.content["mobility_weeks"]["max"] == 16
    assert {s.institution_id for s in second.signatories.all()} == {
        s.institution_id for s in envelope.signatories.all()
    }
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.SIGNED  # in force until then
    sign_as(second, cast.host)
    sign_as(second, cast.coordinator)
    setup.memorandum.refresh_from_db()
    amendment.refresh_from_db()
    assert amendment.status == MemorandumStatus.SIGNED
    assert setup.memorandum.status == MemorandumStatus.SUPERSEDED
    # The first version's signatures are untouched.
    assert Signature.objects.filter(envelope=envelope).count() == 2
    assert all(s.signed_at <= timezone.now() for s in Signature.objects.all())
