"""Nobody outside a partnership sees or touches anything of it through the API: partnerships,
partners, units in scope, notes, MoU versions, envelopes, signatures and scans are 404 to an
outsider and to a learner, whichever partner school the objects belong to."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecvet.api import api as ninja_api
from ecvet.partnerships.models import PartnerRole, Partnership, UnitNote
from ecvet.partnerships.services.memoranda import memorandum_send
from ecvet.partnerships.services.partnerships import partner_add, partnership_create
from ecvet.partnerships.services.units import (
    partnership_unit_add,
    unit_agreement_record,
    unit_note_add,
)
from ecvet.partnerships.tests.factories import TERMS, agreed_unit
from ecvet.signing.models import Envelope, Signature
from ecvet.signing.services import signature_record_outside

pytestmark = pytest.mark.django_db

PREFIXES = (
    "/api/v1/partnership",
    "/api/v1/partners/",
    "/api/v1/unit-notes/",
    "/api/v1/signature-requests",
    "/api/v1/envelopes/",
    "/api/v1/verify",
)
OBJECT_OPERATIONS = {
    ("get", "/api/v1/partnerships/{partnership_id}"),
    ("patch", "/api/v1/partnerships/{partnership_id}"),
    ("post", "/api/v1/partnerships/{partnership_id}/partners"),
    ("patch", "/api/v1/partners/{partner_id}"),
    ("delete", "/api/v1/partners/{partner_id}"),
    ("post", "/api/v1/partnerships/{partnership_id}/units"),
    ("get", "/api/v1/partnership-units/{item_id}"),
    ("delete", "/api/v1/partnership-units/{item_id}"),
    ("post", "/api/v1/partnership-units/{item_id}/update-version"),
    ("post", "/api/v1/partnership-units/{item_id}/agree"),
    ("post", "/api/v1/partnership-units/{item_id}/request"),
    ("get", "/api/v1/partnership-units/{item_id}/notes"),
    ("post", "/api/v1/partnership-units/{item_id}/notes"),
    ("post", "/api/v1/unit-notes/{note_id}/answer"),
    ("get", "/api/v1/partnerships/{partnership_id}/mou"),
    ("get", "/api/v1/partnerships/{partnership_id}/mou/{number}"),
    ("post", "/api/v1/partnerships/{partnership_id}/mou/{number}/send"),
    ("post", "/api/v1/partnerships/{partnership_id}/mou/amend"),
    ("get", "/api/v1/envelopes/{envelope_id}"),
    ("get", "/api/v1/envelopes/{envelope_id}/pdf"),
    ("get", "/api/v1/envelopes/{envelope_id}/signatories/{signatory_id}/scan"),
    ("post", "/api/v1/envelopes/{envelope_id}/signatories/{signatory_id}/sign"),
    ("post", "/api/v1/envelopes/{envelope_id}/signatories/{signatory_id}/decline"),
    ("post", "/api/v1/envelopes/{envelope_id}/signatories/{signatory_id}/outside"),
    ("post", "/api/v1/envelopes/{envelope_id}/withdraw"),
}
OWN_OPERATIONS = {
    ("get", "/api/v1/partnerships"),
    ("post", "/api/v1/partnerships"),
    ("get", "/api/v1/signature-requests"),
}
# Public by design: anyone holding a printed code or a PDF may verify it.
PUBLIC_OPERATIONS = {("get", "/api/v1/verify/{code}"), ("post", "/api/v1/verify")}
# Valid bodies, so that the 404 says "not yours", not "invalid request".
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("patch", "/api/v1/partnerships/{partnership_id}"): {"title": "x"},
    ("post", "/api/v1/partnerships/{partnership_id}/partners"): {
        "institution_id": "{own_school_id}",
        "role": "hosting",
    },
    ("patch", "/api/v1/partners/{partner_id}"): {"signatory_job_title": "x"},
    ("post", "/api/v1/partnerships/{partnership_id}/units"): {"unit_id": "{own_unit_id}"},
    ("post", "/api/v1/partnership-units/{item_id}/agree"): {"partner_id": "{partner_id}"},
    ("post", "/api/v1/partnership-units/{item_id}/notes"): {
        "kind": "comment",
        "text": "x",
        "language": "en",
    },
    ("post", "/api/v1/unit-notes/{note_id}/answer"): {"accept": True},
    ("post", "/api/v1/partnerships/{partnership_id}/mou/amend"): {"reason": "x"},
    ("post", "/api/v1/envelopes/{envelope_id}/signatories/{signatory_id}/sign"): {"password": "x"},
    ("post", "/api/v1/envelopes/{envelope_id}/signatories/{signatory_id}/decline"): {"reason": "x"},
    ("post", "/api/v1/envelopes/{envelope_id}/withdraw"): {"reason": "x"},
}
# Sent as multipart/form-data (a file upload), not JSON.
MULTIPART = {("post", "/api/v1/envelopes/{envelope_id}/signatories/{signatory_id}/outside")}
PDF = b"%PDF-1.4\n%%EOF\n"


def partnership_of(cast: Any, institution: Any) -> dict[str, Any]:
    """A partnership coordinated by ``institution`` with a second school, one unit agreed by
    both, a proposal on it and the MoU out for signature (one slot signed on paper, so the
    scan exists): the ids of each kind of object, for the placeholders of the paths."""
    coordinators = {cast.sending.pk: cast.coordinator, cast.host_school.pk: cast.host}
    signers = {**coordinators, cast.host_company.pk: cast.mentor}
    actor = coordinators.get(institution.pk, cast.admin)
    other = cast.sending if institution == cast.host_school else cast.host_school
    partnership = partnership_create(actor=actor, owner=institution, title="Theirs", **TERMS)
    partner_add(actor=actor, partnership=partnership, institution=other, role=PartnerRole.HOSTING)
    for partner in partnership.partners.all():
        partner.signatory = signers[partner.institution_id]
        partner.save(update_fields=["signatory"])
    item = partnership_unit_add(actor=actor, partnership=partnership, unit=agreed_unit(institution))
    for partner in partnership.partners.all():
        speaker = coordinators.get(partner.institution_id, cast.admin)
        unit_agreement_record(actor=speaker, partnership_unit=item, partner=partner)
    note = unit_note_add(
        actor=actor,
        partnership_unit=item,
        kind="proposal",
        text="Fits a window",
        language="en",
        category="skills",
    )
    memorandum = partnership.memoranda.get(number=1)
    envelope = memorandum_send(actor=actor, memorandum=memorandum)
    slot = envelope.signatories.order_by("-position")[0]
    signature_record_outside(
        envelope=envelope,
        signatory=slot,
        actor=actor,
        scan=SimpleUploadedFile("signed.pdf", PDF),
        signed_on=envelope.sent_at.date(),
    )
    return {
        "partnership_id": partnership.pk,
        "partner_id": partnership.partners.get(institution=other).pk,
        "item_id": item.pk,
        "note_id": note.pk,
        "number": 1,
        "envelope_id": envelope.pk,
        "signatory_id": slot.pk,
    }


def _call(client: Any, method: str, path: str, ids: dict[str, Any]) -> Any:
    url = path.format(**ids)
    if method == "get":
        return client.get(url)
    if (method, path) in MULTIPART:
        scan = SimpleUploadedFile("signed.pdf", PDF)
        return client.post(url, {"scan": scan, "signed_on": "2026-01-01"})
    body = json.dumps(BODIES.get((method, path), {}))
    for name, value in ids.items():
        body = body.replace(f'"{{{name}}}"', str(value))
    return client.generic(method.upper(), url, body, content_type="application/json")


def test_every_partnership_and_signing_operation_is_listed_here():
    schema = ninja_api.get_openapi_schema()
    operations = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if path.startswith(PREFIXES)
    }
    assert operations == OBJECT_OPERATIONS | OWN_OPERATIONS | PUBLIC_OPERATIONS


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_the_outsider_gets_404_from_every_operation_on_another_schools_partnership(
    cast, api, method, path
):
    client = api(cast.outsider)
    for institution in (cast.sending, cast.host_school, cast.host_company):
        ids = partnership_of(cast, institution)
        ids["own_school_id"] = cast.other_school.pk
        ids["own_unit_id"] = agreed_unit(cast.other_school).pk
        response = _call(client, method, path, ids)
        assert response.status_code == 404, (institution, response.content)


@pytest.mark.parametrize(("method", "path"), sorted(OBJECT_OPERATIONS))
def test_a_learner_of_a_partner_school_gets_404_too(cast, api, method, path):
    ids = partnership_of(cast, cast.sending)
    ids["own_school_id"] = cast.sending.pk
    ids["own_unit_id"] = agreed_unit(cast.sending).pk
    response = _call(api(cast.learner), method, path, ids)
    assert response.status_code == 404, response.content


def test_the_coordinator_reaches_every_operation_so_the_404s_above_mean_not_yours(cast, api):
    ids = partnership_of(cast, cast.sending)
    ids["own_school_id"] = cast.host_company.pk
    ids["own_unit_id"] = agreed_unit(cast.sending).pk
    client = api(cast.coordinator)
    for method, path in sorted(OBJECT_OPERATIONS):
        response = _call(client, method, path, ids)
        assert response.status_code != 404, (method, path, response.content)
        assert response.status_code != 422, (method, path, response.content)


def test_nothing_changed_after_the_outsiders_attempts(cast, api):
    ids = partnership_of(cast, cast.sending)
    ids["own_school_id"] = cast.other_school.pk
    ids["own_unit_id"] = agreed_unit(cast.other_school).pk
    client = api(cast.outsider)
    for method, path in sorted(OBJECT_OPERATIONS):
        if method != "get":
            _call(client, method, path, ids)
    partnership = Partnership.objects.get(pk=ids["partnership_id"])
    assert partnership.title == "Theirs"
    assert partnership.partners.count() == 2
    assert partnership.units.count() == 1
    assert UnitNote.objects.get(pk=ids["note_id"]).status == "open"
    assert Envelope.objects.get(pk=ids["envelope_id"]).status == "out_for_signature"
    assert Signature.objects.count() == 1


def test_the_outsiders_own_lists_hold_nothing_of_the_partnership(cast, api):
    partnership_of(cast, cast.sending)
    client = api(cast.outsider)
    for path in ("/api/v1/partnerships", "/api/v1/signature-requests"):
        body = client.get(path).content.decode()
        assert "Theirs" not in body
        assert "Sending VET school" not in body
        assert "Host" not in body
