"""After recognition: the Europass Mobility document of a mobility and recommendation letters
for employers (ECVET slide 13: "recognition … Europass, a recommendation to an employer").

A :class:`EuropassMobility` is prepared by the sending school once the mobility is recognised,
numbered with its Europass Mobility number (``LV-2026-000042``) when first created, and signed
by the host through the signing mechanism; a re-issue is an amendment that keeps the number.
A :class:`RecommendationLetter` is generated from the recognised outcomes and stored with its
text in every content language, so a re-print says the same.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecvet.multilingual.text import LanguageMapEncoder
from ecvet.signing.documents import SignableDocument


def _text(label: Any, help_text: Any = "") -> models.JSONField[Any]:
    return models.JSONField(
        label, default=dict, blank=True, encoder=LanguageMapEncoder, help_text=help_text
    )


class EuropassSequence(models.Model):
    """The last Europass Mobility number given by an issuing country in a year. Its row is
    locked while a number is taken, so two documents prepared at once never share one."""

    country = models.CharField(_("country"), max_length=2)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("Europass Mobility number sequence")
        verbose_name_plural = _("Europass Mobility number sequences")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="europass_sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.country}-{self.year}: {self.last}"


#: The coordinator's texts for the skill groups of section 5 and the objective of section 4.
TEXT_FIELDS = (
    "objective",
    "language_skills",
    "digital_skills",
    "organisational_skills",
    "social_skills",
    "other_skills",
)


class EuropassMobility(SignableDocument):
    """One version of a mobility's Europass Mobility document; every version of a mobility
    carries the same Europass Mobility number."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="europass_documents",
    )
    europass_number = models.CharField(
        _("Europass Mobility number"),
        max_length=20,
        db_index=True,
        help_text=_("Country of the issuer, year, sequence: e.g. LV-2026-000042."),
    )
    objective = _text(
        _("objective of the mobility experience"),
        _("Why the learner went: what the mobility was to achieve."),
    )
    programme = models.CharField(
        _("programme"),
        max_length=200,
        blank=True,
        help_text=_("The community or mobility programme involved, e.g. Erasmus+."),
    )
    language_skills = _text(_("language skills"))
    digital_skills = _text(_("digital skills"))
    organisational_skills = _text(_("organisational skills"))
    social_skills = _text(_("social skills"))
    other_skills = _text(_("other skills"))
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("Europass Mobility")
        verbose_name_plural = _("Europass Mobility documents")
        ordering = ["mobility", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "number"], name="europass_mobility_unique_version"
            ),
            # The first version owns its number; amendments repeat it.
            models.UniqueConstraint(
                fields=["europass_number"],
                condition=models.Q(amends__isnull=True),
                name="europass_mobility_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return f"Europass Mobility {self.europass_number} v{self.number}"


class RecommendationLetter(models.Model):
    """A letter for an employer, generated from the recognised outcomes; its text is frozen
    when it is made. It carries the coordinator's name and is not signed in the system."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="recommendation_letters",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    addressee_name = models.CharField(_("addressee"), max_length=200, blank=True)
    addressee_company = models.CharField(_("company"), max_length=200, blank=True)
    personal_note = _text(_("personal paragraph"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = models.CharField(_("signed by (name)"), max_length=200)
    signer_institution = models.CharField(_("institution"), max_length=255)
    issued_on = models.DateField(_("date"), default=timezone.localdate)
    content = models.JSONField(
        _("text"), encoder=LanguageMapEncoder, help_text=_("The letter as made, every language.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation letter")
        verbose_name_plural = _("recommendation letters")
        ordering = ["mobility", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility", "number"], name="recommendation_letter_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mobility.learner} · {self.number}"
