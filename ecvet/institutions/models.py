from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

erasmus_oid_validator = RegexValidator(
    r"^E\d{8}$", _("An Erasmus+ OID is the letter E followed by 8 digits, e.g. E10012345.")
)
pic_validator = RegexValidator(r"^\d{9}$", _("A PIC is 9 digits, e.g. 949876543."))
legal_identifier_validator = RegexValidator(
    r"^([A-Z]{3}[A-Z]{2}-\S+|[A-Z]{2}:\S+)$",
    _(
        "Write the identifier as in an electronic seal: a 3-letter type, the country code, a "
        "hyphen and the number, e.g. NTRLV-40003245752 or VATLV-40003245752."
    ),
)


class InstitutionKind(models.TextChoices):
    VET_SCHOOL = "vet_school", _("VET school")
    COMPANY = "company", _("Company (employer / host company)")
    INTERMEDIARY = "intermediary", _("Intermediary body")


class Institution(models.Model):
    """A VET school, a company or an intermediary body.

    One institution can be sending in one mobility and hosting in another, so the role is
    never stored here; it belongs to the partnership.
    """

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    country = CountryField(_("country"))
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    erasmus_oid = models.CharField(
        _("Erasmus+ OID"),
        max_length=9,
        blank=True,
        validators=[erasmus_oid_validator],
        help_text=_("Organisation ID in the Erasmus+ registration system, e.g. E10012345."),
    )
    pic = models.CharField(
        _("PIC"),
        max_length=9,
        blank=True,
        validators=[pic_validator],
        help_text=_("Participant Identification Code, 9 digits."),
    )
    national_registration_number = models.CharField(
        _("national registration number"), max_length=50, blank=True
    )
    legal_identifier = models.CharField(
        _("legal identifier"),
        max_length=80,
        blank=True,
        validators=[legal_identifier_validator],
        help_text=_(
            "The identifier that digital credentials name the issuer by (the organisation "
            "identifier of its electronic seal), e.g. NTRLV-40003245752."
        ),
    )
    registered_by = models.ForeignKey(
        "self",
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_institutions",
        help_text=_("The institution whose coordinator entered this one into the system."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["erasmus_oid"],
                condition=~Q(erasmus_oid=""),
                name="institution_unique_erasmus_oid",
                violation_error_message=_("Another institution already has this Erasmus+ OID."),
            ),
            models.UniqueConstraint(
                fields=["pic"],
                condition=~Q(pic=""),
                name="institution_unique_pic",
                violation_error_message=_("Another institution already has this PIC."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_lines(self) -> list[str]:
        city_line = " ".join(part for part in (self.postal_code, self.city) if part)
        return [line for line in (self.street_address, city_line, self.country.name) if line]


class ContactPerson(models.Model):
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_authorised_signatory = models.BooleanField(
        _("authorised to sign"),
        default=False,
        help_text=_(
            "May sign agreements such as the Memorandum of Understanding for the institution."
        ),
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["-is_authorised_signatory", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"
