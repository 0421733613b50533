"""The bench library: thousands of units whose outcomes are sentences built from ESCO labels.

Texts come in English and in a Latvian-looking variant (common words translated, the
others given Latvian spelling and endings, with diacritics), so the search meets long
multilingual bodies as in real use. Everything is written with ``bulk_create``; the search
documents are built in batches by ``search.unit_reindex``, which the services also use.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ecvet.accounts.models import Membership, Role, User
from ecvet.institutions.models import Institution, InstitutionKind
from ecvet.qualifications import search
from ecvet.qualifications.esco.reading import EscoRecord, read_records
from ecvet.qualifications.models import (
    Category,
    EscoKind,
    LearningOutcome,
    Unit,
    UnitKind,
    UnitVersion,
)

# Change when the generated texts change, so an older bench library is built again.
GENERATOR = "g1"
SEED = 20261124
BENCH_USERNAME = "bench-coordinator"

LATVIAN = {
    "a": "",
    "an": "",
    "the": "",
    "of": "",
    "to": "",
    "and": "un",
    "or": "vai",
    "with": "ar",
    "in": "",
    "on": "uz",
    "for": "",
    "use": "izmantot",
    "tools": "instrumentus",
    "tool": "instrumentu",
    "hand": "rokas",
    "work": "darbu",
    "safety": "drošību",
    "safe": "drošu",
    "safely": "droši",
    "wood": "koka",
    "wooden": "koka",
    "materials": "materiālus",
    "customer": "klientu",
    "customers": "klientus",
    "manage": "vadīt",
    "apply": "piemērot",
    "ensure": "nodrošināt",
    "perform": "veikt",
    "prepare": "sagatavot",
    "maintain": "uzturēt",
    "develop": "izstrādāt",
    "operate": "darbināt",
    "equipment": "aprīkojumu",
    "quality": "kvalitāti",
    "procedures": "procedūras",
    "information": "informāciju",
    "data": "datus",
    "health": "veselības",
    "techniques": "paņēmienus",
    "machine": "mašīnu",
    "machinery": "mašīnas",
    "measure": "mērīt",
    "check": "pārbaudīt",
    "team": "komandu",
    "plan": "plānot",
    "documents": "dokumentus",
    "rules": "noteikumus",
    "requirements": "prasības",
    "staff": "personālu",
    "food": "pārtiku",
    "water": "ūdeni",
    "systems": "sistēmas",
    "products": "produktus",
    "services": "pakalpojumus",
    "provide": "sniegt",
    "monitor": "uzraudzīt",
    "inspect": "pārbaudīt",
    "clean": "tīrīt",
    "repair": "remontēt",
    "install": "uzstādīt",
}
_VOWEL_MARKS = {"a": "ā", "e": "ē", "i": "ī", "u": "ū"}
_CONSONANT_MARKS = (("sh", "š"), ("ch", "č"), ("zh", "ž"), ("nj", "ņ"), ("lj", "ļ"))


def latvianish(text: str) -> str:
    """A Latvian-looking rendering of an English text (stable: the same text, the same result)."""
    return " ".join(w for w in (_latvian_word(word) for word in text.split()) if w)


def _latvian_word(word: str) -> str:
    core = word.strip(".,;:()").lower()
    tail = word[len(word.rstrip(".,;:()")) :]
    if core in LATVIAN:
        return LATVIAN[core] + tail if LATVIAN[core] else ""
    if not core.isalpha():
        return word
    spelt = (
        core.replace("th", "t")
        .replace("ph", "f")
        .replace("qu", "kv")
        .replace("w", "v")
        .replace("x", "ks")
        .replace("y", "i")
    )
    spelt = re.sub(r"c(?=[aou])", "k", spelt)
    for latin, latvian in _CONSONANT_MARKS:
        spelt = spelt.replace(latin, latvian)
    stable = zlib.crc32(core.encode())
    vowel = "aeiu"[stable % 4]
    at = spelt.find(vowel, 1)
    if at > 0:
        spelt = spelt[:at] + _VOWEL_MARKS[vowel] + spelt[at + 1 :]
    if spelt[-1] not in "aeiouāēīū":
        spelt += ("s", "a", "us", "ums", "ai")[stable % 5]
    if word[:1].isupper():
        spelt = spelt[:1].upper() + spelt[1:]
    return spelt + tail


TEMPLATES = {
    Category.KNOWLEDGE: (
        "Describe the main principles needed to {skill}.",
        "Explain the materials, tools and rules used to {skill}.",
        "Name the health and safety requirements when you {skill}.",
    ),
    Category.SKILLS: (
        "{Skill} in accordance with the workplace procedures.",
        "{Skill} independently, using the appropriate tools and equipment.",
        "{Skill} safely and to the required quality.",
        "{Skill} according to the instructions of the supervisor.",
    ),
    Category.COMPETENCE: (
        "Take responsibility to {skill} within the team.",
        "Plan the work and {skill} with attention to the customer.",
    ),
}
CRITERIA = (
    "Can {skill} without help and without errors.",
    "The supervisor confirms the learner can {skill}.",
)


@dataclass(frozen=True)
class Size:
    units: int
    outcomes_per_unit: int

    @property
    def outcomes(self) -> int:
        return self.units * self.outcomes_per_unit

    @property
    def marker(self) -> str:
        """The name of the bench school: the marker of a library already generated."""
        return f"Bench school ({GENERATOR}: {self.units} units, {self.outcomes} outcomes)"


def bench_user() -> User:
    return User.objects.get(username=BENCH_USERNAME)


def is_generated(size: Size) -> bool:
    school = Institution.objects.filter(name=size.marker).first()
    return bool(
        school
        and Unit.objects.count() == size.units
        and LearningOutcome.objects.count() == size.outcomes
    )


def _both(text: str) -> dict[str, str]:
    return {"en": text, "lv": latvianish(text)}


def _sentence(template: str, skill: str) -> str:
    return template.format(skill=skill, Skill=skill[:1].upper() + skill[1:])


@transaction.atomic
def generate(size: Size, esco: Path) -> None:
    """Write the bench library into an empty database: five schools, the bench
    coordinator at the first, and ``size.units`` units, half of them shared."""
    rng = random.Random(SEED)  # noqa: S311 (made-up texts, repeatable on purpose)
    skills = [r.preferred_label for r in read_records(esco / "skills-uri-text.csv")]
    occupations: list[EscoRecord] = [
        r for r in read_records(esco / "occupations-uri-text.csv") if r.kind == EscoKind.OCCUPATION
    ]
    schools = [
        Institution.objects.create(name=size.marker, kind=InstitutionKind.VET_SCHOOL, country="LV")
    ]
    schools += Institution.objects.bulk_create(
        Institution(name=f"Bench partner {n}", kind=InstitutionKind.VET_SCHOOL, country=country)
        for n, country in enumerate(("DK", "EE", "FI", "DE"), start=1)
    )
    user = User.objects.create_user(username=BENCH_USERNAME, password=None)
    Membership.objects.create(user=user, institution=schools[0], role=Role.COORDINATOR)

    units = Unit.objects.bulk_create(
        Unit(owner=schools[n % len(schools)], shared=n % 2 == 0) for n in range(size.units)
    )
    versions = UnitVersion.objects.bulk_create(
        [_version(unit, rng, skills, occupations) for unit in units], batch_size=500
    )
    for unit, version in zip(units, versions, strict=True):
        unit.latest = version
    Unit.objects.bulk_update(units, ["latest"], batch_size=500)
    LearningOutcome.objects.bulk_create(
        (
            outcome
            for version in versions
            for outcome in _outcomes(version, rng, skills, size.outcomes_per_unit)
        ),
        batch_size=2000,
    )
    search.unit_reindex(unit.pk for unit in units)


def _version(
    unit: Unit, rng: random.Random, skills: list[str], occupations: list[EscoRecord]
) -> UnitVersion:
    occupation = rng.choice(occupations)
    trade = " ".join(occupation.preferred_label.split()[:3])
    skill = rng.choice(skills)
    name = f"{skill[:1].upper()}{skill[1:]} ({trade})"
    return UnitVersion(
        unit=unit,
        number=1,
        name=_both(name),
        area_of_work=_both(f"{trade}: {rng.choice(skills)}, {rng.choice(skills)}"),
        description=_both(occupation.definition[:400]),
        qualification_reference=_both(trade[:1].upper() + trade[1:]),
        eqf_level=rng.choice((3, 4, 5)),
        kind=UnitKind.PROFESSIONAL,
        workload=rng.choice((40, 80, 120)),
    )


def _outcomes(
    version: UnitVersion, rng: random.Random, skills: list[str], count: int
) -> list[LearningOutcome]:
    outcomes = []
    columns = list(Category)
    for n in range(count):
        category = columns[n * len(columns) // count]
        skill = rng.choice(skills)
        text = _sentence(rng.choice(TEMPLATES[category]), skill)
        criteria = _both(_sentence(rng.choice(CRITERIA), skill)) if n % 3 == 0 else {}
        outcomes.append(
            LearningOutcome(
                version=version,
                category=category,
                position=n,
                text=_both(text),
                criteria=criteria,
            )
        )
    return outcomes
