"""Small helpers of the signing tests: the MoU is the signable document they sign."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.signing.models import Envelope, Signatory
from ecvet.signing.services import signature_sign

#: The smallest file that reads as a PDF by its first bytes (what the service checks).
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def slot_of(envelope: Envelope, user: Any) -> Signatory:
    return envelope.signatories.get(user=user)


def sign_as(envelope: Envelope, user: Any, **kwargs: Any) -> Any:
    return signature_sign(
        envelope=envelope,
        signatory=slot_of(envelope, user),
        user=user,
        password=PASSWORD,
        **kwargs,
    )


def scan_file(data: bytes = PDF_BYTES, name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def three_party_envelope(cast: Any) -> Envelope:
    """The cast's MoU with the host company as a third party (signing on paper), sent."""
    from ecvet.partnerships.models import PartnerRole
    from ecvet.partnerships.services.memoranda import memorandum_send
    from ecvet.partnerships.services.partnerships import partner_add
    from ecvet.partnerships.tests.factories import partnership_for

    setup = partnership_for(cast)
    partner_add(
        actor=cast.coordinator,
        partnership=setup.partnership,
        institution=cast.host_company,
        role=PartnerRole.HOST_COMPANY,
        signatory_name="Lars Hansen",
        signatory_job_title="Owner",
    )
    return memorandum_send(actor=cast.coordinator, memorandum=setup.memorandum)
