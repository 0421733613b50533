from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ecvet.accounts import scoping
from ecvet.accounts.models import MANAGER_ROLES, Role, User
from ecvet.accounts.selectors import institution_coordinators, invitation_list
from ecvet.institutions.models import Institution
from ecvet.institutions.selectors import institution_list
from ecvet.notifications.selectors import notification_list
from ecvet.partnerships.selectors import partnership_list, units_awaiting_agreement
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
