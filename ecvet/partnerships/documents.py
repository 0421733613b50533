"""The MoU as a document: its canonical content arranged for reading in one language, on the
screen and in the PDF.

Everything the document states comes from the canonical content
(``content.memorandum_content``): a draft shows the partnership as it is now, a version sent
for signature shows exactly what was frozen and signed. Labels (roles, countries, kinds) are
resolved here in the document's language, so the page and the PDF read the same whatever
the reader's interface language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy
from django_countries.fields import Country

from ecvet.documents.pdf import render_pdf
from ecvet.multilingual.text import pick
from ecvet.partnerships.content import memorandum_content
from ecvet.partnerships.models import Memorandum, PartnerRole
from ecvet.qualifications.models import UnitKind, WorkloadUnit
from ecvet.signing.models import Envelope
from ecvet.signing.printing import print_context

#: The objectives every ECVET MoU states (the 2017 Erasmus+ template's fixed text, in our
#: words); a partnership adds its own below them.
STANDARD_OBJECTIVES = (
    gettext_lazy(
        "to create the framework for the transfer of credit for learning outcomes that "
        "learners achieve during a mobility between the partners;"
    ),
    gettext_lazy(
        "to agree on the units of learning outcomes relevant to the mobility and on the "
        "conditions of mobility;"
    ),
    gettext_lazy(
        "to accept each other's status as competent institutions to design, deliver, assess, "
        "validate and recognise learning outcomes;"
    ),
    gettext_lazy(
        "to establish the conditions under which the learning outcomes achieved abroad are "
        "assessed, documented, validated and recognised;"
    ),
    gettext_lazy(
        "to set out each partner's responsibilities and how the partners evaluate and review "
        "their cooperation."
    ),
)

PDF_TEMPLATE = "partnerships/pdf/memorandum.html"


@dataclass(frozen=True)
class Contact:
    name: str
    position: str
    phone: str
    email: str


@dataclass(frozen=True)
class Organisation:
    role: str
    role_label: str
    country: str
    country_name: str
    name: str
    address: list[str]
    phone: str
    website: str
    email: str
    erasmus_oid: str
    pic: str
    contact: Contact | None
    signatory_name: str
    signatory_position: str
    responsibilities: str


@dataclass(frozen=True)
class QualificationRow:
    title: str
    eqf_level: Any
    national_level: str
    country_name: str
    awarding_body: str


@dataclass(frozen=True)
class UnitRow:
    name: str
    version: Any
    qualification: str
    eqf_level: Any
    kind: str
    workload: str
    ecvet_points: str
    owner: str


@dataclass
class MemorandumDocument:
    """What the MoU says, in one language."""

    language: str
    partnership_title: str
    file_code: str
    version: int
    amends: int | None
    amendment_reason: str
    standard_objectives: list[str]
    other_objectives: str
    organisations: list[Organisation]
    other_organisations: str
    qualifications: list[QualificationRow]
    units: list[UnitRow]
    assessment: str
    documentation: str
    validation_recognition: str
    min_weeks: int | None
    max_weeks: int | None
    evaluation: str
    valid_from: date | None
    valid_until: date | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_amendment(self) -> bool:
        return self.amends is not None


def _country_name(code: str | None) -> str:
    return str(Country(code).name) if code else ""


def _label(choices: Any, value: str | None) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _workload(text: str | None) -> str:
    """``"40 hours"`` (as stored, language-neutral) → ``"40 stundas"`` in the document."""
    if not text:
        return ""
    amount, _sep, unit = text.partition(" ")
    return f"{amount} {_label(WorkloadUnit, unit)}".strip()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _organisation(data: dict[str, Any], language: str) -> Organisation:
    contact = data.get("contact")
    signatory = data.get("signatory") or {}
    return Organisation(
        role=data["role"],
        role_label=_label(PartnerRole, data["role"]),
        country=data.get("country") or "",
        country_name=_country_name(data.get("country")),
        name=data["name"],
        address=list(data.get("address") or []),
        phone=data.get("phone") or "",
        website=data.get("website") or "",
        email=data.get("email") or "",
        erasmus_oid=data.get("erasmus_oid") or "",
        pic=data.get("pic") or "",
        contact=Contact(
            contact.get("name") or "",
            contact.get("position") or "",
            contact.get("phone") or "",
            contact.get("email") or "",
        )
        if contact
        else None,
        signatory_name=signatory.get("name") or "",
        signatory_position=signatory.get("position") or "",
        responsibilities=pick(data.get("responsibilities"), language),
    )


def document_from_content(content: dict[str, Any], language: str) -> MemorandumDocument:
    """The canonical content read in ``language`` (labels and country names included)."""
    with translation.override(language):
        weeks = content.get("mobility_weeks") or {}
        validity = content.get("validity") or {}
        return MemorandumDocument(
            language=language,
            partnership_title=content["partnership"]["title"],
            file_code=content["partnership"].get("file_code") or "",
            version=content["version"],
            amends=content.get("amends"),
            amendment_reason=content.get("amendment_reason") or "",
            standard_objectives=[str(text) for text in STANDARD_OBJECTIVES],
            other_objectives=pick(content.get("objectives"), language),
            organisations=[_organisation(o, language) for o in content["organisations"]],
            other_organisations=pick(content.get("other_organisations"), language),
            qualifications=[
                QualificationRow(
                    title=pick(q.get("title"), language),
                    eqf_level=q.get("eqf_level"),
                    national_level=q.get("national_level") or "",
                    country_name=_country_name(q.get("country")),
                    awarding_body=q.get("awarding_body") or "",
                )
                for q in content.get("qualifications", [])
            ],
            units=[
                UnitRow(
                    name=pick(u.get("name"), language),
                    version=u.get("version"),
                    qualification=pick(u.get("qualification"), language),
                    eqf_level=u.get("eqf_level"),
                    kind=_label(UnitKind, u.get("kind")),
                    workload=_workload(u.get("workload")),
                    ecvet_points=u.get("ecvet_points") or "",
                    owner=u.get("owner") or "",
                )
                for u in content.get("units", [])
            ],
            assessment=pick(content.get("assessment"), language),
            documentation=pick(content.get("documentation"), language),
            validation_recognition=pick(content.get("validation_recognition"), language),
            min_weeks=weeks.get("min"),
            max_weeks=weeks.get("max"),
            evaluation=pick(content.get("evaluation"), language),
            valid_from=_date(validity.get("from")),
            valid_until=_date(validity.get("until")),
        )


def memorandum_document(memorandum: Memorandum, language: str) -> MemorandumDocument:
    """The document of a version: frozen content once sent, the partnership now if a draft."""
    return document_from_content(memorandum_content(memorandum), language)


def draft_pdf(memorandum: Memorandum, language: str, *, base_url: str) -> bytes:
    """A draft's PDF, drawn live and marked on every page as not for signature."""
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context={
            "doc": memorandum_document(memorandum, language),
            "draft": True,
            "lang": language,
        },
        language=language,
        base_url=base_url,
    )


def envelope_pdf(envelope: Envelope, language: str) -> bytes:
    """The PDF of what was sent for signature, with every signature and its hash, the
    verification code, the content SHA-256 and the verify link with its QR code.

    Called by ``signing.services.copy_issue``, which stores the result: every later download
    of the same state is that stored file. WeasyPrint's output is not byte-identical across
    renders (the embedded font subsets carry a creation time in seconds, and the PDF's
    metadata the generation time), which does not matter because copies are stored, never
    re-rendered.
    """
    signing = print_context(envelope)
    envelope = signing["envelope"]
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context={
            "doc": document_from_content(envelope.content, language),
            "draft": False,
            "title": pick(envelope.title, language),
            **signing,
            "lang": language,
        },
        language=language,
        base_url=settings.SITE_URL + "/",
    )
