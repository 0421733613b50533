"""A believable demo built from the seed: a Latvian VET school sends carpentry learners to a
Danish VET school and a carpentry workshop, with the seed's two units of learning outcomes in
the library and the two schools' partnership with its signed MoU. Running it again brings
the people back to this state without duplicating anything; what the demo built once (units,
the partnership, the three learners and their mobilities) is left as it is. Later
capabilities extend it here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from ecvet.accounts.models import Membership, Role, User
from ecvet.audit.services import audit_record
from ecvet.demo.mobilities import demo_mobilities
from ecvet.demo.partnership import demo_partnership
from ecvet.demo.units import INTERNATIONALIZATION, REPAIR, UNITS, DemoUnit
from ecvet.institutions.models import ContactPerson, Institution, InstitutionKind
from ecvet.notifications.services import without_mail
from ecvet.qualifications.esco.importing import esco_import
from ecvet.qualifications.models import EscoConcept, EscoKind, Qualification, Unit
from ecvet.qualifications.services.outcomes import outcome_add, outcome_skill_accept
from ecvet.qualifications.services.units import unit_create, unit_version_agree

SENDING = "Vidzemes Amatu tehnikums"
HOST_SCHOOL = "Nordjysk Erhvervsskole"
HOST_COMPANY = "Hansen Snedkeri ApS"
OUTSIDER_SCHOOL = "Lõuna-Eesti Ametikool"

INSTITUTIONS: list[dict[str, Any]] = [
    {
        "name": SENDING,
        "kind": InstitutionKind.VET_SCHOOL,
        "country": "LV",
        "street_address": "Rīgas iela 12",
        "postal_code": "LV-4101",
        "city": "Cēsis",
        "website": "https://vidzemes-amatu-tehnikums.example",
        "email": "info@vidzemes-amatu-tehnikums.example",
        "phone": "+371 64 100 200",
        "erasmus_oid": "E10201345",
        "pic": "949201345",
        "national_registration_number": "90000012345",
        "legal_identifier": "NTRLV-90000012345",
        "registered_by": None,
        "contacts": [
            ("Gunta Bērziņa", "Director", "gunta.berzina@vidzemes-amatu-tehnikums.example", True),
            (
                "Ilze Kalniņa",
                "International coordinator",
                "ilze.kalnina@vidzemes-amatu-tehnikums.example",
                False,
            ),
        ],
    },
    {
        "name": HOST_SCHOOL,
        "kind": InstitutionKind.VET_SCHOOL,
        "country": "DK",
        "street_address": "Skolevej 5",
        "postal_code": "9000",
        "city": "Aalborg",
        "website": "https://nordjysk-erhvervsskole.example",
        "email": "kontakt@nordjysk-erhvervsskole.example",
        "phone": "+45 98 12 34 56",
        "erasmus_oid": "E10098765",
        "pic": "949098765",
        "national_registration_number": "29123456",
        "legal_identifier": "NTRDK-29123456",
        "registered_by": SENDING,
        "contacts": [
            ("Søren Kristensen", "Principal", "sk@nordjysk-erhvervsskole.example", True),
            (
                "Mette Nielsen",
                "International coordinator",
                "mn@nordjysk-erhvervsskole.example",
                False,
            ),
        ],
    },
    {
        "name": HOST_COMPANY,
        "kind": InstitutionKind.COMPANY,
        "country": "DK",
        "street_address": "Håndværkervej 14",
        "postal_code": "9220",
        "city": "Aalborg Øst",
        "website": "https://hansen-snedkeri.example",
        "email": "lars@hansen-snedkeri.example",
        "phone": "+45 22 33 44 55",
        "erasmus_oid": "",
        "pic": "",
        "national_registration_number": "38123456",
        "legal_identifier": "NTRDK-38123456",
        "registered_by": SENDING,
        "contacts": [
            ("Lars Hansen", "Master carpenter, owner", "lars@hansen-snedkeri.example", True)
        ],
    },
    {
        "name": OUTSIDER_SCHOOL,
        "kind": InstitutionKind.VET_SCHOOL,
        "country": "EE",
        "street_address": "Kopli 1",
        "postal_code": "50115",
        "city": "Tartu",
        "website": "https://louna-eesti-ametikool.example",
        "email": "info@louna-eesti-ametikool.example",
        "phone": "+372 7 123 456",
        "erasmus_oid": "E10311122",
        "pic": "949311122",
        "national_registration_number": "70001234",
        "legal_identifier": "NTREE-70001234",
        "registered_by": None,
        "contacts": [
            ("Kadri Tamm", "Project manager", "kadri.tamm@louna-eesti-ametikool.example", True)
        ],
    },
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    email: str
    institution: str
    role: str
    describes: str
    superuser: bool = False


USERS = [
    DemoUser(
        "coordinator",
        "Ilze",
        "Kalniņa",
        "ilze.kalnina@vidzemes-amatu-tehnikums.example",
        SENDING,
        Role.COORDINATOR,
        "mobility coordinator at the sending school",
    ),
    DemoUser(
        "teacher",
        "Jānis",
        "Ozols",
        "janis.ozols@vidzemes-amatu-tehnikums.example",
        SENDING,
        Role.TEACHER,
        "carpentry teacher and assessor at the sending school",
    ),
    DemoUser(
        "host",
        "Mette",
        "Nielsen",
        "mn@nordjysk-erhvervsskole.example",
        HOST_SCHOOL,
        Role.COORDINATOR,
        "coordinator at the host school",
    ),
    DemoUser(
        "mentor",
        "Lars",
        "Hansen",
        "lars@hansen-snedkeri.example",
        HOST_COMPANY,
        Role.MENTOR,
        "mentor at the host carpentry company, with three learners placed there",
    ),
    DemoUser(
        "learner",
        "Roberts",
        "Bērziņš",
        "roberts.berzins@skolens.example",
        SENDING,
        Role.LEARNER,
        "carpentry learner at the sending school, with a Learning Agreement to sign",
    ),
    DemoUser(
        "katrina",
        "Katrīna",
        "Liepiņa",
        "katrina.liepina@skolens.example",
        SENDING,
        Role.LEARNER,
        "carpentry learner (a minor) abroad now, to be assessed by the mentor",
    ),
    DemoUser(
        "davis",
        "Dāvis",
        "Kalējs",
        "davis.kalejs@skolens.example",
        SENDING,
        Role.LEARNER,
        "carpentry learner back home, with his complete record: results, transcript, "
        "recognition and Europass Mobility",
    ),
    DemoUser(
        "outsider",
        "Kadri",
        "Tamm",
        "kadri.tamm@louna-eesti-ametikool.example",
        OUTSIDER_SCHOOL,
        Role.COORDINATOR,
        "coordinator of an unrelated school",
    ),
    DemoUser(
        "admin",
        "Edgars",
        "Liepa",
        "edgars.liepa@vidzemes-amatu-tehnikums.example",
        SENDING,
        Role.ADMINISTRATOR,
        "administrator (Django admin too)",
        superuser=True,
    ),
]

CARPENTER = {
    "title": {"en": "Carpenter", "lv": "Galdnieks"},
    "country": "LV",
    "awarding_body": "Valsts izglītības satura centrs (National Centre for Education)",
    "eqf_level": 4,
    "national_level": "3",
    "esco_occupation_uri": "http://data.europa.eu/esco/occupation/2a22ff9e-de3b-408d-b312-5034896cc4f4",
    "description": {
        "en": "Makes, installs and repairs wooden structures, doors, windows and furniture "
        "elements, using hand and power tools and traditional joints.",
        "lv": "Izgatavo, uzstāda un remontē koka konstrukcijas, durvis, logus un mēbeļu "
        "elementus, izmantojot rokas un elektriskos instrumentus un tradicionālos savienojumus.",
    },
}


def default_esco_folder() -> Path:
    """``../shared/data/esco/`` beside the project: the ESCO files every checkout shares."""
    return Path(settings.BASE_DIR).parent / "shared" / "data" / "esco"


def build_demo(*, password: str, esco_folder: Path | None = None) -> dict[str, Institution]:
    """Create or refresh the demo. With ``esco_folder`` (see :func:`default_esco_folder`)
    ESCO is imported from it unless some ESCO is there already; the seed's outcomes are
    linked to the ESCO skills that exist. Tests leave it out: the import takes seconds.

    The partnership's services notify people as the demo acts for them; the notifications
    stay (the home page shows them) but no e-mail leaves: the demo's people have made-up
    addresses, and a demo loaded on a server with real mail must not write to them. The
    decision is taken when each notification is stored.
    """
    with without_mail():
        return _build(password=password, esco_folder=esco_folder)


@transaction.atomic
def _build(*, password: str, esco_folder: Path | None) -> dict[str, Institution]:
    institutions: dict[str, Institution] = {}
    for spec in INSTITUTIONS:
        fields = {k: v for k, v in spec.items() if k not in {"contacts", "registered_by"}}
        registrar = institutions.get(spec["registered_by"]) if spec["registered_by"] else None
        institution, created = Institution.objects.update_or_create(
            name=spec["name"], defaults={**fields, "registered_by": registrar}
        )
        if created:
            audit_record(actor=None, action="institution.created", target=institution)
        for name, position, email, signatory in spec["contacts"]:
            ContactPerson.objects.update_or_create(
                institution=institution,
                name=name,
                defaults={
                    "position": position,
                    "email": email,
                    "is_authorised_signatory": signatory,
                },
            )
        institutions[spec["name"]] = institution

    for person in USERS:
        user, _created = User.objects.update_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "is_active": True,
                "is_staff": person.superuser,
                "is_superuser": person.superuser,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, institution=institutions[person.institution], role=person.role
        )

    carpenter, _created = Qualification.objects.update_or_create(
        esco_occupation_uri=CARPENTER["esco_occupation_uri"],
        owner=institutions[SENDING],
        defaults={k: v for k, v in CARPENTER.items() if k != "esco_occupation_uri"},
    )
    if esco_folder is not None:
        esco_import_once(esco_folder)
    teacher = User.objects.get(username="teacher")
    coordinator = User.objects.get(username="coordinator")
    units = {
        unit_spec.name["en"]: demo_unit(
            unit_spec,
            owner=institutions[SENDING],
            author=teacher,
            agreed_by=coordinator,
            carpenter=carpenter,
        )
        for unit_spec in UNITS
    }
    partnership = demo_partnership(
        sending=institutions[SENDING],
        host_school=institutions[HOST_SCHOOL],
        repair=units[REPAIR.name["en"]],
        internationalization=units[INTERNATIONALIZATION.name["en"]],
        password=password,
    )
    demo_mobilities(
        partnership=partnership,
        host_school=institutions[HOST_SCHOOL],
        host_company=institutions[HOST_COMPANY],
        carpenter=carpenter,
        password=password,
    )
    return institutions


def esco_import_once(folder: Path) -> bool:
    """Import ESCO from ``folder`` if it is there and no ESCO concept is imported yet."""
    if not folder.is_dir() or EscoConcept.objects.exists():
        return False
    esco_import(paths=[folder])
    return True


def demo_unit(
    spec: DemoUnit, *, owner: Institution, author: User, agreed_by: User, carpenter: Qualification
) -> Unit:
    """The seed's unit, written by ``author``, shared, and its version 1 agreed.

    A unit already there is left as it is: its version 1 is agreed, and an agreed version
    never changes (the demo's own later edits would start version 2)."""
    existing = Unit.objects.filter(
        owner=owner, versions__number=1, versions__name__en=spec.name["en"]
    ).first()
    if existing is not None:
        return existing
    unit = unit_create(
        actor=author,
        owner=owner,
        shared=True,
        name=spec.name,
        qualification=carpenter if spec.of_carpenter else None,
        qualification_reference=spec.qualification_reference,
        area_of_work=spec.area_of_work,
        national_level=spec.national_level,
        kind=spec.kind,
        source_language="en",
    )
    version = unit.latest_version
    wanted = {uri for row in spec.outcomes for uri in row.esco}
    skills = {
        skill.uri: skill
        for skill in EscoConcept.objects.filter(uri__in=wanted, kind=EscoKind.SKILL)
    }
    for category, rows in spec.columns.items():
        for row in rows:
            outcome = outcome_add(
                actor=author,
                version=version,
                category=category,
                text={"en": row.en, "lv": row.lv},
                is_heading=row.is_heading,
            )
            for uri in row.esco:
                if uri in skills:
                    outcome_skill_accept(actor=author, outcome=outcome, skill=skills[uri])
    unit_version_agree(actor=agreed_by, version=version)
    return unit
