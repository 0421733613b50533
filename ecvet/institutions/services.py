from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecvet.accounts import scoping
from ecvet.audit.services import audit_record, changed_fields, snapshot
from ecvet.errors import NotPermitted
from ecvet.institutions.models import ContactPerson, Institution
from ecvet.institutions.selectors import (
    institution_can_change,
    institutions_user_can_register_for,
)

INSTITUTION_FIELDS = (
    "name",
    "kind",
    "country",
    "street_address",
    "postal_code",
    "city",
    "website",
    "email",
    "phone",
    "erasmus_oid",
    "pic",
    "national_registration_number",
    "legal_identifier",
)
CONTACT_FIELDS = ("name", "position", "email", "phone", "is_authorised_signatory")


def _validated(instance: Any) -> Any:
    # Services are the only writers, so they guard the model's own rules (identifier formats,
    # uniqueness) for every caller — the API as much as the forms.
    instance.full_clean()
    return instance


def _save_changes(
    instance: Any, fields: dict[str, Any], editable: tuple[str, ...]
) -> dict[str, list[Any]]:
    """Set ``fields`` (only those in ``editable``), validate, save; return what changed."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise ValueError(f"{', '.join(sorted(unknown))} cannot be changed here")
    before = snapshot(instance, editable)
    for name, value in fields.items():
        setattr(instance, name, value)
    _validated(instance).save()
    return changed_fields(before, snapshot(instance, editable))


@transaction.atomic
def institution_create(
    *, actor: Any, registered_by: Institution | None, **fields: Any
) -> Institution:
    may_register = institutions_user_can_register_for(user=actor)
    if registered_by is None:
        if not scoping.is_platform_admin(actor):
            raise NotPermitted(_("Choose the institution you register this one for."))
    elif not may_register.filter(pk=registered_by.pk).exists():
        raise NotPermitted(
            _("You cannot register institutions for %(name)s.") % {"name": registered_by}
        )
    institution = _validated(Institution(registered_by=registered_by, **fields))
    institution.save()
    audit_record(
        actor=actor,
        action="institution.created",
        target=institution,
        changes=changed_fields({}, snapshot(institution, INSTITUTION_FIELDS)),
    )
    return institution


@transaction.atomic
def institution_update(*, actor: Any, institution: Institution, **fields: Any) -> Institution:
    if not institution_can_change(user=actor, institution=institution):
        raise NotPermitted(_("You cannot change this institution's details."))
    changes = _save_changes(institution, fields, INSTITUTION_FIELDS)
    if changes:
        audit_record(actor=actor, action="institution.updated", target=institution, changes=changes)
    return institution


def _guard_contacts(actor: Any, institution: Institution) -> None:
    if not institution_can_change(user=actor, institution=institution):
        raise NotPermitted(_("You cannot change this institution's contact persons."))


@transaction.atomic
def contact_create(*, actor: Any, institution: Institution, **fields: Any) -> ContactPerson:
    _guard_contacts(actor, institution)
    contact = _validated(ContactPerson(institution=institution, **fields))
    contact.save()
    audit_record(
        actor=actor,
        action="contact.created",
        target=institution,
        changes={"contacts": [None, _describe(snapshot(contact, CONTACT_FIELDS))]},
    )
    return contact


@transaction.atomic
def contact_update(*, actor: Any, contact: ContactPerson, **fields: Any) -> ContactPerson:
    _guard_contacts(actor, contact.institution)
    before = snapshot(contact, CONTACT_FIELDS)
    if _save_changes(contact, fields, CONTACT_FIELDS):
        audit_record(
            actor=actor,
            action="contact.updated",
            target=contact.institution,
            changes={"contacts": [_describe(before), _describe(snapshot(contact, CONTACT_FIELDS))]},
        )
    return contact


@transaction.atomic
def contact_delete(*, actor: Any, contact: ContactPerson) -> None:
    _guard_contacts(actor, contact.institution)
    audit_record(
        actor=actor,
        action="contact.deleted",
        target=contact.institution,
        changes={"contacts": [_describe(snapshot(contact, CONTACT_FIELDS)), None]},
    )
    contact.delete()


def _describe(values: dict[str, Any]) -> str:
    parts = [values["name"], values["position"], values["email"], values["phone"]]
    text = ", ".join(str(part) for part in parts if part)
    return f"{text} ({_('authorised to sign')})" if values["is_authorised_signatory"] else text
