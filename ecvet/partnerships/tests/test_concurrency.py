"""Two people acting on the same document at the same moment, in real parallel transactions
(threads with their own database connections): one succeeds, the other is told, nothing is
lost or applied twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.errors import DomainError
from ecvet.partnerships.models import MemorandumStatus
from ecvet.partnerships.services.partnerships import partnership_update
from ecvet.partnerships.tests.factories import partnership_for, sent_memorandum
from ecvet.signing.models import EnvelopeStatus, SignatoryStatus, Signature
from ecvet.signing.services import signature_decline, signature_record_outside, signature_sign

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*actions: Callable[[], Any]) -> list[Any]:
    """Run the actions in parallel threads released together; each result is the return
    value or the exception raised."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[index] = action()
        except Exception as error:  # the outcome under test, kept for the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_the_last_two_signatures_arriving_together_complete_the_mou(cast):
    setup, envelope = sent_memorandum(cast)
    first, second = envelope.signatories.order_by("position")
    results = _at_once(
        lambda: signature_sign(
            envelope=envelope, signatory=first, user=first.user, password=PASSWORD
        ),
        lambda: signature_sign(
            envelope=envelope, signatory=second, user=second.user, password=PASSWORD
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    envelope.refresh_from_db()
    setup.memorandum.refresh_from_db()
    assert envelope.status == EnvelopeStatus.SIGNED
    assert setup.memorandum.status == MemorandumStatus.SIGNED
    assert Signature.objects.filter(envelope=envelope).count() == 2


def test_signing_while_the_other_party_declines_leaves_exactly_one_outcome(cast):
    setup, envelope = sent_memorandum(cast)
    first, second = envelope.signatories.order_by("position")
    results = _at_once(
        lambda: signature_sign(
            envelope=envelope, signatory=first, user=first.user, password=PASSWORD
        ),
        lambda: signature_decline(
            envelope=envelope, signatory=second, user=second.user, reason="Wrong dates"
        ),
    )
    envelope.refresh_from_db()
    assert envelope.status == EnvelopeStatus.DECLINED
    assert envelope.closing_reason == "Wrong dates"
    signed = Signature.objects.filter(envelope=envelope).count()
    errors = [r for r in results if isinstance(r, DomainError)]
    # Either the signature came first (kept in the record of this envelope) or the decline
    # did, and the signer was told the document is no longer out for signature.
    assert (signed, len(errors)) in {(1, 0), (0, 1)}
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.DRAFT


def test_one_slot_signed_online_and_recorded_on_paper_at_once_is_signed_once(cast):
    _setup, envelope = sent_memorandum(cast)
    slot = envelope.signatories.get(institution=cast.host_school)
    scan = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n% scan\n", "application/pdf")
    results = _at_once(
        lambda: signature_sign(
            envelope=envelope, signatory=slot, user=cast.host, password=PASSWORD
        ),
        lambda: signature_record_outside(
            envelope=envelope,
            signatory=slot,
            actor=cast.coordinator,
            scan=scan,
            signed_on=date.today(),
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], DomainError), results
    assert "already" in errors[0].message
    slot.refresh_from_db()
    assert slot.status in {SignatoryStatus.SIGNED, SignatoryStatus.SIGNED_OUTSIDE}
    assert Signature.objects.filter(signatory=slot).count() == 1


def test_two_coordinators_saving_the_terms_at_once_keep_one_and_refuse_the_other(cast):
    setup = partnership_for(cast)
    seen = setup.partnership.revision
    results = _at_once(
        lambda: partnership_update(
            actor=cast.coordinator,
            partnership=setup.partnership,
            revision=seen,
            evaluation={"en": "Reviewed by A"},
        ),
        lambda: partnership_update(
            actor=cast.coordinator,
            partnership=setup.partnership,
            revision=seen,
            evaluation={"en": "Reviewed by B"},
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1, results
    assert isinstance(errors[0], DomainError), results
    assert "Someone else changed this" in errors[0].message
    setup.partnership.refresh_from_db()
    assert setup.partnership.evaluation in ({"en": "Reviewed by A"}, {"en": "Reviewed by B"})
    assert setup.partnership.revision == seen + 1
