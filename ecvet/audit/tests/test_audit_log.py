from __future__ import annotations

import pytest

from ecvet.audit.models import AppendOnlyError, AuditEvent
from ecvet.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_an_event_records_who_what_which_object_and_the_states(cast):
    event = audit_record(
        actor=cast.coordinator,
        action="institution.updated",
        target=cast.sending,
        from_state="draft",
        to_state="agreed",
        changes={"city": ["Cēsis", "Rīga"]},
    )
    stored = AuditEvent.objects.for_target(cast.sending).get()
    assert stored == event
    assert stored.actor == cast.coordinator
    assert stored.actor_name.endswith("(coordinator)")
    assert stored.target_label == "Sending VET school"
    assert (stored.from_state, stored.to_state) == ("draft", "agreed")


def test_recorded_events_can_be_neither_changed_nor_deleted(cast):
    event = audit_record(actor=cast.coordinator, action="x", target=cast.sending)
    event.action = "y"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="y")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == "x"


def test_the_system_acting_alone_is_recorded_without_a_person(cast):
    event = audit_record(actor=None, action="institution.created", target=cast.sending)
    assert event.actor is None
    assert event.actor_name == ""


def test_the_admin_shows_the_log_read_only(cast, login):
    audit_record(actor=cast.coordinator, action="institution.created", target=cast.sending)
    client = login(cast.admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    event = AuditEvent.objects.get()
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.count() == 1


def test_non_staff_users_are_kept_out_of_the_admin(cast, login):
    for user in (cast.outsider, cast.coordinator, cast.learner):
        response = login(user).get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
