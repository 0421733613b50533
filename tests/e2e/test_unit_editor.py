"""A teacher writes a unit in the browser: pasting lists, typing with the keyboard,
reordering, and watching the seed's unit criteria change as the unit grows."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.qualifications.models import LearningOutcome, Unit
from tests.e2e.conftest import SCREENSHOTS

KNOWLEDGE = """He/she is able to:
Wooden materials:
• Identifying and selecting different wood sorts.
• Knowing the use and possibilities of the different wood materials.
• Knowledge about proper treatment of woods.
Historical and traditional work methods:
• Knowledge of carpenter traditions.
• Present the local specified carpenter work.
• Knowledge of local safety rules.
Miter and Lock Joints:
• Knowledge about joints for doors.
• Knowledge about copying different
joints.
"""
SKILLS = """1. Work within respect for the local carpenter tradition.
2. Identify and use different hand tools.
3. Identify and use different electrical tools.
4. Work accurately with tasks of joinery.
5. Choose the right material and treatment of woods.
6. Act in accordance to the local safety rules.
7. Choosing the right working methods for the different carpenter tasks.
"""
COMPETENCE = [
    "Use the described skills with a responsible mind set.",
    "Meet the host-company and co-workers with an open mind.",
    "Behave and act politely with respect for the host country.",
    "Cooperate with both company manager and co-workers.",
    "Describe and obtain a level of quality that suits the expected standards.",
]


@pytest.fixture
def desk(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _check(page, code):
    return page.locator(f'#unit-checks [data-check="{code}"]')


def _paste(page, column, text):
    section = page.locator(f"#column-{column}")
    section.locator("summary", has_text="Paste a list").click()
    section.locator("textarea").fill(text)
    section.locator("[data-paste-submit]").click()


def test_a_teacher_writes_a_unit_by_pasting_and_typing(transactional_db, cast, live_server, desk):
    page = desk
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("teacher")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()

    page.goto(f"{live_server.url}/units/new/")
    page.locator("#id_name_en").fill("Repair or Rebuilding jobs")
    page.locator("#id_name_lv").fill("Remonta vai pārbūves darbi")
    page.get_by_role("button", name="Create and write the outcomes").click()
    expect(page.locator("#unit-checks")).to_be_visible()
    expect(_check(page, "structured")).to_have_attribute("data-ok", "false")
    expect(_check(page, "period")).to_have_attribute("data-ok", "false")

    _paste(page, "knowledge", KNOWLEDGE)
    knowledge = page.locator("#column-knowledge")
    # 3 headings and 8 outcomes: the wrapped last line was joined to the one before.
    expect(knowledge.locator("[data-count]")).to_have_text("11")
    expect(knowledge).to_contain_text("Knowledge about copying different joints.")
    expect(knowledge.locator('[data-heading="true"]')).to_have_count(3)
    expect(_check(page, "structured")).to_contain_text("The Skills column has no outcomes yet.")

    _paste(page, "skills", SKILLS)
    expect(page.locator("#column-skills [data-count]")).to_have_text("7")
    expect(_check(page, "structured")).not_to_contain_text("Skills column")

    # The competence column is typed: Enter adds the line and the cursor stays in the box.
    page.locator("#column-competence [data-quick-add]").click()
    for number, line in enumerate(COMPETENCE, start=1):
        page.keyboard.type(line)
        page.keyboard.press("Enter")
        expect(page.locator("#column-competence [data-count]")).to_have_text(str(number))
    expect(_check(page, "structured")).to_have_attribute("data-ok", "true")

    skills = page.locator("#column-skills .outcome-row")
    expect(skills.nth(0)).to_contain_text("Work within respect")
    skills.nth(0).locator('[data-move="down"]').click()
    expect(skills.nth(0)).to_contain_text("Identify and use different hand tools")
    expect(skills.nth(1)).to_contain_text("Work within respect")

    # Setting the workload (in the header form) meets "made for a defined period".
    header = page.locator("details", has=page.locator("#unit-header"))
    if header.get_attribute("open") is None:
        header.locator("summary").click()
    page.locator("#id_workload").fill("10")
    page.locator("#id_workload_unit").select_option("days")
    page.get_by_role("button", name="Save the header").click()
    expect(_check(page, "period")).to_have_attribute("data-ok", "true")
    page.screenshot(path=SCREENSHOTS / "unit-editor.png", full_page=True)

    unit = Unit.objects.get()
    rows = LearningOutcome.objects.filter(version=unit.latest)
    assert rows.filter(is_heading=True).count() == 3
    assert rows.filter(is_heading=False).count() == 20
    assert [r.text["en"] for r in rows.filter(category="skills").order_by("position")][:2] == [
        "Identify and use different hand tools.",
        "Work within respect for the local carpenter tradition.",
    ]
