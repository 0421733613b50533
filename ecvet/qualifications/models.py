from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ecvet.multilingual.text import pick


class Qualification(models.Model):
    """A qualification described by learning outcomes, e.g. *Carpenter* (EQF 3).

    Texts are language maps (``{"en": ..., "lv": ...}``) so partners read them side by side.
    """

    title = models.JSONField(_("title"), default=dict)
    country = CountryField(_("country"))
    awarding_body = models.CharField(_("awarding body"), max_length=255, blank=True)
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"), validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    national_level = models.CharField(
        _("national (NQF) level"), max_length=40, blank=True, help_text=_("e.g. LKI 3")
    )
    esco_occupation_uri = models.URLField(_("ESCO occupation"), max_length=200, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    owner = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("owner institution"),
        on_delete=models.PROTECT,
        related_name="qualifications",
    )
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
