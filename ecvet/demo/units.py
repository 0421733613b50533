"""The seed's two units of learning outcomes, word for word, with their Latvian translation.

The English is the seed's own text (its wording and spelling kept: "woos work", "Participate
active"), only the lines its PDF extraction wrapped are joined and the bullets dropped. The
Latvian uses the terms of the glossary in ``shared/domain/ECVET.md``. ``esco`` names the ESCO
skills (URIs of ESCO v1.2) the demo links to an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecvet.qualifications.models import Category, UnitKind

ESCO_SKILL = "http://data.europa.eu/esco/skill/"
TYPES_OF_WOOD = ESCO_SKILL + "cf2005ee-c788-4283-81d9-b443dfdf2c2e"
TIMBER_PRODUCTS = ESCO_SKILL + "2336b108-a59b-4ff0-84c4-d838b4d297bd"
DISTINGUISH_WOOD_QUALITY = ESCO_SKILL + "a36de838-7fd3-474a-8391-492354b47fc1"
WOOD_PRESERVATION = ESCO_SKILL + "6044d62b-7499-4c5d-81ae-2fea443013b2"
CONSTRUCTION_SAFETY = ESCO_SKILL + "86df7af2-f9f3-4c06-a500-7f1fba9e78fe"
WOODWORKING_TOOLS = ESCO_SKILL + "4c06a716-6363-4308-b548-88f7a3e70097"
JOIN_WOOD_ELEMENTS = ESCO_SKILL + "2e8e2acf-5d58-4d99-807d-2ed77a6c8b17"
USE_HAND_TOOLS = ESCO_SKILL + "7cd6de25-f691-4aac-81a2-a9d09b004b38"
CARPENTRY = ESCO_SKILL + "19858dd3-a5fe-4855-b644-6ecfefd1c384"
CONSTRUCTION_TEAM = ESCO_SKILL + "4fa2d6ba-4fff-4f21-bddd-4a54ae840955"


@dataclass(frozen=True)
class Row:
    """A line of a column: an outcome, or a topic heading over the outcomes below it."""

    en: str
    lv: str
    is_heading: bool = False
    esco: tuple[str, ...] = ()


def heading(en: str, lv: str) -> Row:
    return Row(en, lv, is_heading=True)


@dataclass(frozen=True)
class DemoUnit:
    name: dict[str, str]
    area_of_work: dict[str, str]
    kind: str
    national_level: str
    columns: dict[str, list[Row]]
    # The Carpenter qualification, or a free-text reference for a supplementary unit.
    of_carpenter: bool = False
    qualification_reference: dict[str, str] = field(default_factory=dict)

    @property
    def outcomes(self) -> list[Row]:
        return [row for rows in self.columns.values() for row in rows if not row.is_heading]


REPAIR = DemoUnit(
    name={"en": "Repair or Rebuilding jobs", "lv": "Remonta vai pārbūves darbi"},
    of_carpenter=True,
    area_of_work={
        "en": "Reconstruction wood making with traditional elements and cultural focus",
        "lv": "Koka izstrādājumu rekonstrukcija ar tradicionāliem elementiem un "
        "kultūrvēsturisku ievirzi",
    },
    national_level="3",
    kind=UnitKind.PROFESSIONAL,
    columns={
        Category.KNOWLEDGE: [
            heading("Wooden materials", "Koka materiāli"),
            Row(
                "Identifying and selecting different wood sorts.",
                "Dažādu koksnes veidu atpazīšana un izvēle.",
                esco=(TYPES_OF_WOOD,),
            ),
            Row(
                "Knowing the use and possibilities of the different wood materials.",
                "Dažādu koka materiālu pielietojuma un iespēju pārzināšana.",
                esco=(TIMBER_PRODUCTS,),
            ),
            Row(
                "Identifying the lacks of different materials.",
                "Dažādu materiālu trūkumu atpazīšana.",
                esco=(DISTINGUISH_WOOD_QUALITY,),
            ),
            Row(
                "Knowledge about proper treatment of woods.",
                "Zināšanas par pareizu koksnes apstrādi.",
                esco=(WOOD_PRESERVATION,),
            ),
            heading(
                "Historical and traditional work methods",
                "Vēsturiskās un tradicionālās darba metodes",
            ),
            Row("Knowledge of carpenter traditions.", "Zināšanas par galdniecības tradīcijām."),
            Row(
                "Present the local specified carpenter work.",
                "Iepazīstināt ar vietējiem, reģionam raksturīgajiem galdnieka darbiem.",
            ),
            Row(
                "Knowledge of local safety rules.",
                "Zināšanas par vietējiem darba drošības noteikumiem.",
                esco=(CONSTRUCTION_SAFETY,),
            ),
            Row(
                "Knowledge about different kind of tools and equipment.",
                "Zināšanas par dažāda veida darbarīkiem un aprīkojumu.",
                esco=(WOODWORKING_TOOLS,),
            ),
            heading("Miter and Lock Joints", "Ģērsavienojumi un fiksējošie savienojumi"),
            Row(
                "Knowledge about joints for doors.",
                "Zināšanas par durvju savienojumiem.",
                esco=(JOIN_WOOD_ELEMENTS,),
            ),
            # No full stop in the seed either.
            Row(
                "Knowledge about copying different joints",
                "Zināšanas par dažādu savienojumu atveidošanu",
            ),
        ],
        Category.SKILLS: [
            Row(
                "Work within respect for the local carpenter tradition.",
                "Strādāt, cienot vietējās galdniecības tradīcijas.",
            ),
            Row(
                "Identify and use different hand tools in accordance to the different kind of "
                "woos work.",
                "Atpazīt un lietot dažādus rokas darbarīkus atbilstoši dažāda veida koka darbiem.",
                esco=(USE_HAND_TOOLS, WOODWORKING_TOOLS),
            ),
            Row(
                "Identify and use different electrical tools according to the different kind "
                "of wood work.",
                "Atpazīt un lietot dažādus elektriskos darbarīkus atbilstoši dažāda veida koka "
                "darbiem.",
                esco=(WOODWORKING_TOOLS,),
            ),
            Row(
                "Work accurately with tasks of joinery.",
                "Precīzi veikt galdniecības darba uzdevumus.",
                esco=(JOIN_WOOD_ELEMENTS, CARPENTRY),
            ),
            Row(
                "Choose the right material and treatment of woods.",
                "Izvēlēties piemērotu materiālu un koksnes apstrādi.",
                esco=(TYPES_OF_WOOD,),
            ),
            Row(
                "Choosing the right working methods for the different carpenter tasks.",
                "Izvēlēties piemērotas darba metodes dažādiem galdnieka darba uzdevumiem.",
            ),
            Row(
                "Act in accordance to the local safety rules.",
                "Rīkoties saskaņā ar vietējiem darba drošības noteikumiem.",
                esco=(CONSTRUCTION_SAFETY,),
            ),
        ],
        Category.COMPETENCE: [
            Row(
                "Use the described skills with a responsible mind set.",
                "Izmantot aprakstītās prasmes ar atbildīgu attieksmi.",
            ),
            Row(
                "Describe and obtain a level of quality, that suits the expected standards of "
                "carpenter work.",
                "Aprakstīt un sasniegt tādu kvalitātes līmeni, kas atbilst galdnieka darbam "
                "izvirzītajiem standartiem.",
            ),
            Row(
                "Meet the host-company and co-workers with an open mind.",
                "Ar atvērtu attieksmi iepazīt uzņemošo uzņēmumu un darba kolēģus.",
            ),
            Row(
                "Behave and act politely with respect for the host country.",
                "Uzvesties un rīkoties pieklājīgi, izrādot cieņu uzņemošajai valstij.",
            ),
            Row(
                "Cooperate with both company manager as well as co-workers and participate in "
                "the team work that already exist at the company.",
                "Sadarboties gan ar uzņēmuma vadītāju, gan ar darba kolēģiem un iesaistīties "
                "uzņēmumā jau esošajā komandas darbā.",
                esco=(CONSTRUCTION_TEAM,),
            ),
        ],
    },
)

INTERNATIONALIZATION = DemoUnit(
    name={
        "en": "Internationalization and Project Management",
        "lv": "Internacionalizācija un projektu vadība",
    },
    qualification_reference={
        "en": "Global mind set and trade opportunity",
        "lv": "Globāla domāšana un tirdzniecības iespējas",
    },
    area_of_work={
        "en": "Information and research before, due and after cross-border exchange",
        "lv": "Informācija un izpēte pirms pārrobežu apmaiņas, tās laikā un pēc tās",
    },
    national_level="3",
    kind=UnitKind.ENTREPRENEURSHIP,
    columns={
        Category.KNOWLEDGE: [
            Row(
                "Understand the advances of international collaboration and network within the "
                "specific craftsman field.",
                "Izprast starptautiskās sadarbības un kontaktu tīkla priekšrocības konkrētajā "
                "amata jomā.",
            ),
            Row(
                "Know that international trade opportunity can have positive effect on local "
                "craftsman businesses.",
                "Zināt, ka starptautiskās tirdzniecības iespējas var pozitīvi ietekmēt vietējos "
                "amatniecības uzņēmumus.",
            ),
            Row(
                "Understand that a global mind set is an important labour skill now and in the "
                "future.",
                "Izprast, ka globāla domāšana ir svarīga darba prasme gan tagad, gan nākotnē.",
            ),
            Row(
                "Know or have to seek knowledge about manage a project/making a business plan.",
                "Zināt vai prast sameklēt, kā vadīt projektu/sagatavot biznesa plānu.",
            ),
            Row(
                "Have a basic understanding of innovation and entrepreneurship/start up own "
                "business.",
                "Pamatos izprast inovācijas un uzņēmējdarbību/sava uzņēmuma dibināšanu.",
            ),
        ],
        Category.SKILLS: [
            Row(
                "Participate active within the new international network and keep in contact.",
                "Aktīvi darboties jaunajā starptautiskajā kontaktu tīklā un uzturēt saziņu.",
            ),
            Row(
                "Listen active to understand the local and specific craftsman tradition.",
                "Aktīvi klausīties, lai izprastu vietējās un konkrētā amata tradīcijas.",
            ),
            Row(
                "Reflect over possible trade opportunity between the two countries.",
                "Apsvērt iespējamo tirdzniecības sadarbību starp abām valstīm.",
            ),
            Row(
                "Include a global mind set and way of thinking when it comes to future career "
                "possibility.",
                "Domāt globāli, apsverot savas turpmākās karjeras iespējas.",
            ),
            Row(
                "Seek relevant knowledge about making a realistic business plan.",
                "Meklēt noderīgas zināšanas par reālistiska biznesa plāna sagatavošanu.",
            ),
            Row(
                "Think and tell about innovative, international ideas for future business "
                "opportunities within the field of the specific craftsman field.",
                "Domāt un stāstīt par inovatīvām, starptautiskām idejām turpmākām "
                "uzņēmējdarbības iespējām konkrētā amata jomā.",
            ),
        ],
        Category.COMPETENCE: [
            Row(
                "Connect and keep in contact with the new network met at the internship abroad.",
                "Veidot un uzturēt saziņu ar jaunajiem kontaktiem, kas iegūti praksē ārzemēs.",
            ),
            Row(
                "Be open for new input to understand the host-company business plan.",
                "Būt atvērtam jaunai informācijai, lai izprastu uzņemošā uzņēmuma biznesa plānu.",
            ),
            Row(
                "Be open minded towards understand the local and specific craftsman tradition.",
                "Būt atvērtam vietējo un konkrētā amata tradīciju izpratnei.",
            ),
            Row(
                "Be curious towards business opportunities between the two countries.",
                "Interesēties par uzņēmējdarbības iespējām starp abām valstīm.",
            ),
            # No full stop in the seed either.
            Row("Be open for innovative ideas", "Būt atvērtam inovatīvām idejām"),
        ],
    },
)

UNITS = [REPAIR, INTERNATIONALIZATION]
