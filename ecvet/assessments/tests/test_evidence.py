from __future__ import annotations

import struct
import zlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecvet.accounts.models import Role
from ecvet.accounts.tests.factories import MembershipFactory, UserFactory
from ecvet.assessments.models import Assessment, Evidence
from ecvet.assessments.selectors import assessments_of, evidence_visible
from ecvet.assessments.services import assessment_record, evidence_add, evidence_remove
from ecvet.assessments.tests.setup import signed_mobility
from ecvet.errors import DomainError, NotPermitted
from ecvet.mobilities.models import Learner
from ecvet.mobilities.tests.setup import learner_of

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x00\x00\x00\x00\x00"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def png() -> bytes:
    """A real one-pixel white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:00", tick=False)


@pytest.fixture
def assessed(cast: Any) -> Assessment:
    ongoing = signed_mobility(cast)
    return assessment_record(
        actor=cast.mentor,
        mobility=ongoing.mobility,
        outcome=ongoing.outcomes[0],
        result="achieved",
        comment="Tight joints",
    )


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("door.png", png(), "image/png"),
        ("door.JPG", JPEG, "image/jpeg"),
        ("door.webp", WEBP, "image/webp"),
        ("report.pdf", PDF, "application/pdf"),
    ],
)
def test_a_real_photo_or_pdf_is_kept_with_its_sniffed_type_and_hash(
    cast: Any, assessed: Assessment, name: str, data: bytes, kind: str
) -> None:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    evidence = evidence_add(actor=cast.mentor, assessment=assessed, upload=upload, note="Front")
    assert evidence.content_type == kind
    assert evidence.original_name == name
    assert evidence.size == len(data)
    assert len(evidence.sha256) == 64
    assert evidence.file.name.startswith(f"evidence/{assessed.mobility_id}/")
    assert name not in evidence.file.name
    with evidence.file.open("rb") as stored:
        assert stored.read() == data


def test_a_jpg_that_is_really_a_pdf_is_refused_naming_the_real_type(
    cast: Any, assessed: Assessment
) -> None:
    upload = SimpleUploadedFile("photo.jpg", PDF, content_type="image/jpeg")
    with pytest.raises(DomainError, match="really a PDF document"):
        evidence_add(actor=cast.mentor, assessment=assessed, upload=upload)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("setup.exe", EXE, "a program"),
        ("photo.jpg", EXE, "a program"),
        ("notes.txt", b"just some words\n", "a text file"),
    ],
)
def test_programs_and_text_are_refused_naming_what_they_are(
    cast: Any, assessed: Assessment, name: str, data: bytes, said: str
) -> None:
    upload = SimpleUploadedFile(name, data, content_type="image/jpeg")
    with pytest.raises(DomainError, match=said):
        evidence_add(actor=cast.mentor, assessment=assessed, upload=upload)


def test_a_file_larger_than_the_setting_is_refused(
    cast: Any, assessed: Assessment, settings: Any
) -> None:
    settings.EVIDENCE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2000, content_type="application/pdf")
    with pytest.raises(DomainError, match="larger than"):
        evidence_add(actor=cast.mentor, assessment=assessed, upload=upload)


def test_a_refused_upload_changes_nothing(cast: Any, assessed: Assessment, settings: Any) -> None:
    before = Assessment.objects.values().get(pk=assessed.pk)
    upload = SimpleUploadedFile("photo.jpg", PDF, content_type="image/jpeg")
    with pytest.raises(DomainError):
        evidence_add(actor=cast.mentor, assessment=assessed, upload=upload)
    assert Assessment.objects.values().get(pk=assessed.pk) == before
    assert not Evidence.objects.exists()
    media = settings.MEDIA_ROOT / "evidence"
    assert not media.exists() or not any(media.rglob("*.*"))


def test_an_outsider_or_the_learner_cannot_add_evidence(cast: Any, assessed: Assessment) -> None:
    for actor in (cast.outsider, cast.learner):
        with pytest.raises(NotPermitted):
            evidence_add(
                actor=actor,
                assessment=assessed,
                upload=SimpleUploadedFile("door.pdf", PDF),
            )
    assert not Evidence.objects.exists()


def test_the_uploader_or_a_host_coordinator_removes_evidence_and_its_file(
    cast: Any, assessed: Assessment, django_capture_on_commit_callbacks: Any
) -> None:
    first = evidence_add(
        actor=cast.mentor, assessment=assessed, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    second = evidence_add(
        actor=cast.mentor, assessment=assessed, upload=SimpleUploadedFile("b.png", png())
    )
    with pytest.raises(NotPermitted):
        evidence_remove(actor=cast.learner, evidence=first)
    storage, path = first.file.storage, first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(actor=cast.mentor, evidence=first)
        evidence_remove(actor=cast.host, evidence=second)
    assert not Evidence.objects.exists()
    assert not storage.exists(path)


def test_the_assessments_list_brings_its_evidence_in_fixed_queries(
    cast: Any, assessed: Assessment, django_assert_max_num_queries: Any
) -> None:
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        evidence_add(actor=cast.mentor, assessment=assessed, upload=SimpleUploadedFile(name, PDF))
    with django_assert_max_num_queries(2):
        rows = list(assessments_of(mobility=assessed.mobility))
        names = [e.original_name for row in rows for e in row.evidence.all()]
    assert names == ["a.pdf", "b.pdf", "c.pdf"]


def test_evidence_is_seen_by_the_mobility_people_but_never_another_learner(
    cast: Any, assessed: Assessment
) -> None:
    evidence = evidence_add(
        actor=cast.mentor, assessment=assessed, upload=SimpleUploadedFile("door.pdf", PDF)
    )
    other = UserFactory.create()
    MembershipFactory.create(user=other, institution=cast.sending, role=Role.LEARNER)
    learner_of(cast, user=other, first_name="Anna", last_name="Liepa")
    assert Learner.objects.filter(user=other).exists()
    for user in (cast.learner, cast.mentor, cast.coordinator, cast.host):
        assert evidence_visible(user=user, evidence=evidence)
    for user in (other, cast.outsider):
        assert not evidence_visible(user=user, evidence=evidence)
