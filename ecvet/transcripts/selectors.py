"""Reads of the transcript of records, with who may see and who may issue it.

Whoever sees the mobility sees its transcript (``mobility_can_view``: the sending school's
staff, the host's coordinators, the mentor, the learner and a minor's guardian); everyone
else gets 404. The host issues it: the mobility's mentor and the coordinators of the host
institution or host company.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from ecvet.accounts import scoping
from ecvet.mobilities.models import Mobility
from ecvet.mobilities.selectors import STAFF_ROLES, mobility_can_view
from ecvet.transcripts.models import Transcript, TranscriptStatus


def transcripts(*, mobility: Mobility) -> QuerySet[Transcript]:
    """Every version, newest first, with its latest sending."""
    return (
        Transcript.objects.filter(mobility=mobility)
        .select_related("envelope", "created_by")
        .order_by("-number")
    )


def transcript_current(*, mobility: Mobility) -> Transcript | None:
    """The latest version: the draft being prepared, or the one out for signature or signed."""
    return transcripts(mobility=mobility).first()


def transcript_in_force(*, mobility: Mobility) -> Transcript | None:
    """The signed version in force (an amendment being prepared does not replace it yet)."""
    return transcripts(mobility=mobility).filter(status=TranscriptStatus.SIGNED).first()


def transcript_can_view(*, user: Any, transcript: Transcript) -> bool:
    return mobility_can_view(user=user, mobility=transcript.mobility)


def transcript_can_issue(*, user: Any, mobility: Mobility) -> bool:
    """The host side: the mobility's mentor and the coordinators of the host institution or
    host company (and a platform administrator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if scoping.is_platform_admin(user) or user.pk == mobility.mentor_id:
        return True
    hosts = {mobility.host_institution_id, mobility.host_company_id} - {None}
    return bool(hosts & scoping.managed_institution_ids(user))


def signer_candidates(*, mobility: Mobility) -> QuerySet[Any]:
    """Who may sign for the host: the mentor, or anyone with a role at the host institution
    or the host company."""
    from ecvet.accounts.models import User

    hosts = {mobility.host_institution_id, mobility.host_company_id} - {None}
    rule = Q(memberships__institution__in=hosts, memberships__role__in=STAFF_ROLES)
    if mobility.mentor_id is not None:
        rule |= Q(pk=mobility.mentor_id)
    return (
        User.objects.filter(is_active=True)
        .filter(rule)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def transcript_outdated(transcript: Transcript) -> bool:
    """Does the mobility now say something else than the version sent or signed (a result,
    a date, a name changed since)? Always False for a draft, which is drawn live."""
    from ecvet.signing.services import content_hash
    from ecvet.transcripts.content import draft_content

    if not transcript.is_frozen or transcript.envelope is None:
        return False
    return content_hash(draft_content(transcript)) != transcript.envelope.content_hash
