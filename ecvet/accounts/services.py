from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ecvet.accounts import scoping
from ecvet.accounts.models import (
    MANAGER_ROLES,
    ApiToken,
    Invitation,
    InvitationStatus,
    Membership,
    Role,
    User,
)
from ecvet.accounts.selectors import invitation_institutions
from ecvet.accounts.tokens import digest, new_secret
from ecvet.audit.services import audit_record
from ecvet.errors import ConcurrentUpdate, DomainError, NotPermitted, TransitionNotAllowed
from ecvet.institutions.models import Institution

#: The only moves an invitation makes; expiry is read from the date, not stored.
INVITATION_TRANSITIONS: dict[str, set[str]] = {
    InvitationStatus.PENDING: {InvitationStatus.ACCEPTED, InvitationStatus.REVOKED},
    InvitationStatus.ACCEPTED: set(),
    InvitationStatus.REVOKED: set(),
}


# --- Memberships ---


@transaction.atomic
def membership_create(*, actor: Any, user: User, institution: Institution, role: str) -> Membership:
    """Give ``user`` a role in ``institution``. ``actor`` None means the system (a command)."""
    membership, created = Membership.objects.get_or_create(
        user=user, institution=institution, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action="membership.created",
            target=institution,
            changes={
                "memberships": [None, f"{user.display_name} · {membership.get_role_display()}"]
            },
        )
    scoping.forget(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    if not invitation_institutions(user=actor).filter(pk=membership.institution_id).exists():
        raise NotPermitted(_("You cannot change who belongs to this institution."))
    if membership.user_id == actor.pk and membership.role in MANAGER_ROLES:
        raise DomainError(_("You cannot remove your own managing role; ask another coordinator."))
    audit_record(
        actor=actor,
        action="membership.removed",
        target=membership.institution,
        changes={
            "memberships": [
                f"{membership.user.display_name} · {membership.get_role_display()}",
                None,
            ]
        },
    )
    membership.delete()
    scoping.forget(membership.user)


# --- Invitations ---


def invitable_roles(*, actor: Any, institution: Institution | None = None) -> list[str]:
    """Coordinators invite every role but administrator; administrators invite every role."""
    if scoping.is_platform_admin(actor) or any(
        m.role == Role.ADMINISTRATOR and (institution is None or m.institution_id == institution.pk)
        for m in scoping.memberships(actor)
    ):
        return list(Role.values)
    return [role for role in Role.values if role != Role.ADMINISTRATOR]


@transaction.atomic
def invitation_send(
    *, actor: Any, email: str, institution: Institution, role: str
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link (after commit). Returns it and the link."""
    email = email.strip()
    if not invitation_institutions(user=actor).filter(pk=institution.pk).exists():
        raise NotPermitted(_("You cannot invite people to %(name)s.") % {"name": institution})
    if role not in invitable_roles(actor=actor, institution=institution):
        raise NotPermitted(_("You cannot give the role “%(role)s”.") % {"role": Role(role).label})
    if Membership.objects.filter(
        user__email__iexact=email, institution=institution, role=role
    ).exists():
        raise DomainError(
            _("%(email)s already has this role in this institution.") % {"email": email}
        )
    if Invitation.objects.filter(
        email__iexact=email,
        institution=institution,
        role=role,
        status=InvitationStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).exists():
        raise DomainError(
            _("%(email)s already has a pending invitation for this role.") % {"email": email}
        )
    secret = new_secret("inv")
    invitation = Invitation.objects.create(
        email=email,
        institution=institution,
        role=role,
        invited_by=actor,
        token_hash=digest(secret),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit_record(
        actor=actor,
        action="invitation.sent",
        target=institution,
        changes={"invitations": [None, f"{email} · {invitation.get_role_display()}"]},
    )
    link = settings.SITE_URL + reverse("invitation_accept", args=[secret])
    language = translation.get_language()
    transaction.on_commit(lambda: _mail_invitation(invitation, link, language))
    return invitation, link


def _mail_invitation(invitation: Invitation, link: str, language: str | None) -> None:
    with translation.override(language):
        context = {"invitation": invitation, "link": link, "site_name": settings.SITE_NAME}
        subject = _("Invitation to %(institution)s in %(site)s") % {
            "institution": invitation.institution,
            "site": settings.SITE_NAME,
        }
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_get_open(*, secret: str) -> Invitation:
    """The pending, unexpired invitation for a link, or a DomainError that says what is wrong."""
    invitation = (
        Invitation.objects.select_related("institution", "invited_by")
        .filter(token_hash=digest(secret))
        .first()
    )
    if invitation is None:
        raise DomainError(
            _("This invitation link is not valid. Ask your coordinator for a new one.")
        )
    status = invitation.shown_status
    if status == InvitationStatus.ACCEPTED:
        raise DomainError(_("This invitation has already been accepted. Log in to continue."))
    if status == InvitationStatus.REVOKED:
        raise DomainError(_("This invitation was withdrawn. Ask your coordinator for a new one."))
    if status == InvitationStatus.EXPIRED:
        raise DomainError(_("This invitation has expired. Ask your coordinator for a new one."))
    return invitation


def _invitation_move(invitation: Invitation, wanted: str, **fields: Any) -> str:
    """Guard and conditional update shared by every invitation transition; returns the old
    status. The caller records the event."""
    if wanted not in INVITATION_TRANSITIONS[invitation.status]:
        raise TransitionNotAllowed(
            current=invitation.get_status_display(), wanted=str(InvitationStatus(wanted).label)
        )
    closed_at = timezone.now()
    updated = Invitation.objects.filter(pk=invitation.pk, status=invitation.status).update(
        status=wanted, closed_at=closed_at, **fields
    )
    if updated == 0:
        raise ConcurrentUpdate()
    from_state = invitation.status
    invitation.status = wanted
    invitation.closed_at = closed_at
    for name, value in fields.items():
        setattr(invitation, name, value)
    return from_state


@transaction.atomic
def invitation_accept(
    *,
    secret: str,
    user: User | None = None,
    username: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> Membership:
    """Accept an invitation as the signed-in ``user``, or as a new account made from the rest."""
    invitation = invitation_get_open(secret=secret)
    if user is None:
        user = user_create(
            username=username,
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            password=password,
        )
    elif user.email.lower() != invitation.email.lower():
        raise NotPermitted(
            _("This invitation was sent to %(email)s; log in with that account to accept it.")
            % {"email": invitation.email}
        )
    from_state = _invitation_move(invitation, InvitationStatus.ACCEPTED, accepted_by=user)
    audit_record(
        actor=user,
        action="invitation.accepted",
        target=invitation.institution,
        from_state=from_state,
        to_state=invitation.status,
        changes={"invitations": [f"{invitation.email} · {invitation.get_role_display()}", None]},
    )
    return membership_create(
        actor=user, user=user, institution=invitation.institution, role=invitation.role
    )


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> None:
    if not invitation_institutions(user=actor).filter(pk=invitation.institution_id).exists():
        raise NotPermitted(_("You cannot withdraw this invitation."))
    from_state = _invitation_move(invitation, InvitationStatus.REVOKED)
    audit_record(
        actor=actor,
        action="invitation.revoked",
        target=invitation.institution,
        from_state=from_state,
        to_state=invitation.status,
        changes={"invitations": [f"{invitation.email} · {invitation.get_role_display()}", None]},
    )


# --- Users ---


def user_create(
    *, username: str, email: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent sign-up took the name between check and save
        raise DomainError(_("This username or e-mail address is already taken.")) from exc
    return user


# --- API tokens ---

#: How often last_used_at is written: often enough to show, rarely enough not to write per call.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the returned secret is shown once and never stored."""
    secret = new_secret("ecv")
    token = ApiToken.objects.create(
        user=user, name=name.strip() or _("API token"), prefix=secret[:8], token_hash=digest(secret)
    )
    audit_record(actor=user, action="api_token.created", target=token)
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise NotPermitted(_("You can revoke only your own tokens."))
    if token.revoked_at is not None:
        raise DomainError(_("This token was already revoked."))
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated == 0:
        raise ConcurrentUpdate()
    audit_record(actor=actor, action="api_token.revoked", target=token)


def api_token_authenticate(secret: str) -> User | None:
    """The active user a token belongs to, or None for an unknown, revoked or inactive one."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
