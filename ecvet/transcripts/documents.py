"""The transcript of records as a document: its canonical content read in one language, on
the screen and in the PDF.

Everything the transcript states comes from the canonical content
(``content.transcript_content``): a draft shows the assessments as they are now, a version
sent for signature exactly what was frozen and signed. Labels (results, methods, columns,
countries, workload units) are resolved here in the document's language, so the page and the
PDF read the same whatever the reader's interface language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django_countries.fields import Country

from ecvet.assessments.models import OutcomeResult
from ecvet.documents.pdf import render_pdf
from ecvet.mobilities.models import AssessmentMethod
from ecvet.multilingual.text import pick
from ecvet.qualifications.models import Category, WorkloadUnit
from ecvet.signing.models import Envelope
from ecvet.signing.printing import print_context
from ecvet.transcripts.content import transcript_content
from ecvet.transcripts.models import Transcript

PDF_TEMPLATE = "transcripts/pdf/transcript.html"

#: Results that fall short: shown with their reason and planned re-assessment, never hidden.
SHORT_OF = frozenset({OutcomeResult.NOT_ACHIEVED, OutcomeResult.PARTLY_ACHIEVED})


@dataclass(frozen=True)
class Organisation:
    name: str
    country_name: str
    address: list[str]
    erasmus_oid: str


@dataclass(frozen=True)
class OutcomeRow:
    category: str
    category_label: str
    topic: str
    text: str
    answered: bool
    result: str
    result_label: str
    method: str
    assessed_on: date | None
    assessor: str
    comment: str
    reason: str
    reassessment_planned_on: date | None

    @property
    def short_of(self) -> bool:
        return self.result in SHORT_OF


@dataclass(frozen=True)
class Tally:
    """How many outcomes got one result."""

    result: str
    label: str
    count: int


@dataclass(frozen=True)
class UnitResults:
    number: int
    unit_id: int | None
    name: str
    version: Any
    eqf_level: Any
    ecvet_points: str
    workload: str
    outcomes_count: int
    tallies: list[Tally]
    percent: int
    outcomes: list[OutcomeRow]


@dataclass
class TranscriptDocument:
    """What the transcript says, in one language."""

    language: str
    title: str
    reference: str
    version: int
    amends: int | None
    amendment_reason: str
    learner_name: str
    date_of_birth: date | None
    sending: Organisation | None
    host: Organisation | None
    host_company: Organisation | None
    mentor_name: str
    mentor_email: str
    start: date | None
    end: date | None
    town: str
    country_name: str
    qualification_title: str
    eqf_level: Any
    national_level: str
    qualification_country: str
    agreement_version: int | None
    agreement_code: str
    units: list[UnitResults]

    @property
    def is_amendment(self) -> bool:
        return self.amends is not None

    @property
    def unanswered(self) -> int:
        return sum(1 for unit in self.units for row in unit.outcomes if not row.answered)


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
    return Organisation(
        name=data.get("name") or "",
        country_name=_country_name(data.get("country")),
        address=list(data.get("address") or []),
        erasmus_oid=data.get("erasmus_oid") or "",
    )


def _outcome(data: dict[str, Any], language: str) -> OutcomeRow:
    result = data.get("result") or OutcomeResult.NOT_ASSESSED.value
    return OutcomeRow(
        category=data.get("category") or "",
        category_label=_label(Category, data.get("category")),
        topic=pick(data.get("topic"), language),
        text=pick(data.get("text"), language),
        answered=bool(data.get("answered")),
        result=result,
        result_label=_label(OutcomeResult, result),
        method=_label(AssessmentMethod, data.get("method")),
        assessed_on=_date(data.get("assessed_on")),
        assessor=(data.get("assessor") or {}).get("name") or "",
        comment=data.get("comment") or "",
        reason=data.get("reason") or "",
        reassessment_planned_on=_date(data.get("reassessment_planned_on")),
    )


def _unit(number: int, data: dict[str, Any], language: str) -> UnitResults:
    achievement = data.get("achievement") or {}
    return UnitResults(
        number=number,
        unit_id=data.get("unit_id"),
        name=pick(data.get("name"), language),
        version=data.get("version"),
        eqf_level=data.get("eqf_level"),
        ecvet_points=data.get("ecvet_points") or "",
        workload=_workload(data.get("workload")),
        outcomes_count=achievement.get("outcomes") or 0,
        tallies=[
            Tally(result.value, str(result.label), int(achievement.get(result.value) or 0))
            for result in OutcomeResult
        ],
        percent=int(achievement.get("percent") or 0),
        outcomes=[_outcome(row, language) for row in data.get("outcomes") or []],
    )


def transcript_document(
    content: dict[str, Any], language: str, *, title: str = ""
) -> TranscriptDocument:
    """The canonical content read in ``language`` (labels and country names included)."""
    with translation.override(language):
        learner = content.get("learner") or {}
        duration = content.get("duration") or {}
        place = content.get("place") or {}
        qualification = content.get("qualification") or {}
        mentor = content.get("mentor") or {}
        agreement = content.get("learning_agreement") or {}
        return TranscriptDocument(
            language=language,
            title=title,
            reference=content.get("reference") or "",
            version=content.get("version") or 1,
            amends=content.get("amends"),
            amendment_reason=content.get("amendment_reason") or "",
            learner_name=learner.get("name") or "",
            date_of_birth=_date(learner.get("date_of_birth")),
            sending=_organisation(content.get("sending")),
            host=_organisation(content.get("host")),
            host_company=_organisation(content.get("host_company")),
            mentor_name=mentor.get("name") or "",
            mentor_email=mentor.get("email") or "",
            start=_date(duration.get("start")),
            end=_date(duration.get("end")),
            town=place.get("town") or "",
            country_name=_country_name(place.get("country")),
            qualification_title=pick(qualification.get("title"), language),
            eqf_level=qualification.get("eqf_level"),
            national_level=qualification.get("national_level") or "",
            qualification_country=_country_name(qualification.get("country")),
            agreement_version=agreement.get("version"),
            agreement_code=agreement.get("code") or "",
            units=[
                _unit(number, data, language)
                for number, data in enumerate(content.get("units") or [], start=1)
            ],
        )


def transcript_view(transcript: Transcript, language: str) -> TranscriptDocument:
    """The document of a version: frozen content once sent, the assessments now if a draft."""
    return transcript_document(transcript_content(transcript), language)


def draft_pdf(transcript: Transcript, language: str, *, base_url: str) -> bytes:
    """A draft's PDF, drawn live and marked on every page as not signed."""
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context={"doc": transcript_view(transcript, language), "draft": True},
        language=language,
        base_url=base_url,
    )


def envelope_pdf(envelope: Envelope, language: str) -> bytes:
    """The PDF of what was sent for signature, with the host's signature and its hash, the
    verification code, the content SHA-256 and the verify link with its QR code.

    Called by ``signing.services.copy_issue`` (the "transcript" kind's render_pdf), which
    stores the result: every later download of the same state is that stored file.
    """
    signing = print_context(envelope)
    envelope = signing["envelope"]
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context={
            "doc": transcript_document(
                envelope.content, language, title=pick(envelope.title, language)
            ),
            "draft": False,
            **signing,
        },
        language=language,
        base_url=settings.SITE_URL + "/",
    )
