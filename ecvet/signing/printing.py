"""What every signed document's PDF prints about its signing, written once for all kinds."""

from __future__ import annotations

from typing import Any

from ecvet.signing.qr import qr_data_uri


def print_context(envelope: Any) -> dict[str, Any]:
    """What every signed document's PDF prints about its signing: the envelope with its
    slots and signatures loaded, the verify link and its QR code."""
    from django.conf import settings
    from django.db.models import Prefetch
    from django.urls import reverse

    from ecvet.signing.models import Envelope, Signatory

    envelope = (
        Envelope.objects.select_related("sent_by")
        .prefetch_related(
            Prefetch(
                "signatories",
                Signatory.objects.select_related("signature").order_by("position", "pk"),
            )
        )
        .get(pk=envelope.pk)
    )
    url = settings.SITE_URL + reverse("verify_code", args=[envelope.code])
    return {"envelope": envelope, "verify_url": url, "qr_uri": qr_data_uri(url)}
