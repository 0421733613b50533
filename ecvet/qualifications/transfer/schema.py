"""The unit document, format version 1, as pydantic models.

The models are the format: the importer validates with them and the JSON Schema published at
``docs/schema/units-1.schema.json`` is generated from them (``python -m
ecvet.qualifications.transfer.schema``; a test keeps the committed file equal). Every object
is closed: a key this version does not define is an error, so a typo never vanishes silently.

Versioning rule: a change that an older importer would misread (a renamed, removed or
retyped field, a new required field) gets a new number and a new ``SCHEMA_URI``; the
importer refuses numbers it does not know. Descriptions here are documentation in English.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StringConstraints,
    Tag,
)
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1
SCHEMA_PREFIX = "https://ecvet-mobility.eu/schema/units/"
SCHEMA_URI = f"{SCHEMA_PREFIX}{SCHEMA_VERSION}"
SCHEMA_FILE = Path(__file__).resolve().parents[3] / "docs" / "schema" / "units-1.schema.json"

COLUMNS = ("knowledge", "skills", "competence")
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
ESCO_SKILL_PATTERN = r"^http://data\.europa\.eu/esco/skill/\S+$"
# Tags of the two kinds of column item; they appear in validation error locations and are
# dropped from the paths shown to people.
HEADING_TAG = "heading-item"
OUTCOME_TAG = "outcome-item"

LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
LanguageMap = Annotated[
    dict[LanguageCode, str],
    Field(
        description='Text per language code, e.g. {"en": "Carpenter", "lv": "Galdnieks"}. '
        "Blank texts are dropped.",
        json_schema_extra={"additionalProperties": False},
    ),
]


def _not_blank(value: dict[str, str]) -> dict[str, str]:
    if not any(text.strip() for text in value.values()):
        raise PydanticCustomError("blank_text", "Write it in at least one language.")
    return value


RequiredText = Annotated[
    dict[LanguageCode, str],
    Field(
        min_length=1,
        description="Text per language code; at least one language must have a text.",
        json_schema_extra={"additionalProperties": False},
    ),
    AfterValidator(_not_blank),
]


def _one_decimal(value: float) -> float:
    if round(value, 1) != value:
        raise PydanticCustomError("one_decimal", "At most one digit after the decimal point.")
    return value


class Closed(BaseModel):
    """An object of the format: unknown keys are errors, and values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True)


class QualificationRef(Closed):
    """A qualification, found by the importer among those the importing person can see."""

    title: RequiredText
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        description="ISO 3166-1 alpha-2 country code, e.g. LV"
    )
    eqf_level: Annotated[int, Field(ge=1, le=8)]


class Heading(Closed):
    """A topic heading that groups the outcomes below it, up to the next heading."""

    heading: RequiredText


class Outcome(Closed):
    """A learning outcome ("He/she is able to ...")."""

    text: RequiredText
    criteria: LanguageMap = Field(default_factory=dict, description="Assessment criteria.")
    esco_skills: list[Annotated[str, StringConstraints(pattern=ESCO_SKILL_PATTERN)]] = Field(
        default_factory=list,
        description="URIs of the ESCO skills linked to this outcome; each must be known to "
        "the importing site.",
    )


def _item_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return HEADING_TAG if "heading" in value else OUTCOME_TAG
    if isinstance(value, Heading):
        return HEADING_TAG
    if isinstance(value, Outcome):
        return OUTCOME_TAG
    return None


Item = Annotated[
    Annotated[Heading, Tag(HEADING_TAG)] | Annotated[Outcome, Tag(OUTCOME_TAG)],
    Discriminator(_item_kind),
]


class Outcomes(Closed):
    """The three columns of the unit template, each an ordered list."""

    knowledge: list[Item] = Field(default_factory=list)
    skills: list[Item] = Field(default_factory=list)
    competence: list[Item] = Field(default_factory=list)


class Provenance(Closed):
    """Where the unit came from. Informational: the importer records it and sets nothing."""

    institution: str | None = Field(None, description="The owner institution's name.")
    country: str | None = Field(None, description="The owner institution's country.")
    unit_id: int | None = Field(None, description="The unit's id at the exporting site.")
    agreed_at: Annotated[datetime | None, Strict(False)] = Field(
        None, description="When the exported version was agreed, if it was."
    )


class UnitDoc(Closed):
    """One unit of learning outcomes: the content of one of its versions."""

    model_config = ConfigDict(title="Unit")

    name: RequiredText
    qualification: QualificationRef | None = Field(
        None, description="The qualification the unit belongs to, if it is in the library."
    )
    qualification_reference: LanguageMap = Field(
        default_factory=dict,
        description='Free-text reference, e.g. "Global mind set and trade opportunity" for '
        "a supplementary unit.",
    )
    area_of_work: LanguageMap = Field(default_factory=dict)
    eqf_level: Annotated[int, Field(ge=1, le=8)] | None = None
    national_level: Annotated[str, StringConstraints(max_length=40)] = ""
    description: LanguageMap = Field(default_factory=dict)
    kind: Literal["professional", "entrepreneurship", "life_skills"] = "professional"
    workload: Annotated[float, Field(ge=0, lt=100000), AfterValidator(_one_decimal)] | None = None
    workload_unit: Literal["hours", "days"] = "hours"
    ecvet_points: Annotated[float, Field(ge=0, lt=10000), AfterValidator(_one_decimal)] | None = (
        None
    )
    assessment_method: LanguageMap = Field(default_factory=dict)
    source_language: LanguageCode = Field(
        "en", description="The language the unit is written in; the others are translations."
    )
    version: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Informational: the exported version's number."
    )
    status: Literal["draft", "agreed"] | None = Field(
        None, description="Informational: an imported unit always starts as draft version 1."
    )
    provenance: Provenance | None = None
    outcomes: Outcomes = Field(default_factory=Outcomes)


class UnitsDocument(Closed):
    """A file of units of learning outcomes exported from ECVET Mobility."""

    model_config = ConfigDict(
        title="ECVET Mobility units, format version 1",
        json_schema_extra={"$id": SCHEMA_URI},
    )

    schema_uri: Literal["https://ecvet-mobility.eu/schema/units/1"] = Field(
        alias="schema", description="The format and its version."
    )
    exported_at: Annotated[datetime | None, Strict(False)] = None
    units: list[UnitDoc]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of format version 1, as published in ``docs/schema``."""
    schema = UnitsDocument.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_FILE.write_text(json_schema_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_FILE}\n")
