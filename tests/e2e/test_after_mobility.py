"""Issue 6, acceptance 1, in a real browser on a phone-sized screen: on the demo, the mentor
assesses every outcome of Katrīna's mobility (one not achieved, with the reason) and attaches
a photo; Katrīna assesses herself in Latvian; the mentor prepares the transcript of records,
sends it and signs it for the host; the sending coordinator marks the mobility ended,
validates and recognises it; the mobility ends "recognised"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ecvet.assessments.models import Assessment, Evidence, OutcomeResult, SelfAssessment
from ecvet.assessments.tests.test_evidence import png
from ecvet.demo.build import build_demo
from ecvet.documents.tests.reading import pdf_text
from ecvet.mobilities.models import Mobility, MobilityStatus
from ecvet.recognition.models import Recognition, Validation
from ecvet.transcripts.models import Transcript, TranscriptStatus
from tests.e2e.conftest import SCREENSHOTS

PHONE = {"width": 390, "height": 844}
PASSWORD = "demo"
REASON = "The oak door was postponed by the owner, so door joints were not practised."


@pytest.fixture
def demo(transactional_db: None) -> None:
    build_demo(password=PASSWORD)


@pytest.fixture
def open_as(browser, live_server):
    """``open_as(username, language)`` → a signed-in page on a phone-sized screen."""
    contexts = []

    def _open(username: str, language: str = "en"):
        context = browser.new_context(viewport=PHONE)
        context.set_default_timeout(15_000)
        context.add_cookies([{"name": "ecvet_language", "value": language, "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").last.click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        return page

    yield _open
    for context in contexts:
        context.close()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_assessed_self_assessed_transcript_signed_validated_and_recognised_on_a_phone(
    demo, live_server, open_as
):
    base = live_server.url
    mobility = Mobility.objects.get(learner__first_name="Katrīna")
    assert mobility.status == MobilityStatus.ONGOING

    # The mentor, in the workshop: outcome by outcome from the mobility page.
    lars = open_as("mentor")
    lars.goto(f"{base}/mobilities/{mobility.pk}/")
    lars.locator("[data-results-link=assess]").click()
    _fits(lars)
    lars.locator("[data-continue]").click()
    for number in range(1, 8):
        expect(lars.locator("[data-position]")).to_contain_text(f"Outcome {number} of 7")
        _fits(lars)
        if number == 3:
            lars.locator("label[data-choice=not_achieved]").click()
            lars.locator("#id_reason").fill(REASON)
        else:
            lars.locator("label[data-choice=achieved]").click()
        lars.locator("#id_comment").fill(f"Seen on site, outcome {number}")
        if number == 5:
            lars.locator("#id_evidence-file").set_input_files(
                {"name": "window-frame.png", "mimeType": "image/png", "buffer": png()}
            )
            lars.locator("#id_evidence-note").fill("The window frame she made")
            lars.locator("[data-evidence-submit]").click()
            expect(lars.locator("[data-thumbnail]")).to_be_visible()
            lars.screenshot(path=SCREENSHOTS / "after-mobility-evidence.png", full_page=True)
        lars.locator("[data-save]").click()
    expect(lars).to_have_url(re.compile(rf"/mobilities/{mobility.pk}/assessment/$"))
    answers = Assessment.objects.filter(mobility=mobility)
    assert answers.count() == 7
    (missed,) = answers.filter(result=OutcomeResult.NOT_ACHIEVED)
    assert missed.reason == REASON
    assert Evidence.objects.filter(assessment__mobility=mobility).count() == 1
    lars.screenshot(path=SCREENSHOTS / "after-mobility-sheet.png", full_page=True)

    # Katrīna assesses herself, in Latvian, from her own page.
    katrina = open_as("katrina", language="lv")
    katrina.goto(f"{base}/my/{mobility.pk}/")
    katrina.locator("[data-my-self-assessment]").click()
    _fits(katrina)
    forms = katrina.locator("form[data-self-form]")
    expect(forms).to_have_count(7)
    for index in range(7):
        form = forms.nth(index)
        form.locator("label[data-choice=partly_achieved]" if index == 0 else "label").first.click()
        expect(form.locator("[data-saved]")).to_be_visible()
    assert SelfAssessment.objects.filter(mobility=mobility).count() == 7
    katrina.screenshot(path=SCREENSHOTS / "after-mobility-self-lv.png", full_page=True)

    # The mentor prepares the transcript of records, sends it for the host and signs it.
    lars.goto(f"{base}/mobilities/{mobility.pk}/")
    lars.locator("[data-results-link=transcript-prepare]").click()
    expect(lars.locator("[data-transcript-status]")).to_have_attribute(
        "data-transcript-status", "draft"
    )
    lars.get_by_role("link", name="Send for signature").click()
    lars.locator("form[method=post] button[type=submit]").last.click()
    lars.locator("[data-my-slot] a").first.click()
    lars.locator("#id_confirm").check()
    lars.locator("#id_place").fill("Aalborg")
    lars.locator("#id_password").fill(PASSWORD)
    lars.locator("form:has(#id_password) button[type=submit]").last.click()
    expect(lars.locator("form:has(#id_password)")).to_have_count(0)
    transcript = Transcript.objects.get(mobility=mobility)
    assert transcript.status == TranscriptStatus.SIGNED
    text = pdf_text(lars.request.get(f"{base}/mobilities/{mobility.pk}/transcript/1/pdf/").body())
    assert "Not achieved" in text
    assert "oak door was postponed" in text

    # The sending coordinator: the mobility has ended; validation, then recognition.
    ilze = open_as("coordinator")
    ilze.goto(f"{base}/mobilities/{mobility.pk}/")
    ilze.locator("form[data-move=completed] button").click()
    ilze.locator("[data-results-link=validation]").click()
    _fits(ilze)
    ilze.locator("[data-save-all]").click()
    expect(ilze.locator("[data-confirm-validation] button")).to_be_visible()
    ilze.locator("[data-confirm-validation] button").click()
    ilze.wait_for_url("**/recognition/")
    validations = Validation.objects.filter(mobility=mobility)
    assert validations.count() == 7
    assert validations.get(outcome=missed.outcome).matches is False
    ilze.locator("[data-recognition-form] input[value=grade_book]").check()
    ilze.locator("[data-recognition-form] input[value=europass]").check()
    ilze.locator("[data-recognition-form] input[name$=grade]").fill("9")
    ilze.locator("[data-save-unit]").click()
    expect(ilze.locator("[data-confirm-recognition] button")).to_be_visible()
    ilze.locator("[data-confirm-recognition] button").click()
    ilze.wait_for_url("**/results/")
    _fits(ilze)
    ilze.screenshot(path=SCREENSHOTS / "after-mobility-recognised.png", full_page=True)

    mobility.refresh_from_db()
    assert mobility.status == MobilityStatus.RECOGNISED
    assert Recognition.objects.get(mobility=mobility).grade == "9"
    ilze.goto(f"{base}/mobilities/{mobility.pk}/")
    expect(ilze.locator("main")).to_contain_text(str(MobilityStatus.RECOGNISED.label))
