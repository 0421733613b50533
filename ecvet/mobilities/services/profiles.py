"""The learner profile the sending side sends to the host (slide 8), and the host's
proposals in return."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ecvet.accounts import scoping
from ecvet.audit.services import audit_record
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted
from ecvet.mobilities import selectors
from ecvet.mobilities.models import LearnerProfile, ProfileStatus
from ecvet.multilingual.text import clean_map

PROFILE_FIELDS = ("knowledge", "skills", "competence", "social")


def _locked(profile: LearnerProfile, revision: int | None) -> LearnerProfile:
    locked = (
        LearnerProfile.objects.select_for_update(of=("self",))
        .select_related("mobility__learner", "mobility__host_institution")
        .get(pk=profile.pk)
    )
    if revision is not None and revision != locked.revision:
        raise ConcurrentUpdate()
    return locked


@transaction.atomic
def profile_update(
    *, actor: Any, profile: LearnerProfile, revision: int | None, **fields: Any
) -> LearnerProfile:
    """The sending school's staff describe the trainee (the host reads the changes on the
    profile page; it is told when the profile is sent)."""
    profile = _locked(profile, revision)
    learner = profile.mobility.learner
    staff = scoping.institution_ids(actor, selectors.STAFF_ROLES)
    if not (scoping.is_platform_admin(actor) or learner.school_id in staff):
        raise NotPermitted(_("The sending school's staff write the learner profile."))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown profile fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(profile, name, clean_map(value))
    profile.revision = F("revision") + 1
    profile.save()
    profile.refresh_from_db()
    audit_record(
        actor=actor,
        action="profile.updated",
        target=profile.mobility,
        changes={name: [None, "…"] for name in fields},
    )
    return profile


@transaction.atomic
def profile_send(*, actor: Any, profile: LearnerProfile) -> LearnerProfile:
    """Send the profile to the host: its coordinators and the mentor are told."""
    from ecvet.notifications.services import notify
    from ecvet.partnerships.selectors import managers_of

    profile = _locked(profile, None)
    mobility = profile.mobility
    if not selectors.mobility_can_manage(user=actor, mobility=mobility):
        raise NotPermitted(_("Only the sending school's coordinators send the profile."))
    if not any(getattr(profile, name) for name in PROFILE_FIELDS):
        raise DomainError(_("Write the profile before sending it."))
    LearnerProfile.objects.filter(pk=profile.pk).update(
        status=ProfileStatus.SENT, sent_at=timezone.now()
    )
    profile.refresh_from_db()
    audit_record(actor=actor, action="profile.sent", target=mobility, to_state=ProfileStatus.SENT)
    hosts = {pk for pk in (mobility.host_institution_id, mobility.host_company_id) if pk}
    from django.urls import reverse

    notify(
        recipients=[*managers_of(hosts), mobility.mentor],
        kind="profile.sent",
        url=reverse("profile_edit", args=[mobility.pk]),
        params={"learner": mobility.learner.full_name},
        actor=actor,
    )
    return profile


@transaction.atomic
def profile_answer(*, actor: Any, profile: LearnerProfile, proposals: str) -> LearnerProfile:
    """The host proposes new, different or additional things the trainee could learn."""
    from django.urls import reverse

    from ecvet.notifications.services import notify

    profile = _locked(profile, None)
    mobility = profile.mobility
    hosts = {mobility.host_institution_id, mobility.host_company_id} - {None}
    if not (
        scoping.is_platform_admin(actor)
        or hosts & scoping.institution_ids(actor, selectors.STAFF_ROLES)
        or mobility.mentor_id == actor.pk
    ):
        raise NotPermitted(_("The host answers the learner profile."))
    if profile.status == ProfileStatus.DRAFT:
        raise DomainError(_("The sending school has not sent the profile yet."))
    proposals = proposals.strip()
    if not proposals:
        raise ValidationError({"proposals": _("Write the host's proposals first.")})
    LearnerProfile.objects.filter(pk=profile.pk).update(
        status=ProfileStatus.ANSWERED,
        host_proposals=proposals,
        answered_by=actor,
        answered_at=timezone.now(),
    )
    profile.refresh_from_db()
    audit_record(
        actor=actor,
        action="profile.answered",
        target=mobility,
        to_state=ProfileStatus.ANSWERED,
        changes={"host_proposals": [None, proposals[:200]]},
    )
    notify(
        recipients=[mobility.created_by],
        kind="profile.answered",
        url=reverse("profile_edit", args=[mobility.pk]),
        params={"learner": mobility.learner.full_name},
        actor=actor,
    )
    return profile
