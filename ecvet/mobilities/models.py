"""Before mobility: learners, their mobilities, the learner profile for the host, and the
three-party Learning Agreement with an assessment plan for each unit.

A :class:`Learner` is a person of the sending school (with or without an account). A
:class:`Mobility` places the learner with a host for a period under a partnership; its status
moves only through ``services.mobilities`` (planned → agreed → ongoing → completed → validated
→ recognised, or cancelled with a reason). Each :class:`LearningAgreement` version is drafted
from the mobility, the learner and the partnership's agreed units, frozen when it is sent for
signature (the signing app), and changed afterwards only by an amendment signed again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from ecvet.multilingual.text import LanguageMapEncoder
from ecvet.signing.documents import DOCUMENT_TRANSITIONS, DocumentStatus, SignableDocument

#: Under this age a learner is a minor: a parent or guardian signs the agreement too.
AGE_OF_MAJORITY = 18


def _text(label: Any, help_text: Any = "") -> models.JSONField[Any]:
    return models.JSONField(
        label, default=dict, blank=True, encoder=LanguageMapEncoder, help_text=help_text
    )


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class Learner(models.Model):
    """A VET learner of the sending school: who goes abroad."""

    school = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="learners",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learner",
        help_text=_("The learner's own account: they see their mobility and sign online."),
    )
    first_name = models.CharField(_("first name(s)"), max_length=150)
    last_name = models.CharField(_("surname"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    nationality = CountryField(_("nationality"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    qualification = models.ForeignKey(
        "qualifications.Qualification",
        verbose_name=_("qualification pursued"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learners",
    )
    group = models.CharField(
        _("class or group"), max_length=60, blank=True, help_text=_("e.g. GA-2")
    )
    progress = models.TextField(
        _("progress so far"),
        blank=True,
        help_text=_("e.g. 2nd of 4 years; the units already achieved."),
    )
    guardian_name = models.CharField(_("parent or guardian"), max_length=200, blank=True)
    guardian_email = models.EmailField(_("guardian's e-mail"), blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=40, blank=True)
    guardian_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("guardian's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wards",
        help_text=_("When the guardian signs online; otherwise they sign on paper."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "last_name", "first_name", "date_of_birth"],
                name="learner_unique_person",
                violation_error_message=_(
                    "This school already has a learner with this name and date of birth."
                ),
            )
        ]
        indexes = [models.Index(fields=["school", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_minor_on(self, day: date | None = None) -> bool:
        return self.age_on(day or timezone.localdate()) < AGE_OF_MAJORITY


class MobilityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AGREED = "agreed", _("Agreed")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    VALIDATED = "validated", _("Validated")
    RECOGNISED = "recognised", _("Recognised")
    CANCELLED = "cancelled", _("Cancelled")


#: The mobility's life. "Agreed" is reached when the Learning Agreement is signed by every
#: party; "validated" and "recognised" by the sending school after the mobility.
MOBILITY_TRANSITIONS: dict[str, frozenset[str]] = {
    MobilityStatus.PLANNED: frozenset({MobilityStatus.AGREED, MobilityStatus.CANCELLED}),
    MobilityStatus.AGREED: frozenset({MobilityStatus.ONGOING, MobilityStatus.CANCELLED}),
    MobilityStatus.ONGOING: frozenset({MobilityStatus.COMPLETED, MobilityStatus.CANCELLED}),
    MobilityStatus.COMPLETED: frozenset({MobilityStatus.VALIDATED}),
    MobilityStatus.VALIDATED: frozenset({MobilityStatus.RECOGNISED}),
    MobilityStatus.RECOGNISED: frozenset(),
    MobilityStatus.CANCELLED: frozenset(),
}


class Payer(models.TextChoices):
    SENDING = "sending", _("Sending institution")
    HOST = "host", _("Host")
    LEARNER = "learner", _("Learner")
    PROGRAMME = "programme", _("Programme grant (e.g. Erasmus+)")
    NOT_NEEDED = "not_needed", _("Not needed")


class MobilityGroup(models.Model):
    """Mobilities created together from one template: same partnership, period and units."""

    name = models.CharField(_("name"), max_length=200)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="mobility_groups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group of mobilities")
        verbose_name_plural = _("groups of mobilities")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Mobility(models.Model):
    """One learner's stay abroad: where, with whom, when, on what terms."""

    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="mobilities"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="mobilities",
    )
    group = models.ForeignKey(
        MobilityGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mobilities",
    )
    host_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("host institution"),
        on_delete=models.PROTECT,
        related_name="hosted_mobilities",
    )
    host_company = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("host company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placed_mobilities",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentored_mobilities",
        help_text=_("The person at the host who guides and assesses the learner."),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Town, e.g. Aalborg")
    )
    country = CountryField(_("country"), blank=True)
    grant_amount = models.DecimalField(
        _("grant (EUR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    travel_paid_by = models.CharField(
        _("travel paid by"), max_length=20, choices=Payer.choices, blank=True
    )
    accommodation_paid_by = models.CharField(
        _("accommodation paid by"), max_length=20, choices=Payer.choices, blank=True
    )
    insurance_paid_by = models.CharField(
        _("insurance paid by"), max_length=20, choices=Payer.choices, blank=True
    )
    financial_notes = _text(_("other financial terms"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MobilityStatus.choices,
        default=MobilityStatus.PLANNED,
        db_index=True,
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")),
                name="mobility_start_before_end",
                violation_error_message=_("The mobility cannot end before it starts."),
            )
        ]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> float:
        """The period in weeks (rounded to a tenth), as the Learning Agreement states it."""
        return round(self.days / 7, 1)


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the host")
    ANSWERED = "answered", _("Answered by the host")


class LearnerProfile(models.Model):
    """What the sending side tells the host about the trainee (slide 8), and the host's
    proposals in return. Drafted from the partnership's trainee profile template."""

    mobility = models.OneToOneField(
        Mobility, verbose_name=_("mobility"), on_delete=models.CASCADE, related_name="profile"
    )
    knowledge = _text(_("professional knowledge"))
    skills = _text(_("professional skills"))
    competence = _text(_("competences"))
    social = _text(_("social skills"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    host_proposals = models.TextField(
        _("the host's proposals"),
        blank=True,
        help_text=_("New, different or additional things the trainee could learn at the host."),
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
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self) -> str:
        return f"{self.mobility.learner}"


#: A Learning Agreement's versions live as every signed document's do
#: (see ``ecvet.signing.documents``).
AgreementStatus = DocumentStatus
AGREEMENT_TRANSITIONS = DOCUMENT_TRANSITIONS


class Enclosure(models.TextChoices):
    CERTIFICATE_SUPPLEMENT = "certificate_supplement", _("Europass Certificate Supplement")
    CV = "cv", _("Europass CV")
    MOBILITY = "mobility", _("Europass Mobility")
    LANGUAGE_PASSPORT = "language_passport", _("Europass Language Passport")
    UNITS_ACQUIRED = "units_acquired", _("Units already acquired")


class LearningAgreement(SignableDocument):
    """One version of a mobility's Learning Agreement: the original (1) or an amendment."""

    mobility = models.ForeignKey(
        Mobility,
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    learning_activities = _text(
        _("learning activities"),
        _("Tasks, workplace and courses through which the outcomes are achieved."),
    )
    documentation = _text(
        _("documentation"), _("How the results are documented, e.g. a transcript of records.")
    )
    validation_recognition = _text(
        _("validation and recognition"),
        _("Who validates and recognises the outcomes at the sending school, and how."),
    )
    enclosures = models.JSONField(_("enclosures"), default=list, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("Learning Agreement")
        verbose_name_plural = _("Learning Agreements")
        ordering = ["mobility", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "number"], name="learning_agreement_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"LA {self.mobility.learner} v{self.number}"


class AssessmentMethod(models.TextChoices):
    OBSERVATION = "observation", _("Observation at work")
    PRACTICAL_TASK = "practical_task", _("Practical task")
    INTERVIEW = "interview", _("Interview")
    PRODUCT = "product", _("Product or piece of work")
    TEST = "test", _("Test")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", pgettext_lazy("assessment method", "Other")


class AgreementUnit(models.Model):
    """A unit the learner will achieve, with its assessment plan: who assesses, how, when,
    where, on what evidence and criteria."""

    agreement = models.ForeignKey(
        LearningAgreement,
        verbose_name=_("Learning Agreement"),
        on_delete=models.CASCADE,
        related_name="units",
    )
    partnership_unit = models.ForeignKey(
        "partnerships.PartnershipUnit",
        verbose_name=_("unit in the partnership"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.ForeignKey(
        "qualifications.UnitVersion",
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcomes = models.ManyToManyField(
        "qualifications.LearningOutcome",
        verbose_name=_("chosen outcomes"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty to achieve every outcome of the unit."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments_planned",
        help_text=_("A named mentor or teacher."),
    )
    methods = models.JSONField(_("how"), default=list, blank=True)
    when = models.CharField(
        _("when"), max_length=200, blank=True, help_text=_("e.g. in the last week, on 12 May")
    )
    where = models.CharField(_("where"), max_length=200, blank=True)
    evidence = _text(_("evidence"), _("What the assessor looks at or keeps."))
    criteria = _text(_("criteria"), _("What counts as achieved."))

    class Meta:
        verbose_name = _("unit in the Learning Agreement")
        verbose_name_plural = _("units in the Learning Agreement")
        ordering = ["agreement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partnership_unit"],
                name="agreement_unit_once",
                violation_error_message=_("This unit is already in the agreement."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.agreement}"
