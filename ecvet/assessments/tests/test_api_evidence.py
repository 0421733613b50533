"""Evidence through the API: uploading a photo or PDF with an answer, refusals that change
nothing, the file with safe headers for those who may see it, and removing it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecvet.assessments.models import Assessment, Evidence
from ecvet.assessments.services import assessment_record, evidence_add
from ecvet.assessments.tests.setup import Ongoing, signed_mobility
from ecvet.assessments.tests.test_evidence import EXE, JPEG, PDF, png
from ecvet.audit.models import AuditEvent
from ecvet.qualifications.tests.factories import LearningOutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


@pytest.fixture
def ongoing(cast: Any) -> Ongoing:
    ongoing = signed_mobility(cast)
    assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=ongoing.outcomes[0],
        result="partly_achieved",
        reason="The finish is missing",
        comment="Tight joints",
    )
    return ongoing


def upload_url(ongoing: Ongoing, outcome_id: int | None = None) -> str:
    outcome = outcome_id if outcome_id is not None else ongoing.outcomes[0].pk
    return f"/api/v1/mobilities/{ongoing.mobility.pk}/assessment/{outcome}/evidence"


def upload(client: Any, url: str, name: str, data: bytes, **fields: Any) -> Any:
    return client.post(
        url, {"file": SimpleUploadedFile(name, data, content_type="image/jpeg"), **fields}
    )


def stored_files(settings: Any) -> list[Any]:
    media = settings.MEDIA_ROOT / "evidence"
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_the_mentor_uploads_a_photo_kept_as_what_its_bytes_are(cast, api, ongoing):
    data = png()
    response = upload(api(cast.mentor), upload_url(ongoing), "door.png", data, note="Front")
    assert response.status_code == 201, response.content
    body = response.json()
    evidence = Evidence.objects.get()
    assert body["id"] == evidence.pk
    assert body["name"] == "door.png"
    assert body["content_type"] == "image/png"
    assert body["size"] == len(data)
    assert body["sha256"] == evidence.sha256
    assert body["note"] == "Front"
    assert body["uploaded_by"]["name"] == "Lars Hansen"
    assert body["url"] == f"/api/v1/evidence/{evidence.pk}"
    sheet = api(cast.mentor).get(f"/api/v1/mobilities/{ongoing.mobility.pk}/assessment").json()
    assert sheet["units"][0]["outcomes"][0]["answer"]["evidence"] == [body]


def _unchanged(ongoing: Ongoing) -> Any:
    return Assessment.objects.values().get(mobility=ongoing.mobility)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "setup.exe",
            EXE,
            "“setup.exe” is a program (executable). Accepted are photos (JPEG, PNG, WEBP) and "
            "PDF documents.",
        ),
        (
            "notes.txt",
            b"just some words\n",
            "“notes.txt” is a text file. Accepted are photos (JPEG, PNG, WEBP) and PDF documents.",
        ),
        (
            "photo.jpg",
            PDF,
            "“photo.jpg” is really a PDF document, whatever its name says. Rename it to match "
            "what it is, or upload the right file.",
        ),
        (
            "report.pdf",
            JPEG,
            "“report.pdf” is really a JPEG image, whatever its name says. Rename it to match "
            "what it is, or upload the right file.",
        ),
    ],
)
def test_a_file_not_allowed_or_lying_about_its_type_is_refused_and_changes_nothing(
    cast, api, ongoing, settings, name, data, message
):
    client = api(cast.mentor)
    before = _unchanged(ongoing)
    events = AuditEvent.objects.count()
    response = upload(client, upload_url(ongoing), name, data, note="x")
    assert response.status_code == 400
    assert response.json() == {"detail": message}
    assert _unchanged(ongoing) == before
    assert not Evidence.objects.exists()
    assert AuditEvent.objects.count() == events
    assert stored_files(settings) == []


def test_a_file_larger_than_the_setting_is_refused_and_changes_nothing(
    cast, api, ongoing, settings
):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    before = _unchanged(ongoing)
    response = upload(api(cast.mentor), upload_url(ongoing), "big.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert response.json() == {"detail": "The file is larger than 1 MB, the largest accepted."}
    assert _unchanged(ongoing) == before
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


def test_a_refusal_is_in_latvian_for_a_latvian_client(cast, api, ongoing):
    response = api(cast.mentor).post(
        upload_url(ongoing),
        {"file": SimpleUploadedFile("photo.jpg", PDF)},
        HTTP_ACCEPT_LANGUAGE="lv",
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("„photo.jpg” patiesībā ir ")


def test_an_upload_without_a_file_is_invalid(cast, api, ongoing):
    response = api(cast.mentor).post(upload_url(ongoing), {"note": "nothing"})
    assert response.status_code == 422
    assert not Evidence.objects.exists()


def test_evidence_waits_for_an_answer_and_an_unknown_outcome_is_404(cast, api, ongoing, settings):
    client = api(cast.mentor)
    unanswered = upload(client, upload_url(ongoing, ongoing.outcomes[1].pk), "a.pdf", PDF)
    assert unanswered.status_code == 400
    assert unanswered.json() == {
        "detail": "Record the answer for this outcome first, then add its evidence."
    }
    assert upload(client, upload_url(ongoing, 999999), "a.pdf", PDF).status_code == 404
    foreign = LearningOutcomeFactory.create()
    assert upload(client, upload_url(ongoing, foreign.pk), "a.pdf", PDF).status_code == 400
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


def test_the_learner_and_the_sending_coordinator_may_not_add_evidence(cast, api, ongoing):
    for person in (cast.learner, cast.coordinator):
        response = upload(api(person), upload_url(ongoing), "a.pdf", PDF)
        assert response.status_code == 403
        assert "add evidence" in response.json()["detail"]
    assert not Evidence.objects.exists()


# --- the file ---


def _evidence(cast: Any, ongoing: Ongoing, name: str, data: bytes) -> Evidence:
    return evidence_add(
        actor=cast.mentor,
        assessment=Assessment.objects.get(mobility=ongoing.mobility),
        upload=SimpleUploadedFile(name, data),
    )


def test_a_photo_is_shown_with_its_sniffed_type_and_safe_headers(cast, api, ongoing):
    data = png()
    evidence = _evidence(cast, ongoing, "door.png", data)
    for person in (cast.learner, cast.mentor, cast.coordinator, cast.host):
        response = api(person).get(f"/api/v1/evidence/{evidence.pk}")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")
        assert response["Content-Disposition"] == 'inline; filename="door.png"'
        assert "no-store" in response["Cache-Control"]


def test_a_pdf_is_saved_and_a_photo_too_when_asked(cast, api, ongoing):
    pdf = _evidence(cast, ongoing, "report.pdf", PDF)
    photo = _evidence(cast, ongoing, "door.png", png())
    client = api(cast.mentor)
    response = client.get(f"/api/v1/evidence/{pdf.pk}")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    saved = client.get(f"/api/v1/evidence/{photo.pk}", {"download": "true"})
    assert saved["Content-Disposition"] == 'attachment; filename="door.png"'


def test_a_name_with_quotes_or_non_ascii_letters_is_quoted_safely(cast, api, ongoing):
    for name, header in (
        ('my "best" door.png', r'inline; filename="my \"best\" door.png"'),
        ("durvis ārā.png", "inline; filename*=utf-8''durvis%20%C4%81r%C4%81.png"),
    ):
        evidence = _evidence(cast, ongoing, name, png())
        response = api(cast.mentor).get(f"/api/v1/evidence/{evidence.pk}")
        assert response["Content-Disposition"] == header


def test_an_unknown_evidence_is_404(cast, api, ongoing):
    assert api(cast.mentor).get("/api/v1/evidence/999999").status_code == 404
    assert api(cast.mentor).delete("/api/v1/evidence/999999").status_code == 404


# --- removing ---


def test_the_uploader_removes_evidence_and_its_file(
    cast, api, ongoing, settings, django_capture_on_commit_callbacks
):
    evidence = _evidence(cast, ongoing, "door.png", png())
    assert len(stored_files(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = api(cast.mentor).delete(f"/api/v1/evidence/{evidence.pk}")
    assert response.status_code == 204
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []
    assert api(cast.mentor).get(f"/api/v1/evidence/{evidence.pk}").status_code == 404


def test_the_host_coordinator_removes_it_but_the_learner_may_not(cast, api, ongoing):
    evidence = _evidence(cast, ongoing, "door.png", png())
    refused = api(cast.learner).delete(f"/api/v1/evidence/{evidence.pk}")
    assert refused.status_code == 403
    assert "remove" in refused.json()["detail"]
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert api(cast.host).delete(f"/api/v1/evidence/{evidence.pk}").status_code == 204
    assert not Evidence.objects.exists()


def test_evidence_whose_file_is_gone_is_404(cast, api, ongoing):
    evidence = _evidence(cast, ongoing, "door.png", png())
    evidence.file.storage.delete(evidence.file.name)
    assert api(cast.mentor).get(f"/api/v1/evidence/{evidence.pk}").status_code == 404
