"""Each demo person logs in, in English and in Latvian, and lands on their own home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ecvet.demo.build import build_demo
from tests.e2e.conftest import SCREENSHOTS

PEOPLE = [
    # username, the section of the home page, and its heading in English / Latvian
    ("coordinator", "coordinator", "Mobility coordinator", "Mobilitātes koordinators"),
    ("teacher", "teacher", "Teacher / assessor", "Skolotājs / vērtētājs"),
    ("host", "coordinator", "Mobility coordinator", "Mobilitātes koordinators"),
    ("mentor", "mentor", "Host mentor", "Uzņēmuma mentors"),
    ("learner", "learner", "Learner", "Audzēknis"),
    ("outsider", "coordinator", "Mobility coordinator", "Mobilitātes koordinators"),
    ("admin", "administrator", "Administrator", "Administrators"),
]


@pytest.fixture
def demo(transactional_db: None) -> None:
    build_demo(password="demo")


@pytest.mark.parametrize("language", ["en", "lv"])
@pytest.mark.parametrize(("username", "section", "heading_en", "heading_lv"), PEOPLE)
def test_each_role_logs_in_and_sees_its_home(
    demo, live_server, page, language, username, section, heading_en, heading_lv
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    if language == "lv":
        page.locator("#language-switch").get_by_role(
            "button", name=re.compile("^(LV|Latviešu)$")
        ).click()
        expect(page.locator("html")).to_have_attribute("lang", "lv")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("demo")
    page.locator("form button[type=submit]").last.click()

    expect(page).to_have_url(f"{live_server.url}/")
    home = page.locator(f'[data-role-home="{section}"]')
    expect(home).to_be_visible()
    expect(home.get_by_role("heading", level=2)).to_have_text(
        heading_lv if language == "lv" else heading_en
    )
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.screenshot(path=SCREENSHOTS / f"home-{username}-{language}.png", full_page=True)
