from __future__ import annotations

import pytest

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.errors import NotPermitted
from ecvet.partnerships.tests.factories import sent_memorandum
from ecvet.signing.models import SignatoryStatus
from ecvet.signing.services import signature_decline, signature_sign

pytestmark = pytest.mark.django_db


def test_a_slot_of_another_document_is_neither_signed_nor_declined_through_this_one(cast):
    _first, envelope = sent_memorandum(cast)
    _second, other = sent_memorandum(cast)
    foreign = other.signatories.get(user=cast.host)
    with pytest.raises(NotPermitted):
        signature_sign(envelope=envelope, signatory=foreign, user=cast.host, password=PASSWORD)
    with pytest.raises(NotPermitted):
        signature_decline(envelope=envelope, signatory=foreign, user=cast.host, reason="No")
    foreign.refresh_from_db()
    assert foreign.status == SignatoryStatus.PENDING
    assert not envelope.signatures.exists()
