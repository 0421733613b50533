"""The Learning Agreement as a document: its canonical content arranged for reading in one
language, or in two side by side, on the screen and in the PDF.

Everything the agreement states comes from the canonical content
(``content.agreement_content``): a draft shows the mobility as it is now, a version sent for
signature shows exactly what was frozen and signed. Labels (gender, countries, methods,
payers, enclosures) are resolved here in the document's language, so the page and the PDF
read the same whatever the reader's interface language.

The document is a list of :class:`Part` (its sections, one per unit where a section repeats
per unit). Each part has one :class:`Cell` per language shown: one for "en" or "lv", two for
"both", so the same text in each language sits on the same row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django_countries.fields import Country

from ecvet.documents.pdf import render_pdf
from ecvet.mobilities.content import agreement_content
from ecvet.mobilities.models import (
    AssessmentMethod,
    Enclosure,
    Gender,
    LearningAgreement,
    Payer,
)
from ecvet.multilingual.text import content_languages, pick
from ecvet.qualifications.models import Category, WorkloadUnit
from ecvet.signing.models import Envelope
from ecvet.signing.printing import print_context

#: ``?lang=both``: every content language side by side.
BOTH = "both"

PDF_TEMPLATE = "mobilities/pdf/agreement.html"


def reading_languages(language: str) -> list[str]:
    """The languages a document in ``language`` is shown in, side by side."""
    return content_languages() if language == BOTH else [language]


@dataclass(frozen=True)
class Organisation:
    name: str
    country_name: str
    address: list[str]
    email: str
    phone: str
    erasmus_oid: str
    contact_name: str
    contact_email: str


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str = ""


@dataclass(frozen=True)
class LearnerFacts:
    name: str
    date_of_birth: date | None
    gender: str
    nationality: str
    email: str
    phone: str
    address: str
    minor: bool


@dataclass(frozen=True)
class Outcome:
    text: str
    heading: bool
    criteria: str


@dataclass(frozen=True)
class OutcomeColumn:
    """One of the three columns, Knowledge, Skills or Competence."""

    category: str
    label: str
    rows: list[Outcome]


@dataclass(frozen=True)
class AssessmentPlan:
    assessor_name: str
    assessor_email: str
    assessor_institution: str
    methods: list[str]
    when: str
    where: str
    evidence: str
    criteria: str


@dataclass(frozen=True)
class UnitPart:
    number: int
    unit_id: int | None
    name: str
    version: Any
    qualification: str
    eqf_level: Any
    ecvet_points: str
    workload: str
    all_outcomes: bool
    columns: list[OutcomeColumn]
    assessment: AssessmentPlan

    @property
    def has_outcomes(self) -> bool:
        return any(column.rows for column in self.columns)


@dataclass
class AgreementDocument:
    """What the Learning Agreement says, in one language."""

    language: str
    title: str
    version: int
    amends: int | None
    amendment_reason: str
    partnership_title: str
    sending: Organisation | None
    host: Organisation | None
    host_company: Organisation | None
    intermediary: Organisation | None
    mentor: Person | None
    learner: LearnerFacts
    guardian: Person | None
    start: date | None
    end: date | None
    weeks: Any
    town: str
    country_name: str
    qualification_title: str
    #: The title in the other languages, where it reads differently ("also called").
    qualification_other_titles: list[str]
    eqf_level: Any
    national_level: str
    qualification_country: str
    progress: str
    enclosures: list[str]
    units: list[UnitPart]
    learning_activities: str
    documentation: str
    validation_recognition: str
    grant_eur: str
    travel: str
    accommodation: str
    insurance: str
    financial_notes: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_amendment(self) -> bool:
        return self.amends is not None

    @property
    def has_financial_terms(self) -> bool:
        return any(
            (self.grant_eur, self.travel, self.accommodation, self.insurance, self.financial_notes)
        )


def _country_name(code: str | None) -> str:
    return str(Country(code).name) if code else ""


def _label(choices: Any, value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _workload(text: str | None) -> str:
    """``"40 hours"`` (as stored, language-neutral) → ``"40 stundas"`` in the document."""
    if not text:
        return ""
    amount, _sep, unit = text.partition(" ")
    return f"{amount} {_label(WorkloadUnit, unit)}".strip()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _organisation(data: dict[str, Any] | None) -> Organisation | None:
    if not data:
        return None
    contact = data.get("contact") or {}
    return Organisation(
        name=data.get("name") or "",
        country_name=_country_name(data.get("country")),
        address=list(data.get("address") or []),
        email=data.get("email") or "",
        phone=data.get("phone") or "",
        erasmus_oid=data.get("erasmus_oid") or "",
        contact_name=contact.get("name") or "",
        contact_email=contact.get("email") or "",
    )


def _person(data: dict[str, Any] | None) -> Person | None:
    if not data or not data.get("name"):
        return None
    return Person(name=data["name"], email=data.get("email") or "", phone=data.get("phone") or "")


def _columns(outcomes: list[dict[str, Any]], language: str) -> list[OutcomeColumn]:
    """The chosen outcomes in their three columns; a topic heading stays only above outcomes
    that were chosen (a heading with nothing under it says nothing)."""
    columns = []
    for category in Category:
        rows = [
            Outcome(
                text=pick(o.get("text"), language),
                heading=bool(o.get("heading")),
                criteria=pick(o.get("criteria"), language),
            )
            for o in outcomes
            if o.get("category") == category.value
        ]
        kept: list[Outcome] = []
        for index, row in enumerate(rows):
            following = rows[index + 1] if index + 1 < len(rows) else None
            if row.heading and (following is None or following.heading):
                continue
            kept.append(row)
        columns.append(OutcomeColumn(category.value, str(category.label), kept))
    return columns


def _assessment(data: dict[str, Any], language: str) -> AssessmentPlan:
    assessor = data.get("assessor") or {}
    return AssessmentPlan(
        assessor_name=assessor.get("name") or "",
        assessor_email=assessor.get("email") or "",
        assessor_institution=assessor.get("institution") or "",
        methods=[_label(AssessmentMethod, code) for code in data.get("methods") or []],
        when=data.get("when") or "",
        where=data.get("where") or "",
        evidence=pick(data.get("evidence"), language),
        criteria=pick(data.get("criteria"), language),
    )


def _unit(number: int, data: dict[str, Any], language: str) -> UnitPart:
    return UnitPart(
        number=number,
        unit_id=data.get("unit_id"),
        name=pick(data.get("name"), language),
        version=data.get("version"),
        qualification=pick(data.get("qualification"), language),
        eqf_level=data.get("eqf_level"),
        ecvet_points=data.get("ecvet_points") or "",
        workload=_workload(data.get("workload")),
        all_outcomes=bool(data.get("all_outcomes")),
        columns=_columns(data.get("outcomes") or [], language),
        assessment=_assessment(data.get("assessment") or {}, language),
    )


def _other_titles(texts: dict[str, str] | None, shown: str) -> list[str]:
    others: list[str] = []
    for code in content_languages():
        text = (texts or {}).get(code) or ""
        if text and text != shown and text not in others:
            others.append(text)
    return others


def document_from_content(
    content: dict[str, Any], language: str, *, title: str = ""
) -> AgreementDocument:
    """The canonical content read in ``language`` (labels and country names included)."""
    with translation.override(language):
        learner = content.get("learner") or {}
        duration = content.get("duration") or {}
        place = content.get("place") or {}
        qualification = content.get("qualification") or {}
        financial = content.get("financial") or {}
        qualification_title = pick(qualification.get("title"), language)
        return AgreementDocument(
            language=language,
            title=title,
            version=content.get("version") or 1,
            amends=content.get("amends"),
            amendment_reason=content.get("amendment_reason") or "",
            partnership_title=(content.get("partnership") or {}).get("title") or "",
            sending=_organisation(content.get("sending")),
            host=_organisation(content.get("host")),
            host_company=_organisation(content.get("host_company")),
            intermediary=_organisation(content.get("intermediary")),
            mentor=_person(content.get("mentor")),
            learner=LearnerFacts(
                name=learner.get("name") or "",
                date_of_birth=_date(learner.get("date_of_birth")),
                gender=_label(Gender, learner.get("gender")),
                nationality=_country_name(learner.get("nationality")),
                email=learner.get("email") or "",
                phone=learner.get("phone") or "",
                address=learner.get("address") or "",
                minor=bool(learner.get("minor")),
            ),
            guardian=_person(content.get("guardian")),
            start=_date(duration.get("start")),
            end=_date(duration.get("end")),
            weeks=duration.get("weeks"),
            town=place.get("town") or "",
            country_name=_country_name(place.get("country")),
            qualification_title=qualification_title,
            qualification_other_titles=_other_titles(
                qualification.get("title"), qualification_title
            ),
            eqf_level=qualification.get("eqf_level"),
            national_level=qualification.get("national_level") or "",
            qualification_country=_country_name(qualification.get("country")),
            progress=content.get("progress") or "",
            enclosures=[_label(Enclosure, code) for code in content.get("enclosures") or []],
            units=[
                _unit(number, data, language)
                for number, data in enumerate(content.get("units") or [], start=1)
            ],
            learning_activities=pick(content.get("learning_activities"), language),
            documentation=pick(content.get("documentation"), language),
            validation_recognition=pick(content.get("validation_recognition"), language),
            grant_eur=financial.get("grant_eur") or "",
            travel=_label(Payer, financial.get("travel")),
            accommodation=_label(Payer, financial.get("accommodation")),
            insurance=_label(Payer, financial.get("insurance")),
            financial_notes=pick(financial.get("notes"), language),
        )


# --- the document's layout: parts, each with one cell per language ---


@dataclass(frozen=True)
class Cell:
    language: str
    doc: AgreementDocument
    unit: UnitPart | None = None


@dataclass(frozen=True)
class Part:
    """A section of the document (or one unit of a section), in each language shown."""

    name: str
    template: str
    cells: list[Cell]


_PART = "mobilities/agreement_part_{}.html"
_SECTIONS_BEFORE_UNITS = ("head", "participants", "duration", "qualification", "outcomes")
_SECTIONS_AFTER_UNITS = ("documentation", "financial")


def document_parts(docs: list[AgreementDocument]) -> list[Part]:
    """The document's parts in reading order, each with a cell for every document in
    ``docs`` (one per language shown)."""

    def part(template: str, unit_index: int | None = None) -> Part:
        cells = [
            Cell(doc.language, doc, doc.units[unit_index] if unit_index is not None else None)
            for doc in docs
        ]
        name = template if unit_index is None else f"{template}-{unit_index + 1}"
        return Part(name, _PART.format(template), cells)

    count = len(docs[0].units)
    return [
        *(part(name) for name in _SECTIONS_BEFORE_UNITS),
        *(part("unit", index) for index in range(count)),
        part("activities"),
        part("assessment"),
        *(part("assessment_unit", index) for index in range(count)),
        *(part(name) for name in _SECTIONS_AFTER_UNITS),
    ]


@dataclass
class AgreementView:
    """The document in the languages shown: ``language`` is "en", "lv" or "both"."""

    language: str
    docs: list[AgreementDocument]
    parts: list[Part]

    @property
    def side_by_side(self) -> bool:
        return len(self.docs) > 1

    @property
    def first(self) -> AgreementDocument:
        return self.docs[0]


def agreement_view(content: dict[str, Any], language: str, *, title: Any = None) -> AgreementView:
    """The content read in ``language`` ("both": every content language side by side)."""
    docs = [
        document_from_content(content, code, title=pick(title, code) if title else "")
        for code in reading_languages(language)
    ]
    return AgreementView(language, docs, document_parts(docs))


def agreement_document(agreement: LearningAgreement, language: str) -> AgreementView:
    """The document of a version: frozen content once sent, the mobility now if a draft."""
    return agreement_view(agreement_content(agreement), language)


def _render_language(language: str) -> str:
    """The language the PDF's frame (footer, metadata) is drawn in."""
    return content_languages()[0] if language == BOTH else language


def draft_pdf(agreement: LearningAgreement, language: str, *, base_url: str) -> bytes:
    """A draft's PDF, drawn live and marked on every page as not for signature."""
    view = agreement_document(agreement, language)
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context={"view": view, "draft": True, "lang": language},
        language=_render_language(language),
        base_url=base_url,
    )


def envelope_pdf(envelope: Envelope, language: str) -> bytes:
    """The PDF of what was sent for signature, with every signature and its hash, the
    verification code, the content SHA-256 and the verify link with its QR code.

    Called by ``signing.services.copy_issue`` (the "learning_agreement" kind's render_pdf),
    which stores the result: every later download of the same state is that stored file.
    ``language`` is "en", "lv" or "both" (side by side).
    """
    signing = print_context(envelope)
    envelope = signing["envelope"]
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context={
            "view": agreement_view(envelope.content, language, title=envelope.title),
            "draft": False,
            "title": pick(envelope.title, _render_language(language)),
            **signing,
            "lang": language,
        },
        language=_render_language(language),
        base_url=settings.SITE_URL + "/",
    )
