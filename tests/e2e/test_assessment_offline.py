"""The mentor's phone page in a real browser: an answer entered without a connection is kept
on the phone and sent when the connection is back; after a failed send, a reload puts the
kept answer back into the form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.assessments.models import Assessment, Evidence
from ecvet.assessments.tests.setup import signed_mobility
from ecvet.assessments.tests.test_assessor_views import in_walk_order
from ecvet.assessments.tests.test_evidence import png
from tests.e2e.conftest import SCREENSHOTS

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def open_as(browser, live_server):
    """``open_as(username)`` → a signed-in page on a phone-sized viewport."""
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


@pytest.fixture
def ongoing(transactional_db, cast, time_machine):
    # During the mobility; the clock keeps running for the live server.
    time_machine.move_to("2027-04-20 10:00")
    return in_walk_order(signed_mobility(cast))


def _kept(page, ongoing, outcome) -> str | None:
    return page.evaluate(
        "key => localStorage.getItem(key)", f"ecvet-assessment:{ongoing.mobility.pk}:{outcome.pk}"
    )


def test_an_answer_entered_offline_is_kept_and_sent_when_back_online(live_server, open_as, ongoing):
    outcome = ongoing.outcomes[0]
    page = open_as("mentor")
    page.goto(f"{live_server.url}/mobilities/{ongoing.mobility.pk}/assessment/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=SCREENSHOTS / "assessment-sheet.png", full_page=True)
    page.locator("[data-continue]").click()
    expect(page.locator("[data-position]")).to_contain_text("Outcome 1 of 3")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.context.set_offline(True)
    page.locator("label[data-choice=not_achieved]").click()
    note = page.locator("[data-kept-note]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Not sent yet — kept on this phone")
    page.locator("#id_reason").fill("The saw tore out a knot")
    page.locator("#id_reason").press("Tab")
    page.locator("#id_comment").fill("Frame started")
    page.locator("#id_comment").press("Tab")
    expect(note).to_be_visible()
    assert "Frame started" in (_kept(page, ongoing, outcome) or "")
    assert not Assessment.objects.exists()
    page.screenshot(path=SCREENSHOTS / "assessment-offline-kept.png", full_page=True)

    page.context.set_offline(False)
    expect(page.locator("[data-saved]")).to_be_visible()
    expect(note).to_be_hidden()
    saved = Assessment.objects.get()
    assert (saved.result, saved.reason, saved.comment) == (
        "not_achieved",
        "The saw tore out a knot",
        "Frame started",
    )
    assert _kept(page, ongoing, outcome) is None
    page.screenshot(path=SCREENSHOTS / "assessment-offline-sent.png", full_page=True)

    # A photo goes with a connection, beside the answer.
    page.locator("#id_evidence-file").set_input_files(
        {"name": "door.png", "mimeType": "image/png", "buffer": png()}
    )
    page.locator("#id_evidence-note").fill("The knot")
    page.locator("[data-evidence-submit]").click()
    expect(page.locator("[data-thumbnail]")).to_be_visible()
    assert Evidence.objects.get().assessment == saved
    assert _kept(page, ongoing, outcome) is None


def test_a_kept_answer_is_restored_after_a_reload_when_its_send_failed(
    live_server, open_as, ongoing
):
    first, second = ongoing.outcomes[0], ongoing.outcomes[1]
    url = f"{live_server.url}/mobilities/{ongoing.mobility.pk}/assessment/{first.pk}/"

    def refuse_posts(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page = open_as("mentor")
    page.goto(url)
    page.route("**/assessment/*/", refuse_posts)
    page.locator("label[data-choice=achieved]").click()
    page.locator("#id_comment").fill("Tight joints")
    page.locator("#id_comment").press("Tab")
    expect(page.locator("[data-kept-note]")).to_contain_text("kept on this phone")

    page.reload()
    expect(page.locator("input[name=result][value=achieved]")).to_be_checked()
    expect(page.locator("#id_comment")).to_have_value("Tight joints")
    expect(page.locator("[data-kept-note]")).to_contain_text("kept on this phone")
    assert not Assessment.objects.exists()
    page.screenshot(path=SCREENSHOTS / "assessment-restored.png", full_page=True)

    page.unroute("**/assessment/*/")
    page.locator("[data-save]").click()
    expect(page.locator("[data-position]")).to_contain_text("Outcome 2 of 3")
    assert page.url.endswith(f"/assessment/{second.pk}/")
    saved = Assessment.objects.get()
    assert (saved.outcome, saved.result, saved.comment) == (first, "achieved", "Tight joints")
    assert _kept(page, ongoing, first) is None


def test_a_conflict_is_shown_not_sent_over_again(live_server, open_as, ongoing, cast):
    from ecvet.assessments.services import assessment_record

    outcome = ongoing.outcomes[0]
    page = open_as("mentor")
    page.goto(f"{live_server.url}/mobilities/{ongoing.mobility.pk}/assessment/{outcome.pk}/")
    # Meanwhile the host's coordinator answers the same outcome.
    assessment_record(
        actor=cast.host,
        mobility=ongoing.mobility,
        outcome=outcome,
        result="partly_achieved",
        reason="One door of two",
    )
    page.locator("label[data-choice=achieved]").click()
    expect(page.locator("[data-their-answer]")).to_contain_text("One door of two")
    expect(page.locator("[data-form-errors]")).to_contain_text("Someone else saved an answer")
    expect(page.locator("input[name=result][value=achieved]")).to_be_checked()
    assert _kept(page, ongoing, outcome) is None
    assert Assessment.objects.get().result == "partly_achieved"
    page.screenshot(path=SCREENSHOTS / "assessment-conflict.png", full_page=True)
