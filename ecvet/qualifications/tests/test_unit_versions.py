from __future__ import annotations

import pytest

from ecvet.errors import ConcurrentUpdate, NotPermitted, TransitionNotAllowed
from ecvet.qualifications.models import Category, LearningOutcome, UnitVersion, VersionStatus
from ecvet.qualifications.services.outcomes import outcome_add, outcome_update
from ecvet.qualifications.services.units import (
    VersionAgreed,
    unit_copy,
    unit_create,
    unit_draft,
    unit_version_agree,
    unit_version_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(cast):
    unit = unit_create(
        actor=cast.teacher,
        owner=cast.sending,
        name={"en": "Repair or Rebuilding jobs", "lv": "Remonta vai pārbūves darbi"},
    )
    outcome_add(
        actor=cast.teacher,
        version=unit.latest_version,
        category=Category.SKILLS,
        text={"en": "Work accurately with tasks of joinery."},
    )
    return unit


def test_a_new_unit_starts_as_draft_version_1(unit):
    assert unit.latest_version.number == 1
    assert unit.latest_version.status == VersionStatus.DRAFT


def test_editing_an_agreed_unit_creates_a_new_draft_and_leaves_the_agreed_text(cast, unit):
    agreed = unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    draft = unit_draft(actor=cast.teacher, unit=unit)
    draft = unit_version_update(
        actor=cast.teacher,
        version=draft,
        name={"en": "Repair jobs", "lv": "Remonta vai pārbūves darbi"},
    )
    changed = draft.outcomes.get()
    outcome_update(actor=cast.teacher, outcome=changed, text={"en": "Work with joinery."})

    agreed.refresh_from_db()
    assert (draft.number, agreed.number) == (2, 1)
    assert agreed.status == VersionStatus.AGREED
    assert agreed.name == {"en": "Repair or Rebuilding jobs", "lv": "Remonta vai pārbūves darbi"}
    assert [o.text for o in agreed.outcomes.all()] == [
        {"en": "Work accurately with tasks of joinery."}
    ]
    assert draft.name["en"] == "Repair jobs"
    unit.refresh_from_db()
    assert unit.latest == draft


def test_an_agreed_version_refuses_every_direct_edit(cast, unit):
    agreed = unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    with pytest.raises(VersionAgreed):
        unit_version_update(actor=cast.teacher, version=agreed, name={"en": "x"})
    with pytest.raises(VersionAgreed):
        outcome_add(actor=cast.teacher, version=agreed, category="skills", text={"en": "x"})
    with pytest.raises(VersionAgreed):
        outcome_update(actor=cast.teacher, outcome=agreed.outcomes.get(), text={"en": "x"})


def test_a_second_draft_is_not_started_while_one_is_open(cast, unit):
    assert unit_draft(actor=cast.teacher, unit=unit) == unit.latest


def test_agreeing_twice_is_refused_with_the_current_state(cast, unit):
    unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    with pytest.raises(TransitionNotAllowed):
        unit_version_agree(actor=cast.coordinator, version=unit.latest_version)


def test_a_lost_concurrent_agreement_is_a_conflict(cast, unit):
    stale = UnitVersion.objects.get(pk=unit.latest_version.pk)
    unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    with pytest.raises(ConcurrentUpdate):
        unit_version_agree(actor=cast.coordinator, version=stale)


def test_only_the_owners_coordinator_agrees(cast, unit):
    with pytest.raises(NotPermitted):
        unit_version_agree(actor=cast.teacher, version=unit.latest_version)
    with pytest.raises(NotPermitted):
        unit_version_agree(actor=cast.outsider, version=unit.latest_version)


def test_outsiders_and_learners_cannot_write(cast, unit):
    for person in (cast.outsider, cast.learner):
        with pytest.raises(NotPermitted):
            unit_version_update(actor=person, version=unit.latest_version, name={"en": "x"})
        with pytest.raises(NotPermitted):
            unit_create(actor=person, owner=cast.sending, name={"en": "x"})


def test_a_copy_remembers_its_source_and_is_a_fresh_draft(cast, unit):
    agreed = unit_version_agree(actor=cast.coordinator, version=unit.latest_version)
    copy = unit_copy(actor=cast.outsider, version=agreed, owner=cast.other_school)
    assert copy.copied_from == agreed
    assert copy.latest_version.status == VersionStatus.DRAFT
    assert copy.latest_version.number == 1
    assert [o.text for o in copy.latest_version.outcomes.all()] == [
        o.text for o in agreed.outcomes.all()
    ]
    assert LearningOutcome.objects.filter(version__unit=unit).count() == 1
