"""Norwegian words the importer recognises (bokmål and nynorsk).

These are general vocabularies of Norwegian public-sector strategy documents and of the
language itself (function words, verbs), never words from one particular document.
"""

from __future__ import annotations

import functools
import re


def _words(text: str) -> list[str]:
    return text.split()


# Prepositions and conjunctions: a capitalised word right after one of these is part of the same
# phrase ("i Askim", "og Facebook"), not the start of a new item.
PREPOSITIONS = frozenset(
    _words(
        """i på til fra frå av for med om mot ved hos under over etter før innen innan uten utan
    gjennom mellom blant langs rundt overfor per pr som enn inn ut opp ned bak foran
    utenfor utanfor innenfor innanfor angående vedrørende iht jf via"""
    )
)
CONJUNCTIONS = frozenset(
    _words("""og eller men samt både enten verken at så der når dersom hvis om""")
)
DETERMINERS = frozenset(
    _words(
        """en ei et eit ein den det de dei denne dette disse desse sin sitt sine min mitt mine
    vår vårt våre deres dykkar hans hennes hennar alle all alt hver hvert kvar kvart ingen
    inga noen nokon noko mange flere fleire andre annen anna annet egen eget egne eigen
    eige eigne begge hele heile"""
    )
)
PRONOUNS = frozenset(_words("""vi du dere de dei han hun ho man seg oss vi eg jeg me"""))
# Words that start a sentence (or a list item) when capitalised, even after a preposition:
# "… feriera i Alt kommunikasjonsarbeid …" is two sentences whose subject was an image.
SENTENCE_STARTERS = frozenset(
    _words(
        """alt alle det dette disse desse denne de dei den vi her der da då derfor difor dermed
    deretter dessuten samtidig også videre vidare slik hvordan korleis hva kva hvem kven
    hvorfor kvifor hvor når gjennom ved for i"""
    )
)
QUESTION_WORDS = frozenset(
    ["hvordan", "korleis", "hva", "kva", "hvem", "kven", "hvorfor", "kvifor", "hvor", "når"]
)
# A sentence that opens with one of these refers back to what came before it.
BACK_REFERENCES = frozenset(
    ["dette", "disse", "desse", "denne", "slik", "her", "da", "då", "derfor", "difor", "som"]
)
FUNCTION_WORDS = PREPOSITIONS | CONJUNCTIONS | DETERMINERS | PRONOUNS | SENTENCE_STARTERS

# Finite verbs that tell a clause has begun ("Askim kommune skal …", "ISK er …").
FINITE_VERBS = frozenset(
    _words(
        """er var har hadde skal skulle vil ville kan kunne må måtte bør burde blir ble vert vart
    får fikk gir gav gjer gjør gjorde ønsker ønskjer bruker brukar tar går ligger ligg
    finnes fins følger følgjer legger legg inneholder inneheld innebærer inneber
    representerer skjer trenger treng sørger syter jobber mener meiner gjelder gjeld betyr
    tyder handler består utgjør omfatter dreier sikrer styrker skaper skapar bidrar bidreg
    bygger byggjer lyder heter heiter står"""
    )
)
_PASSIVE = re.compile(r"^[a-zæøå]{4,}[^s]es$")
# Genitive plurals look like passives ("nærutvalgenes", "lederes") but are nouns.
_GENITIVE = re.compile(r"(enes|ernes|anes)$")


@functools.lru_cache(maxsize=16384)
def is_finite_verb(word: str) -> bool:
    w = word.lower().strip(".,;:!?»«\"'()")
    return w in FINITE_VERBS or (bool(_PASSIVE.match(w)) and not _GENITIVE.search(w))


# Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    _words(
        """nr pr eks f.eks bl.a ca jf osv o.l etc mht komm dvs evt ev kap tlf st ref inkl ekskl
    m.m m.fl t.d o.a d.v.s vs mv adm avd tilsv iht ang vedr jan feb mar apr jun jul aug
    sep sept okt nov des ver kl"""
    )
)

MONTHS = _words(
    """januar februar mars april mai juni juli august september oktober november desember"""
)
SEASONS = ["våren", "hausten", "høsten", "sommeren", "vinteren", "vårhalvåret", "høsthalvåret"]
WEEKDAYS = _words("""mandag tirsdag onsdag torsdag fredag lørdag søndag måndag tysdag laurdag""")
FREQUENCY_WORDS = _words(
    """fortløpende løpende kontinuerlig kontinuerleg jevnlig jamleg jevnlige jevnleg årlig
    årlige årleg årlege halvårlig halvårlige halvårleg kvartalsvis månedlig månedlige
    månadleg ukentlig ukentlige vekentleg daglig daglige dagleg"""
)

# Channel vocabulary: platforms are channels by name; the nouns are heads of channel phrases
# ("egen informativ hjemmeside", "kommunens nettside", "Fellesannonsering i lokalpressen").
PLATFORMS = {
    "facebook": "social",
    "twitter": "social",
    "instagram": "social",
    "linkedin": "social",
    "youtube": "social",
    "flickr": "social",
    "snapchat": "social",
    "tiktok": "social",
    "x": "social",
    "vimeo": "video",
    "podkast": "video",
    "podcast": "video",
}
CHANNEL_HEADS = {
    # web
    "nettside": "web",
    "nettsider": "web",
    "nettsida": "web",
    "nettsiden": "web",
    "nettsidene": "web",
    "nettstad": "web",
    "nettstaden": "web",
    "hjemmeside": "web",
    "hjemmesider": "web",
    "hjemmesiden": "web",
    "hjemmesidene": "web",
    "heimeside": "web",
    "heimesida": "web",
    "internettside": "web",
    "internettsider": "web",
    "internettsiden": "web",
    "internett": "web",
    "nettportal": "web",
    "nettportalen": "web",
    "nettavis": "media",
    "intranett": "intranet",
    "intranettet": "intranet",
    "intranettside": "intranet",
    # social
    "sosiale medier": "social",
    "sosiale media": "social",
    "sosiale medium": "social",
    "facebook-side": "social",
    "facebookside": "social",
    # media
    "media": "media",
    "medier": "media",
    "mediene": "media",
    "pressen": "media",
    "presse": "media",
    "lokalpressen": "media",
    "lokalavis": "media",
    "lokalavisa": "media",
    "lokalavisene": "media",
    "avisa": "media",
    "avisene": "media",
    "lokalaviser": "media",
    "aviser": "media",
    "avis": "media",
    "radio": "media",
    "tv": "media",
    "pressemelding": "media",
    "pressemeldinger": "media",
    "pressekonferanse": "media",
    "pressekonferanser": "media",
    # print
    "brosjyre": "print",
    "brosjyrer": "print",
    "trykksaker": "print",
    "trykksak": "print",
    "flyers": "print",
    "plakater": "print",
    "annonser": "print",
    "annonsering": "print",
    "fellesannonsering": "print",
    "velkomstbrev": "print",
    "informasjonsbrev": "print",
    "infoskriv": "print",
    "kommuneavis": "print",
    "nyhetsbrev": "email",
    "e-post": "email",
    "epost": "email",
    "sms": "email",
    # meetings and direct contact
    "folkemøter": "meeting",
    "folkemøte": "meeting",
    "dialogmøter": "meeting",
    "allmøter": "meeting",
    "bystyremøter": "video",
    "kommunestyremøter": "video",
    "publikumskontakt": "direct",
    "kontakt": "direct",
    "kontakten": "direct",
    "servicetorg": "direct",
    "servicetorget": "direct",
    "servicekontor": "direct",
    "servicekontoret": "direct",
    "strømming": "video",
    "kommune-tv": "video",
    "video": "video",
    "film": "video",
    "filmer": "video",
}
# Compound endings that make a word a channel noun ("bystyremøter", "kommunenettsiden").
CHANNEL_SUFFIXES = (
    ("nettside", "web"),
    ("nettsider", "web"),
    ("hjemmeside", "web"),
    ("hjemmesider", "web"),
    ("annonsering", "print"),
    ("brev", "print"),
    ("møter", "meeting"),
    ("avis", "media"),
    ("aviser", "media"),
    ("kontakt", "direct"),
    ("-side", "social"),
    ("portal", "web"),
)
# Channel nouns concrete enough to count when a plan merely mentions them (no channel list).
MENTION_HEADS = frozenset(
    _words(
        """sosiale medier sosiale media media medier mediene intranett intranettet trykksaker
    trykksak flyers brosjyre brosjyrer plakater nyhetsbrev kommuneavis lokalavis
    lokalaviser avis aviser radio tv e-post sms nettportal nettportalen"""
    )
) | {"sosiale medier", "sosiale media"}
# Generic words for channels that name no channel by themselves.
GENERIC_CHANNEL_WORDS = frozenset(
    _words(
        """kanal kanalen kanaler kanalene kanalar hovedkanal hovedkanalen hovedkanaler
    informasjonskanal informasjonskanalen informasjonskanaler informasjonskanalar
    kommunikasjonskanal kommunikasjonskanalen kommunikasjonskanaler kommunikasjonskanalene
    nyhetskanal plattform plattformer"""
    )
)
URL = re.compile(
    r"(?<![\w@/])(?:https?://)?(?:www\.)?[a-zæøå0-9-]+(?:\.[a-zæøå0-9-]+)*"
    r"\.(?:no|com|org|net|kommune\.no)(?:/[^\s,;)]*)?(?![\w])|(?<![\w@/])www\.[a-zæøå0-9-]+\b",
    re.I,
)

# Heads of target-group phrases, used to split run-together lists ("innbyggjarar næringsliv …").
TARGET_GROUP_HEADS = frozenset(
    _words(
        """innbyggere innbyggerne innbyggarar innbyggjarar innbyggjarane befolkningen folk
    ansatte tilsette medarbeidere medarbeidarar arbeidstakere ledere leiarar ledelsen
    politikere politikarar folkevalgte folkevalde avgjerdstakarar beslutningstakere
    næringsliv næringslivet næringslivet næringsaktører bedrifter verksemder virksomheter
    etablerere etablerarar gründere grundere tilflyttere tilflyttarar turister besøkende
    besøkjande tilreisende hytteeiere media presse pressen journalister brukere brukarar
    pårørende pårørande elever studenter ungdom unge barn eldre foreldre frivillige
    frivilligheten organisasjoner organisasjonar lag foreninger fagforeninger
    tillitsvalgte samarbeidspartnere samarbeidspartnarar leverandører myndigheter
    styresmakter departementet departementer fylkeskommunen fylkesmannen statsforvaltaren
    kommuner kommunar kommunene nabokommuner omverden omverda omverdenen opinionen
    allmennheten allmenta kompetansemiljøer kompetansemiljø forskningsmiljøer investorer
    søkere"""
    )
)

# Role nouns (who does what), used for responsible columns and role sentences.
ROLE_HEADS = (
    "rådmann",
    "rådmenn",
    "rådmannen",
    "kommunedirektør",
    "kommunedirektøren",
    "ordfører",
    "ordføreren",
    "varaordfører",
    "leder",
    "ledere",
    "lederne",
    "leiar",
    "leiarar",
    "enhetsleder",
    "enhetsledere",
    "virksomhetsleder",
    "virksomhetsledere",
    "avdelingsleder",
    "avdelingsledere",
    "kommunalsjef",
    "kommunalsjefer",
    "styreleder",
    "daglig leder",
    "kommunikasjonssjef",
    "kommunikasjonsrådgiver",
    "kommunikasjonsenheten",
    "kommunikasjonsavdelingen",
    "kommunikasjonsstaben",
    "informasjonsansvarlig",
    "kommunikasjonsansvarlig",
    "prosjektleder",
    "prosjektleiar",
    "koordinator",
    "sekretariat",
    "sekretariatet",
    "administrasjonen",
    "arbeidsutvalget",
    "styringsgruppa",
    "styringsgruppen",
    "redaktør",
    "redaktører",
    "hovedredaktør",
    "hovedredaktører",
    "talsperson",
    "servicetorget",
)

# Heading cues: which section a heading opens. Checked on whole words.
SECTION_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("toc", re.compile(r"^(innhold|innholdsfortegnelse|innhaldsliste|innhald)$")),
    (
        "actions",
        re.compile(
            r"\b(tiltak|tiltaka|tiltakene|tiltaksplan|tiltaksliste|handlingsplan|handlingsdel|"
            r"aktiviteter|aktivitetar|aktivitetsplan|årlige tiltak|årlege tiltak|tiltak og "
            r"aktiviteter)\b"
        ),
    ),
    (
        "target_groups",
        re.compile(
            r"\b(målgrupper|målgruppe|målgruppa|målgruppene|målgruppen|målgrupper og|"
            r"interessenter|prioriterte målgrupper|andre målgrupper|primærmålgrupper|"
            r"sekundærmålgrupper)\b"
        ),
    ),
    (
        "messages",
        re.compile(
            r"\b(budskap|kjernebudskap|hovedbudskap|hovudbodskap|bodskap|kjernebodskap|"
            r"budskapet|budskapene|viktige budskap|andre viktige budskap)\b"
        ),
    ),
    (
        "channels",
        re.compile(
            r"\b(kanaler|kanalar|kanalene|kanalane|kommunikasjonskanaler|kommunikasjonskanalene|"
            r"kommunikasjonskanalar|informasjonskanaler|informasjonskanalar|"
            r"informasjons- og kommunikasjonskanaler|kanalvalg|kanalbruk|kanalstrategi)\b"
        ),
    ),
    (
        "rules",
        re.compile(
            r"\b(reglement|reglementer|lover|lovar|lovverk|relevante lover|regelverk|"
            r"føringer og lovverk|lover og regler|reglement og lover|retningslinjer)\b"
        ),
    ),
    (
        "crisis",
        re.compile(
            r"\b(krise|kriser|krisehåndtering|krisekommunikasjon|beredskap|"
            r"kriseberedskap|varsling|varslingsliste)\b"
        ),
    ),
    (
        "roles",
        re.compile(
            r"\b(roller|rolle|roller og ansvar|ansvar|ansvarsfordeling|ansvarsdeling|"
            r"informasjonsansvar|kommunikasjonsansvar|organisering|hvem gjør hva|kven gjer kva|"
            r"talspersoner|medieuttalelser|linjeansvar|lederansvar|leiaransvar|"
            r"kommunens ansvar)\b"
        ),
    ),
    (
        "principles",
        re.compile(
            r"\b(prinsipper|prinsipp|prinsippa|kommunikasjonsprinsipper|verdier|verdiar|"
            r"verdiene|verdigrunnlag|policy|kommunikasjonspolicy|grunnprinsipper)\b"
        ),
    ),
    (
        "challenges",
        re.compile(
            r"\b(utfordringer|utfordringar|utfordring|hovedutfordring|hovudutfordring|"
            r"kommunikasjonsutfordringer|kommunikasjonsutfordringar|utfordringane|"
            r"utfordringene)\b"
        ),
    ),
    (
        "desired_results",
        re.compile(r"\b(ønskede resultater|ønska resultat|ønskete resultater|effekter)\b"),
    ),
    ("strategy_description", re.compile(r"\b(strategibeskrivelse|beskrivelse)\b")),
    (
        "strategies",
        re.compile(
            r"^(strategi|strategier|strategiar|strategiene|strategiske grep|strategiske "
            r"hovedgrep|hovedgrep|strategisk grep|innsatsområder|satsingsområder)\b|"
            r"\b(strategiske grep|strategiske hovedgrep|hovedgrep|strategier for)\b"
        ),
    ),
    ("vision", re.compile(r"\b(visjon|visjonen|vår visjon|visjonar)\b")),
    (
        "goals",
        re.compile(
            r"\b(mål|målet|målene|måla|målsetting|målsettinger|målsetjing|målsetjingar|"
            r"målsetninger|målsetning|hovedmål|hovedmålene|hovudmål|hovudmåla|delmål|"
            r"kommunikasjonsmål|kommunikasjonsmålene|effektmål|resultatmål|overordnet mål|"
            r"overordna mål|overordnede mål|informasjonsmål)\b"
        ),
    ),
    (
        "purpose",
        re.compile(r"^(formål|formålet|hensikt|hensikten|hvorfor|bakgrunn|om planen)\b"),
    ),
    (
        "other",
        re.compile(
            r"^(innledning|innleiing|forord|sammendrag|samandrag|vedlegg|mandat|"
            r"dokumenthistorikk|referanser|kilder|detaljer)\b"
        ),
    ),
]

# Markers inside run-together slide text that set a priority or a message's core flag.
PRIORITY_ONE = re.compile(
    r"\b(høyest prioriterte|høgast prioriterte|prioriterte målgrupper|primære målgrupper|"
    r"primærmålgrupper|viktigste målgrupper|hovedmålgrupper|hovudmålgrupper)\b"
)
PRIORITY_TWO = re.compile(
    r"\b(andre målgrupper|sekundære målgrupper|sekundærmålgrupper|øvrige målgrupper)\b"
)
CORE_MESSAGE = re.compile(r"\b(hovedbudskap|kjernebudskap|hovudbodskap|kjernebodskap)\b")
OTHER_MESSAGE = re.compile(r"\b(andre (viktige )?budskap|andre bodskap|øvrige budskap)\b")

# Field labels in action lists ("Ansvarlig: Administrasjonen i regionrådet").
FIELD_LABELS = {
    "ansvarlig": "responsible",
    "ansvarlige": "responsible",
    "ansvar": "responsible",
    "ansvarleg": "responsible",
    "ansvarlege": "responsible",
    "hovedansvarlig": "responsible",
    "utføres av": "responsible",
    "finansiering": "financing",
    "finansiert": "financing",
    "kostnad": "financing",
    "kostnader": "financing",
    "budsjett": "financing",
    "midler": "financing",
    "tid": "when",
    "tidspunkt": "when",
    "tidsrom": "when",
    "tidsplan": "when",
    "frist": "when",
    "når": "when",
    "periode": "when",
    "hensikt": "purpose",
    "formål": "purpose",
    "målgruppe": "target_group",
    "målgrupper": "target_group",
    "kanal": "channel",
    "kanaler": "channel",
    "status": "status",
}

# Column headers of action tables ("Målgruppe Aktivitet Hensikt Ansvar Tid").
TABLE_COLUMNS = {
    "målgruppe": "target_group",
    "målgrupper": "target_group",
    "aktivitet": "title",
    "aktiviteter": "title",
    "tiltak": "title",
    "hva": "title",
    "hensikt": "purpose",
    "formål": "purpose",
    "mål": "purpose",
    "ansvar": "responsible",
    "ansvarlig": "responsible",
    "ansvarleg": "responsible",
    "hvem": "responsible",
    "tid": "when",
    "tidspunkt": "when",
    "frist": "when",
    "når": "when",
    "kanal": "channel",
    "kanaler": "channel",
    "finansiering": "financing",
    "kostnad": "financing",
    "budsjett": "financing",
    "delmål": "goal",
    "strategi": "strategy",
    "strategier": "strategy",
    "budskap": "message",
    "status": "status",
}

# Host-site and page furniture, one whole line each.
BOILERPLATE_LINES = re.compile(
    r"^(størrelse: ?px|begynne med side:?|transkript|upload|view|download|others|"
    r"embed size \(px\)|citation preview|presentasjon lastes\.? vennligst vent|"
    r"liknende presentasjoner|lignende presentasjoner|annonser fra google|detaljer|"
    r"del dette dokumentet|skriv ut|tilbake til toppen|last ned( som)? pdf|"
    r"page \d+( of \d+)?|side \d+( av \d+)?|sida \d+( av \d+)?|\d{1,4}|[.…_\-–— ]{3,}|"
    r"sted/dato|dato/sted|save this pdf as:?|word\s+png\s+txt\s+jpg|starte visningen fra side:?|"
    r"utskrift|skriv ut denne siden|del på facebook|del på twitter|del på linkedin|"
    r"sist oppdatert[^\n]{0,40}|publisert[^\n]{0,40})$",
    re.I,
)
CAPTION_LINES = re.compile(
    r"(høyreklikke|høgreklikke|lagre bildet som|^foto:|^bilde:|^illustrasjon:|"
    r"^bildetekst:|klikk for å forstørre)",
    re.I,
)
