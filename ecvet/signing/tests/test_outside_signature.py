"""Signatures made on paper: recorded by the coordinator with the signed scan attached."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from ecvet.errors import DomainError, NotPermitted
from ecvet.partnerships.models import MemorandumStatus
from ecvet.partnerships.tests.factories import sent_memorandum
from ecvet.signing.models import SignatoryStatus, Signature, SignatureMethod
from ecvet.signing.services import SignatureConflict, signature_record_outside
from ecvet.signing.tests.helpers import PDF_BYTES, scan_file, sign_as, slot_of

pytestmark = pytest.mark.django_db


def _record(cast, envelope, **kwargs):
    fields = {
        "envelope": envelope,
        "signatory": slot_of(envelope, cast.host),
        "actor": cast.coordinator,
        "scan": scan_file(),
        "signed_on": timezone.localdate(),
        **kwargs,
    }
    return signature_record_outside(**fields)


def test_a_paper_signature_is_recorded_with_its_scan_and_the_scans_sha256(cast):
    _setup, envelope = sent_memorandum(cast)
    signature = _record(cast, envelope, place="Aarhus", note="Posted on Monday.").signature
    assert signature.method == SignatureMethod.OUTSIDE
    assert signature.signer is None
    assert signature.recorded_by == cast.coordinator
    assert signature.signer_name == "Mette Nielsen"
    assert signature.content_hash == envelope.content_hash
    assert signature.scan_sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert signature.scan_size == len(PDF_BYTES)
    with signature.scan.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert slot_of(envelope, cast.host).status == SignatoryStatus.SIGNED_OUTSIDE


def test_a_paper_signature_can_complete_the_document(cast):
    setup, envelope = sent_memorandum(cast)
    sign_as(envelope, cast.coordinator)
    assert _record(cast, envelope).completed
    setup.memorandum.refresh_from_db()
    assert setup.memorandum.status == MemorandumStatus.SIGNED


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(DomainError, match="not a PDF"):
        _record(cast, envelope, scan=scan_file(b"GIF89a not a pdf at all", "scan.pdf"))
    assert not Signature.objects.exists()
    assert slot_of(envelope, cast.host).status == SignatoryStatus.PENDING


def test_a_file_without_the_pdf_extension_is_refused(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(DomainError, match=r"\.pdf"):
        _record(cast, envelope, scan=scan_file(PDF_BYTES, "scan.exe"))
    assert not Signature.objects.exists()


def test_a_scan_larger_than_the_limit_is_refused(cast, settings):
    settings.SIGNING_SCAN_MAX_BYTES = 100
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(DomainError, match="largest accepted"):
        _record(cast, envelope, scan=scan_file(PDF_BYTES + b"%" * 200))
    assert not Signature.objects.exists()


def test_a_date_of_signing_in_the_future_is_refused(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(DomainError, match="future"):
        _record(cast, envelope, signed_on=timezone.localdate() + timedelta(days=1))


def test_only_the_coordinator_records_a_paper_signature(cast):
    _setup, envelope = sent_memorandum(cast)
    with pytest.raises(NotPermitted):
        _record(cast, envelope, actor=cast.host)
    assert not Signature.objects.exists()


def test_a_paper_signature_for_a_slot_already_signed_online_is_a_conflict(cast):
    _setup, envelope = sent_memorandum(cast)
    stale_slot = slot_of(envelope, cast.host)
    sign_as(envelope, cast.host)
    with pytest.raises(SignatureConflict):
        _record(cast, envelope, signatory=stale_slot)
    assert Signature.objects.get().method == SignatureMethod.ONLINE
