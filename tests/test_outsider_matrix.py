"""The outsider — coordinator of an unrelated school — is refused everything of others.

Every URL and every API operation must be listed here; a new one that is not fails the
inventory tests below, so nobody can add a screen without saying how outsiders are kept out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ecvet.accounts.models import ApiToken, Membership
from ecvet.accounts.services import api_token_create, invitation_send
from ecvet.api import api as ninja_api
from ecvet.assessments.services import assessment_record, evidence_add
from ecvet.assessments.tests import test_api_outsiders as assessment_api
from ecvet.assessments.tests.setup import signed_mobility
from ecvet.assessments.tests.test_evidence import png
from ecvet.europass.tests import test_api_outsiders as europass_api
from ecvet.europass.tests import test_outsiders as europass_pages
from ecvet.institutions.tests.factories import ContactPersonFactory
from ecvet.mobilities.learner_import import pending_save
from ecvet.mobilities.tests import test_api_outsiders as mobility_api
from ecvet.mobilities.tests.factories import LearnerFactory, learners_csv
from ecvet.mobilities.tests.setup import mobility_for
from ecvet.notifications.services import notify
from ecvet.partnerships.models import NoteKind
from ecvet.partnerships.services.units import unit_note_add
from ecvet.partnerships.tests import test_api_outsiders as partnership_api
from ecvet.partnerships.tests.factories import partnership_for, sent_memorandum
from ecvet.qualifications.models import EscoConcept, EscoKind
from ecvet.qualifications.tests.factories import (
    LearningOutcomeFactory,
    QualificationFactory,
    UnitFactory,
)
from ecvet.recognition.tests import test_api_outsiders as recognition_api
from ecvet.transcripts.tests import test_api_outsiders as transcript_api
from ecvet.transcripts.tests import test_transcript_outsiders as transcript_pages


def _unit(cast: Any) -> Any:
    return UnitFactory.create(owner=cast.sending)


def _outcome(cast: Any) -> Any:
    return LearningOutcomeFactory.create(version=_unit(cast).latest)


def _partnership(cast: Any) -> list[Any]:
    return [partnership_for(cast).partnership.pk]


def _in_scope(cast: Any) -> list[Any]:
    setup = partnership_for(cast)
    return [setup.partnership.pk, setup.item.pk]


def _host_partner(cast: Any) -> list[Any]:
    partnership = partnership_for(cast).partnership
    return [partnership.pk, partnership.partners.get(institution=cast.host_school).pk]


def _proposal(cast: Any) -> list[Any]:
    setup = partnership_for(cast)
    note = unit_note_add(
        actor=cast.host,
        partnership_unit=setup.item,
        kind=NoteKind.PROPOSAL,
        text="x",
        language="en",
        category="skills",
    )
    return [setup.partnership.pk, note.pk]


def _envelope(cast: Any) -> list[Any]:
    return [sent_memorandum(cast)[1].pk]


def _slot(cast: Any) -> list[Any]:
    envelope = sent_memorandum(cast)[1]
    return [envelope.pk, envelope.signatories.get(user=cast.host).pk]


def _learner(cast: Any) -> list[Any]:
    return [LearnerFactory.create(school=cast.sending).pk]


def _mobility(cast: Any) -> list[Any]:
    return [mobility_for(cast).mobility.pk]


def _agreement(cast: Any) -> list[Any]:
    return [*_mobility(cast), 1]


def _agreement_item(cast: Any) -> list[Any]:
    setup = mobility_for(cast)
    return [setup.mobility.pk, setup.agreement.units.get().pk]


def _outcome_to_assess(cast: Any) -> list[Any]:
    ongoing = signed_mobility(cast)
    return [ongoing.mobility.pk, ongoing.outcomes[0].pk]


def _evidence(cast: Any) -> list[Any]:
    ongoing = signed_mobility(cast)
    assessment = assessment_record(
        actor=cast.mentor, mobility=ongoing.mobility, outcome=ongoing.outcomes[0], result="achieved"
    )
    evidence = evidence_add(
        actor=cast.mentor,
        assessment=assessment,
        upload=SimpleUploadedFile("photo.png", png(), "image/png"),
    )
    return [ongoing.mobility.pk, evidence.pk]


def _europass(cast: Any) -> list[Any]:
    """A recognised mobility with its Europass Mobility prepared and a letter written."""
    ids = europass_api.documents_of(cast)
    return [ids["mobility_id"], ids["number"]]


def _notification(cast: Any) -> list[Any]:
    return [notify(recipients=[cast.coordinator], kind="x", url="/", params={})[0].pk]


pytestmark = pytest.mark.django_db

# Pages about one object of someone else's: the outsider gets 404 on GET and on POST.
OBJECT_PAGES: dict[str, Callable[[Any], list[Any]]] = {
    "institution_detail": lambda cast: [cast.sending.pk],
    "institution_edit": lambda cast: [cast.host_company.pk],
    "contact_new": lambda cast: [cast.host_company.pk],
    "contact_edit": lambda cast: [ContactPersonFactory.create(institution=cast.sending).pk],
    "contact_remove": lambda cast: [ContactPersonFactory.create(institution=cast.sending).pk],
    "api_token_revoke": lambda cast: [api_token_create(user=cast.coordinator, name="t")[0].pk],
    "invitation_revoke": lambda cast: [
        invitation_send(
            actor=cast.coordinator, email="x@example.org", institution=cast.sending, role="teacher"
        )[0].pk
    ],
    "membership_remove": lambda cast: [Membership.objects.get(user=cast.teacher).pk],
    "qualification_detail": lambda cast: [QualificationFactory.create(owner=cast.sending).pk],
    "qualification_edit": lambda cast: [QualificationFactory.create(owner=cast.sending).pk],
    "unit_detail": lambda cast: [_unit(cast).pk],
    "unit_version": lambda cast: [_unit(cast).pk, 1],
    "unit_agree": lambda cast: [_unit(cast).pk, 1],
    "unit_copy": lambda cast: [_unit(cast).pk, 1],
    "unit_pdf": lambda cast: [_unit(cast).pk, 1],
    "unit_share": lambda cast: [_unit(cast).pk],
    "unit_compare": lambda cast: [_unit(cast).pk],
    "unit_version_export_json": lambda cast: [_unit(cast).pk, 1],
    "unit_version_outcomes_csv": lambda cast: [_unit(cast).pk, 1],
    "unit_outcomes_import": lambda cast: [_unit(cast).pk],
    "unit_edit": lambda cast: [_unit(cast).pk],
    "unit_draft_start": lambda cast: [_unit(cast).pk],
    "unit_checks": lambda cast: [_unit(cast).pk],
    "unit_translation_confirm": lambda cast: [_unit(cast).pk],
    "unit_column": lambda cast: [_unit(cast).pk, "skills"],
    "outcome_quick_add": lambda cast: [_unit(cast).pk, "skills"],
    "outcome_paste": lambda cast: [_unit(cast).pk, "skills"],
    "outcome_edit": lambda cast: [_outcome(cast).pk],
    "outcome_remove": lambda cast: [_outcome(cast).pk],
    "outcome_move": lambda cast: [_outcome(cast).pk, "up"],
    "outcome_suggestions": lambda cast: [_outcome(cast).pk],
    "outcome_skill_link": lambda cast: [_outcome(cast).pk],
    "outcome_skill_unlink": lambda cast: [_outcome(cast).pk],
    "partnership_detail": _partnership,
    "partnership_edit": _partnership,
    "partnership_profile": _partnership,
    "partnership_history": _partnership,
    "partner_new": _partnership,
    "partner_edit": _host_partner,
    "partner_remove": _host_partner,
    "partnership_unit_add": _partnership,
    "partnership_unit": _in_scope,
    "partnership_unit_agree": _in_scope,
    "partnership_unit_remove": _in_scope,
    "partnership_unit_update_version": _in_scope,
    "partnership_unit_request": _in_scope,
    "unit_note_new": _in_scope,
    "proposal_answer": _proposal,
    "memorandum_detail": lambda cast: [*_partnership(cast), 1],
    "memorandum_pdf": lambda cast: [*_partnership(cast), 1],
    "memorandum_send": lambda cast: [*_partnership(cast), 1],
    "memorandum_amend": _partnership,
    "envelope_detail": _envelope,
    "envelope_pdf": _envelope,
    "envelope_withdraw": _envelope,
    "signature_sign": _slot,
    "signature_decline": _slot,
    "signature_outside": _slot,
    "signature_scan": _slot,
    "notification_open": _notification,
    "learner_detail": _learner,
    "learner_edit": _learner,
    "learner_account": _learner,
    # A pending import's token lives in its uploader's session only.
    "learner_import_confirm": lambda cast: [pending_save(learners_csv(2))],
    "mobility_detail": _mobility,
    "mobility_edit": _mobility,
    "mobility_transition": _mobility,
    "mobility_history": _mobility,
    "profile_edit": _mobility,
    "profile_send": _mobility,
    "profile_answer": _mobility,
    "my_mobility": _mobility,
    "agreement_detail": _agreement,
    "agreement_pdf": _agreement,
    "agreement_edit": _agreement,
    "agreement_unit_add": _agreement,
    "agreement_send": _agreement,
    "agreement_unit_edit": _agreement_item,
    "agreement_unit_remove": _agreement_item,
    "agreement_amend": _mobility,
    # During and after the mobility: the assessment at the host, the learner's own pages.
    "assessment_sheet": lambda cast: _outcome_to_assess(cast)[:1],
    "assessment_outcome": _outcome_to_assess,
    "evidence_add": _outcome_to_assess,
    "evidence_file": _evidence,
    "evidence_remove": _evidence,
    "assessment_comparison": lambda cast: _outcome_to_assess(cast)[:1],
    "self_assessment": lambda cast: _outcome_to_assess(cast)[:1],
    "my_comparison": lambda cast: _outcome_to_assess(cast)[:1],
    # The transcript of records (a signed one), from ecvet/transcripts/tests.
    **transcript_pages.OBJECT_PAGES,
    "validation": _mobility,
    "recognition": _mobility,
    "recognition_summary": _mobility,
    # Europass Mobility and recommendation letters (ecvet/europass/tests/test_outsiders.py).
    **{name: lambda cast: _europass(cast)[:1] for name in europass_pages.MOBILITY_PAGES},
    **dict.fromkeys(europass_pages.NUMBERED_PAGES, _europass),
}

# Pages that show only the reader's own data (or nothing private): tested for leaks below.
OWN_PAGES = {
    "home",
    "profile",
    "api_token_new",
    "invitation_list",
    "institution_list",
    "institution_new",
    "unit_list",
    "unit_list_export_json",
    "unit_import",
    "unit_new",
    "qualification_list",
    "qualification_new",
    "esco_occupation_search",
    "partnership_list",
    "partnership_new",
    "signature_waiting",
    "notification_list",
    "notification_read_all",
    "verify",
    "learner_list",
    "learner_new",
    "learner_import",
    "learner_import_template",
    "mobility_list",
    "mobility_new",
    "mobility_group_new",
    "my_mobilities",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
}
# Public by design: whoever holds a printed verification code may read its record (tested in
# ecvet/signing/tests: only what the printed copy shows, no e-mails, no scans).
PUBLIC_PAGES = {"verify_code"}
# Reached only with a secret sent by e-mail; tested in the accounts tests.
SECRET_LINK_PAGES = {"invitation_accept", "password_reset_confirm"}
MOUNTED_ELSEWHERE = {"admin", "api-1", "set_language"}


def _names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace:
                names.add(pattern.namespace)
            else:
                names |= _names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_page_is_in_the_matrix():
    known = set(OBJECT_PAGES) | OWN_PAGES | PUBLIC_PAGES | SECRET_LINK_PAGES | MOUNTED_ELSEWHERE
    assert _names(get_resolver().url_patterns) - known == set()


@pytest.mark.parametrize("url_name", sorted(OBJECT_PAGES))
def test_outsider_gets_404_for_another_schools_object(cast, login, url_name):
    url = reverse(url_name, args=OBJECT_PAGES[url_name](cast))
    client = login(cast.outsider)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"name": "changed"}).status_code == 404


def test_tokens_and_memberships_survive_the_outsiders_attempts(cast, login):
    token, _secret = api_token_create(user=cast.coordinator, name="t")
    membership = Membership.objects.get(user=cast.teacher)
    client = login(cast.outsider)
    client.post(reverse("api_token_revoke", args=[token.pk]))
    client.post(reverse("membership_remove", args=[membership.pk]))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize(
    "url_name",
    sorted(
        OWN_PAGES
        - {
            "logout",
            "password_change_done",
            "password_reset_done",
            "password_reset_complete",
            "login",
            "password_reset",
        }
    ),
)
def test_the_outsiders_own_pages_show_nothing_of_the_other_schools(cast, login, url_name):
    invitation_send(
        actor=cast.coordinator, email="secret@example.org", institution=cast.sending, role="teacher"
    )
    api_token_create(user=cast.coordinator, name="coordinator-only token")
    page = login(cast.outsider).get(reverse(url_name)).content.decode()
    # No template syntax leaks into a page.
    assert "{#" not in page
    assert "{%" not in page
    for foreign in (
        "Sending VET school",
        "Host VET school",
        "Host carpentry",
        "secret@example.org",
        "coordinator-only token",
        cast.teacher.last_name,
    ):
        assert foreign not in page


# --- the API ---

API_OBJECT_OPERATIONS = {
    ("get", "/api/v1/institutions/{institution_id}"),
    ("patch", "/api/v1/institutions/{institution_id}"),
    ("get", "/api/v1/qualifications/{qualification_id}"),
    ("patch", "/api/v1/qualifications/{qualification_id}"),
    ("get", "/api/v1/units/{unit_id}"),
    ("patch", "/api/v1/units/{unit_id}"),
    ("get", "/api/v1/units/{unit_id}/versions"),
    ("get", "/api/v1/units/{unit_id}/versions/{number}"),
    ("get", "/api/v1/units/{unit_id}/versions/{a}/diff/{b}"),
    ("post", "/api/v1/units/{unit_id}/versions/{number}/agree"),
    ("post", "/api/v1/units/{unit_id}/copy"),
    ("post", "/api/v1/units/{unit_id}/share"),
    ("post", "/api/v1/units/{unit_id}/outcomes"),
    ("post", "/api/v1/units/{unit_id}/outcomes/paste"),
    ("patch", "/api/v1/outcomes/{outcome_id}"),
    ("delete", "/api/v1/outcomes/{outcome_id}"),
    ("post", "/api/v1/outcomes/{outcome_id}/move"),
    ("post", "/api/v1/outcomes/{outcome_id}/esco-skills"),
    ("delete", "/api/v1/outcomes/{outcome_id}/esco-skills"),
    ("get", "/api/v1/units/{unit_id}/versions/{number}/outcomes.csv"),
    ("post", "/api/v1/notifications/{notification_id}/read"),
}
API_OWN_OPERATIONS = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/me/memberships"),
    ("get", "/api/v1/institutions"),
    ("post", "/api/v1/institutions"),
    ("get", "/api/v1/qualifications"),
    ("post", "/api/v1/qualifications"),
    ("get", "/api/v1/units"),
    ("post", "/api/v1/units"),
    ("get", "/api/v1/esco/suggestions"),
    ("get", "/api/v1/units/export"),
    ("post", "/api/v1/units/import"),
    ("get", "/api/v1/notifications"),
}
# Partnerships, the MoU and signing: each operation is tried by the outsider and a learner
# against partnerships coordinated by each of the three schools in
# ecvet/partnerships/tests/test_api_outsiders.py, which builds the objects they need.
PARTNERSHIP_OPERATIONS = (
    partnership_api.OBJECT_OPERATIONS
    | partnership_api.OWN_OPERATIONS
    | partnership_api.PUBLIC_OPERATIONS
)
# Learners, mobilities and Learning Agreements: the same, against another school's learners
# and another learner's mobility, in ecvet/mobilities/tests/test_api_outsiders.py.
MOBILITY_OPERATIONS = (
    mobility_api.OBJECT_OPERATIONS | mobility_api.OWN_OPERATIONS | mobility_api.PUBLIC_OPERATIONS
)
# The assessment at the host: against another school's mobility, another learner's and a mentor
# of another mobility, in ecvet/assessments/tests/test_api_outsiders.py.
ASSESSMENT_OPERATIONS = (
    assessment_api.OBJECT_OPERATIONS
    | assessment_api.OWN_OPERATIONS
    | assessment_api.PUBLIC_OPERATIONS
)
TRANSCRIPT_OPERATIONS = (
    transcript_api.OBJECT_OPERATIONS
    | transcript_api.OWN_OPERATIONS
    | transcript_api.PUBLIC_OPERATIONS
)
RECOGNITION_OPERATIONS = (
    recognition_api.OBJECT_OPERATIONS
    | recognition_api.OWN_OPERATIONS
    | recognition_api.PUBLIC_OPERATIONS
)
EUROPASS_OPERATIONS = (
    europass_api.OBJECT_OPERATIONS | europass_api.OWN_OPERATIONS | europass_api.PUBLIC_OPERATIONS
)
_ESCO_SKILL = "http://data.europa.eu/esco/skill/matrix"
# Valid bodies and queries, so that the 404 says "not yours", not "invalid request".
API_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("patch", "/api/v1/units/{unit_id}"): {"name": {"en": "x"}},
    ("post", "/api/v1/units/{unit_id}/copy"): {"owner_id": "{own_school_id}"},
    ("post", "/api/v1/units/{unit_id}/share"): {"shared": True},
    ("post", "/api/v1/units/{unit_id}/outcomes"): {"category": "skills", "text": {"en": "x"}},
    ("post", "/api/v1/units/{unit_id}/outcomes/paste"): {
        "category": "skills",
        "language": "en",
        "text": "x",
    },
    ("patch", "/api/v1/outcomes/{outcome_id}"): {"text": {"en": "x"}},
    ("post", "/api/v1/outcomes/{outcome_id}/move"): {"offset": 1},
    ("post", "/api/v1/outcomes/{outcome_id}/esco-skills"): {"uri": _ESCO_SKILL},
}
API_QUERIES = {("delete", "/api/v1/outcomes/{outcome_id}/esco-skills"): f"?uri={_ESCO_SKILL}"}


def _api_ids(cast: Any, institution: Any) -> dict[str, Any]:
    """The placeholders of every object operation, filled with objects of ``institution``."""
    unit = UnitFactory.create(owner=institution)
    return {
        "institution_id": institution.pk,
        "qualification_id": QualificationFactory.create(owner=institution).pk,
        "unit_id": unit.pk,
        "outcome_id": LearningOutcomeFactory.create(version=unit.latest).pk,
        "number": 1,
        "a": 1,
        "b": 1,
        "own_school_id": cast.other_school.pk,
        "notification_id": notify(recipients=[cast.coordinator], kind="x", url="/", params={})[
            0
        ].pk,
    }


def test_every_api_operation_is_in_the_matrix():
    schema = ninja_api.get_openapi_schema()
    operations = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert operations == (
        API_OBJECT_OPERATIONS
        | API_OWN_OPERATIONS
        | PARTNERSHIP_OPERATIONS
        | MOBILITY_OPERATIONS
        | ASSESSMENT_OPERATIONS
        | TRANSCRIPT_OPERATIONS
        | RECOGNITION_OPERATIONS
        | EUROPASS_OPERATIONS
    )


@pytest.mark.parametrize(("method", "path"), sorted(API_OBJECT_OPERATIONS))
def test_outsider_gets_404_from_every_object_operation(cast, api, method, path):
    client = api(cast.outsider)
    EscoConcept.objects.create(uri=_ESCO_SKILL, kind=EscoKind.SKILL, preferred_label="x")
    for institution in (cast.sending, cast.host_school, cast.host_company):
        ids = _api_ids(cast, institution)
        url = path.format(**ids) + API_QUERIES.get((method, path), "")
        if method == "get":
            response = client.get(url)
        else:
            body = json.dumps(API_BODIES.get((method, path), {"name": "x"})).replace(
                '"{own_school_id}"', str(ids["own_school_id"])
            )
            response = client.generic(method.upper(), url, body, content_type="application/json")
        assert response.status_code == 404, response.content


def test_the_outsiders_own_api_answers_hold_nothing_of_the_other_schools(cast, api):
    client = api(cast.outsider)
    _api_ids(cast, cast.sending)
    for path in (
        "/api/v1/me",
        "/api/v1/me/memberships",
        "/api/v1/institutions",
        "/api/v1/qualifications",
        "/api/v1/units",
    ):
        body = client.get(path).content.decode()
        assert "Sending VET school" not in body
        assert "Host" not in body
    response = client.post(
        "/api/v1/institutions",
        json.dumps(
            {
                "name": "Mine",
                "kind": "company",
                "country": "EE",
                "registered_by_id": cast.sending.pk,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_outsider_neither_exports_nor_imports_for_another_school(cast, api):
    client = api(cast.outsider)
    for institution in (cast.sending, cast.host_school, cast.host_company):
        unit = UnitFactory.create(owner=institution)
        assert client.get(f"/api/v1/units/export?unit={unit.pk}").status_code == 404
        document = {"schema": "https://ecvet-mobility.eu/schema/units/1", "units": []}
        response = client.post(
            "/api/v1/units/import",
            json.dumps({"owner": institution.pk, "document": document}),
            content_type="application/json",
        )
        assert response.status_code == 404
    assert client.get("/api/v1/units/export").json()["units"] == []
