"""Evidence on the outcome screen: added with the answer, refused with nothing else lost,
listed, removed, and served only to whoever sees the mobility."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecvet.assessments.models import Assessment, Evidence
from ecvet.assessments.services import assessment_record, evidence_add
from ecvet.assessments.tests.setup import Ongoing, signed_mobility
from ecvet.assessments.tests.test_assessor_views import answer, in_walk_order, other_mobility
from ecvet.assessments.tests.test_evidence import EXE, PDF, png

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_mobility(time_machine: Any) -> None:
    time_machine.move_to("2027-04-20 10:42", tick=False)


@pytest.fixture
def ongoing(cast: Any) -> Ongoing:
    return in_walk_order(signed_mobility(cast))


def add_url(ongoing: Ongoing, index: int = 0) -> str:
    return reverse("evidence_add", args=[ongoing.mobility.pk, ongoing.outcomes[index].pk])


def outcome_url(ongoing: Ongoing, index: int = 0) -> str:
    return reverse("assessment_outcome", args=[ongoing.mobility.pk, ongoing.outcomes[index].pk])


def upload(name: str, data: bytes) -> dict[str, Any]:
    return {"evidence-file": SimpleUploadedFile(name, data), "evidence-note": "The door, front"}


def first_answer(cast: Any, ongoing: Ongoing) -> Assessment:
    return assessment_record(
        actor=cast.mentor, mobility=ongoing.mobility, outcome=ongoing.outcomes[0], result="achieved"
    )


def test_a_photo_is_added_to_an_answer_and_listed_with_a_thumbnail(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    done = first_answer(cast, ongoing)
    client = login(cast.mentor)
    response = client.post(
        add_url(ongoing), {**answer(result="achieved", revision="1"), **upload("door.png", png())}
    )
    assert response.status_code == 302
    assert response["Location"] == outcome_url(ongoing)
    evidence = Evidence.objects.get()
    assert (evidence.assessment, evidence.note, evidence.content_type) == (
        done,
        "The door, front",
        "image/png",
    )
    html = client.get(outcome_url(ongoing)).content.decode()
    file_url = reverse("evidence_file", args=[ongoing.mobility.pk, evidence.pk])
    assert f'<img src="{file_url}"' in html
    assert "door.png" in html
    assert "The door, front" in html
    assert "Lars Hansen" in html
    assert "data-evidence-remove" in html
    assert "“door.png” was added." in html


def test_a_pdf_is_listed_without_a_thumbnail(cast: Any, login: Any, ongoing: Ongoing) -> None:
    done = first_answer(cast, ongoing)
    evidence_add(actor=cast.mentor, assessment=done, upload=SimpleUploadedFile("plan.pdf", PDF))
    html = login(cast.mentor).get(outcome_url(ongoing)).content.decode()
    assert "plan.pdf" in html
    assert "bi-file-earmark-pdf" in html
    assert "data-thumbnail" not in html


def test_a_file_for_an_outcome_not_answered_yet_saves_the_answer_first(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    response = login(cast.mentor).post(
        add_url(ongoing),
        {**answer(result="partly_achieved", reason="One hinge missing"), **upload("door.pdf", PDF)},
    )
    assert response.status_code == 302
    saved = Assessment.objects.get()
    assert (saved.result, saved.reason) == ("partly_achieved", "One hinge missing")
    assert Evidence.objects.get().assessment == saved


def test_a_file_without_an_answer_asks_for_the_answer_and_adds_nothing(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    data = {**answer(result="", comment="Looks good"), **upload("door.pdf", PDF)}
    response = login(cast.mentor).post(add_url(ongoing), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file was not added: first complete the answer above." in html
    assert "Looks good" in html
    assert not Assessment.objects.exists()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.exe", EXE, "“setup.exe” is a program (executable)."),
        ("photo.jpg", PDF, "“photo.jpg” is really a PDF document, whatever its name says."),
        ("big.pdf", PDF + b"0" * 4096, "The file is larger than"),
    ],
    ids=["not-an-allowed-type", "lies-about-its-type", "too-large"],
)
def test_a_refused_file_shows_why_and_keeps_everything_typed(
    cast: Any, login: Any, ongoing: Ongoing, settings: Any, name: str, data: bytes, message: str
) -> None:
    settings.EVIDENCE_MAX_BYTES = 2048
    typed = answer(
        result="not_achieved",
        comment="Started the door frame",
        reason="The saw tore out a knot",
        reassessment_planned_on="2027-04-28",
    )
    response = login(cast.mentor).post(add_url(ongoing), {**typed, **upload(name, data)})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    for value in ("Started the door frame", "The saw tore out a knot", "2027-04-28"):
        assert value in html
    assert "The door, front" in html  # the file's note too
    assert response.context["form"]["result"].value() == "not_achieved"
    # The answer was valid: it is saved, and the form carries its new revision.
    saved = Assessment.objects.get()
    assert (saved.result, saved.comment, saved.reason) == (
        "not_achieved",
        "Started the door frame",
        "The saw tore out a knot",
    )
    assert str(response.context["form"]["revision"].value()) == str(saved.revision)
    assert not Evidence.objects.exists()


def test_a_refused_file_shows_its_message_in_latvian(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    client = login(cast.mentor)
    client.cookies["ecvet_language"] = "lv"
    response = client.post(
        add_url(ongoing), {**answer(comment="Labi"), **upload("notes.txt", b"hello\n")}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "teksta fails" in html
    assert "Labi" in html


# --- the file itself ---


@pytest.fixture
def stored(cast: Any, ongoing: Ongoing) -> Evidence:
    done = first_answer(cast, ongoing)
    return evidence_add(
        actor=cast.mentor, assessment=done, upload=SimpleUploadedFile('door "1".png', png())
    )


def file_url(ongoing: Ongoing, evidence: Evidence) -> str:
    return reverse("evidence_file", args=[ongoing.mobility.pk, evidence.pk])


def test_the_file_is_served_with_its_type_inline_sandboxed_and_private(
    cast: Any, login: Any, ongoing: Ongoing, stored: Evidence
) -> None:
    for user in (cast.learner, cast.coordinator, cast.mentor):
        response = login(user).get(file_url(ongoing, stored))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == png()
        assert response["Content-Type"] == "image/png"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox;")
        assert response["Content-Disposition"] == 'inline; filename="door \\"1\\".png"'
        assert "private" in response["Cache-Control"]


def test_a_name_with_latvian_letters_is_quoted_safely(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    done = first_answer(cast, ongoing)
    evidence = evidence_add(
        actor=cast.mentor, assessment=done, upload=SimpleUploadedFile("durvis ā.pdf", PDF)
    )
    response = login(cast.mentor).get(file_url(ongoing, evidence))
    # A PDF is saved, not shown: browsers refuse to show one under a sandbox policy.
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''durvis%20%C4%81.pdf"


@pytest.mark.parametrize("who", ["outsider", "other_learner", "other_mentor"])
def test_whoever_does_not_see_the_mobility_gets_404_for_its_file(
    cast: Any, login: Any, ongoing: Ongoing, stored: Evidence, who: str
) -> None:
    others = other_mobility(cast)
    user = {
        "outsider": cast.outsider,
        "other_learner": others.learner,
        "other_mentor": others.mentor,
    }[who]
    assert login(user).get(file_url(ongoing, stored)).status_code == 404


def test_evidence_asked_for_under_another_mobility_is_a_404(
    cast: Any, login: Any, ongoing: Ongoing, stored: Evidence
) -> None:
    others = other_mobility(cast)
    url = reverse("evidence_file", args=[others.mobility.pk, stored.pk])
    assert login(cast.coordinator).get(url).status_code == 404


# --- removing ---


def remove_url(ongoing: Ongoing, evidence: Evidence) -> str:
    return reverse("evidence_remove", args=[ongoing.mobility.pk, evidence.pk])


def test_the_uploader_removes_evidence(
    cast: Any, login: Any, ongoing: Ongoing, stored: Evidence
) -> None:
    client = login(cast.mentor)
    assert client.get(remove_url(ongoing, stored)).status_code == 405
    response = client.post(remove_url(ongoing, stored))
    assert response.status_code == 302
    assert response["Location"] == outcome_url(ongoing)
    assert not Evidence.objects.exists()


def test_the_host_coordinator_removes_evidence_of_the_mentor(
    cast: Any, login: Any, ongoing: Ongoing, stored: Evidence
) -> None:
    assert "data-evidence-remove" in login(cast.host).get(outcome_url(ongoing)).content.decode()
    login(cast.host).post(remove_url(ongoing, stored))
    assert not Evidence.objects.exists()


def test_a_teacher_who_only_sees_cannot_remove_evidence(
    cast: Any, login: Any, ongoing: Ongoing, stored: Evidence
) -> None:
    client = login(cast.teacher)
    assert "data-evidence-remove" not in client.get(outcome_url(ongoing)).content.decode()
    response = client.post(remove_url(ongoing, stored), follow=True)
    assert "Only who added the evidence" in response.content.decode()
    assert Evidence.objects.filter(pk=stored.pk).exists()


@pytest.mark.parametrize("who", ["outsider", "learner", "other_learner", "other_mentor"])
def test_whoever_does_not_see_the_mobility_gets_404_on_remove(
    cast: Any, login: Any, ongoing: Ongoing, stored: Evidence, who: str
) -> None:
    others = other_mobility(cast)
    user = {
        "outsider": cast.outsider,
        "learner": cast.learner,
        "other_learner": others.learner,
        "other_mentor": others.mentor,
    }[who]
    assert login(user).post(remove_url(ongoing, stored)).status_code == 404
    assert Evidence.objects.filter(pk=stored.pk).exists()


def test_adding_without_a_file_asks_for_one_and_keeps_the_answer(
    cast: Any, login: Any, ongoing: Ongoing
) -> None:
    response = login(cast.mentor).post(add_url(ongoing), answer(comment="Neat work"))
    assert response.status_code == 400
    assert "Choose a photo or a PDF file." in response.content.decode()
    assert Assessment.objects.get().comment == "Neat work"
