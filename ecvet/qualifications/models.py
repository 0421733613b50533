from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ecvet.multilingual.text import LanguageMapEncoder, pick


class Qualification(models.Model):
    """A qualification described by learning outcomes, e.g. *Carpenter* (EQF 3).

    Texts are language maps (``{"en": ..., "lv": ...}``) so partners read them side by side.
    """

    title = models.JSONField(_("title"), default=dict, encoder=LanguageMapEncoder)
    country = CountryField(_("country"))
    awarding_body = models.CharField(_("awarding body"), max_length=255, blank=True)
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    national_level = models.CharField(
        _("national (NQF) level"), max_length=40, blank=True, help_text=_("e.g. LKI 3")
    )
    esco_occupation_uri = models.URLField(_("ESCO occupation"), max_length=200, blank=True)
    description = models.JSONField(
        _("description"), default=dict, blank=True, encoder=LanguageMapEncoder
    )
    owner = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("owner institution"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
    shared = models.BooleanField(
        _("shared in the library"),
        default=False,
        help_text=_("Staff of other institutions can find and use this qualification."),
    )
    translation_basis = models.JSONField(default=dict, blank=True, editable=False)
    source_language = models.CharField(_("written in"), max_length=10, default="en")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eqf_level__gte=1, eqf_level__lte=8), name="qualification_eqf_1_8"
            )
        ]

    def __str__(self) -> str:
        return pick(self.title)


class EscoKind(models.TextChoices):
    SKILL = "skill", _("Skill / knowledge")
    OCCUPATION = "occupation", _("Occupation")
    ISCO_GROUP = "isco", _("ISCO group")


class EscoConcept(models.Model):
    """An ESCO skill or occupation, imported from the official CSV or the URI + text files.

    ``labels`` holds the preferred label and its alternatives, ``definition`` the rest; the
    suggestion index weighs words in the labels higher.
    """

    uri = models.URLField(_("ESCO URI"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EscoKind.choices, db_index=True)
    preferred_label = models.CharField(_("preferred label"), max_length=255)
    labels = models.TextField(_("labels"), blank=True)
    definition = models.TextField(_("definition"), blank=True)
    skill_type = models.CharField(_("skill type"), max_length=40, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("ESCO concept")
        verbose_name_plural = _("ESCO concepts")
        ordering = ["preferred_label", "pk"]

    def __str__(self) -> str:
        return self.preferred_label


class UnitKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
    LIFE_SKILLS = "life_skills", _("Life skills / key competence")


class WorkloadUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")


class Category(models.TextChoices):
    """The three columns of the seed's unit template."""

    KNOWLEDGE = "knowledge", _("Knowledge")
    SKILLS = "skills", _("Skills")
    COMPETENCE = "competence", _("Competence")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")


# A draft is agreed once; an agreed version never changes again (a change is a new draft).
VERSION_TRANSITIONS: dict[str, set[str]] = {
    VersionStatus.DRAFT: {VersionStatus.AGREED},
    VersionStatus.AGREED: set(),
}


class Unit(models.Model):
    """A unit of learning outcomes: the identity that its versions share.

    What a unit says lives in its versions (:class:`UnitVersion`); agreeing a version freezes
    it, and the next edit starts a new draft. ``copied_from`` is the provenance of a copy.
    """

    owner = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("owner institution"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    shared = models.BooleanField(
        _("shared in the library"),
        default=False,
        help_text=_("Staff of other institutions can find, read and copy this unit."),
    )
    copied_from = models.ForeignKey(
        "UnitVersion",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The newest version, kept by the services so that a list needs no subquery.
    latest = models.OneToOneField(
        "UnitVersion",
        verbose_name=_("latest version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit of learning outcomes")
        verbose_name_plural = _("units of learning outcomes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.latest) if self.latest_id else f"#{self.pk}"

    @property
    def latest_version(self) -> UnitVersion:
        """``latest``, which the services set whenever they create a version."""
        if self.latest is None:
            raise UnitVersion.DoesNotExist(f"unit {self.pk} has no version")
        return self.latest


class UnitVersion(models.Model):
    """One version of a unit, with every field of the seed's unit template.

    Texts are language maps. ``translation_basis`` remembers, per text field and language,
    a fingerprint of the source-language text the translation was made from, so a
    translation older than its source is marked (see ``ecvet.multilingual.text``).
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    name = models.JSONField(_("name of the unit"), default=dict)
    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_versions",
    )
    qualification_reference = models.JSONField(
        _("reference to the qualification"),
        default=dict,
        blank=True,
        help_text=_(
            'Free text for a supplementary unit, e.g. "Global mind set and trade opportunity".'
        ),
    )
    area_of_work = models.JSONField(_("area of work tasks"), default=dict, blank=True)
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    national_level = models.CharField(_("national level"), max_length=40, blank=True)
    description = models.JSONField(_("description of the unit"), default=dict, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.PROFESSIONAL
    )
    workload = models.DecimalField(
        _("expected workload"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    workload_unit = models.CharField(
        _("workload in"), max_length=5, choices=WorkloadUnit.choices, default=WorkloadUnit.HOURS
    )
    ecvet_points = models.DecimalField(
        _("ECVET points"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    assessment_method = models.JSONField(_("assessment method"), default=dict, blank=True)
    source_language = models.CharField(_("written in"), max_length=10, default="en")
    translation_basis = models.JSONField(default=dict, blank=True, editable=False)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agreed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("unit version")
        verbose_name_plural = _("unit versions")
        ordering = ["unit", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="unit_version_number_unique"),
            models.CheckConstraint(
                condition=models.Q(eqf_level__isnull=True)
                | models.Q(eqf_level__gte=1, eqf_level__lte=8),
                name="unit_version_eqf_1_8",
            ),
        ]

    def __str__(self) -> str:
        return pick(self.name)

    @property
    def is_agreed(self) -> bool:
        return self.status == VersionStatus.AGREED

    def columns(self) -> dict[str, list[LearningOutcome]]:
        """The rows of each column, Knowledge → Skills → Competence, in position order.

        Reads ``outcomes.all()``, so a prefetch (``selectors.version_with_outcomes``) serves
        it without a query. Every reader of the three columns — page, editor, PDF, API,
        export, diff and checks — groups the rows through here.
        """
        columns: dict[str, list[LearningOutcome]] = {c.value: [] for c in Category}
        for row in sorted(self.outcomes.all(), key=lambda row: row.position):
            columns[row.category].append(row)
        return columns

    def reference_text(self, language: str | None = None) -> str:
        """What the template's "Reference to the qualification" cell shows."""
        if self.qualification_id:
            return pick(self.qualification.title, language)  # type: ignore[union-attr]
        return pick(self.qualification_reference, language)


class LearningOutcome(models.Model):
    """A row in one of a version's three columns: an outcome, or a topic heading.

    A heading (``is_heading``) groups the outcomes below it, up to the next heading, as the
    seed groups knowledge under *Wooden materials*. Keeping both in one ordered list makes
    reordering, pasting and comparing versions one simple operation.
    """

    version = models.ForeignKey(UnitVersion, on_delete=models.CASCADE, related_name="outcomes")
    category = models.CharField(_("column"), max_length=12, choices=Category.choices)
    position = models.PositiveIntegerField(_("position"))
    is_heading = models.BooleanField(_("topic heading"), default=False)
    text = models.JSONField(_("text"), default=dict)
    criteria = models.JSONField(_("assessment criteria"), default=dict, blank=True)
    translation_basis = models.JSONField(default=dict, blank=True, editable=False)
    esco_skills: models.ManyToManyField[EscoConcept, OutcomeSkill] = models.ManyToManyField(
        EscoConcept, through="OutcomeSkill", related_name="outcomes", blank=True
    )

    class Meta:
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")
        ordering = ["version", "category", "position"]
        indexes = [models.Index(fields=["version", "category", "position"])]

    def __str__(self) -> str:
        return pick(self.text)


class OutcomeSkill(models.Model):
    """An ESCO skill a person accepted as matching a learning outcome."""

    outcome = models.ForeignKey(LearningOutcome, on_delete=models.CASCADE)
    skill = models.ForeignKey(EscoConcept, on_delete=models.PROTECT)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ESCO skill link")
        verbose_name_plural = _("ESCO skill links")
        constraints = [
            models.UniqueConstraint(fields=["outcome", "skill"], name="outcome_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.outcome} → {self.skill}"


class UnitSearchDocument(models.Model):
    """The searchable text of a unit's latest version, in all its languages.

    Kept by the services (``search.unit_reindex``) in the same transaction as the write.
    The database's own full-text index is built over this table (see ``search.py``).
    """

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="search_document")
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("unit search document")
        verbose_name_plural = _("unit search documents")

    def __str__(self) -> str:
        return self.title
