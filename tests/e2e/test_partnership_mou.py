"""Issue 4, acceptance 1, in a real browser and in Latvian: a coordinator builds a partnership
with the host school, brings in the Carpenter units, both partners agree them, the MoU is
drafted from the partnership and sent, both authorised persons sign it with their password,
and the PDF shows both signatures with the content hash."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.demo.build import demo_unit
from ecvet.demo.units import INTERNATIONALIZATION, REPAIR
from ecvet.documents.tests.reading import pdf_text
from ecvet.partnerships.models import MemorandumStatus, Partnership
from ecvet.qualifications.tests.factories import QualificationFactory
from ecvet.signing.models import EnvelopeStatus
from tests.e2e.conftest import SCREENSHOTS

UNITS = (REPAIR, INTERNATIONALIZATION)


@pytest.fixture
def open_as(browser, live_server):
    """``open_as(username)`` → a page of a wide browser, signed in, speaking Latvian."""
    contexts = []

    def _open(username: str):
        context = browser.new_context(locale="lv-LV", viewport={"width": 1300, "height": 1000})
        context.set_default_timeout(15_000)
        context.add_cookies([{"name": "ecvet_language", "value": "lv", "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").last.click()
        expect(page.locator("html")).to_have_attribute("lang", "lv")
        return page

    yield _open
    for context in contexts:
        context.close()


def _submit(page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").last.click()


def test_two_schools_agree_the_carpenter_units_and_sign_the_mou_in_latvian(
    transactional_db, cast, live_server, open_as
):
    carpenter = QualificationFactory.create(
        owner=cast.sending, title={"en": "Carpenter", "lv": "Galdnieks"}, eqf_level=3
    )
    for spec in UNITS:
        demo_unit(
            spec,
            owner=cast.sending,
            author=cast.teacher,
            agreed_by=cast.coordinator,
            carpenter=carpenter,
        )
    base = live_server.url

    # The sending coordinator starts the partnership and states its terms.
    ilze = open_as("coordinator")
    ilze.goto(f"{base}/partnerships/new/")
    ilze.locator("#id_title").fill("Galdnieki LV-DK")
    ilze.locator("#id_objectives_lv").fill("Katru pavasari apmainīties ar galdnieku audzēkņiem.")
    ilze.locator("#id_assessment_lv").fill("Mentors novēro audzēkni darbā un novērtē rezultātus.")
    ilze.locator("#id_documentation_lv").fill("Sekmju izraksts un Europass mobilitātes dokuments.")
    ilze.locator("#id_validation_recognition_lv").fill("Rezultātus ieskaita kā praksi.")
    ilze.locator("#id_evaluation_lv").fill("Sadarbību pārskata katru jūniju.")
    ilze.locator("#id_mobility_min_weeks").fill("2")
    ilze.locator("#id_mobility_max_weeks").fill("12")
    ilze.locator("#id_valid_from").fill("2026-01-01")
    ilze.locator("#id_valid_until").fill("2028-12-31")
    _submit(ilze, "main form[method=post]")
    expect(ilze).to_have_url(re.compile(r"/partnerships/\d+/$"))
    partnership = Partnership.objects.get(title="Galdnieki LV-DK")
    detail = f"{base}/partnerships/{partnership.pk}/"

    # The host school joins as hosting partner; its coordinator signs for it.
    ilze.goto(f"{detail}partners/new/")
    ilze.locator("#id_institution").select_option(str(cast.host_school.pk))
    expect(ilze.locator(f'#id_signatory option[value="{cast.host.pk}"]')).to_be_attached()
    ilze.locator("#id_role").select_option("hosting")
    ilze.locator("#id_responsibilities_lv").fill("Atrod prakses vietas un novērtē audzēkņus.")
    ilze.locator("#id_signatory").select_option(str(cast.host.pk))
    ilze.locator("#id_signatory_job_title").fill("Direktore")
    _submit(ilze, "main form[method=post]")
    expect(ilze).to_have_url(detail)

    # Her own school's signatory: herself.
    own = partnership.partners.get(institution=cast.sending)
    ilze.goto(f"{detail}partners/{own.pk}/edit/")
    ilze.locator("#id_signatory").select_option(str(cast.coordinator.pk))
    ilze.locator("#id_signatory_job_title").fill("Direktore")
    _submit(ilze, "main form[method=post]")
    expect(ilze).to_have_url(detail)

    # The Carpenter units come into scope.
    for spec in UNITS:
        ilze.goto(f"{detail}units/add/?q={spec.name['en'].split()[0]}")
        ilze.locator("[data-unit-choice]").first.locator("button[type=submit]").click()
    items = list(partnership.units.order_by("position"))
    assert [item.version.name["en"] for item in items] == [spec.name["en"] for spec in UNITS]

    # Each partner agrees each unit, on the unit's page in the partnership.
    mette = open_as("host")
    for person in (ilze, mette):
        for item in items:
            person.goto(f"{detail}units/{item.pk}/")
            person.locator("form[action$='/agree/'] button[type=submit]").click()
            expect(person.locator("form[action$='/agree/']")).to_have_count(0)
    ilze.goto(f"{detail}units/{items[0].pk}/")
    expect(ilze.locator('[data-agreement="agreed"]')).to_be_visible()

    # The MoU, drafted from all of that, is reviewed and sent.
    mou = f"{detail}mou/1/"
    ilze.goto(f"{mou}send/")
    expect(ilze.locator('[data-checks="errors"]')).to_have_count(0)
    expect(ilze.get_by_text("Galdnieki LV-DK").first).to_be_visible()
    _submit(ilze, "form[method=post]:has(input[name=revision])")
    expect(ilze).to_have_url(mou)
    memorandum = partnership.memoranda.get(number=1)
    assert memorandum.status == MemorandumStatus.OUT
    envelope = memorandum.envelope
    assert envelope is not None

    # Both authorised persons sign with their password; a wrong one signs nothing.
    for person, user, place in ((ilze, cast.coordinator, "Cēsis"), (mette, cast.host, "Aalborg")):
        slot = envelope.signatories.get(user=user)
        person.goto(f"{base}/signing/{envelope.pk}/sign/{slot.pk}/")
        person.locator("#id_confirm").check()
        person.locator("#id_place").fill(place)
        person.locator("#id_password").fill("not-my-password")
        _submit(person, "form:has(#id_password)")
        expect(person.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
        expect(person.locator("#id_place")).to_have_value(place)
        person.locator("#id_confirm").check()
        person.locator("#id_password").fill(PASSWORD)
        _submit(person, "form:has(#id_password)")
        expect(person.locator("form:has(#id_password)")).to_have_count(0)

    envelope.refresh_from_db()
    memorandum.refresh_from_db()
    assert envelope.status == EnvelopeStatus.SIGNED
    assert memorandum.status == MemorandumStatus.SIGNED
    ilze.goto(mou)
    expect(ilze.locator("h1").first).to_contain_text(re.compile("memorand", re.IGNORECASE))
    ilze.screenshot(path=SCREENSHOTS / "mou-signed-lv.png", full_page=True)

    # The Latvian PDF carries both signatures, each with the content's SHA-256.
    response = ilze.request.get(f"{mou}pdf/?lang=lv")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    compact = text.replace(" ", "")
    for user in (cast.coordinator, cast.host):
        assert user.get_full_name() in text
    assert compact.count(envelope.content_hash) >= 2
    assert envelope.code in text
    assert "Galdnieki LV-DK" in text
