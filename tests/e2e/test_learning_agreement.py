"""Issue 5, acceptance 1, in a real browser: a coordinator plans a mobility for a learner,
chooses two agreed units, fills each unit's assessment plan, sends the Learning Agreement; the
sending coordinator, the host's mentor and the learner (on their own page, in Latvian) sign;
the PDF shows the three signatures and the mobility is agreed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ecvet.accounts.tests.factories import PASSWORD
from ecvet.documents.tests.reading import pdf_text
from ecvet.mobilities.models import AgreementStatus, Mobility, MobilityStatus
from ecvet.mobilities.tests.setup import learner_of
from ecvet.partnerships.services.units import partnership_unit_add, unit_agreement_record
from ecvet.partnerships.tests.factories import agreed_unit, partnership_for
from tests.e2e.conftest import SCREENSHOTS


@pytest.fixture
def open_as(browser, live_server):
    """``open_as(username, language)`` → a signed-in page in that interface language."""
    contexts = []

    def _open(username: str, language: str = "en", width: int = 1300):
        context = browser.new_context(viewport={"width": width, "height": 1000})
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


def _sign(page, place: str) -> None:
    page.locator("#id_confirm").check()
    page.locator("#id_place").fill(place)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_password) button[type=submit]").last.click()
    expect(page.locator("form:has(#id_password)")).to_have_count(0)


def test_a_mobility_is_planned_its_agreement_signed_by_three_and_agreed(
    transactional_db, cast, live_server, open_as
):
    setup = partnership_for(cast)
    second = partnership_unit_add(
        actor=cast.coordinator,
        partnership=setup.partnership,
        unit=agreed_unit(cast.sending, name="Internationalization and Project Management"),
    )
    for partner in setup.partnership.partners.all():
        user = cast.coordinator if partner.institution_id == cast.sending.pk else cast.host
        unit_agreement_record(actor=user, partnership_unit=second, partner=partner)
    learner = learner_of(cast)
    base = live_server.url

    # The coordinator plans the mobility with both agreed units.
    ilze = open_as("coordinator")
    ilze.goto(f"{base}/mobilities/new/?learner={learner.pk}")
    form = ilze.locator("main form[method=post]")
    expect(form.locator("#id_host_institution")).to_have_value(str(cast.host_school.pk))
    form.locator("#id_host_company").select_option(str(cast.host_company.pk))
    expect(form.locator(f'#id_mentor option[value="{cast.mentor.pk}"]')).to_be_attached()
    form.locator("#id_mentor").select_option(str(cast.mentor.pk))
    form.locator("#id_start").fill("2027-04-05")
    form.locator("#id_end").fill("2027-04-30")
    form.locator("#id_place").fill("Aalborg")
    units = form.locator("input[name=units]")
    expect(units).to_have_count(2)
    for index in range(2):
        units.nth(index).check()
    form.locator("button[type=submit]").last.click()
    expect(ilze).to_have_url(re.compile(r"/mobilities/\d+/$"))
    mobility = Mobility.objects.get(learner=learner)
    agreement = mobility.agreements.get()
    assert agreement.units.count() == 2

    # Each unit's assessment plan: who, how, when, where, evidence, criteria.
    for item in agreement.units.all():
        ilze.goto(f"{base}/mobilities/{mobility.pk}/agreement/units/{item.pk}/")
        plan = ilze.locator("main form[method=post]")
        plan.locator("#id_assessor").select_option(str(cast.mentor.pk))
        plan.locator("input[name=methods][value=observation]").check()
        plan.locator("input[name=methods][value=product]").check()
        plan.locator("#id_when").fill("In the last week")
        plan.locator("#id_where").fill("Hansen workshop")
        plan.locator("#id_evidence_en").fill("The finished piece and the mentor's notes")
        plan.locator("#id_evidence_lv").fill("Pabeigtais darbs un mentora piezīmes")
        plan.locator("#id_criteria_en").fill("Meets the workshop's quality standard")
        plan.locator("#id_criteria_lv").fill("Atbilst darbnīcas kvalitātes standartam")
        plan.locator("button[type=submit]").last.click()
        expect(ilze).to_have_url(re.compile(rf"/mobilities/{mobility.pk}/agreement/1/"))
    assert [i.methods for i in agreement.units.all()] == [["observation", "product"]] * 2

    # Sent for signature after the coordinator reviews it.
    ilze.goto(f"{base}/mobilities/{mobility.pk}/agreement/1/send/")
    ilze.locator("form[method=post]:has(input[name=seen_hash]) button[type=submit]").click()
    expect(ilze).to_have_url(re.compile(rf"/mobilities/{mobility.pk}/agreement/1/"))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OUT
    envelope = agreement.envelope
    assert envelope is not None
    slots = {slot.party: slot for slot in envelope.signatories.all()}

    # The sending coordinator and the mentor sign.
    ilze.goto(f"{base}/signing/{envelope.pk}/sign/{slots['sending'].pk}/")
    _sign(ilze, "Cēsis")
    lars = open_as("mentor", width=390)
    lars.goto(f"{base}/signing/{envelope.pk}/sign/{slots['host'].pk}/")
    _sign(lars, "Aalborg")

    # The learner finds the agreement on their own page, in Latvian, and signs it.
    roberts = open_as("learner", language="lv", width=390)
    roberts.goto(f"{base}/my/")
    expect(roberts).to_have_url(f"{base}/my/{mobility.pk}/")
    roberts.screenshot(path=SCREENSHOTS / "learner-page-lv.png", full_page=True)
    roberts.locator(f'a[href="/signing/{envelope.pk}/sign/{slots["learner"].pk}/"]').first.click()
    _sign(roberts, "Cēsis")

    envelope.refresh_from_db()
    mobility.refresh_from_db()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    assert mobility.status == MobilityStatus.AGREED
    ilze.goto(f"{base}/mobilities/{mobility.pk}/")
    expect(ilze.locator("main")).to_contain_text(str(MobilityStatus.AGREED.label))

    # The PDF, in Latvian, carries the three signatures with the content hash.
    response = roberts.request.get(f"{base}/mobilities/{mobility.pk}/agreement/1/pdf/?lang=lv")
    assert response.status == 200
    text = pdf_text(response.body())
    for person in (cast.coordinator, cast.mentor, cast.learner):
        assert person.get_full_name() in text
    assert text.replace(" ", "").count(envelope.content_hash) >= 3
    assert "Pabeigtais darbs un mentora piezīmes" in text
