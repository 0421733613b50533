"""The Europass Mobility and the recommendation letter as documents: the canonical content
read in one language (labels, country names and dates resolved there), for the page and the
PDF alike, and the PDFs themselves.

The Europass Mobility follows the sections of the template of Decision 2241/2004/EC: 1 the
holder (the photo is not held, so not shown), 2 the issuer with the Europass Mobility number,
3 the sending and host partners, 4 the mobility experience, 5 the skills and competences
acquired, then the host's signature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries.fields import Country

from ecvet.assessments.models import OutcomeResult
from ecvet.documents.pdf import render_pdf
from ecvet.europass.content import europass_content
from ecvet.europass.models import EuropassMobility, RecommendationLetter
from ecvet.institutions.models import InstitutionKind
from ecvet.multilingual.text import pick
from ecvet.qualifications.models import Category
from ecvet.signing.models import Envelope
from ecvet.signing.printing import print_context

PDF_TEMPLATE = "europass/pdf/europass.html"
LETTER_PDF_TEMPLATE = "europass/pdf/letter.html"


@dataclass(frozen=True)
class Reference:
    name: str
    title: str
    phone: str
    email: str


@dataclass(frozen=True)
class Partner:
    name: str
    type: str
    address: list[str]
    country_name: str
    phone: str
    email: str
    website: str
    reference: Reference | None


@dataclass(frozen=True)
class Acquired:
    text: str
    category: str
    partly: bool


@dataclass(frozen=True)
class UnitSkills:
    unit: str
    outcomes: list[Acquired]


@dataclass(frozen=True)
class NotAchieved:
    unit: str
    text: str
    result: str
    reason: str


@dataclass
class EuropassDocument:
    """What the Europass Mobility says, in one language."""

    language: str
    version: int
    amends: int | None
    amendment_reason: str
    surname: str
    first_names: str
    address: str
    date_of_birth: date | None
    nationality: str
    issuer: str
    issuer_country: str
    europass_number: str
    issue_date: date | None
    sending: Partner | None
    host: Partner | None
    host_institution: Partner | None
    objective: str
    initiative: str
    programme: str
    qualification: str
    eqf_level: Any
    national_level: str
    start: date | None
    end: date | None
    weeks: Any
    place: str
    country_name: str
    agreement_code: str
    activities: str
    units: list[str]
    job_related: list[UnitSkills]
    not_achieved: list[NotAchieved]
    other_skills: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_amendment(self) -> bool:
        return self.amends is not None


def _country(code: str | None) -> str:
    return str(Country(code).name) if code else ""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _label(choices: Any, value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _role(code: str) -> str:
    roles = {"mentor": _("Mentor"), "coordinator": _("Coordinator")}
    return str(roles.get(code, code))


def _reference(data: dict[str, Any] | None) -> Reference | None:
    if not data or not data.get("name"):
        return None
    return Reference(
        name=data["name"],
        title=data.get("position") or _role(data.get("role") or ""),
        phone=data.get("phone") or "",
        email=data.get("email") or "",
    )


def _partner(data: dict[str, Any] | None) -> Partner | None:
    if not data:
        return None
    return Partner(
        name=data.get("name") or "",
        type=_label(InstitutionKind, data.get("type")),
        address=list(data.get("address") or []),
        country_name=_country(data.get("country")),
        phone=data.get("phone") or "",
        email=data.get("email") or "",
        website=data.get("website") or "",
        reference=_reference(data.get("reference")),
    )


def _acquired(data: dict[str, Any], language: str) -> Acquired:
    return Acquired(
        text=pick(data.get("text"), language),
        category=_label(Category, data.get("category")),
        partly=bool(data.get("partly")),
    )


def _not_achieved(data: dict[str, Any], language: str) -> NotAchieved:
    return NotAchieved(
        unit=pick(data.get("unit"), language),
        text=pick(data.get("text"), language),
        result=_label(OutcomeResult, data.get("result")),
        reason=data.get("reason") or "",
    )


def _initiative(data: dict[str, Any]) -> str:
    title = data.get("title") or ""
    code = data.get("file_code") or ""
    return f"{title} ({code})" if title and code else title or code


def document_from_content(content: dict[str, Any], language: str) -> EuropassDocument:
    """The canonical content read in ``language``."""
    with translation.override(language):
        holder = content.get("holder") or {}
        issuer = content.get("issuer") or {}
        experience = content.get("experience") or {}
        qualification = experience.get("qualification") or {}
        skills = content.get("skills") or {}
        agreement = experience.get("learning_agreement") or {}
        groups = (
            ("language", _("Language skills")),
            ("digital", _("Digital skills")),
            ("organisational", _("Organisational skills")),
            ("social", _("Social skills")),
            ("other", _("Other skills")),
        )
        return EuropassDocument(
            language=language,
            version=content.get("version") or 1,
            amends=content.get("amends"),
            amendment_reason=content.get("amendment_reason") or "",
            surname=holder.get("surname") or "",
            first_names=holder.get("first_names") or "",
            address=holder.get("address") or "",
            date_of_birth=_date(holder.get("date_of_birth")),
            nationality=_country(holder.get("nationality")),
            issuer=issuer.get("organisation") or "",
            issuer_country=_country(issuer.get("country")),
            europass_number=issuer.get("europass_number") or "",
            issue_date=_date(issuer.get("issue_date")),
            sending=_partner(content.get("sending")),
            host=_partner(content.get("host")),
            host_institution=_partner(content.get("host_institution")),
            objective=pick(experience.get("objective"), language),
            initiative=_initiative(experience.get("initiative") or {}),
            programme=experience.get("programme") or "",
            qualification=pick(qualification.get("title"), language),
            eqf_level=qualification.get("eqf_level"),
            national_level=qualification.get("national_level") or "",
            start=_date(experience.get("start")),
            end=_date(experience.get("end")),
            weeks=experience.get("weeks"),
            place=experience.get("place") or "",
            country_name=_country(experience.get("country")),
            agreement_code=agreement.get("code") or "",
            activities=pick(skills.get("activities"), language),
            units=[pick(name, language) for name in skills.get("units") or []],
            job_related=[
                UnitSkills(
                    unit=pick(group.get("unit"), language),
                    outcomes=[_acquired(o, language) for o in group.get("outcomes") or []],
                )
                for group in skills.get("job_related") or []
            ],
            not_achieved=[_not_achieved(o, language) for o in skills.get("not_achieved") or []],
            other_skills=[(str(label), pick(skills.get(key), language)) for key, label in groups],
        )


def europass_document(document: EuropassMobility, language: str) -> EuropassDocument:
    return document_from_content(europass_content(document), language)


def draft_pdf(document: EuropassMobility, language: str, *, base_url: str) -> bytes:
    """A draft's PDF, drawn live and marked on every page as a draft."""
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context={"doc": europass_document(document, language), "draft": True},
        language=language,
        base_url=base_url,
    )


def envelope_pdf(envelope: Envelope, language: str) -> bytes:
    """The PDF of what was sent to the host for signature, with its signature, the
    verification code, the content SHA-256 and the verify link (``copy_issue`` stores it)."""
    signing = print_context(envelope)
    envelope = signing["envelope"]
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context={
            "doc": document_from_content(envelope.content, language),
            "draft": False,
            **signing,
        },
        language=language,
        base_url=settings.SITE_URL + "/",
    )


# --- the recommendation letter ---


def letter_text(letter: RecommendationLetter, language: str) -> dict[str, Any]:
    """The letter's stored text in ``language`` (the first language it was written in when
    ``language`` was added to the site later)."""
    texts: dict[str, Any] = letter.content.get("texts") or {}
    if language in texts:
        return dict(texts[language])
    return dict(next(iter(texts.values()), {}))


def letter_pdf(letter: RecommendationLetter, language: str, *, base_url: str) -> bytes:
    return render_pdf(
        template_name=LETTER_PDF_TEMPLATE,
        context={"letter": letter, "text": letter_text(letter, language)},
        language=language,
        base_url=base_url,
    )
