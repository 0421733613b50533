from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ecvet.accounts import scoping
from ecvet.accounts.models import MANAGER_ROLES, Role, User
from ecvet.accounts.selectors import institution_coordinators, invitation_list
from ecvet.institutions.models import Institution
from ecvet.institutions.selectors import institution_list
from ecvet.mobilities.models import LearningAgreement, Mobility, MobilityStatus
from ecvet.mobilities.selectors import mobilities_of_learner_user, mobility_list
from ecvet.notifications.selectors import notification_list
from ecvet.partnerships.selectors import partnership_list, units_awaiting_agreement
from ecvet.signing.models import Signatory
from ecvet.signing.selectors import waiting_signatures

#: The order in which a person holding several roles sees their sections.
ROLE_ORDER = [Role.ADMINISTRATOR, Role.COORDINATOR, Role.TEACHER, Role.MENTOR, Role.LEARNER]
#: How many items of each list the home page shows (each list links to its full page).
SHOWN = 10


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page per role: each role the user holds adds its own section."""
    user = request.user
    memberships = scoping.memberships(user)
    held = {m.role for m in memberships}
    roles = [role for role in ROLE_ORDER if role in held]
    context: dict[str, Any] = {
        "roles": roles,
        "memberships": memberships,
        "platform_admin": scoping.is_platform_admin(user),
        # What asks for the person's attention comes first, whatever their roles: what they
        # are to do (sign, agree), then what is new.
        "signatures": list(waiting_signatures(user=user)[:SHOWN]),
        "news": notification_list(user=user, unread=True)[:5],
    }
    if held & MANAGER_ROLES or context["platform_admin"]:
        managed = scoping.managed_institution_ids(user)
        context["units_to_agree"] = list(units_awaiting_agreement(managed)[:SHOWN])
        context["show_partnerships"] = True
        context["partnerships"] = partnership_list(user=user)[:SHOWN]
        context["pending_invitations"] = invitation_list(user=user, pending_only=True)[:5]
        context["partners"] = (
            institution_list(user=user).filter(registered_by__in=managed).exclude(pk__in=managed)
        )[:10]
        context["mobility_counts"] = mobility_counts(user)
    if Role.LEARNER in held:
        context["my_mobilities"] = my_mobilities(user, context["signatures"])
    if Role.MENTOR in held:
        context["placed"] = list(
            mobility_list(user=user)
            .filter(mentor_id=user.pk)
            .exclude(status=MobilityStatus.CANCELLED)[:SHOWN]
        )
    if held - MANAGER_ROLES:
        # Learners, teachers and mentors: who to turn to, at their own institution or at the
        # institution that registered it (a host company is often registered by the school).
        own = scoping.institution_ids(user)
        registrars: set[int] = set(
            Institution.objects.filter(pk__in=own, registered_by__isnull=False).values_list(
                "registered_by_id", flat=True
            )
        )
        context["coordinators"] = institution_coordinators(institution_ids=own | registrars)
    if context["platform_admin"]:
        context["counts"] = {
            "users": User.objects.filter(is_active=True).count(),
            "institutions": Institution.objects.count(),
        }
    return render(request, "home/home.html", context)


def mobility_counts(user: Any) -> list[tuple[MobilityStatus, int]]:
    """How many of the mobilities the user sees are in each status, in the life's order
    (statuses with none left out); one query."""
    counted = dict(
        mobility_list(user=user)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return [(status, counted[status]) for status in MobilityStatus if counted.get(status)]


def my_mobilities(user: Any, signatures: list[Signatory]) -> list[Mobility]:
    """The learner's own mobilities, each with ``to_sign``: the signatures of its Learning
    Agreement still asked of them (from ``signatures``, the home page's list)."""
    mobilities = list(mobilities_of_learner_user(user=user)[:SHOWN])
    asked = {
        signatory.envelope.document_id: signatory
        for signatory in signatures
        if signatory.envelope.kind == "learning_agreement"
    }
    of_mobility: dict[int, list[Signatory]] = {}
    if asked:
        for pk, mobility_id in LearningAgreement.objects.filter(pk__in=asked).values_list(
            "pk", "mobility_id"
        ):
            of_mobility.setdefault(mobility_id, []).append(asked[pk])
    for mobility in mobilities:
        mobility.to_sign = of_mobility.get(mobility.pk, [])  # type: ignore[attr-defined]
    return mobilities
