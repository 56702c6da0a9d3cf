"""The columns of the action plan spreadsheet, and how a header names one.

The headers are Norwegian bokmål whatever the user's language: they are the file's contract, and
a municipality's own sheet is matched against them (and their synonyms) case- and
accent-insensitively, in any order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int  # in Excel's character units
    help: str  # for the «Veiledning» sheet
    synonyms: tuple[str, ...] = ()
    wrap: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "ID",
        9,
        "Tiltakets faste nøkkel i kommplan. La den stå: en rad med kjent ID endrer det tiltaket. "
        "En rad uten ID blir et nytt tiltak. Bokstaver, tall, punktum, bindestrek og understrek.",
        ("id", "ref", "tiltaksid", "tiltaksnr", "nøkkel"),
    ),
    Column(
        "title",
        "Tiltak",
        40,
        "Hva som skal gjøres. Påkrevd på hver rad.",
        ("tiltak", "tittel", "aktivitet", "tiltaksnavn", "navn på tiltak", "hva"),
        wrap=True,
    ),
    Column(
        "description",
        "Beskrivelse",
        50,
        "Utdyping av tiltaket.",
        ("beskrivelse", "innhold", "detaljer", "utdyping"),
        wrap=True,
    ),
    Column(
        "goal",
        "Mål",
        30,
        "Målet tiltaket hører til, som «id – tekst» (velg fra listen) eller målets tekst.",
        ("mål", "delmål", "hovedmål", "målsetting"),
        wrap=True,
    ),
    Column(
        "approach",
        "Strategi",
        30,
        "Strategien (delstrategien) tiltaket følger, som «id – tittel» (velg fra listen).",
        ("strategi", "delstrategi"),
        wrap=True,
    ),
    Column(
        "target_groups",
        "Målgrupper",
        25,
        "Målgruppenes navn, én per linje (eller skilt med semikolon).",
        ("målgrupper", "målgruppe"),
        wrap=True,
    ),
    Column(
        "channels",
        "Kanaler",
        25,
        "Kanalenes navn, én per linje (eller skilt med semikolon).",
        ("kanaler", "kanal", "kommunikasjonskanal", "kommunikasjonskanaler"),
        wrap=True,
    ),
    Column(
        "responsible",
        "Ansvarlig",
        25,
        "Hvem som har ansvaret, slik planen skriver det (en enhet, rolle eller person).",
        ("ansvarlig", "ansvar", "hvem", "ansvarlig enhet", "utføres av"),
        wrap=True,
    ),
    Column(
        "responsible_user",
        "Ansvarlig bruker",
        18,
        "Brukernavnet til den som rapporterer status i kommplan. Må være medlem av "
        "organisasjonen. Tom: ingen.",
        ("ansvarlig bruker", "brukernavn", "bruker"),
    ),
    Column(
        "assigned_organisation",
        "Tildelt organisasjon",
        22,
        "For samkommuner og regionråd: medlemsorganisasjonen tiltaket er gitt til. Tom: ingen.",
        ("tildelt organisasjon", "tildelt", "tildelt kommune"),
    ),
    Column(
        "financing",
        "Finansiering",
        20,
        "Hvordan tiltaket betales (budsjett, kostnad, ressurser).",
        (
            "finansiering",
            "kostnad",
            "kostnader",
            "budsjett",
            "ressurser",
            "økonomi",
            "ressursbehov",
        ),
        wrap=True,
    ),
    Column(
        "timing",
        "Tid",
        20,
        "Når, slik planen skriver det («Kvartalsvis», «uke 12», «innen 30. juni»). Er teksten "
        "ny eller endret og Start, Slutt, Frist og Gjentakelse tomme, leser kommplan datoene ut "
        "av teksten.",
        ("tid", "tidspunkt", "når", "tidsrom", "tidsplan", "periode", "frekvens", "hyppighet"),
        wrap=True,
    ),
    Column(
        "start_date",
        "Start",
        12,
        "Første dag (dato). Sammen med Slutt: en periode.",
        ("start", "startdato", "fra", "fra dato", "oppstart"),
    ),
    Column(
        "end_date",
        "Slutt",
        12,
        "Siste dag (dato). Kan ikke være før Start.",
        ("slutt", "sluttdato", "til", "til dato", "avslutning"),
    ),
    Column(
        "due_date",
        "Frist",
        12,
        "Én dag tiltaket skal være gjort (dato). Brukes i stedet for Start og Slutt.",
        ("frist", "tidsfrist", "innen", "dato", "slutt/frist", "slutt frist"),
    ),
    Column(
        "rrule",
        "Gjentakelse (RRULE)",
        22,
        "For tiltak som gjentas: en regel som FREQ=MONTHLY;BYMONTHDAY=1 (RFC 5545). Brukes "
        "sammen med Start og Slutt. Tom: ingen gjentakelse.",
        ("gjentakelse", "gjentakelse rrule", "rrule", "gjentas"),
    ),
    Column(
        "status",
        "Status",
        14,
        "Ikke startet, Pågår, Fullført, Forsinket eller Avlyst (velg fra listen). En ny status "
        "lagres i tiltakets statushistorikk. Tom: uendret (nye tiltak: Ikke startet).",
        ("status", "fremdrift", "framdrift"),
    ),
    Column(
        "public",
        "Offentlig",
        11,
        "ja eller nei: om tiltaket kan vises på den offentlige siden. Tom: uendret (nye tiltak: "
        "nei).",
        ("offentlig", "publiseres", "publisert", "åpen"),
    ),
    Column(
        "purpose",
        "Formål",
        30,
        "Hvorfor tiltaket gjøres.",
        ("formål", "hensikt"),
        wrap=True,
    ),
    Column(
        "desired_result",
        "Ønsket resultat",
        30,
        "Hva tiltaket skal føre til.",
        ("ønsket resultat", "resultat", "ønsket effekt", "effekt", "resultatmål"),
        wrap=True,
    ),
    Column(
        "comment",
        "Siste kommentar",
        40,
        "Den siste kommentaren i statushistorikken. Skriver du en ny, lagres den som en "
        "statusoppdatering (med radens status) i historikken; den forrige blir stående der.",
        ("siste kommentar", "kommentar", "kommentarer", "merknad", "merknader", "statuskommentar"),
        wrap=True,
    ),
)

BY_KEY = {column.key: column for column in COLUMNS}

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def fold(text: str) -> str:
    """Lower case without accents or punctuation: «Ønsket resultat» and «onsket-resultat» match."""
    text = text.casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "", text)


HEADER_NAMES: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.synonyms):
        HEADER_NAMES.setdefault(fold(_name), _column.key)


def column_for_header(text: str) -> str | None:
    """The key of the column a header names, or None when it names none of ours."""
    return HEADER_NAMES.get(fold(text))
