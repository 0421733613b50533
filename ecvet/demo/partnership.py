"""The demo partnership: the sending school and the host school work together on the seed's
two units and have signed their MoU.

Built only through the services, in the order people would have done it, so the demo shows
what the product itself makes: the partnership's terms and trainee profile, both units in
scope, "Repair or Rebuilding jobs" agreed by both schools (with the host's comment and an open
proposal on it), "Internationalization and Project Management" agreed by the sending school
and still awaiting the host's agreement, and MoU version 1 signed online by both schools'
coordinators.

The host company is not a partner of the MoU: it has no coordinator in the demo (only its
mentor), so nobody could ever agree a unit for it and no unit would be agreed by every
partner. The host school's responsibilities name it instead, as the workplace the school finds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ecvet.accounts.models import User
from ecvet.institutions.models import ContactPerson, Institution
from ecvet.notifications.services import notification_mark_all_read
from ecvet.partnerships.models import NoteKind, PartnerRole, Partnership, PartnershipUnit
from ecvet.partnerships.selectors import managers_of
from ecvet.partnerships.services.memoranda import memorandum_send
from ecvet.partnerships.services.partnerships import (
    partner_add,
    partner_update,
    partnership_create,
)
from ecvet.partnerships.services.units import (
    agreement_request,
    partnership_unit_add,
    unit_agreement_record,
    unit_note_add,
)
from ecvet.qualifications.models import Category, Unit
from ecvet.signing.services import signature_sign

TITLE = "Carpenters Cēsis-Aalborg: traditional woodwork"
FILE_CODE = "VAT-NE-2026/01"

TERMS: dict[str, Any] = {
    "objectives": {
        "en": "Send carpentry learners of Vidzemes Amatu tehnikums to Aalborg for practical "
        "training in traditional joinery and the repair of wooden buildings, and receive "
        "Danish learners in Cēsis in return; write together units of learning outcomes of the "
        "Carpenter qualification that both schools assess and recognise in the same way.",
        "lv": "Sūtīt Vidzemes Amatu tehnikuma galdniecības audzēkņus uz Olborgu praktiskās "
        "mācībās tradicionālajā galdniecībā un koka ēku remontā un pretī uzņemt Dānijas "
        "audzēkņus Cēsīs; kopīgi izstrādāt kvalifikācijas “Galdnieks” mācīšanās rezultātu "
        "vienības, kuras abas skolas novērtē un atzīst vienādi.",
    },
    "other_organisations": {
        "en": "Competent bodies: the National Centre for Education of Latvia (Valsts "
        "izglītības satura centrs), which sets the Carpenter qualification standard, and the "
        "Danish Ministry of Children and Education, for the host school's programmes. Host "
        "company: Hansen Snedkeri ApS, Aalborg, where the learners train at the workplace.",
        "lv": "Kompetentās iestādes: Valsts izglītības satura centrs, kas nosaka kvalifikācijas "
        "“Galdnieks” standartu, un Dānijas Bērnu un izglītības ministrija, kas atbild par "
        "uzņemošās skolas programmām. Uzņemošais uzņēmums: Hansen Snedkeri ApS Olborgā, kur "
        "audzēkņi mācās darba vidē.",
    },
    "assessment": {
        "en": "The host school's teacher and the mentor at the host company assess each "
        "learning outcome of the agreed units at the workplace: by watching the learner at "
        "work, by a practical task in the last week of the mobility and by a short interview, "
        "against the criteria set in the Learning Agreement. The learner assesses his or her "
        "own work against the same outcomes.",
        "lv": "Uzņemošās skolas skolotājs un uzņemošā uzņēmuma mentors novērtē katru saskaņoto "
        "vienību mācīšanās rezultātu darba vietā: vērojot audzēkņa darbu, ar praktisku "
        "uzdevumu mobilitātes pēdējā nedēļā un īsu sarunu, pēc mācību līgumā noteiktajiem "
        "kritērijiem. Audzēknis veic sava darba pašvērtējumu pēc tiem pašiem rezultātiem.",
    },
    "documentation": {
        "en": "The host school issues a transcript of records: the units and learning outcomes "
        "assessed, the results and who assessed them. The sending school issues Europass "
        "Mobility, completed and signed by both schools.",
        "lv": "Uzņemošā skola izsniedz sekmju izrakstu: novērtētās vienības un mācīšanās "
        "rezultāti, vērtējumi un vērtētāji. Nosūtošā skola izsniedz Europass mobilitātes "
        "dokumentu, ko aizpilda un paraksta abas skolas.",
    },
    "validation_recognition": {
        "en": "Within four weeks of the learner's return the sending school validates the "
        "assessed outcomes against the Carpenter qualification and recognises them: as credit "
        "for the practical placement, as a grade in the grade book, and at the qualification "
        "exam.",
        "lv": "Četru nedēļu laikā pēc audzēkņa atgriešanās nosūtošā skola apstiprina "
        "novērtētos mācīšanās rezultātus atbilstoši kvalifikācijai “Galdnieks” un tos atzīst: "
        "ieskaita kā praksi, ieraksta vērtējumu žurnālā un ņem vērā kvalifikācijas eksāmenā.",
    },
    "mobility_min_weeks": 2,
    "mobility_max_weeks": 12,
    "valid_from": date(2026, 1, 1),
    "valid_until": date(2028, 12, 31),
    "evaluation": {
        "en": "Every June, after the spring mobilities, the coordinators review the "
        "cooperation with the mentors' and the learners' feedback. Units are revised as new "
        "versions; a change of this memorandum is an amendment signed again by both schools.",
        "lv": "Katru jūniju pēc pavasara mobilitātēm koordinatori izvērtē sadarbību, ņemot "
        "vērā mentoru un audzēkņu atsauksmes. Vienības pārskata, veidojot jaunas versijas; "
        "šī memoranda izmaiņas ir grozījumi, ko abas skolas paraksta no jauna.",
    },
}

#: The trainee profile template the sending school gives the host (slide 8).
PROFILE: dict[str, dict[str, str]] = {
    "profile_knowledge": {
        "en": "Wood species and their properties; reading working drawings; the basics of "
        "traditional joints; the safety rules of a workshop.",
        "lv": "Koksnes sugas un to īpašības; darba rasējumu lasīšana; tradicionālo "
        "savienojumu pamati; darbnīcas darba drošības noteikumi.",
    },
    "profile_skills": {
        "en": "Uses hand tools (planes, chisels, saws) safely and accurately; uses a circular "
        "saw and a drill under supervision; makes simple frame and mortise-and-tenon joints.",
        "lv": "Droši un precīzi lieto rokas darbarīkus (ēveles, kaltus, zāģus); uzraudzībā "
        "lieto ripzāģi un urbjmašīnu; izgatavo vienkāršus rāmja un tapas savienojumus.",
    },
    "profile_competence": {
        "en": "Plans the work on a simple piece from a drawing; checks the quality of his or "
        "her own work and corrects it.",
        "lv": "Plāno darbu pie vienkārša izstrādājuma pēc rasējuma; pārbauda sava darba "
        "kvalitāti un to labo.",
    },
    "profile_social": {
        "en": "Works in a team; speaks English at level A2-B1; is punctual and keeps the "
        "workplace tidy.",
        "lv": "Strādā komandā; runā angliski A2-B1 līmenī; ir punktuāls un uztur darba vietā "
        "kārtību.",
    },
}

SENDING_RESPONSIBILITIES = {
    "en": "Selects and prepares the learners (language, safety at work, the units), sends the "
    "trainee profile, agrees the Learning Agreement with each learner and the host, and "
    "validates and recognises the outcomes after the mobility.",
    "lv": "Atlasa un sagatavo audzēkņus (valoda, darba drošība, vienības), nosūta praktikanta "
    "profilu, saskaņo mācību līgumu ar katru audzēkni un uzņemošo skolu, pēc mobilitātes "
    "apstiprina un atzīst mācīšanās rezultātus.",
}
HOST_RESPONSIBILITIES = {
    "en": "Finds the workplace at Hansen Snedkeri ApS and names the mentor, proposes what the "
    "learners can learn there, assesses the learners and issues the transcript of records.",
    "lv": "Atrod prakses vietu uzņēmumā Hansen Snedkeri ApS un nozīmē mentoru, ierosina, ko "
    "audzēkņi tur var apgūt, novērtē audzēkņus un izsniedz sekmju izrakstu.",
}
SIGNATORY_JOB_TITLE = "International coordinator, authorised by the director"

HOST_COMMENT = (
    "Our workshop restores half-timbered houses, so the learners will mostly work on windows "
    "and doors: the joints for doors fit very well. Could the learners bring their own "
    "marking gauge and chisels?"
)
HOST_PROPOSAL = (
    "Make a traditional Danish window frame with mortise-and-tenon joints and finish it with "
    "linseed-oil paint."
)


@dataclass(frozen=True)
class DemoPartnership:
    partnership: Partnership
    repair: PartnershipUnit
    internationalization: PartnershipUnit


def demo_partnership(
    *,
    sending: Institution,
    host_school: Institution,
    repair: Unit,
    internationalization: Unit,
    password: str,
) -> Partnership:
    """The demo partnership, built once. One already there is left as it is: its MoU is
    signed, and signatures are never changed (the demo's own later work goes on from there)."""
    existing = Partnership.objects.filter(owner=sending, title=TITLE).first()
    if existing is not None:
        return existing
    coordinator = User.objects.get(username="coordinator")
    host = User.objects.get(username="host")
    built = _terms_partners_and_units(
        coordinator=coordinator,
        host=host,
        sending=sending,
        host_school=host_school,
        repair=repair,
        internationalization=internationalization,
    )
    _sign_memorandum(built.partnership, coordinator=coordinator, host=host, password=password)
    # The schools' managers read what they were sent while the MoU went round; what follows
    # is new to them.
    for person in managers_of({sending.pk, host_school.pk}):
        notification_mark_all_read(user=person)
    _host_writes_on_repair(built.repair, host=host)
    # A reminder: the host still has to agree the second unit.
    agreement_request(
        actor=coordinator,
        partnership_unit=built.internationalization,
        only=[built.partnership.partners.get(institution=host_school)],
    )
    return built.partnership


def _terms_partners_and_units(
    *,
    coordinator: User,
    host: User,
    sending: Institution,
    host_school: Institution,
    repair: Unit,
    internationalization: Unit,
) -> DemoPartnership:
    partnership = partnership_create(
        actor=coordinator,
        owner=sending,
        title=TITLE,
        file_code=FILE_CODE,
        **TERMS,
        **PROFILE,
    )
    partner_update(
        actor=coordinator,
        partner=partnership.partners.get(institution=sending),
        responsibilities=SENDING_RESPONSIBILITIES,
        contact=_contact(sending, "Ilze Kalniņa"),
        signatory=coordinator,
        signatory_job_title=SIGNATORY_JOB_TITLE,
    )
    host_partner = partner_add(
        actor=coordinator,
        partnership=partnership,
        institution=host_school,
        role=PartnerRole.HOSTING,
        responsibilities=HOST_RESPONSIBILITIES,
        contact=_contact(host_school, "Mette Nielsen"),
    )
    # The host school's own coordinator says who signs for it.
    partner_update(
        actor=host,
        partner=host_partner,
        signatory=host,
        signatory_job_title=SIGNATORY_JOB_TITLE,
    )
    repair_item = partnership_unit_add(actor=coordinator, partnership=partnership, unit=repair)
    international_item = partnership_unit_add(
        actor=coordinator, partnership=partnership, unit=internationalization
    )
    sending_partner = partnership.partners.get(institution=sending)
    for item in (repair_item, international_item):
        unit_agreement_record(actor=coordinator, partnership_unit=item, partner=sending_partner)
    unit_agreement_record(actor=host, partnership_unit=repair_item, partner=host_partner)
    return DemoPartnership(partnership, repair_item, international_item)


def _contact(institution: Institution, name: str) -> ContactPerson:
    return ContactPerson.objects.get(institution=institution, name=name)


def _sign_memorandum(
    partnership: Partnership, *, coordinator: User, host: User, password: str
) -> None:
    """MoU version 1 sent by the coordinator and signed online by both schools."""
    memorandum = partnership.memoranda.get(number=1)
    envelope = memorandum_send(actor=coordinator, memorandum=memorandum)
    places = {coordinator.pk: "Cēsis", host.pk: "Aalborg"}
    for person in (coordinator, host):
        slot = envelope.signatories.get(user=person)
        signature_sign(
            envelope=envelope,
            signatory=slot,
            user=person,
            password=password,
            seen_hash=envelope.content_hash,
            place=places[person.pk],
        )


def _host_writes_on_repair(item: PartnershipUnit, *, host: User) -> None:
    unit_note_add(
        actor=host,
        partnership_unit=item,
        kind=NoteKind.COMMENT,
        text=HOST_COMMENT,
        language="en",
    )
    unit_note_add(
        actor=host,
        partnership_unit=item,
        kind=NoteKind.PROPOSAL,
        text=HOST_PROPOSAL,
        language="en",
        category=Category.SKILLS,
    )
