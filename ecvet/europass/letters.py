"""The recommendation letter's text, written once in every content language when the letter
is made and stored with it (a re-print says the same, whatever changes later).

The letter speaks to an employer: who the learner is, where and when they trained, what they
did, and the recognised outcomes as sentences grouped by unit (a partly achieved outcome says
so). It lists only what was recognised: an outcome not achieved is not claimed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django_countries.fields import Country

from ecvet.europass.content import MobilityResults, host_of
from ecvet.mobilities.models import Mobility
from ecvet.multilingual.text import content_languages, pick
from ecvet.recognition.models import RecognitionKind

SCHEMA = "https://ecvet-mobility.eu/schema/recommendation-letter/1"


def _date(day: date) -> str:
    return str(formats.date_format(day, "DATE_FORMAT"))


def _outcome_sentence(text: str, partly: bool) -> str:
    text = text.strip().rstrip(".")
    if partly:
        return _("%(outcome)s (partly achieved)") % {"outcome": text}
    return text


def _opening(mobility: Mobility, language: str) -> str:
    learner = mobility.learner
    host = host_of(mobility)
    country = mobility.country.code if mobility.country else host.country.code
    where = ", ".join(p for p in (mobility.place, str(Country(country).name)) if p)
    values = {
        "learner": learner.full_name,
        "school": learner.school.name,
        "host": host.name,
        "where": where,
        "start": _date(mobility.start),
        "end": _date(mobility.end),
        "weeks": formats.number_format(mobility.weeks),
    }
    if learner.qualification is not None:
        return _(
            "%(learner)s, a learner of %(school)s pursuing the qualification "
            "“%(qualification)s”, completed a period of work-based learning at %(host)s "
            "(%(where)s) from %(start)s to %(end)s (%(weeks)s weeks)."
        ) % {**values, "qualification": pick(learner.qualification.title, language)}
    return (
        _(
            "%(learner)s, a learner of %(school)s, completed a period of work-based learning at "
            "%(host)s (%(where)s) from %(start)s to %(end)s (%(weeks)s weeks)."
        )
        % values
    )


def _salutation(addressee_name: str, addressee_company: str) -> str:
    if addressee_name:
        return _("Dear %(name)s,") % {"name": addressee_name}
    return _("To whom it may concern")


def _text_in(
    language: str,
    *,
    mobility: Mobility,
    results: MobilityResults,
    addressee_name: str,
    addressee_company: str,
    personal_note: dict[str, str],
    signer_name: str,
    signer_institution: str,
    issued_on: date,
) -> dict[str, Any]:
    learner = mobility.learner
    agreement = results.agreement
    activities = pick(agreement.learning_activities, language) if agreement else ""
    units = [
        {
            "title": pick(unit.item.version.name, language),
            "heading": _("“%(unit)s”") % {"unit": pick(unit.item.version.name, language)},
            "outcomes": [
                _outcome_sentence(pick(outcome.text, language), partly)
                for outcome, partly in unit.acquired
            ],
        }
        for unit in results.recognised_as(RecognitionKind.RECOMMENDATION)
    ]
    return {
        "title": _("Recommendation letter"),
        "addressee": [line for line in (addressee_name, addressee_company) if line],
        "salutation": _salutation(addressee_name, addressee_company),
        "opening": _opening(mobility, language),
        "activities": _("What %(name)s did there: %(activities)s")
        % {"name": learner.first_name, "activities": activities}
        if activities
        else "",
        "units_intro": _(
            "The host assessed the following learning outcomes, and %(school)s validated and "
            "recognised them. %(name)s is able to:"
        )
        % {"school": learner.school.name, "name": learner.first_name},
        "units": units,
        "personal": pick(personal_note, language) if personal_note else "",
        "closing": _("On this basis we gladly recommend %(name)s to employers in the field.")
        % {"name": learner.first_name},
        "signer_role": _("Mobility coordinator"),
        "place_date": ", ".join(p for p in (learner.school.city, _date(issued_on)) if p),
        "note": _(
            "This letter is not signed in the system: it carries the name of the coordinator "
            "who wrote it. Ask %(school)s to confirm it."
        )
        % {"school": signer_institution},
    }


def letter_content(
    *,
    mobility: Mobility,
    results: MobilityResults,
    number: int,
    addressee_name: str,
    addressee_company: str,
    personal_note: dict[str, str],
    signer_name: str,
    signer_institution: str,
    issued_on: date,
) -> dict[str, Any]:
    """The letter in every content language, with the facts it was written from."""
    texts = {}
    for language in content_languages():
        with translation.override(language):
            texts[language] = _text_in(
                language,
                mobility=mobility,
                results=results,
                addressee_name=addressee_name,
                addressee_company=addressee_company,
                personal_note=personal_note,
                signer_name=signer_name,
                signer_institution=signer_institution,
                issued_on=issued_on,
            )
    return {
        "schema": SCHEMA,
        "mobility_id": mobility.pk,
        "number": number,
        "issued_on": issued_on.isoformat(),
        "learner": mobility.learner.full_name,
        "signer": {"name": signer_name, "institution": signer_institution},
        "texts": texts,
    }
