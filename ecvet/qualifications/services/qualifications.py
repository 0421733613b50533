from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecvet.accounts import scoping
from ecvet.audit.services import audit_record, changed_fields, snapshot
from ecvet.errors import NotPermitted
from ecvet.institutions.models import Institution
from ecvet.qualifications.models import Qualification
from ecvet.qualifications.selectors import author_institution_ids, qualification_can_change
from ecvet.qualifications.services.texts import TEXT_FIELDS, apply_texts

QUALIFICATION_FIELDS = (
    "title",
    "country",
    "awarding_body",
    "eqf_level",
    "national_level",
    "esco_occupation_uri",
    "description",
    "shared",
    "source_language",
)


def _ensure_author(actor: Any, owner: Institution) -> None:
    if not scoping.is_platform_admin(actor) and owner.pk not in author_institution_ids(actor):
        raise NotPermitted(_("You cannot write qualifications for %(name)s.") % {"name": owner})


@transaction.atomic
def qualification_create(*, actor: Any, owner: Institution, **fields: Any) -> Qualification:
    _ensure_author(actor, owner)
    qualification = Qualification(owner=owner)
    source = fields.get("source_language") or qualification.source_language
    apply_texts(qualification, fields, TEXT_FIELDS[Qualification], source=source)
    for name, value in fields.items():
        if name not in QUALIFICATION_FIELDS:
            raise ValueError(f"{name} cannot be set here")
        setattr(qualification, name, value)
    qualification.full_clean()
    qualification.save()
    audit_record(
        actor=actor,
        action="qualification.created",
        target=qualification,
        changes=changed_fields({}, snapshot(qualification, QUALIFICATION_FIELDS)),
    )
    return qualification


@transaction.atomic
def qualification_update(
    *, actor: Any, qualification: Qualification, **fields: Any
) -> Qualification:
    if not qualification_can_change(user=actor, qualification=qualification):
        raise NotPermitted(_("You cannot change this qualification."))
    before = snapshot(qualification, QUALIFICATION_FIELDS)
    source = fields.get("source_language") or qualification.source_language
    apply_texts(
        qualification,
        fields,
        TEXT_FIELDS[Qualification],
        source=source,
        source_changed=source != qualification.source_language,
    )
    for name, value in fields.items():
        if name not in QUALIFICATION_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(qualification, name, value)
    qualification.full_clean()
    qualification.save()
    changes = changed_fields(before, snapshot(qualification, QUALIFICATION_FIELDS))
    if changes:
        audit_record(
            actor=actor, action="qualification.updated", target=qualification, changes=changes
        )
    return qualification
