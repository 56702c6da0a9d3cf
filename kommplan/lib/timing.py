"""Norwegian timing as plans write it ("Kvartalsvis", "uke 12", "innen 30. juni") as a schedule.

`parse_timing` turns the text into one of five kinds:

- ``date``: one day (a deadline with "innen"), or several days ("22.1. 30.1.") in `dates`;
- ``range``: a span of days ("høsten 2020", "januar 2024", "uke 12", "2023");
- ``rrule``: an RFC 5545 recurrence rule body ("FREQ=WEEKLY;BYDAY=FR") between `start` and `end`;
- ``continuous``: ongoing work ("Løpende", "fortløpende", "kontinuerlig", "jevnlig"): a range over
  the bounds (by default the strategy's period), kept apart from ``range`` because it is not
  something that happens on particular days. Stored on an action it becomes a plain range;
- ``unparsed``: no usable time in the text; `note` says why, and the text stays as written for a
  person to fix.

The strategy's period gives the default bounds (1 January of the first year to 31 December of
the last) and the reference year for dates written without one ("28.1."; "i oppstartsåret").

Conventions chosen where Norwegian is vague (all visible in `note`, so a person can correct them):

- Periodic rhythms fall on the first weekday (Monday to Friday) of their month: "månedlig" is
  ``FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1``, "Kvartalsvis" every third month and
  "Halvårlige"/"2 ganger pr. år" every sixth month from the start of the bounds, "årlig" once a
  year in the start month. Weekly rhythms without a weekday fall on Monday.
- Seasons follow the municipal year: "våren" is January–June, "høsten" August–December,
  "sommeren" June–August and "vinteren" January–March.
- "Uke 4 (5)": week 4, with the alternative named in the note.
- Words that are not about time are ignored, named in the note and flag the result for review
  ("kunngjøringer på fredag, stillinger på mandag" is a weekly rule on Monday and Friday).

Pure Python: no Django, no database, so the importer, the editor and the CLI share it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKING_DAYS = "MO,TU,WE,TH,FR"


class Kind(StrEnum):
    DATE = "date"
    RANGE = "range"
    RRULE = "rrule"
    CONTINUOUS = "continuous"
    UNPARSED = "unparsed"


@dataclass(frozen=True)
class Schedule:
    kind: Kind
    due: date | None = None
    start: date | None = None
    end: date | None = None
    rrule: str = ""  # a rule body without DTSTART/UNTIL: those are `start` and `end`
    note: str = ""  # for unparsed: why; otherwise what was assumed
    dates: tuple[date, ...] = ()  # every day of a ``date`` schedule (one or more)
    review: bool = False  # something was guessed or ignored: a person should look
    text: str = ""

    @property
    def reason(self) -> str:
        return self.note if self.kind == Kind.UNPARSED else ""

    @property
    def is_structured(self) -> bool:
        return self.kind != Kind.UNPARSED


@dataclass(frozen=True)
class ScheduleFields:
    """A schedule as the action model stores it (due_date, start_date, end_date, rrule)."""

    due_date: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    rrule: str = ""


# --- public API ---------------------------------------------------------------------------


def parse_timing(
    text: str | None,
    *,
    period_start: int | None = None,
    period_end: int | None = None,
    reference_year: int | None = None,
) -> Schedule:
    """The schedule `text` describes; never raises (what cannot be read comes back unparsed)."""
    original = text or ""
    bounds = _Bounds.of(period_start, period_end, reference_year)
    try:
        result = _Parser(_normalise(original), bounds).parse()
    except (ValueError, OverflowError) as exc:  # a date out of range that slipped through
        result = _unparsed(f"kunne ikke tolkes ({exc})")
    return replace(result, text=original)


def schedule_fields(schedule: Schedule) -> ScheduleFields:
    """How `schedule` is stored on an action. Continuous becomes a plain range."""
    if schedule.kind == Kind.DATE:
        days = sorted(set(schedule.dates or ((schedule.due,) if schedule.due else ())))
        if len(days) == 1:
            return ScheduleFields(due_date=days[0])
        if days and all(d.year == days[0].year for d in days):
            # Several days of one year: a yearly rule bounded to that year hits exactly them.
            yeardays = ",".join(str(d.timetuple().tm_yday) for d in days)
            return ScheduleFields(
                start_date=days[0], end_date=days[-1], rrule=f"FREQ=YEARLY;BYYEARDAY={yeardays}"
            )
        return ScheduleFields(due_date=days[0] if days else None)
    if schedule.kind in (Kind.RANGE, Kind.CONTINUOUS):
        return ScheduleFields(start_date=schedule.start, end_date=schedule.end)
    if schedule.kind == Kind.RRULE:
        return ScheduleFields(
            start_date=schedule.start, end_date=schedule.end, rrule=schedule.rrule
        )
    return ScheduleFields()


def schedule_from_fields(
    *,
    due_date: date | None,
    start_date: date | None,
    end_date: date | None,
    rrule: str,
    text: str = "",
) -> Schedule:
    """The schedule stored on an action; unparsed (with a reason) when nothing is stored."""
    body = strip_rrule_prefix(rrule)
    if body:
        return Schedule(Kind.RRULE, start=start_date, end=end_date, rrule=body, text=text)
    if due_date:
        return Schedule(Kind.DATE, due=due_date, dates=(due_date,), text=text)
    if start_date or end_date:
        return Schedule(Kind.RANGE, start=start_date, end=end_date, text=text)
    return Schedule(Kind.UNPARSED, note="ingen tid lagret", text=text)


def strip_rrule_prefix(value: str) -> str:
    body = (value or "").strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    return body


def rrule_parts(body: str) -> dict[str, str]:
    """ "FREQ=WEEKLY;BYDAY=FR" -> {"FREQ": "WEEKLY", "BYDAY": "FR"}."""
    parts: dict[str, str] = {}
    for piece in strip_rrule_prefix(body).split(";"):
        if "=" in piece:
            key, _, value = piece.partition("=")
            parts[key.strip().upper()] = value.strip().upper()
    return parts


def build_rrule(
    freq: str,
    *,
    interval: int = 1,
    byday: str = "",
    bysetpos: int | None = None,
    bymonth: int | None = None,
) -> str:
    parts = [f"FREQ={freq}"]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if bymonth:
        parts.append(f"BYMONTH={bymonth}")
    if byday:
        parts.append(f"BYDAY={byday}")
    if bysetpos is not None:
        parts.append(f"BYSETPOS={bysetpos}")
    return ";".join(parts)


def first_working_day_rule(freq: str, *, interval: int = 1, month: int | None = None) -> str:
    """The first weekday of every `interval`-th month (or of month `month` each year)."""
    return build_rrule(
        freq,
        interval=interval,
        bymonth=month if freq == "YEARLY" else None,
        byday=WORKING_DAYS,
        bysetpos=1,
    )


# --- vocabulary ---------------------------------------------------------------------------

MONTHS = {
    "januar": 1,
    "jan": 1,
    "februar": 2,
    "feb": 2,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "desember": 12,
    "des": 12,
}
# Longest first, so that "mars" is not read as "mar" + "s". "jul" is Christmas, not July.
MONTH_NAMES = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

WEEKDAYS = {
    "mandag": "MO",
    "måndag": "MO",
    "tirsdag": "TU",
    "tysdag": "TU",
    "onsdag": "WE",
    "torsdag": "TH",
    "fredag": "FR",
    "lørdag": "SA",
    "laurdag": "SA",
    "søndag": "SU",
    "sundag": "SU",
}
_WEEKDAY = "(" + "|".join(WEEKDAYS) + ")"

NUMBERS = {
    "en": 1,
    "én": 1,
    "ein": 1,
    "eitt": 1,
    "ett": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
}
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"

ORDINALS = {
    "første": 1,
    "fyrste": 1,
    "andre": 2,
    "annen": 2,
    "tredje": 3,
    "fjerde": 4,
    "femte": 5,
    "sjette": 6,
    "fjortende": 14,
    "siste": -1,
}
_ORDINAL = "(" + "|".join(ORDINALS) + r"|\d{1,2}\.)"

# Units of a rhythm -> (FREQ, interval in that FREQ).
_UNITS = {
    "dag": ("DAILY", 1),
    "dagen": ("DAILY", 1),
    "uke": ("WEEKLY", 1),
    "uka": ("WEEKLY", 1),
    "uken": ("WEEKLY", 1),
    "veke": ("WEEKLY", 1),
    "veka": ("WEEKLY", 1),
    "måned": ("MONTHLY", 1),
    "måneden": ("MONTHLY", 1),
    "mnd": ("MONTHLY", 1),
    "månad": ("MONTHLY", 1),
    "månaden": ("MONTHLY", 1),
    "kvartal": ("MONTHLY", 3),
    "kvartalet": ("MONTHLY", 3),
    "halvår": ("MONTHLY", 6),
    "halvåret": ("MONTHLY", 6),
    "semester": ("MONTHLY", 6),
    "semesteret": ("MONTHLY", 6),
    "år": ("YEARLY", 1),
    "året": ("YEARLY", 1),
}
_UNIT = "(" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\.?"

_ADJECTIVES = {
    "daglig": ("DAILY", 1),
    "dagleg": ("DAILY", 1),
    "ukentlig": ("WEEKLY", 1),
    "vekentleg": ("WEEKLY", 1),
    "ukevis": ("WEEKLY", 1),
    "vekevis": ("WEEKLY", 1),
    "månedlig": ("MONTHLY", 1),
    "månadleg": ("MONTHLY", 1),
    "månedsvis": ("MONTHLY", 1),
    "månadsvis": ("MONTHLY", 1),
    "kvartalsvis": ("MONTHLY", 3),
    "halvårlig": ("MONTHLY", 6),
    "halvårleg": ("MONTHLY", 6),
    "halvårsvis": ("MONTHLY", 6),
    "årlig": ("YEARLY", 1),
    "årleg": ("YEARLY", 1),
    "årsvis": ("YEARLY", 1),
}
_ADJECTIVE = "(" + "|".join(sorted(_ADJECTIVES, key=len, reverse=True)) + ")(?:e|t)?"

# Words that carry no meaning of their own once the time expressions are read.
_FILLER = {
    "minst",
    "minimum",
    "maks",
    "maksimum",
    "ca",
    "cirka",
    "omtrent",
    "om",
    "lag",
    "i",
    "på",
    "pr",
    "per",
    "og",
    "eller",
    "samt",
    "innen",
    "innan",
    "fra",
    "frå",
    "til",
    "etter",
    "før",
    "senest",
    "seinast",
    "frist",
    "med",
    "hver",
    "hvert",
    "kvar",
    "kvart",
    "alle",
    "fom",
    "tom",
    "f",
    "o",
    "m",
    "t",
    "a",
    "ved",
    "tidspunkt",
    "dato",
    "gang",
    "ganger",
    "gong",
    "gonger",
    "uke",
    "veke",
    "start",
    "oppstart",
    "kl",
    "hele",
    "heile",
    "løpet",
    "av",
    "utgangen",
    "slutten",
    "enden",
    "det",
    "den",
}

# A prefix word may stand up to two words before its date ("etter valget i september 2019").
_PREFIX = re.compile(
    r"\b(innen(?: utgangen av)?|innan(?: utgangen av)?|i løpet av|senest|seinast|frist|før|"
    r"fra og med|fra|frå|f\.o\.m\.?|fom|etter|til og med|til|t\.o\.m\.?|tom)"
    r"(?:\s+[^\W\d]+){0,2}\s*$"
)
_PREFIX_MEANING = {
    "innen": "by",
    "innan": "by",
    "senest": "by",
    "seinast": "by",
    "frist": "by",
    "før": "before",
    "fra": "from",
    "frå": "from",
    "fom": "from",
    "f.o.m": "from",
    "etter": "after",
    "til": "until",
    "tom": "until",
    "t.o.m": "until",
    "i løpet av": "",
}


def _prefix_meaning(word: str) -> str:
    word = word.strip().rstrip(".")
    for key, meaning in _PREFIX_MEANING.items():
        if word.startswith(key):
            return meaning
    return ""


# --- the parser ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Bounds:
    start: date | None
    end: date | None
    reference_year: int | None

    @classmethod
    def of(cls, first: int | None, last: int | None, reference: int | None) -> _Bounds:
        first = first if _plausible_year(first) else None
        last = last if _plausible_year(last) else None
        reference = reference if _plausible_year(reference) else None
        if first and last and last < first:
            last = None
        start = date(first, 1, 1) if first else None
        end = date(last or first, 12, 31) if (last or first) else None
        return cls(start=start, end=end, reference_year=reference or first or last)


def _plausible_year(year: int | None) -> bool:
    return year is not None and 1900 <= year <= 2200


@dataclass
class _Atom:
    """A time expression: a day, or a span (month, week, season, year...) of a year."""

    pos: int
    endpos: int
    make: Callable[[int], tuple[date, date]]  # year -> (first day, last day)
    year: int | None
    precise: bool  # a single day
    label: str
    prefix: str = ""  # by|before|from|after|until
    note: str = ""
    start: date | None = None
    end: date | None = None

    def resolve(self, year: int) -> None:
        self.start, self.end = self.make(year)


@dataclass
class _Rhythm:
    freq: str
    interval: int = 1
    label: str = ""
    note: str = ""


@dataclass
class _Found:
    atoms: list[_Atom] = field(default_factory=list)
    rhythms: list[_Rhythm] = field(default_factory=list)
    weekdays: list[str] = field(default_factory=list)  # BYDAY codes in order of mention
    weekday_plural: bool = False
    nth_weekday: str = ""  # "1MO", "-1FR"
    continuous: str = ""
    ad_hoc: str = ""
    ref_year_atom: bool = False
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _join(notes: list[str]) -> str:
    return "; ".join(dict.fromkeys(note for note in notes if note))


def _unparsed(reason: str) -> Schedule:
    return Schedule(Kind.UNPARSED, note=reason, review=True)


def _days_in(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def _month_span(month: int) -> Callable[[int], tuple[date, date]]:
    return lambda y: (date(y, month, 1), date(y, month, _days_in(y, month)))


def _span(m1: int, d1: int, m2: int, d2: int | None) -> Callable[[int], tuple[date, date]]:
    return lambda y: (date(y, m1, d1), date(y, m2, d2 or _days_in(y, m2)))


def _year_of(token: str | None) -> int | None:
    if not token:
        return None
    year = int(token)
    if len(token) == 2:
        year += 2000
    return year if _plausible_year(year) else -1


class _Parser:
    def __init__(self, text: str, bounds: _Bounds) -> None:
        self.text = text
        self.bounds = bounds
        self.used = [False] * len(text)
        self.found = _Found()

    # scanning

    def _scan(self, pattern: str, handle: Callable[[re.Match[str]], bool]) -> None:
        for match in re.finditer(pattern, self.text):
            if any(self.used[match.start() : match.end()]):
                continue
            if handle(match):
                self._use(match.start(), match.end())

    def _use(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.used[i] = True

    def _leftover(self) -> str:
        return "".join(" " if used else ch for ch, used in zip(self.text, self.used, strict=True))

    def parse(self) -> Schedule:
        if not self.text:
            return _unparsed("ingen tidsangivelse")
        self._scan_rhythms()
        self._scan_atoms()
        self._attach_prefixes()
        return self._combine()

    def _scan_rhythms(self) -> None:
        found = self.found
        scan = self._scan

        def ad_hoc(m: re.Match[str]) -> bool:
            found.ad_hoc = m.group(0)
            return True

        scan(r"\b(?:ved|etter|når det er) (?:behov|anledning|aktuelt)\b", ad_hoc)

        def continuous(m: re.Match[str]) -> bool:
            found.continuous = found.continuous or m.group(0)
            return True

        scan(
            r"\b(?:fort|kontinuer)?løpande\b|\b(?:fort|kontinuer)?løpende\b"
            r"|\bkontinuerle?i?g(?:e|t)?\b|\bjevnlig(?:e|t)?\b|\bjamn?leg(?:e|t)?\b"
            r"|\b(?:gjennom |i )?(?:hele|heile) (?:året|perioden|tida|tiden|planperioden)\b"
            r"|\bhele tiden\b|\bstadig\b|\bpågående\b|\bkontinuerleg\b",
            continuous,
        )

        def count_per(m: re.Match[str]) -> bool:
            count = _count(m.group(1))
            unit = m.group(2) or ""
            unit_freq = _UNITS.get(unit.rstrip(".")) or _ADJECTIVES.get(m.group(3) or "")
            if unit_freq is None:
                return False
            rhythm = _per_unit(count, *unit_freq)
            if rhythm is None:
                found.errors.append(f"«{m.group(0)}» lar seg ikke fordele jevnt")
            else:
                self._add_rhythm(rhythm, m.group(0))
            return True

        scan(
            rf"\b(?:minst |minimum |ca\.? |cirka |om lag |omtrent )?{_NUMBER}\s*"
            r"(?:ganger|gang|gonger|gong|g\.)\s*"
            rf"(?:(?:pr\.?|per|i|om|hver|hvert|kvar|kvart|på|a)\s*{_UNIT}|{_ADJECTIVE})(?!\w)",
            count_per,
        )

        def nth_weekday(m: re.Match[str]) -> bool:
            word = m.group(1)
            position = ORDINALS.get(word) or int(word.rstrip(".") or 0)
            if position == 0 or position > 5:
                return False
            found.nth_weekday = f"{position}{WEEKDAYS[m.group(2)]}"
            self._add_rhythm(_Rhythm("MONTHLY", 1), m.group(0))
            return True

        scan(
            rf"\b{_ORDINAL} {_WEEKDAY}(?:en)? (?:i |hver |kvar |i hver |i kvar )?"
            r"(?:måneden|måned|månaden|månad|mnd\.?)(?!\w)",
            nth_weekday,
        )

        def every_nth(m: re.Match[str]) -> bool:
            word, unit = m.group(1), m.group(2).rstrip(".")
            if word in ("annenhver", "annenhvert", "annakvar", "annakvart", "annankvar"):
                nth = 2
            elif word:
                nth = ORDINALS.get(word) or int(word.rstrip(".") or 0)
            else:
                nth = 1
            freq, step = _UNITS[unit]
            if freq == "DAILY" and nth % 7 == 0:
                freq, step, nth = "WEEKLY", 1, nth // 7
            if nth < 1 or nth > 52:
                return False
            self._add_rhythm(_Rhythm(freq, step * nth), m.group(0))
            return True

        scan(
            r"\b(?:hver|hvert|kvar|kvart)\s+(\d{1,2}\.|andre|annen|tredje|fjerde|femte|sjette|"
            rf"fjortende)?\s*{_UNIT}(?!\w)",
            every_nth,
        )
        scan(
            r"\b(annenhver|annenhvert|annakvar|annakvart|annankvar)()\s+"
            r"(dag|uke|veke|måned|månad|år)(?!\w)",
            lambda m: every_nth(_Shifted(m)),
        )

        def working_days(m: re.Match[str]) -> bool:
            found.weekdays.extend(["MO", "TU", "WE", "TH", "FR"])
            found.weekday_plural = True
            return True

        scan(
            r"\b(?:alle |hver |kvar )?(?:hverdager|hverdag|kvardagar|kvardag|virkedager|virkedag|"
            r"yrkedagar|yrkedag|arbeidsdager|arbeidsdag)(?:ene|ane)?\b",
            working_days,
        )

        def adjective(m: re.Match[str]) -> bool:
            freq, interval = _ADJECTIVES[m.group(1)]
            self._add_rhythm(_Rhythm(freq, interval), m.group(0))
            return True

        scan(rf"\b{_ADJECTIVE}\b", adjective)

        def weekday(m: re.Match[str]) -> bool:
            code = WEEKDAYS[m.group(2)]
            if code not in found.weekdays:
                found.weekdays.append(code)
            if m.group(1) or m.group(3):
                found.weekday_plural = True
            return True

        scan(
            rf"\b(hver |kvar |alle )?{_WEEKDAY}(er|ar|ene|ane)?(?:en)?\b",
            weekday,
        )

    def _add_rhythm(self, rhythm: _Rhythm, label: str) -> None:
        for known in self.found.rhythms:
            if (known.freq, known.interval) == (rhythm.freq, rhythm.interval):
                return  # "ukentlig, hver uke" says the same thing twice
        self.found.rhythms.append(replace(rhythm, label=label))

    def _scan_atoms(self) -> None:
        found = self.found

        def add(m: re.Match[str], make, year, precise, label, note="") -> bool:
            if year == -1:
                found.errors.append(f"ugyldig årstall i «{m.group(0).strip()}»")
                return True
            try:
                make(year or 2000)  # validate day and month now (2000 is a leap year)
            except ValueError:
                found.errors.append(f"ugyldig dato «{m.group(0).strip()}»")
                return True
            found.atoms.append(
                _Atom(m.start(), m.end(), make, year, precise, m.group(0).strip(), note=note)
            )
            return True

        def iso(m: re.Match[str]) -> bool:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            year = y if _plausible_year(y) else -1
            return add(m, lambda yr: (date(yr, mo, d),) * 2, year, True, m.group(0))

        self._scan(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", iso)

        def numeric(m: re.Match[str]) -> bool:
            d, mo = int(m.group(1)), int(m.group(2))
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return False  # "kl. 10.30" is a time, not a date
            year = _year_of(m.group(3))
            return add(m, lambda yr: (date(yr, mo, d),) * 2, year, True, m.group(0))

        self._scan(
            r"(?<![\d.,])(\d{1,2})\.\s?(\d{1,2})\.?(?:\s?(\d{4}|\d{2})\b)?(?![\d,]|\.\d)", numeric
        )
        self._scan(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])", numeric)

        def day_month(m: re.Match[str]) -> bool:
            d, mo = int(m.group(1)), MONTHS[m.group(2)]
            year = _year_of(m.group(3))
            return add(m, lambda yr: (date(yr, mo, d),) * 2, year, True, m.group(0))

        self._scan(rf"\b(\d{{1,2}})\.?\s*{_MONTH}(?:\s+(\d{{4}}))?(?!\w)", day_month)

        def month(m: re.Match[str]) -> bool:
            return add(m, _month_span(MONTHS[m.group(1)]), _year_of(m.group(2)), False, "")

        self._scan(rf"\b{_MONTH}(?:\s+(\d{{4}}))?(?!\w)", month)

        def week(m: re.Match[str]) -> bool:
            first = int(m.group(1))
            alternative, last = m.group(2), m.group(3)
            last_week = int(last) if last else first
            year = _year_of(m.group(4))
            note = f"alternativt uke {alternative}" if alternative else ""

            def make(yr: int) -> tuple[date, date]:
                return date.fromisocalendar(yr, first, 1), date.fromisocalendar(yr, last_week, 7)

            if not (1 <= first <= 53 and 1 <= last_week <= 53 and first <= last_week):
                found.errors.append(f"ugyldig uke «{m.group(0).strip()}»")
                return True
            return add(m, make, year, False, "", note)

        self._scan(
            r"\b(?:uke|uka|uken|veke|veka|uker|veker|ukene|vekene|u\.)\s*(\d{1,2})"
            r"(?:\s*\((\d{1,2})\))?(?:\s*(?:-|til)\s*(?:uke\s*)?(\d{1,2}))?"
            r"(?:\s*,?\s*(?:i\s+)?(\d{4}))?(?!\w)",
            week,
        )

        def season(m: re.Match[str]) -> bool:
            word = m.group(1)
            if word in ("vår", "sommer", "sommar", "høst", "haust", "vinter") and not (
                m.group(2) or m.group(0).startswith("i ")
            ):
                return False  # "vår" is also "our"; bare forms need a year or "i"
            spans = {
                "v": _span(1, 1, 6, 30),
                "s": _span(6, 1, 8, 31),
                "h": _span(8, 1, 12, 31),
                "w": _span(1, 1, 3, 31),
            }
            key = "w" if word.startswith("vint") else word[0]
            return add(m, spans[key], _year_of(m.group(2)), False, "")

        self._scan(
            r"(?:\bi )?\b(våren|våres|vår|sommeren|sommaren|sommer|sommar|høsten|høst|hausten|"
            r"haust|vinteren|vinter)(?:\s+(\d{4}))?\b",
            season,
        )

        def summer_holiday(m: re.Match[str]) -> bool:
            return add(m, _span(7, 1, 7, 31), _year_of(m.group(1)), False, "")

        self._scan(r"\b(?:sommerferien|sumarferien|fellesferien)(?:\s+(\d{4}))?\b", summer_holiday)

        def christmas(m: re.Match[str]) -> bool:
            return add(m, _span(12, 24, 12, 24), _year_of(m.group(1)), True, "", "jul = 24.12.")

        self._scan(r"\b(?:jul|julen|jula)(?:\s+(\d{4}))?\b", christmas)

        def half(m: re.Match[str]) -> bool:
            which = 2 if m.group(1) in ("andre", "2", "2.", "siste") else 1
            make = _span(1, 1, 6, 30) if which == 1 else _span(7, 1, 12, 31)
            return add(m, make, _year_of(m.group(2)), False, "")

        self._scan(
            r"\b(første|fyrste|andre|siste|1\.?|2\.?)\s*halvår(?:et)?(?:\s+(\d{4}))?\b", half
        )

        def quarter(m: re.Match[str]) -> bool:
            word = (m.group(1) or m.group(3) or "").rstrip(".")
            q = {"første": 1, "fyrste": 1, "andre": 2, "tredje": 3, "fjerde": 4, "siste": 4}.get(
                word
            ) or int(word)
            make = _span(3 * q - 2, 1, 3 * q, None)
            return add(m, make, _year_of(m.group(2) or m.group(4)), False, "")

        self._scan(
            r"\b(første|fyrste|andre|tredje|fjerde|siste|[1-4]\.?)\s*kvartal(?:et)?"
            r"(?:\s+(\d{4}))?\b|\bq([1-4])(?:\s+(\d{4}))?\b",
            quarter,
        )

        def start_year(m: re.Match[str]) -> bool:
            found.ref_year_atom = True
            if self.bounds.reference_year is None:
                return True  # the rhythm stays open; _recurring says the year is unknown
            return add(m, _span(1, 1, 12, 31), None, False, "", "oppstartsåret")

        self._scan(r"\boppstartsåret\b|\boppstartsår\b|\bførste år\b|\bfyrste år\b", start_year)

        def year_range(m: re.Match[str]) -> bool:
            y1, y2 = _year_of(m.group(1)), _year_of(m.group(2))
            if y2 is not None and y2 < 100 + 2000 and len(m.group(2)) == 2:
                y2 = (y1 or 2000) // 100 * 100 + int(m.group(2))
            if y1 == -1 or y2 == -1 or y1 is None or y2 is None or y2 < y1:
                found.errors.append(f"ugyldig årsintervall «{m.group(0)}»")
                return True
            atom = _Atom(
                m.start(),
                m.end(),
                lambda _yr: (date(y1, 1, 1), date(y2, 12, 31)),
                y1,
                False,
                m.group(0),
            )
            found.atoms.append(atom)
            return True

        self._scan(r"\b((?:19|20)\d\d)\s*[-/]\s*((?:19|20)?\d\d)\b", year_range)

        def year(m: re.Match[str]) -> bool:
            return add(m, _span(1, 1, 12, 31), int(m.group(1)), False, "")

        self._scan(r"\b((?:19|20|21)\d\d)\b", year)
        found.atoms.sort(key=lambda a: a.pos)

    def _attach_prefixes(self) -> None:
        for atom in self.found.atoms:
            before = self.text[: atom.pos]
            match = _PREFIX.search(before)
            if match and not any(self.used[match.start(1) : match.end(1)]):
                atom.prefix = _prefix_meaning(match.group(1))
                self._use(match.start(1), match.end(1))

    # combining

    def _combine(self) -> Schedule:
        found = self.found
        if found.errors:
            return _unparsed("; ".join(found.errors))
        groups = self._group_atoms()
        if found.errors:
            return _unparsed("; ".join(found.errors))
        if groups is None:
            return _unparsed("dato uten årstall, og planen har ingen periode å hente året fra")
        leftover = self._leftover_words()
        review = bool(leftover)
        notes = list(found.notes)
        if leftover:
            notes.append("ignorerte: «" + " ".join(leftover) + "»")

        has_rhythm = bool(found.rhythms or found.weekdays)
        precise_dates = any(a.precise for a in found.atoms)
        if found.weekdays and not found.rhythms and precise_dates:
            has_rhythm = False  # "fredag 28.1." names the weekday of a date

        if found.continuous and not found.rhythms:
            start, end = self._bounds_from(groups)
            notes.insert(0, f"løpende («{found.continuous}»)")
            return Schedule(Kind.CONTINUOUS, start=start, end=end, note=_join(notes), review=review)
        if has_rhythm:
            return self._recurring(groups, notes, review)
        if not groups:
            if found.ad_hoc:
                return _unparsed(f"«{found.ad_hoc}»: ingen fast tid")
            if found.ref_year_atom:
                return _unparsed("oppstartsåret er ukjent: planen har ingen periode")
            return _unparsed("fant ingen tidsangivelse")
        return self._dated(groups, notes, review)

    def _group_atoms(self) -> list[list[_Atom]] | None:
        """Atoms joined by "-"/"til" form one range; resolve the year of each atom.

        None when an atom has no year and neither the text nor the bounds give one."""
        atoms = self.found.atoms
        groups: list[list[_Atom]] = []
        for atom in atoms:
            if groups:
                gap = self.text[groups[-1][-1].endpos : atom.pos]
                if re.fullmatch(r"\s*(?:-|til|til og med|t\.o\.m\.?|tom)\s*", gap):
                    groups[-1].append(atom)
                    self._use(groups[-1][-2].endpos, atom.pos)
                    continue
            groups.append([atom])
        default_year = self.bounds.reference_year
        # A bare year beside yearless dates gives them their year ("i 2024: uke 12 og 14").
        bare = [g[0] for g in groups if len(g) == 1 and g[0].label.isdigit()]
        yearless = [a for a in atoms if a.year is None and a.note != "oppstartsåret"]
        if len(bare) == 1 and yearless:
            default_year = bare[0].year
            groups = [g for g in groups if g[0] is not bare[0]]
        for group in groups:
            if not self._resolve_group(group, default_year):
                return None
        return groups

    def _resolve_group(self, group: list[_Atom], default_year: int | None) -> bool:
        known = [a for a in group if a.year is not None]
        previous: _Atom | None = None
        for atom in group:
            if atom.note == "oppstartsåret":
                year = self.bounds.reference_year
            elif atom.year is not None:
                year = atom.year
            elif known:
                # "november - februar 2021": borrow the year of the other end of the range.
                anchor = min(known, key=lambda a: abs(a.pos - atom.pos))
                year = anchor.year
                if anchor.pos > atom.pos and atom.make(2001)[0] > anchor.make(2001)[0]:
                    year -= 1
                elif anchor.pos < atom.pos and atom.make(2001)[0] < anchor.make(2001)[0]:
                    year += 1
            else:
                year = default_year
                if year is not None and default_year == self.bounds.reference_year:
                    self.found.notes.append(f"årstall antatt {year}")
            if year is None:
                return False
            try:
                atom.resolve(year)
                # "1.11.-28.2." runs into the next year.
                if previous and atom.year is None and not known and atom.start < previous.start:
                    atom.resolve(year + 1)
            except ValueError:
                self.found.errors.append(f"«{atom.label}» finnes ikke i {year}")
                return True
            previous = atom
        return True

    def _leftover_words(self) -> list[str]:
        words = re.findall(r"[^\W\d_]+", self._leftover())
        return [w for w in words if w not in _FILLER]

    def _bounds_from(self, groups: list[list[_Atom]]) -> tuple[date | None, date | None]:
        if not groups:
            return self.bounds.start, self.bounds.end
        start: date | None = None
        end: date | None = None
        for group in groups:
            first, last = group[0], group[-1]
            s, e = first.start, last.end
            if first.prefix in ("by", "until"):
                s = self.bounds.start
            elif first.prefix == "before":
                s, e = self.bounds.start, first.start - timedelta(days=1)
            elif first.prefix in ("from", "after") and len(group) == 1:
                if first.prefix == "after" and first.precise:
                    s = first.start + timedelta(days=1)
                e = self.bounds.end if self.bounds.end and self.bounds.end >= s else None
            start = s if start is None or (s and s < start) else start
            end = e if end is None or (e and e > end) else end
        return start, end

    def _recurring(self, groups: list[list[_Atom]], notes: list[str], review: bool) -> Schedule:
        found = self.found
        rhythm = found.rhythms[0] if found.rhythms else _Rhythm("WEEKLY", 1, "")
        if len(found.rhythms) > 1:
            others = ", ".join(r.label for r in found.rhythms[1:])
            notes.append(f"brukte «{rhythm.label}», ikke {others}")
            review = True
        if rhythm.note:
            notes.append(rhythm.note)
        start, end = self._bounds_from(groups)
        if not groups and found.continuous:
            notes.append(f"«{found.continuous}»")
        weekdays = ",".join(code for code in WEEKDAY_CODES if code in found.weekdays)
        freq, interval = rhythm.freq, rhythm.interval
        if freq == "DAILY" and weekdays:
            freq = "WEEKLY"
        if freq == "WEEKLY":
            if not weekdays:
                weekdays = "MO"
                notes.append("ukedag antatt mandag")
            elif not found.weekday_plural and not found.rhythms:
                notes.append("tolket som hver uke")
            body = build_rrule("WEEKLY", interval=interval, byday=weekdays)
        elif freq == "DAILY":
            body = build_rrule("DAILY", interval=interval)
        elif found.nth_weekday:
            body = build_rrule(freq, interval=interval, byday=found.nth_weekday)
        elif weekdays:
            body = build_rrule(freq, interval=interval, byday=weekdays, bysetpos=1)
            notes.append("første valgte ukedag i perioden")
        else:
            month = (start or date(2000, 1, 1)).month
            body = first_working_day_rule(freq, interval=interval, month=month)
            notes.append(
                "første virkedag i måneden"
                if freq == "MONTHLY"
                else f"første virkedag i {MONTH_NAMES[month - 1]}"
            )
        if found.ref_year_atom and self.bounds.reference_year is None:
            notes.append("oppstartsåret er ukjent")
            review = True
        return Schedule(
            Kind.RRULE, start=start, end=end, rrule=body, note=_join(notes), review=review
        )

    def _dated(self, groups: list[list[_Atom]], notes: list[str], review: bool) -> Schedule:
        for group in groups:
            for atom in group:
                if atom.note and atom.note != "oppstartsåret":
                    notes.append(atom.note)
        single = len(groups) == 1 and len(groups[0]) == 1
        if single:
            atom = groups[0][0]
            if atom.prefix == "by":
                notes.insert(0, "frist")
                return self._date(atom.end, notes, review)
            if atom.prefix == "before":
                notes.insert(0, "frist (dagen før)")
                return self._date(atom.start - timedelta(days=1), notes, review)
            if atom.prefix in ("from", "after", "until"):
                start, end = self._bounds_from(groups)
                if atom.prefix == "after":
                    notes.insert(0, "etter")
                if start is None or end is None:
                    if atom.prefix == "until":
                        return self._date(atom.end, notes, review)
                    start = start or atom.start
                    end = end or atom.end
                    notes.append("sluttdato ukjent: satt til slutten av tidsrommet")
                    review = True
                return Schedule(Kind.RANGE, start=start, end=end, note=_join(notes), review=review)
            if atom.precise:
                return self._date(atom.start, notes, review)
            return Schedule(
                Kind.RANGE, start=atom.start, end=atom.end, note=_join(notes), review=review
            )
        if all(len(g) == 1 and g[0].precise and not g[0].prefix for g in groups):
            days = tuple(sorted({g[0].start for g in groups}))
            return Schedule(Kind.DATE, due=days[0], dates=days, note=_join(notes), review=review)
        start, end = self._bounds_from(groups)
        if len(groups) > 1:
            notes.append("flere tidsrom slått sammen")
            review = True
        if start and end and start > end:
            return _unparsed("sluttdato før startdato")
        return Schedule(Kind.RANGE, start=start, end=end, note=_join(notes), review=review)

    @staticmethod
    def _date(day: date | None, notes: list[str], review: bool) -> Schedule:
        return Schedule(
            Kind.DATE, due=day, dates=(day,) if day else (), note=_join(notes), review=review
        )


class _Shifted:
    """Adapts the "annenhver uke" match to the group layout of the "hver N. uke" handler."""

    def __init__(self, match: re.Match[str]) -> None:
        self._match = match

    def group(self, index: int) -> str:
        if index == 0:
            return self._match.group(0)
        return self._match.group(1) if index == 1 else self._match.group(3)


def _count(token: str) -> int:
    return NUMBERS.get(token) or int(token)


def _per_unit(count: int, freq: str, interval: int) -> _Rhythm | None:
    """`count` times per unit (FREQ, interval) as a rhythm, when it divides evenly."""
    if count <= 0:
        return None
    if freq == "YEARLY":
        freq, interval = "MONTHLY", 12 * interval
    if freq == "MONTHLY":
        months = interval
        if count == 1:
            if months % 12 == 0:
                return _Rhythm("YEARLY", months // 12, "")
            return _Rhythm("MONTHLY", months, "")
        if months % count == 0:
            step = months // count
            if step % 12 == 0:
                return _Rhythm("YEARLY", step // 12)
            return _Rhythm("MONTHLY", step)
        weeks_per_unit = round(months * 52 / 12)
        if weeks_per_unit % count == 0:
            return _Rhythm("WEEKLY", weeks_per_unit // count, note="omregnet til uker")
        return None
    if freq == "WEEKLY":
        if count == 1:
            return _Rhythm("WEEKLY", interval)
        return None  # "3 ganger i uka" needs weekdays: the editor asks
    if freq == "DAILY" and count == 1:
        return _Rhythm("DAILY", interval)
    return None
