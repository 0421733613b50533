from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    # The interface language follows the browser's switcher; this one is for what is sent or
    # made while the person is away (e-mails, documents), so it is chosen explicitly.
    language = models.CharField(
        _("language for e-mails and documents"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Empty means the site's default language."),
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # django-stubs omits it
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="user_unique_email",
                violation_error_message=_("Another account already uses this e-mail address."),
            )
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.get_username()


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    TEACHER = "teacher", _("Teacher / assessor")
    MENTOR = "mentor", _("Host mentor")
    LEARNER = "learner", _("Learner")
    ADMINISTRATOR = "administrator", _("Administrator")


#: Roles that manage an institution: edit it, invite its people, register its partners.
MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.ADMINISTRATOR})
#: Roles that write units and qualifications: teachers and employers write them together.
AUTHOR_ROLES = frozenset({Role.COORDINATOR, Role.TEACHER, Role.MENTOR, Role.ADMINISTRATOR})


class Membership(models.Model):
    """A user's role in one institution. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["institution__name", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution", "role"],
                name="membership_unique_role",
                violation_error_message=_("This person already has this role in the institution."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.institution}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class Invitation(models.Model):
    """An e-mailed link that lets a person join an institution in a role.

    Only the SHA-256 of the link's token is stored, so a database leak gives no working links.
    """

    email = models.EmailField(_("e-mail"))
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.institution} ({self.get_role_display()})"

    @property
    def shown_status(self) -> str:
        """The status a person should see: a pending invitation past its date is expired."""
        if self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return self.status

    def get_shown_status_display(self) -> str:
        return str(InvitationStatus(self.shown_status).label)


class ApiToken(models.Model):
    """A personal token for the REST API, stored as its SHA-256; shown once at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
