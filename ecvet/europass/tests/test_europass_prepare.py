"""Preparing the Europass Mobility: once the mobility is recognised, by the sending school,
numbered LV-<year>-<sequence>, its content filled from what the system holds; a not-achieved
outcome is never among the skills acquired but in its own honest line."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from ecvet.audit.models import AuditEvent
from ecvet.errors import DomainError, NotPermitted
from ecvet.europass.content import europass_content
from ecvet.europass.models import EuropassMobility, EuropassSequence
from ecvet.europass.services.europass import (
    europass_can_prepare,
    europass_prepare,
    next_europass_number,
)
from ecvet.europass.tests.setup import ACTIVITIES, NOT_ACHIEVED_REASON, recognised_mobility
from ecvet.recognition.models import RecognitionKind
from ecvet.recognition.tests.setup import completed_mobility

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^LV-\d{4}-\d{6}$")


def test_the_sending_coordinator_prepares_a_numbered_draft(cast: Any) -> None:
    setup = recognised_mobility(cast)

    document = europass_prepare(actor=cast.coordinator, mobility=setup.mobility)

    assert NUMBER.match(document.europass_number)
    year = timezone.localdate().year
    assert document.europass_number == f"LV-{year}-000001"
    assert (document.number, document.status) == (1, "draft")
    assert document.programme == "Erasmus+"  # the partnership carries an Erasmus+ file code
    assert document.objective["en"] == "Exchange carpentry learners every spring."
    assert AuditEvent.objects.filter(action="europass.prepared").count() == 1


def test_numbers_follow_each_other_per_country_and_year(cast: Any) -> None:
    assert next_europass_number(country="lv", year=2026) == "LV-2026-000001"
    assert next_europass_number(country="LV", year=2026) == "LV-2026-000002"
    assert next_europass_number(country="LV", year=2027) == "LV-2027-000001"
    assert next_europass_number(country="EE", year=2026) == "EE-2026-000001"
    assert EuropassSequence.objects.get(country="LV", year=2026).last == 2


def test_a_mobility_gets_one_europass_mobility(cast: Any) -> None:
    setup = recognised_mobility(cast)
    first = europass_prepare(actor=cast.coordinator, mobility=setup.mobility)

    with pytest.raises(DomainError, match=first.europass_number):
        europass_prepare(actor=cast.coordinator, mobility=setup.mobility)
    assert EuropassMobility.objects.count() == 1


@pytest.mark.parametrize("who", ["host", "mentor", "learner", "teacher", "outsider"])
def test_only_the_sending_schools_coordinators_prepare_it(cast: Any, who: str) -> None:
    setup = recognised_mobility(cast)
    with pytest.raises(NotPermitted):
        europass_prepare(actor=getattr(cast, who), mobility=setup.mobility)
    assert not EuropassMobility.objects.exists()


def test_a_mobility_not_yet_recognised_has_no_europass_mobility(cast: Any) -> None:
    mobility = completed_mobility(cast)
    assert not europass_can_prepare(mobility=mobility)
    with pytest.raises(DomainError, match="once the mobility is recognised"):
        europass_prepare(actor=cast.coordinator, mobility=mobility)
    assert not EuropassSequence.objects.exists()


def test_a_mobility_recognised_without_europass_mobility_has_none(cast: Any) -> None:
    setup = recognised_mobility(cast, kinds=[RecognitionKind.PLACEMENT_CREDIT])
    assert not europass_can_prepare(mobility=setup.mobility)
    with pytest.raises(DomainError, match="recognised as Europass Mobility"):
        europass_prepare(actor=cast.coordinator, mobility=setup.mobility)


def test_the_content_holds_every_field_the_system_holds(cast: Any) -> None:
    setup = recognised_mobility(cast)
    document = europass_prepare(actor=cast.coordinator, mobility=setup.mobility)
    content = europass_content(document)

    assert content["holder"] == {
        "surname": "Bērziņš",
        "first_names": "Roberts",
        "address": "Rīgas iela 5, Cēsis",
        "date_of_birth": "2005-03-14",
        "nationality": "LV",
    }
    issuer = content["issuer"]
    assert issuer["organisation"] == "Sending VET school"
    assert issuer["europass_number"] == document.europass_number
    assert issuer["issue_date"] == timezone.localdate().isoformat()
    sending = content["sending"]
    assert sending["name"] == "Sending VET school"
    assert sending["type"] == "vet_school"
    assert sending["address"] == ["Valmieras iela 2", "LV-4101 Cēsis"]
    assert (sending["phone"], sending["email"]) == ("+371 6410 0000", "info@vat.lv")
    assert sending["reference"] == {
        "name": "Ilze Kalniņa",
        "role": "coordinator",
        "position": "International coordinator",
        "phone": "+371 2600 0001",
        "email": "ilze@vat.lv",
    }
    host = content["host"]
    assert (host["name"], host["type"], host["country"]) == ("Host carpentry", "company", "DK")
    assert host["reference"] == {
        "name": "Lars Hansen",
        "role": "mentor",
        "position": "Master carpenter",
        "phone": "+45 2000 0002",
        "email": cast.mentor.email,
    }
    assert content["host_institution"]["name"] == "Host VET school"
    experience = content["experience"]
    assert experience["objective"]["en"] == "Exchange carpentry learners every spring."
    assert experience["initiative"] == {
        "title": "Carpenters LV-DK",
        "file_code": "2026-1-LV01-KA122-VET-000123456",
    }
    assert experience["programme"] == "Erasmus+"
    assert experience["qualification"]["title"]
    assert (experience["start"], experience["end"]) == ("2027-04-05", "2027-04-30")
    assert experience["learning_agreement"]["code"]
    skills = content["skills"]
    assert skills["activities"] == ACTIVITIES
    assert skills["units"] == [setup.unit.version.name]


def test_job_related_skills_are_the_recognised_outcomes_and_partly_ones_say_so(
    cast: Any,
) -> None:
    setup = recognised_mobility(cast)
    document = europass_prepare(actor=cast.coordinator, mobility=setup.mobility)
    (group,) = europass_content(document)["skills"]["job_related"]

    listed = {o["text"]["en"]: o["partly"] for o in group["outcomes"]}
    assert group["unit"] == setup.unit.version.name
    assert listed == {
        **{o.text["en"]: False for o in setup.achieved},
        "Fits a door frame": True,
    }


def test_a_not_achieved_outcome_is_never_a_skill_acquired_but_carried_honestly(
    cast: Any,
) -> None:
    setup = recognised_mobility(cast)
    document = europass_prepare(actor=cast.coordinator, mobility=setup.mobility)
    skills = europass_content(document)["skills"]

    acquired = [o["text"]["en"] for g in skills["job_related"] for o in g["outcomes"]]
    assert "Works safely" not in acquired
    assert skills["not_achieved"] == [
        {
            "unit": setup.unit.version.name,
            "category": "competence",
            "text": setup.not_achieved.text,
            "result": "not_achieved",
            "reason": NOT_ACHIEVED_REASON,
        }
    ]


def test_the_coordinators_texts_are_in_the_content(cast: Any) -> None:
    from ecvet.europass.services.europass import europass_update

    setup = recognised_mobility(cast)
    document = europass_prepare(actor=cast.coordinator, mobility=setup.mobility)
    document = europass_update(
        actor=cast.coordinator,
        document=document,
        revision=document.revision,
        language_skills={"en": " Danish, basic ", "lv": "Dāņu valoda, pamati"},
        digital_skills={"en": "Reads CNC drawings"},
        programme=" Erasmus+ KA1 ",
    )
    skills = europass_content(document)["skills"]
    assert skills["language"] == {"en": "Danish, basic", "lv": "Dāņu valoda, pamati"}
    assert skills["digital"] == {"en": "Reads CNC drawings"}
    document.refresh_from_db()
    assert (document.programme, document.revision) == ("Erasmus+ KA1", 2)
