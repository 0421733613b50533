"""The demo's learners and their mobilities: three carpentry learners of the sending school
placed with the host school and the host company's mentor under the demo partnership, each at
a different point of the ECVET chain, so every later screen has data:

- Roberts Bērziņš (the ``learner`` login) goes in spring: his learner profile is with the
  host, and his Learning Agreement is out for signature, signed by the sending school only;
  the mentor and Roberts himself still sign;
- Katrīna Liepiņa, a minor, is abroad now: her agreement was signed by the school and the
  mentor online, and by her and her mother on paper (recorded with the scan); the mobility
  is ongoing;
- Dāvis Kalējs is back home: his agreement was signed, the mobility ran and is completed,
  waiting for the sending school to validate and recognise what he achieved.

Built only through the services, in the order people would have done it. The periods are
set from today, so a demo loaded later still has one learner before, one during and one
after the mobility. A learner or a mobility already there is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecvet.accounts.models import User
from ecvet.institutions.models import Institution
from ecvet.mobilities.models import (
    AssessmentMethod,
    Enclosure,
    Gender,
    Learner,
    LearningAgreement,
    Mobility,
    MobilityStatus,
    Payer,
)
from ecvet.mobilities.services.agreements import (
    agreement_send,
    agreement_unit_update,
    agreement_update,
)
from ecvet.mobilities.services.learners import learner_create, learner_link_account
from ecvet.mobilities.services.mobilities import mobility_create, mobility_transition
from ecvet.mobilities.services.profiles import profile_answer, profile_send, profile_update
from ecvet.notifications.models import Notification
from ecvet.notifications.services import notification_mark_read
from ecvet.partnerships.models import Partnership, PartnershipUnit
from ecvet.qualifications.models import Qualification
from ecvet.signing.models import Envelope, Signatory
from ecvet.signing.services import signature_record_outside, signature_sign

#: A one-page PDF standing in for the scan of a paper signature: the demo has no scanner.
SCAN = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n"
    b"%%EOF\n"
)


@dataclass(frozen=True)
class DemoLearner:
    first_name: str
    last_name: str
    gender: str
    group: str
    progress: str
    email: str
    phone: str
    address: str
    #: Given for adults; a minor's birthday is set from today (see :func:`_born`).
    born: date | None = None
    guardian_name: str = ""
    guardian_email: str = ""
    guardian_phone: str = ""
    #: The demo login that is this learner's own account.
    username: str = ""
    #: What this learner's profile says beyond the partnership's template.
    skills: dict[str, str] = field(default_factory=dict)


ROBERTS = DemoLearner(
    first_name="Roberts",
    last_name="Bērziņš",
    gender=Gender.MALE,
    born=date(2007, 9, 14),
    group="GA-3",
    progress="3rd of 4 years. Achieved: Wood materials and their processing; Joinery "
    "basics; Safety at work in the workshop.",
    email="roberts.berzins@skolens.example",
    phone="+371 26 123 456",
    address="Lenču iela 4-7, Cēsis, LV-4101",
    username="learner",
    skills={
        "en": "Uses hand tools (planes, chisels, saws) safely and accurately; has made a "
        "panelled door with mortise-and-tenon joints in the school workshop; uses a "
        "circular saw and a drill under supervision.",
        "lv": "Droši un precīzi lieto rokas darbarīkus (ēveles, kaltus, zāģus); skolas "
        "darbnīcā izgatavojis pildiņdurvis ar tapas savienojumiem; uzraudzībā lieto ripzāģi "
        "un urbjmašīnu.",
    },
)
KATRINA = DemoLearner(
    first_name="Katrīna",
    last_name="Liepiņa",
    gender=Gender.FEMALE,
    group="GA-2",
    progress="2nd of 4 years. Achieved: Wood materials and their processing; Joinery basics.",
    email="katrina.liepina@skolens.example",
    phone="+371 29 876 543",
    address="Valmieras iela 21, Cēsis, LV-4101",
    guardian_name="Inese Liepiņa",
    guardian_email="inese.liepina@example.lv",
    guardian_phone="+371 29 111 222",
    username="katrina",
    skills={
        "en": "Uses hand tools safely; makes simple frame joints; has restored a wooden "
        "window sash with her teacher.",
        "lv": "Droši lieto rokas darbarīkus; izgatavo vienkāršus rāmja savienojumus; kopā ar "
        "skolotāju atjaunojusi koka loga vērtni.",
    },
)
DAVIS = DemoLearner(
    first_name="Dāvis",
    last_name="Kalējs",
    gender=Gender.MALE,
    born=date(2006, 6, 21),
    group="GA-3",
    progress="3rd of 4 years. Achieved: Wood materials and their processing; Joinery "
    "basics; Safety at work in the workshop; Stairs and floors.",
    email="davis.kalejs@skolens.example",
    phone="+371 25 444 777",
    address="Rūpniecības iela 9, Cēsis, LV-4101",
    username="davis",
    skills={
        "en": "Uses hand and power tools safely; makes mortise-and-tenon and dovetail joints; "
        "has worked on a log-house repair with a local firm for two weeks.",
        "lv": "Droši lieto rokas un elektriskos darbarīkus; izgatavo tapas un "
        "bezdelīgastes savienojumus; divas nedēļas strādājis guļbūves remontā vietējā "
        "uzņēmumā.",
    },
)
LEARNERS = (ROBERTS, KATRINA, DAVIS)

ACTIVITIES = {
    "en": "Works in the workshop of Hansen Snedkeri ApS with the mentor's team on the "
    "restoration of half-timbered houses: takes measurements of damaged windows and doors on "
    "site, makes the replacement parts with traditional joints, fits them and finishes them "
    "with linseed-oil paint. One day a week at Nordjysk Erhvervsskole: Danish building "
    "traditions and workshop safety.",
    "lv": "Strādā uzņēmuma Hansen Snedkeri ApS darbnīcā mentora komandā pie pildrežģu māju "
    "restaurācijas: objektā uzmēra bojātos logus un durvis, izgatavo nomaināmās detaļas ar "
    "tradicionāliem savienojumiem, tās iestiprina un nokrāso ar linsēklu eļļas krāsu. Vienu "
    "dienu nedēļā Nordjysk Erhvervsskole: Dānijas būvniecības tradīcijas un darba drošība "
    "darbnīcā.",
}
EVIDENCE = {
    "en": "The replacement window frame the learner made and fitted, the mentor's notes from "
    "watching the work on site, and the learner's photo log of each step.",
    "lv": "Audzēkņa izgatavotais un iestiprinātais loga rāmis, mentora piezīmes, vērojot "
    "darbu objektā, un audzēkņa fotodienasts par katru darba soli.",
}
CRITERIA = {
    "en": "The joints fit tight without filler; the new parts match the profile of the "
    "original; the wood is chosen and treated for outdoor use; hand tools are used safely "
    "and the workplace is left tidy.",
    "lv": "Savienojumi ir cieši bez pildvielas; jaunās detaļas atbilst oriģināla profilam; "
    "koksne izvēlēta un apstrādāta āra apstākļiem; rokas darbarīki lietoti droši, darba "
    "vieta atstāta kārtībā.",
}
FINANCIAL_NOTES = {
    "en": "Erasmus+ grant for individual support and travel, paid by the sending school: 80% "
    "before departure, 20% after the report. The host company provides work clothes and "
    "tools.",
    "lv": "Erasmus+ dotācija individuālajam atbalstam un ceļam, ko izmaksā nosūtošā skola: "
    "80% pirms izbraukšanas, 20% pēc atskaites. Uzņemošais uzņēmums nodrošina darba "
    "apģērbu un darbarīkus.",
}
#: The outcomes of the Repair unit chosen for a four-week placement (the seed's unit has 22).
CHOSEN_OUTCOMES = (
    "Identifying and selecting different wood sorts.",
    "Knowledge of local safety rules.",
    "Knowledge about joints for doors.",
    "Identify and use different hand tools in accordance to the different kind of woos work.",
    "Work accurately with tasks of joinery.",
    "Act in accordance to the local safety rules.",
    "Meet the host-company and co-workers with an open mind.",
)
HOST_PROPOSALS = (
    "Besides windows, the learner could help make a new oak door for a listed house in the "
    "old town, with its frame and panels, and learn to sharpen and set up a Danish "
    "workbench plane."
)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def periods(today: date) -> dict[str, tuple[date, date]]:
    """Before, during and after, as whole working weeks (Monday to Friday) around today:
    with today 2026-11-24, 2027-04-05 to 04-30, 2026-11-02 to 12-18, 2026-10-05 to 10-30."""
    spring = _monday(today + timedelta(weeks=19))
    now = _monday(today - timedelta(weeks=3))
    back = _monday(today - timedelta(weeks=4)) + timedelta(days=4)
    return {
        "planned": (spring, spring + timedelta(days=25)),
        "abroad": (now, _monday(today + timedelta(weeks=3)) + timedelta(days=4)),
        "back": (back - timedelta(days=25), back),
    }


def _born(spec: DemoLearner, today: date) -> date:
    """An adult's birthday as given; a minor's so that she is 16 or 17 while abroad now."""
    return spec.born or date(today.year - 17, 3, 9)


def demo_learner(
    spec: DemoLearner,
    *,
    school: Institution,
    carpenter: Qualification,
    today: date,
    coordinator: User,
) -> Learner:
    """The learner by name at the school, added once by the coordinator (a minor's birthday
    moves with the day the demo is first loaded, so the name, not the birthday, finds her
    again), with their own account linked when they have one."""
    existing = Learner.objects.filter(
        school=school, first_name=spec.first_name, last_name=spec.last_name
    ).first()
    if existing is not None:
        return existing
    learner = learner_create(
        actor=coordinator,
        school=school,
        first_name=spec.first_name,
        last_name=spec.last_name,
        date_of_birth=_born(spec, today),
        gender=spec.gender,
        nationality="LV",
        email=spec.email,
        phone=spec.phone,
        address=spec.address,
        qualification=carpenter,
        group=spec.group,
        progress=spec.progress,
        guardian_name=spec.guardian_name,
        guardian_email=spec.guardian_email,
        guardian_phone=spec.guardian_phone,
    )
    if spec.username:
        learner = learner_link_account(
            actor=coordinator, learner=learner, user=User.objects.get(username=spec.username)
        )
    return learner


@dataclass(frozen=True)
class People:
    coordinator: User
    host: User
    mentor: User
    password: str


def demo_mobilities(
    *,
    partnership: Partnership,
    host_school: Institution,
    host_company: Institution,
    carpenter: Qualification,
    password: str,
) -> list[Mobility]:
    """The three learners and their mobilities, in the order they happened."""
    today = timezone.localdate()
    people = People(
        coordinator=User.objects.get(username="coordinator"),
        host=User.objects.get(username="host"),
        mentor=User.objects.get(username="mentor"),
        password=password,
    )
    repair = partnership.units.get(version__name__en="Repair or Rebuilding jobs")
    dates = periods(today)
    school = partnership.owner
    learners = {
        spec.first_name: demo_learner(
            spec, school=school, carpenter=carpenter, today=today, coordinator=people.coordinator
        )
        for spec in LEARNERS
    }
    built = []
    for spec, period in ((DAVIS, "back"), (KATRINA, "abroad"), (ROBERTS, "planned")):
        learner = learners[spec.first_name]
        existing = learner.mobilities.filter(partnership=partnership).first()
        if existing is not None:
            built.append(existing)
            continue
        start, end = dates[period]
        mobility = _plan(
            spec,
            learner,
            partnership=partnership,
            repair=repair,
            host_school=host_school,
            host_company=host_company,
            start=start,
            end=end,
            people=people,
        )
        agreement = mobility.agreements.get(number=1)
        envelope = agreement_send(actor=people.coordinator, agreement=agreement)
        _sign(envelope, people.coordinator, people)
        if period == "planned":
            # The mentor and Roberts still sign; the coordinator's own request is done.
            _read_own_request(people.coordinator, envelope)
        else:
            _sign(envelope, people.mentor, people)
            _sign_on_paper(envelope, people)
            mobility_transition(
                actor=people.coordinator, mobility=mobility, wanted=MobilityStatus.ONGOING
            )
            if period == "back":
                _back_home(mobility, people)
            # What happened before today is read by everyone it concerned.
            # Everyone it concerned (the learner, the school's coordinators and
            # administrator, the host) has read it.
            for person in User.objects.filter(notifications__read_at__isnull=True).distinct():
                _read_about(person, mobility)
        mobility.refresh_from_db()
        built.append(mobility)
    return built


def _plan(
    spec: DemoLearner,
    learner: Learner,
    *,
    partnership: Partnership,
    repair: PartnershipUnit,
    host_school: Institution,
    host_company: Institution,
    start: date,
    end: date,
    people: People,
) -> Mobility:
    """The mobility with the Repair unit and its assessment plan, the learner profile sent
    (and, for those who went already, answered by the host)."""
    coordinator = people.coordinator
    mobility = mobility_create(
        actor=coordinator,
        learner=learner,
        partnership=partnership,
        host_institution=host_school,
        host_company=host_company,
        mentor=people.mentor,
        start=start,
        end=end,
        place="Aalborg",
        grant_amount=Decimal("2340.00"),
        travel_paid_by=Payer.PROGRAMME,
        accommodation_paid_by=Payer.PROGRAMME,
        insurance_paid_by=Payer.SENDING,
        financial_notes=FINANCIAL_NOTES,
        units=[repair],
    )
    agreement: LearningAgreement = mobility.agreements.get(number=1)
    agreement_update(
        actor=coordinator,
        agreement=agreement,
        revision=None,
        learning_activities=ACTIVITIES,
        enclosures=[Enclosure.CV, Enclosure.UNITS_ACQUIRED, Enclosure.MOBILITY],
    )
    item = agreement.units.select_related("version").get()
    agreement_unit_update(
        actor=coordinator,
        item=item,
        outcomes=[o for o in item.version.outcomes.all() if o.text.get("en") in CHOSEN_OUTCOMES],
        methods=[
            AssessmentMethod.OBSERVATION,
            AssessmentMethod.PRACTICAL_TASK,
            AssessmentMethod.INTERVIEW,
        ],
        when="In the last week of the mobility",
        where=f"{host_company.name}, {host_company.city}",
        evidence=EVIDENCE,
        criteria=CRITERIA,
    )
    profile = mobility.profile
    profile = profile_update(actor=coordinator, profile=profile, revision=None, skills=spec.skills)
    profile_send(actor=coordinator, profile=profile)
    if spec is not ROBERTS:
        profile_answer(actor=people.mentor, profile=profile, proposals=HOST_PROPOSALS)
    return mobility


def _back_home(mobility: Mobility, people: People) -> None:
    """Dāvis's whole record: assessed and self-assessed abroad, then completed, validated
    and recognised at home (see :mod:`ecvet.demo.results`)."""
    from ecvet.demo import results

    learner = mobility.learner.user
    assert learner is not None, "Dāvis has his own account"
    results.demo_assessment(mobility=mobility, mentor=people.mentor, learner=learner)
    results.demo_transcript(mobility=mobility, mentor=people.mentor, password=people.password)
    mobility = mobility_transition(
        actor=people.coordinator, mobility=mobility, wanted=MobilityStatus.COMPLETED
    )
    results.demo_validation(
        mobility=mobility, coordinator=people.coordinator, decided_on=mobility.end + timedelta(7)
    )
    results.demo_recognition(
        mobility=mobility, coordinator=people.coordinator, decided_on=mobility.end + timedelta(10)
    )
    results.demo_europass(
        mobility=mobility,
        coordinator=people.coordinator,
        mentor=people.mentor,
        password=people.password,
    )


def _sign(envelope: Envelope, person: User, people: People) -> None:
    places = {people.coordinator.pk: "Cēsis", people.mentor.pk: "Aalborg"}
    signature_sign(
        envelope=envelope,
        signatory=envelope.signatories.get(user=person),
        user=person,
        password=people.password,
        seen_hash=envelope.content_hash,
        place=places.get(person.pk, ""),
    )


def _sign_on_paper(envelope: Envelope, people: People) -> None:
    """The learner (and a minor's guardian) signed the printed agreement at the school; the
    coordinator records each signature with the scan."""
    for slot in Signatory.objects.filter(envelope=envelope, party__in=["learner", "guardian"]):
        signature_record_outside(
            envelope=envelope,
            signatory=slot,
            actor=people.coordinator,
            scan=SimpleUploadedFile("signed-learning-agreement.pdf", SCAN, "application/pdf"),
            signed_on=timezone.localdate(),
            place="Cēsis",
        )


def _read_own_request(person: User, envelope: Envelope) -> None:
    for notification in Notification.objects.filter(
        recipient=person, kind="signature.requested", read_at__isnull=True
    ):
        if notification.params.get("code") == envelope.code:
            notification_mark_read(user=person, notification=notification)


def _read_about(person: User, mobility: Mobility) -> None:
    """Mark read what ``person`` was told about this mobility (its profile, its agreement)."""
    learner = mobility.learner.full_name
    from ecvet.europass.models import EuropassMobility
    from ecvet.transcripts.models import Transcript

    documents = {
        "learning_agreement": mobility.agreements.values_list("pk", flat=True),
        "transcript": Transcript.objects.filter(mobility=mobility).values_list("pk", flat=True),
        "europass_mobility": EuropassMobility.objects.filter(mobility=mobility).values_list(
            "pk", flat=True
        ),
    }
    envelope_codes: set[str] = set()
    for kind, ids in documents.items():
        envelope_codes |= set(
            Envelope.objects.filter(kind=kind, document_id__in=ids).values_list("code", flat=True)
        )
    for notification in Notification.objects.filter(recipient=person, read_at__isnull=True):
        params: dict[str, Any] = notification.params or {}
        if params.get("learner") == learner or params.get("code") in envelope_codes:
            notification_mark_read(user=person, notification=notification)
