"""The ECVET partnership and its Memorandum of Understanding.

A :class:`Partnership` holds the facts the MoU states (partners and their roles, the
qualifications and units in scope, how assessment, documentation, validation and recognition
work, mobility lengths, validity, evaluation) once; each :class:`Memorandum` version is drafted
from them and frozen when it is sent for signature. While a version is out for signature or
signed, the facts it states cannot change; an amendment (the next version) opens them again
and is signed again by the parties.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecvet.multilingual.text import LanguageMapEncoder
from ecvet.signing.documents import DOCUMENT_TRANSITIONS, DocumentStatus, SignableDocument


class PartnerRole(models.TextChoices):
    SENDING = "sending", _("Sending institution")
    HOSTING = "hosting", _("Hosting institution")
    INTERMEDIARY = "intermediary", _("Intermediary organisation")
    HOST_COMPANY = "host_company", _("Host company")


def _text(label: Any, help_text: Any = "") -> models.JSONField[Any]:
    return models.JSONField(
        label, default=dict, blank=True, encoder=LanguageMapEncoder, help_text=help_text
    )


class Partnership(models.Model):
    """An ECVET partnership: who works together on which units, and by which rules."""

    title = models.CharField(_("name"), max_length=255)
    file_code = models.CharField(
        _("file code"),
        max_length=60,
        blank=True,
        help_text=_("Optional reference, e.g. the Erasmus+ project number."),
    )
    owner = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("coordinating institution"),
        on_delete=models.PROTECT,
        related_name="coordinated_partnerships",
    )
    objectives = _text(
        _("other objectives"),
        _("Objectives beyond the standard ones every ECVET MoU states."),
    )
    other_organisations = _text(
        _("competent bodies and other organisations covered"),
        _("E.g. the national qualification authority, or the members of a sector-wide MoU."),
    )
    qualifications = models.ManyToManyField(
        "qualifications.Qualification",
        verbose_name=_("qualifications covered"),
        blank=True,
        related_name="partnerships",
    )
    assessment = _text(_("assessment"), _("How the hosting side assesses the learners' outcomes."))
    documentation = _text(
        _("documentation"),
        _("How results are documented, e.g. a transcript of records and Europass Mobility."),
    )
    validation_recognition = _text(
        _("validation and recognition"),
        _("How the sending institution validates and recognises the outcomes achieved."),
    )
    mobility_min_weeks = models.PositiveSmallIntegerField(
        _("shortest mobility (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    mobility_max_weeks = models.PositiveSmallIntegerField(
        _("longest mobility (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    evaluation = _text(
        _("evaluation and revision"),
        _("How and when the partners review the cooperation and revise this MoU."),
    )
    # The trainee profile template (slide 8): what the sending side tells the host about a
    # trainee. Not part of the MoU; each learner's profile is drafted from it (next issue).
    profile_knowledge = _text(_("professional knowledge"))
    profile_skills = _text(_("professional skills"))
    profile_competence = _text(_("competences"))
    profile_social = _text(_("social skills"))
    revision = models.PositiveIntegerField(
        _("revision"),
        default=1,
        help_text=_("Grows with every change; a form sent with an older one is a conflict."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mobility_min_weeks__isnull=True)
                | models.Q(mobility_max_weeks__isnull=True)
                | models.Q(mobility_min_weeks__lte=models.F("mobility_max_weeks")),
                name="partnership_min_le_max_weeks",
                violation_error_message=_(
                    "The shortest mobility cannot be longer than the longest."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_until")),
                name="partnership_valid_from_le_until",
                violation_error_message=_("The MoU cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Partner(models.Model):
    """An institution in a partnership, in one role, with its responsibilities and the person
    who signs for it."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="partnerships_joined",
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    responsibilities = _text(_("responsibilities"))
    contact = models.ForeignKey(
        "institutions.ContactPerson",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signs online"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A person of this institution with an account, authorised to sign."),
    )
    signatory_name = models.CharField(
        _("signs (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the authorised person has no account: they sign on paper."),
    )
    signatory_job_title = models.CharField(
        _("signatory's position"), max_length=200, blank=True, help_text=_("e.g. Director")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["partnership", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "institution"],
                name="partner_unique_institution",
                violation_error_message=_("This institution is already a partner."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_role_display()})"

    @property
    def signs_as(self) -> str:
        """The name of the person who signs for this partner, wherever it is written."""
        if self.signatory is not None:
            return str(self.signatory.get_full_name() or self.signatory.get_username())
        if self.signatory_name:
            return self.signatory_name
        return self.contact.name if self.contact and self.contact.is_authorised_signatory else ""


class PartnershipUnit(models.Model):
    """A unit in the partnership's scope, at one version: the one partners agree on."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.CASCADE, related_name="units"
    )
    unit = models.ForeignKey(
        "qualifications.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="partnership_units",
    )
    version = models.ForeignKey(
        "qualifications.UnitVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="partnership_units",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit in the partnership")
        verbose_name_plural = _("units in the partnership")
        ordering = ["partnership", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "unit"],
                name="partnership_unit_unique",
                violation_error_message=_("This unit is already in the partnership."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.partnership}"


class UnitAgreement(models.Model):
    """One partner's "agreed" on one version of a unit in the partnership. Never changed: a
    new version needs new agreements."""

    partnership_unit = models.ForeignKey(
        PartnershipUnit,
        verbose_name=_("unit in the partnership"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    version = models.ForeignKey(
        "qualifications.UnitVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="partner_agreements",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="agreements"
    )
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("agreed"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner's agreement on a unit")
        verbose_name_plural = _("partners' agreements on units")
        ordering = ["agreed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership_unit", "version", "partner"],
                name="unit_agreement_once",
                violation_error_message=_("This partner has already agreed this version."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} agreed {self.version}"


class NoteKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    PROPOSAL = "proposal", _("Proposed outcome")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Taken into the unit")
    REJECTED = "rejected", _("Not taken")


#: A proposal is answered once.
PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    ProposalStatus.OPEN: frozenset({ProposalStatus.ACCEPTED, ProposalStatus.REJECTED}),
    ProposalStatus.ACCEPTED: frozenset(),
    ProposalStatus.REJECTED: frozenset(),
}


class UnitNote(models.Model):
    """A partner's comment on a unit version, or a proposed new or different outcome (the
    host proposing what the trainee could learn there, slide 8)."""

    partnership_unit = models.ForeignKey(
        PartnershipUnit,
        verbose_name=_("unit in the partnership"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    version = models.ForeignKey(
        "qualifications.UnitVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="partner_notes",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("for institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"))
    category = models.CharField(
        _("column"),
        max_length=20,
        blank=True,
        choices=[
            ("knowledge", _("Knowledge")),
            ("skills", _("Skills")),
            ("competence", _("Competence")),
        ],
    )
    replaces = models.ForeignKey(
        "qualifications.LearningOutcome",
        verbose_name=_("instead of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a different outcome: the one it would replace."),
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, blank=True
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note on a unit")
        verbose_name_plural = _("notes on units")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


#: The MoU's versions live as every signed document's do (see ``ecvet.signing.documents``).
MemorandumStatus = DocumentStatus
MEMORANDUM_TRANSITIONS = DOCUMENT_TRANSITIONS


class Memorandum(SignableDocument):
    """One version of the partnership's MoU: the original (1) or an amendment (2, 3, …)."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="memoranda",
    )

    class Meta:
        verbose_name = _("Memorandum of Understanding")
        verbose_name_plural = _("Memoranda of Understanding")
        ordering = ["partnership", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="memorandum_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"MoU {self.partnership} v{self.number}"
