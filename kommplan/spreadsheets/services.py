"""The action plan as an XLSX spreadsheet: `export_action_plan` and `import_action_plan`.

An import is planned first (`plan_import`: read, validate, compare with what is stored; nothing
written) and then applied through kommplan.actions.services, so versions, audit entries and the
status history come out exactly as if an editor had made each change in the browser. A row that
changes nothing is not touched: exporting and importing back writes nothing at all.

Cell text: Excel cannot hold the control characters U+0000–U+0008, U+000B, U+000C and
U+000E–U+001F (nor U+FFFE, U+FFFF or lone surrogates, which XML forbids); the export writes
U+FFFD (�) in their place, so the loss is visible, and an import
treats such a cell as equal to the stored text it came from. Line breaks are written as \\n (a
\\r\\n from a browser form becomes \\n), leading and trailing white space is ignored when comparing,
and text starting with «=» is written as text, never as a formula.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any, Literal

from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError as PydanticValidationError

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.actions.services import (
    EDITABLE_FIELDS,
    ActionData,
    StaleEditError,
    create_action,
    delete_action,
    record_status_update,
    update_action,
)
from kommplan.lib.schedules import rrule_problem
from kommplan.lib.timing import parse_timing, schedule_fields
from kommplan.organisations.models import Organisation
from kommplan.planfiles.schema import ActionIn
from kommplan.strategies.models import Channel, Goal, GoalStrategy, Strategy, TargetGroup

from .columns import BY_KEY, COLUMNS, fold
from .models import PendingImport
from .reader import GUIDE_SHEET, LISTS_SHEET, SHEET_NAME, SheetRows, SpreadsheetError, read_rows

EXCEL_MAX_CELL = 32_767
DATE_FORMAT = "DD.MM.YYYY"
YES, NO = "ja", "nei"
# Data validation covers this many rows below the actions, for rows people add.
VALIDATED_EXTRA_ROWS = 1000

TEXT_KEYS = (
    "title",
    "description",
    "responsible",
    "financing",
    "purpose",
    "desired_result",
    "timing",
    "rrule",
)
DATE_KEYS = ("start_date", "end_date", "due_date")
SCHEDULE_KEYS = (*DATE_KEYS, "rrule")


# --- cell values ------------------------------------------------------------------------------

# What XML 1.0, and so a cell, cannot hold: control characters but tab and line breaks, lone
# surrogates, and the non-characters U+FFFE and U+FFFF.
_NOT_IN_A_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def excel_text(value: str) -> str:
    """`value` as a cell can hold it (see the module docstring)."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _NOT_IN_A_CELL.sub("\ufffd", text)
    if len(text) > EXCEL_MAX_CELL:
        text = text[: EXCEL_MAX_CELL - 1] + "…"
    return text


def _same_text(stored: str, new: str) -> bool:
    return excel_text(stored).strip() == excel_text(new).strip()


def latest_comment(action: Action) -> str:
    """The comment of the action's latest status update that has one (updates prefetched)."""
    for update in reversed(list(action.updates.all())):
        if update.comment:
            return update.comment
    return ""


def _labelled(ref: str, text: str) -> str:
    return f"{ref} – {' '.join(text.split())}"


def goal_label(goal: Goal) -> str:
    return _labelled(goal.ref, goal.text)


def approach_label(approach: GoalStrategy) -> str:
    return _labelled(approach.ref, approach.title or approach.text)


def status_label(value: str) -> str:
    with translation.override("nb"):
        return str(ActionStatus(value).label)


def _status_labels() -> list[str]:
    with translation.override("nb"):
        return [str(label) for label in ActionStatus.labels]


# Queries go through the models' managers rather than the strategy's related managers: an import
# reads the same strategy's parts for its preview and again for its confirmation.
_ORDER = ("position", "pk")


class _Vocabulary:
    """The strategy's goals, strategies, target groups, channels and members, to name and find."""

    def __init__(self, strategy: Strategy) -> None:
        self.strategy = strategy
        self.goals: list[Goal] = list(Goal.objects.filter(strategy=strategy).order_by(*_ORDER))
        self.approaches: list[GoalStrategy] = list(
            GoalStrategy.objects.filter(strategy=strategy).order_by(*_ORDER)
        )
        self.target_groups: list[TargetGroup] = list(
            TargetGroup.objects.filter(strategy=strategy).order_by(*_ORDER)
        )
        self.channels: list[Channel] = list(
            Channel.objects.filter(strategy=strategy).order_by(*_ORDER)
        )

    @classmethod
    def of(cls, strategy: Strategy) -> _Vocabulary:
        return cls(strategy)

    # Only an import needs these; an export does without the queries.
    @cached_property
    def users(self) -> list[User]:
        return list(
            User.objects.filter(memberships__organisation=self.strategy.organisation_id)
            .distinct()
            .order_by("username")
        )

    @cached_property
    def organisations(self) -> list[Organisation]:
        return list(
            Organisation.objects.filter(member_of=self.strategy.organisation_id).order_by("name")
        )

    def name_label(self, item: TargetGroup | Channel, items: list) -> str:
        # A name that would not come back as itself is written as the id: one two items share,
        # or one holding the separators of the cell (a line break or a semicolon).
        if any(separator in item.name for separator in ";\n\r"):
            return item.ref
        same = sum(
            1
            for other in items
            if " ".join(other.name.split()).casefold() == " ".join(item.name.split()).casefold()
        )
        return item.name if same == 1 else _labelled(item.ref, item.name)


def _action_cells(action: Action, words: _Vocabulary) -> dict[str, Any]:
    def names(related, items) -> str:
        ordered = sorted(related.all(), key=lambda item: (item.position, item.pk))
        return "\n".join(words.name_label(item, items) for item in ordered)

    return {
        "id": action.ref,
        "title": action.title,
        "description": action.description,
        "goal": goal_label(action.goal) if action.goal else None,
        "approach": approach_label(action.approach) if action.approach else None,
        "target_groups": names(action.target_groups, words.target_groups),
        "channels": names(action.channels, words.channels),
        "responsible": action.responsible,
        "responsible_user": action.responsible_user.username if action.responsible_user else None,
        "assigned_organisation": (
            action.assigned_organisation.name if action.assigned_organisation else None
        ),
        "financing": action.financing,
        "timing": action.timing,
        "start_date": action.start_date,
        "end_date": action.end_date,
        "due_date": action.due_date,
        "rrule": action.rrule,
        "status": status_label(action.status),
        "public": YES if action.public else NO,
        "purpose": action.purpose,
        "desired_result": action.desired_result,
        "comment": latest_comment(action),
    }


def _actions_for_export(strategy: Strategy, actions: Iterable[Action] | None) -> list[Action]:
    queryset = (
        actions if isinstance(actions, QuerySet) else Action.objects.filter(strategy=strategy)
    )
    queryset = queryset.select_related(
        "goal", "approach", "responsible_user", "assigned_organisation"
    ).prefetch_related(
        "target_groups",
        "channels",
        Prefetch("updates", queryset=StatusUpdate.objects.order_by("position", "pk")),
    )
    if actions is not None and not isinstance(actions, QuerySet):
        queryset = queryset.filter(pk__in=[action.pk for action in actions])
    return list(queryset.order_by("position", "pk"))


# --- export -----------------------------------------------------------------------------------


def export_action_plan(strategy: Strategy, *, actions: Iterable[Action] | None = None) -> bytes:
    """The action plan (all of it, or `actions`) as an XLSX workbook.

    Sheet «Tiltak»: one row per action under a frozen header with filters, real dates, and
    pick lists for Status, Offentlig, Mål and Strategi. Sheet «Veiledning» explains each column;
    sheet «Lister» holds the goals and strategies the pick lists offer.
    """
    rows = _actions_for_export(strategy, actions)
    words = _Vocabulary.of(strategy)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1E4E79")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    styles: dict = {}
    for number, action in enumerate(rows, start=2):
        values = _action_cells(action, words)
        for index, column in enumerate(COLUMNS, start=1):
            _write(sheet, number, index, values[column.key], wrap if column.wrap else top, styles)
    last_row = max(len(rows) + 1, 2)
    last_column = get_column_letter(len(COLUMNS))
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    sheet.print_title_rows = "1:1"
    _add_validations(workbook, sheet, words, len(rows))
    _add_guide(workbook)
    properties = workbook.properties
    properties.title = f"Tiltaksplan – {strategy.title}"
    properties.subject = strategy.organisation.name
    properties.creator = "kommplan"
    properties.lastModifiedBy = "kommplan"
    properties.language = "nb-NO"
    properties.keywords = "tiltaksplan; kommunikasjon"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _write(sheet, row: int, column: int, value: Any, alignment: Alignment, styles: dict) -> None:
    """Write a value; `styles` caches the style of each look (alignment, date or not).

    Styling cell by cell makes openpyxl look each style up again (most of an export's time);
    cells that look alike share the style array of the first one, as openpyxl's copies do.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        value = excel_text(value) or None
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula someone could smuggle in
    is_date = isinstance(value, date)
    key = (alignment.wrap_text, alignment.vertical, is_date)
    if key in styles:
        cell._style = copy(styles[key])
        return
    if is_date:
        cell.number_format = DATE_FORMAT
    cell.alignment = alignment
    styles[key] = copy(cell._style)


def _list_validation(formula: str, title: str, message: str) -> DataValidation:
    validation = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=message,
        showInputMessage=True,
        promptTitle=title,
        prompt=message,
    )
    return validation


def _add_validations(workbook: Workbook, sheet, words: _Vocabulary, count: int) -> None:
    last = count + 1 + VALIDATED_EXTRA_ROWS
    letters = {column.key: get_column_letter(i) for i, column in enumerate(COLUMNS, start=1)}
    status = _list_validation(
        '"' + ",".join(_status_labels()) + '"', "Status", "Velg en status fra listen."
    )
    status.add(f"{letters['status']}2:{letters['status']}{last}")
    public = _list_validation(f'"{YES},{NO}"', "Offentlig", "Skriv ja eller nei.")
    public.add(f"{letters['public']}2:{letters['public']}{last}")
    sheet.add_data_validation(status)
    sheet.add_data_validation(public)
    lists = workbook.create_sheet(LISTS_SHEET)
    styles: dict = {}
    for index, (key, header, labels) in enumerate(
        (
            ("goal", "Mål", [goal_label(goal) for goal in words.goals]),
            ("approach", "Strategi", [approach_label(item) for item in words.approaches]),
            ("target_groups", "Målgrupper", [item.name for item in words.target_groups]),
            ("channels", "Kanaler", [item.name for item in words.channels]),
        ),
        start=1,
    ):
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=header).font = Font(bold=True)
        lists.column_dimensions[letter].width = 50
        for number, label in enumerate(labels, start=2):
            _write(lists, number, index, label, Alignment(vertical="top"), styles)
        # Målgrupper and Kanaler take several names per cell, which a pick list cannot.
        if labels and key in ("goal", "approach"):
            validation = _list_validation(
                f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}",
                header,
                f"Velg fra listen (arket «{LISTS_SHEET}»).",
            )
            validation.add(f"{letters[key]}2:{letters[key]}{last}")
            sheet.add_data_validation(validation)
    lists.freeze_panes = "A2"


def _add_guide(workbook: Workbook) -> None:
    guide = workbook.create_sheet(GUIDE_SHEET, 1)
    lines = [
        ("Tiltaksplanen som regneark", ""),
        (
            "Slik bruker du arket",
            "Rediger tiltakene i arket «Tiltak» og last filen opp igjen i kommplan "
            "(Regneark-siden for strategien, eller kommandoen «kommplan load»). Du ser hva som "
            "blir endret før noe lagres, og ingenting lagres hvis en celle er feil. "
            "Kolonnene kan stå i hvilken som helst rekkefølge, og kolonner du ikke trenger, kan "
            "du slette: da blir de feltene stående uendret. Tiltak som ikke står i arket, blir "
            "ikke slettet.",
        ),
        ("", ""),
        ("Kolonne", "Forklaring"),
    ]
    lines += [(column.header, column.help) for column in COLUMNS]
    for number, (name, text) in enumerate(lines, start=1):
        guide.cell(row=number, column=1, value=name).alignment = Alignment(vertical="top")
        cell = guide.cell(row=number, column=2, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=14)
    guide["A2"].font = Font(bold=True)
    guide["A4"].font = Font(bold=True)
    guide["B4"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 100


# --- import: planning -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    column: str  # the column's header
    before: str
    after: str


RowKind = Literal["new", "changed", "unchanged"]


@dataclass
class RowPlan:
    """What one row of the sheet does."""

    row: int
    kind: RowKind
    ref: str
    title: str
    changes: list[Change] = field(default_factory=list)
    action: Action | None = None
    data: ActionData | None = None
    comment: str = ""  # a new comment to record as a status update
    new_ref: str = ""  # the id a new action gets (from the sheet)


@dataclass
class ImportPlan:
    filename: str
    sheet: str = ""
    rows: list[RowPlan] = field(default_factory=list)
    deleted: list[Action] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def of_kind(self, kind: RowKind) -> list[RowPlan]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def has_changes(self) -> bool:
        return bool(self.deleted) or any(row.kind != "unchanged" for row in self.rows)


@dataclass(frozen=True)
class ImportResult:
    created: list[Action]
    updated: list[Action]
    deleted: list[str]  # titles
    unchanged: int
    notes: list[str]


class _RowProblems(Exception):
    pass


class _RowReader:
    """Turns one row's cells into an ActionData, collecting located problems."""

    def __init__(
        self, sheet: SheetRows, words: _Vocabulary, strategy: Strategy, filename: str
    ) -> None:
        self.sheet = sheet
        self.words = words
        self.strategy = strategy
        self.filename = filename
        self.problems: list[str] = []

    def where(self, row: int, key: str | None = None) -> str:
        place = f"{self.filename}, ark «{self.sheet.sheet}», rad {row}"
        if key is not None:
            place += f", kolonne «{self.sheet.header(key)}»"
        return place

    def problem(self, row: int, key: str | None, message: str) -> None:
        self.problems.append(f"{self.where(row, key)}: {message}")

    # -- cell conversions; each returns the value or records a problem and raises ------------

    def text(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return YES if value else NO
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, datetime):
            if value.time() == time(0, 0):
                return value.date().isoformat()
            return value.isoformat(sep=" ", timespec="minutes")
        if isinstance(value, date | time):
            return value.isoformat()
        return excel_text(str(value)).strip()

    def date(self, row: int, key: str, value: Any) -> date | None:
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            found = _parse_date_text(value.strip())
            if found is not None:
                return found
            self.problem(
                row, key, f"forventet en dato (som 31.12.2025 eller 2025-12-31), ikke «{value}»"
            )
        else:
            self.problem(
                row, key, f"forventet en dato, ikke tallet {value} (formater cellen som dato)"
            )
        raise _RowProblems

    def status(self, row: int, value: Any) -> str | None:
        if value is None:
            return None
        wanted = fold(self.text(value))
        for choice in ActionStatus:
            if wanted in (fold(choice.value), fold(status_label(choice.value))):
                return choice.value
        valid = ", ".join(_status_labels())
        self.problem(row, "status", f"ukjent status «{self.text(value)}» (gyldige: {valid})")
        raise _RowProblems

    def yes_no(self, row: int, key: str, value: Any) -> bool | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        word = fold(self.text(value))
        if word in {"ja", "j", "yes", "y", "true", "sann", "x", "1"}:
            return True
        if word in {"nei", "n", "no", "false", "usann", "0"}:
            return False
        self.problem(row, key, f"forventet ja eller nei, ikke «{self.text(value)}»")
        raise _RowProblems

    def ref(self, row: int, value: Any) -> str:
        return self.text(value)

    def one(self, row: int, key: str, value: Any, items: list, label, what: str):
        if value is None:
            return None
        text = self.text(value)
        found = _find(text, items, label)
        if found is None:
            self.problem(
                row,
                key,
                f"ukjent {what} «{_short(text)}» "
                f"(ingen {what} i strategien har den id-en eller teksten)",
            )
            raise _RowProblems
        return found

    def many(self, row: int, key: str, value: Any, items: list, what: str) -> list:
        if value is None:
            return []
        found = []
        failed = False
        for part in re.split(r"[\n;]", self.text(value)):
            part = part.strip()
            if not part:
                continue
            item = _find(part, items, lambda item: item.name)
            if item is None:
                self.problem(
                    row,
                    key,
                    f"ukjent {what} «{_short(part)}» (ingen {what} i strategien heter det)",
                )
                failed = True
            elif item not in found:
                found.append(item)
        if failed:
            raise _RowProblems
        return sorted(found, key=lambda item: (item.position, item.pk))

    def user(self, row: int, value: Any) -> User | None:
        if value is None:
            return None
        name = self.text(value)
        for user in self.words.users:
            if user.username == name:
                return user
        matches = [user for user in self.words.users if user.username.casefold() == name.casefold()]
        if len(matches) == 1:
            return matches[0]
        organisation = self.strategy.organisation.name
        self.problem(
            row,
            "responsible_user",
            f"ukjent bruker «{_short(name)}» "
            f"(må være brukernavnet til et medlem av {organisation})",
        )
        raise _RowProblems

    def organisation(self, row: int, value: Any) -> Organisation | None:
        if value is None:
            return None
        name = self.text(value)
        for member in self.words.organisations:
            if fold(member.name) == fold(name) or member.slug == name:
                return member
        members = ", ".join(member.name for member in self.words.organisations) or "ingen"
        self.problem(
            row,
            "assigned_organisation",
            f"«{_short(name)}» er ikke en medlemsorganisasjon av "
            f"{self.strategy.organisation.name} (medlemmer: {members})",
        )
        raise _RowProblems


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_date_text(text: str) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4}|\d{2})", text)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _find(text: str, items: list, label) -> Any:
    """The item `text` names: by id, as «id – …», or by its label (case-insensitive)."""
    wanted = " ".join(text.split())
    for item in items:
        if item.ref == wanted:
            return item
    head, dash, _rest = wanted.partition(" – ")
    if dash:
        for item in items:
            if item.ref == head:
                return item
    folded = wanted.casefold()
    matches = [item for item in items if " ".join(label(item).split()).casefold() == folded]
    return matches[0] if len(matches) == 1 else None


def _stored(action: Action | None, key: str) -> Any:
    if action is None:
        return None
    if key in ("target_groups", "channels"):
        return sorted(getattr(action, key).all(), key=lambda item: (item.position, item.pk))
    return getattr(action, key)


def _display(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if key == "goal":
        return goal_label(value)
    if key == "approach":
        return approach_label(value)
    if key in ("target_groups", "channels"):
        return ", ".join(item.name for item in value)
    if key == "responsible_user":
        return value.username
    if key == "assigned_organisation":
        return value.name
    if key == "status":
        return status_label(value)
    if key == "public":
        return YES if value else NO
    if isinstance(value, date):
        return f"{value.day}.{value.month}.{value.year}"
    return _short(str(value), 200)


# The ActionIn field each column is validated as (the plan file rules).
_PLANFILE_FIELDS = {
    "id": "id",
    "title": "title",
    "description": "description",
    "responsible": "responsible",
    "financing": "financing",
    "purpose": "purpose",
    "desired_result": "desired_result",
    "timing": "when",
}


def _planfile_message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_too_long":
        return f"teksten er for lang ({len(error['input'])} tegn; høyst {ctx['max_length']})"
    if kind == "string_too_short":
        return "mangler tekst"
    if kind == "string_pattern_mismatch":
        return (
            f"ugyldig id «{_short(str(error['input']))}» (bare bokstavene A–Z og a–z, tall, "
            "punktum, bindestrek og understrek, høyst 64 tegn)"
        )
    return str(error.get("msg", kind))


def plan_import(
    *, strategy: Strategy, data: bytes, filename: str, replace: bool = False
) -> ImportPlan:
    """Read and check a spreadsheet and say what importing it would change; writes nothing."""
    plan = ImportPlan(filename=filename)
    try:
        sheet = read_rows(data, filename=filename)
    except SpreadsheetError as error:
        plan.problems = error.problems
        return plan
    plan.sheet = sheet.sheet
    if sheet.ignored_headers:
        names = ", ".join(f"«{name}»" for name in sheet.ignored_headers)
        plan.notes.append(
            f"{filename}, ark «{sheet.sheet}»: kolonnene {names} er ikke kjent og blir ikke lest"
        )
    words = _Vocabulary.of(strategy)
    existing = {
        action.ref: action
        for action in Action.objects.filter(strategy=strategy)
        .select_related("goal", "approach", "responsible_user", "assigned_organisation")
        .prefetch_related(
            "target_groups",
            "channels",
            Prefetch("updates", queryset=StatusUpdate.objects.order_by("position", "pk")),
        )
    }
    reader = _RowReader(sheet, words, strategy, filename)
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        try:
            row = _plan_row(reader, number, cells, existing, seen, strategy, plan.notes)
        except _RowProblems:
            continue
        plan.rows.append(row)
    plan.problems = reader.problems
    if replace and not plan.problems:
        kept = {row.action.pk for row in plan.rows if row.action is not None}
        plan.deleted = [action for action in existing.values() if action.pk not in kept]
        plan.deleted.sort(key=lambda action: (action.position, action.pk))
    return plan


def _plan_row(
    reader: _RowReader,
    number: int,
    cells: dict[str, Any],
    existing: dict[str, Action],
    seen: dict[str, int],
    strategy: Strategy,
    notes: list[str],
) -> RowPlan:
    columns = reader.sheet.columns
    failed = False
    problems_before = len(reader.problems)

    def convert(key: str, function, *args):
        nonlocal failed
        try:
            return function(*args)
        except _RowProblems:
            failed = True
            return None

    ref = reader.ref(number, cells.get("id")) if "id" in cells else ""
    if ref:
        if ref in seen:
            reader.problem(number, "id", f"id «{_short(ref)}» står også på rad {seen[ref]}")
            failed = True
        seen[ref] = number
    action = existing.get(ref) if ref else None
    title = reader.text(cells.get("title"))
    if not title:
        reader.problem(number, "title", "mangler tiltak (tittel); hver rad med innhold må ha det")
        failed = True

    # The new value of every column present; absent columns keep what is stored.
    new: dict[str, Any] = {}
    for key in ("description", "responsible", "financing", "purpose", "desired_result", "timing"):
        if key in columns:
            new[key] = reader.text(cells.get(key))
    new["title"] = title
    if "rrule" in columns:
        new["rrule"] = reader.text(cells.get("rrule"))
    for key in DATE_KEYS:
        if key in columns:
            new[key] = convert(key, reader.date, number, key, cells.get(key))
    if "goal" in columns:
        new["goal"] = convert(
            "goal",
            reader.one,
            number,
            "goal",
            cells.get("goal"),
            reader.words.goals,
            _goal_text,
            "mål",
        )
    if "approach" in columns:
        new["approach"] = convert(
            "approach",
            reader.one,
            number,
            "approach",
            cells.get("approach"),
            reader.words.approaches,
            _approach_text,
            "strategi",
        )
    if "target_groups" in columns:
        new["target_groups"] = convert(
            "target_groups",
            reader.many,
            number,
            "target_groups",
            cells.get("target_groups"),
            reader.words.target_groups,
            "målgruppe",
        )
    if "channels" in columns:
        new["channels"] = convert(
            "channels",
            reader.many,
            number,
            "channels",
            cells.get("channels"),
            reader.words.channels,
            "kanal",
        )
    if "responsible_user" in columns:
        new["responsible_user"] = convert(
            "responsible_user", reader.user, number, cells.get("responsible_user")
        )
    if "assigned_organisation" in columns:
        new["assigned_organisation"] = convert(
            "assigned_organisation", reader.organisation, number, cells.get("assigned_organisation")
        )
    status = convert("status", reader.status, number, cells.get("status"))
    if status is not None:
        new["status"] = status
    public = convert("public", reader.yes_no, number, "public", cells.get("public"))
    if public is not None:
        new["public"] = public
    if failed:
        raise _RowProblems

    # Keep the stored value wherever the cell says the same (see the module docstring).
    for key in TEXT_KEYS:
        if key in new and action is not None and _same_text(getattr(action, key), new[key]):
            new[key] = getattr(action, key)

    # Dates from the timing text, when the row gives none and the text is someone's new
    # writing: a row without id, or a changed text. A row with an id kommplan does not know
    # (another strategy's export) is taken as it stands, so a copy comes out equal.
    timing_is_new = "timing" in new and (
        (action is None and not ref)
        or (action is not None and not _same_text(action.timing, new["timing"]))
    )
    if timing_is_new and new["timing"] and not any(new.get(key) for key in SCHEDULE_KEYS):
        schedule = parse_timing(
            new["timing"], period_start=strategy.period_start, period_end=strategy.period_end
        )
        if schedule.is_structured:
            fields = schedule_fields(schedule)
            new.update(
                due_date=fields.due_date,
                start_date=fields.start_date,
                end_date=fields.end_date,
                rrule=fields.rrule,
            )
            notes.append(
                f"{reader.where(number, 'timing')}: datoene er lest ut av teksten "
                f"«{_short(new['timing'])}»" + (f" ({schedule.note})" if schedule.note else "")
            )
        else:
            notes.append(
                f"{reader.where(number, 'timing')}: «{_short(new['timing'])}» gir ingen dato "
                f"({schedule.note}); teksten lagres slik den står"
            )

    values = {key: new[key] if key in new else _default(action, key) for key in EDITABLE_FIELDS}
    changed = [
        key
        for key, value in values.items()
        if action is None or _differs(key, _stored(action, key), value)
    ]
    _check_row(reader, number, ref if action is None else "", values, changed, action is None)
    if len(reader.problems) > problems_before:
        raise _RowProblems

    comment = ""
    if "comment" in columns:
        text = reader.text(cells.get("comment"))
        stored_comment = latest_comment(action) if action is not None else ""
        if text and not _same_text(stored_comment, text):
            comment = text

    data = ActionData(**values)
    if action is None:
        changes = [
            Change(BY_KEY[key].header, "–", _display(key, value))
            for key, value in values.items()
            if value not in ("", None, [], False) or key == "status"
        ]
        if comment:
            changes.append(Change(BY_KEY["comment"].header, "–", _short(comment, 200)))
        return RowPlan(
            row=number,
            kind="new",
            ref=ref,
            title=title,
            changes=changes,
            data=data,
            comment=comment,
            new_ref=ref,
        )
    changes = [
        Change(BY_KEY[key].header, _display(key, _stored(action, key)), _display(key, values[key]))
        for key in changed
    ]
    if comment:
        changes.append(
            Change(
                BY_KEY["comment"].header,
                _display("comment", latest_comment(action)),
                _short(comment, 200),
            )
        )
    return RowPlan(
        row=number,
        kind="changed" if changes else "unchanged",
        ref=ref,
        title=title,
        changes=changes,
        action=action,
        data=data,
        comment=comment,
    )


def _goal_text(goal: Goal) -> str:
    return goal.text


def _approach_text(approach: GoalStrategy) -> str:
    return approach.title or approach.text


def _default(action: Action | None, key: str) -> Any:
    if action is not None:
        return _stored(action, key)
    return {
        "target_groups": [],
        "channels": [],
        "status": ActionStatus.IKKE_STARTET.value,
        "public": False,
        "goal": None,
        "approach": None,
        "responsible_user": None,
        "assigned_organisation": None,
        "due_date": None,
        "start_date": None,
        "end_date": None,
    }.get(key, "")


def _differs(key: str, stored: Any, new: Any) -> bool:
    if key in ("target_groups", "channels"):
        return [item.pk for item in stored] != [item.pk for item in new]
    if hasattr(stored, "pk") or hasattr(new, "pk"):
        return getattr(stored, "pk", None) != getattr(new, "pk", None)
    return stored != new


def _check_row(
    reader: _RowReader,
    number: int,
    new_ref: str,
    values: dict[str, Any],
    changed: list[str],
    is_new: bool,
) -> None:
    """The plan file rules, for what the row changes (a stored value is not judged again)."""
    candidate: dict[str, Any] = {"title": values["title"]}
    if new_ref:
        candidate["id"] = new_ref
    for key, name in _PLANFILE_FIELDS.items():
        if key in values and (is_new or key in changed) and values[key]:
            candidate[name] = values[key]
    try:
        ActionIn.model_validate(candidate)
    except PydanticValidationError as error:
        fields = {name: key for key, name in _PLANFILE_FIELDS.items()}
        for item in error.errors(include_url=False):
            key = fields.get(str(item["loc"][0]), "title") if item["loc"] else "title"
            reader.problem(number, key, _planfile_message(item))
    if not (is_new or any(key in changed for key in SCHEDULE_KEYS)):
        return
    due, start, end, rrule = (
        values["due_date"],
        values["start_date"],
        values["end_date"],
        values["rrule"],
    )
    if due is not None and (start or end or rrule):
        reader.problem(
            number,
            "due_date",
            "en frist kan ikke stå sammen med Start, Slutt eller Gjentakelse; bruk enten en "
            "frist eller en periode",
        )
    if start and end and start > end:
        reader.problem(
            number,
            "end_date",
            f"slutt ({_display('end_date', end)}) er før start ({_display('start_date', start)})",
        )
    if rrule:
        problem = rrule_problem(rrule)
        if problem:
            reader.problem(number, "rrule", f"ugyldig gjentakelse «{_short(rrule)}»: {problem}")


# --- import: applying -------------------------------------------------------------------------


def import_action_plan(
    *,
    strategy: Strategy,
    data: bytes,
    filename: str,
    actor: User | None,
    replace: bool = False,
) -> ImportResult:
    """Import a spreadsheet into the strategy's action plan, all or nothing.

    Rows with a known id update that action, rows without one (or with an id the plan does not
    have) add an action; with `replace`, actions the sheet does not list are deleted.
    Raises SpreadsheetError with every problem, each located, when anything is wrong.
    """
    plan = plan_import(strategy=strategy, data=data, filename=filename, replace=replace)
    return apply_import(plan, strategy=strategy, actor=actor)


@transaction.atomic
def apply_import(plan: ImportPlan, *, strategy: Strategy, actor: User | None) -> ImportResult:
    if plan.problems:
        raise SpreadsheetError(plan.problems)
    created: list[Action] = []
    updated: list[Action] = []
    reserved = {row.new_ref for row in plan.rows if row.kind == "new" and row.new_ref}
    try:
        with _one_by_one():
            for row in plan.rows:
                if row.kind == "unchanged":
                    continue
                if row.kind == "new":
                    created.append(_create(row, strategy, actor, reserved))
                else:
                    updated.append(_update(row, actor))
            deleted = []
            for action in plan.deleted:
                deleted.append(action.title)
                delete_action(action=action, actor=actor)
    except StaleEditError as error:
        raise SpreadsheetError(
            [
                f"{plan.filename}: tiltaket «{_short(error.action.title)}» ble endret av noen "
                "andre mens filen ble lest; last opp filen på nytt"
            ]
        ) from None
    except ValidationError as error:
        raise SpreadsheetError(
            [f"{plan.filename}: {message}" for message in error.messages]
        ) from None
    return ImportResult(
        created=created,
        updated=updated,
        deleted=deleted,
        unchanged=len(plan.of_kind("unchanged")),
        notes=plan.notes,
    )


def _one_by_one() -> AbstractContextManager:
    """Every row goes through the action services, which lock, save, link and log one action at
    a time, as the browser does; the queries per row are the price of that rule, not an N+1.
    django-zeal (tests only) is told so for the actions the services handle."""
    try:
        from zeal import zeal_ignore
    except ImportError:  # not installed outside development
        return nullcontext()
    return zeal_ignore([{"model": "actions.Action", "field": "*"}])


def _create(row: RowPlan, strategy: Strategy, actor: User | None, reserved: set[str]) -> Action:
    assert row.data is not None
    data = row.data
    if row.comment:
        # The status and its comment go into the history together, as one report.
        data = replace(data, status=ActionStatus.IKKE_STARTET.value)
    action = create_action(strategy=strategy, actor=actor, data=data)
    ref = row.new_ref or (
        action.ref if action.ref not in reserved else _free_ref(strategy, reserved)
    )
    if ref != action.ref:
        # The sheet's id is the action's stable key; an automatic one must not take a later row's.
        Action.objects.filter(pk=action.pk).update(ref=ref)
        action.ref = ref
    if row.comment:
        record_status_update(
            action=action, author=actor, status=row.data.status, comment=row.comment
        )
    return action


def _free_ref(strategy: Strategy, reserved: set[str]) -> str:
    taken = set(Action.objects.filter(strategy=strategy).values_list("ref", flat=True))
    taken |= reserved
    number = len(taken) + 1
    while f"a{number}" in taken:
        number += 1
    return f"a{number}"


def _update(row: RowPlan, actor: User | None) -> Action:
    assert row.action is not None and row.data is not None
    action = row.action
    version = action.version
    if row.comment:
        record_status_update(
            action=action, author=actor, status=row.data.status, comment=row.comment
        )
        version = action.version  # the report moved it on; the editor's change builds on that
    return update_action(action=action, actor=actor, version=version, data=row.data)


# --- uploads kept between preview and confirmation --------------------------------------------

PENDING_LIFETIME = timedelta(hours=1)
_PENDING_SALT = "kommplan.spreadsheets.pending"


def store_pending_import(
    *, strategy: Strategy, user: User, filename: str, content: bytes, replace: bool
) -> tuple[PendingImport, str]:
    """Keep an upload for its preview; returns it and the signed token that names it.

    The token names the upload, its strategy and its uploader, and expires with the upload.
    Uploads left unconfirmed are removed here, by the next upload, once they have expired.
    """
    PendingImport.objects.filter(created_at__lt=timezone.now() - PENDING_LIFETIME).delete()
    pending = PendingImport.objects.create(
        strategy=strategy,
        uploaded_by=user,
        filename=filename[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        replace=replace,
    )
    token = signing.dumps(
        {"id": str(pending.pk), "s": strategy.pk, "u": user.pk}, salt=_PENDING_SALT
    )
    return pending, token


def pending_import(*, token: str, strategy: Strategy, user: User) -> PendingImport | None:
    """The upload `token` names, if it is this user's, for this strategy, and not expired."""
    try:
        claims = signing.loads(token, salt=_PENDING_SALT, max_age=PENDING_LIFETIME.total_seconds())
    except signing.BadSignature:  # also SignatureExpired
        return None
    if not isinstance(claims, dict) or claims.get("s") != strategy.pk or claims.get("u") != user.pk:
        return None
    pending = PendingImport.objects.filter(
        pk=claims.get("id"),
        strategy=strategy,
        uploaded_by=user,
        created_at__gte=timezone.now() - PENDING_LIFETIME,
    ).first()
    if pending is None or hashlib.sha256(pending.content).hexdigest() != pending.sha256:
        return None
    return pending


@transaction.atomic
def confirm_pending_import(*, pending: PendingImport, actor: User) -> ImportResult:
    """Import a previewed upload (checked again against the plan as it is now) and forget it."""
    result = import_action_plan(
        strategy=pending.strategy,
        data=bytes(pending.content),
        filename=pending.filename,
        actor=actor,
        replace=pending.replace,
    )
    pending.delete()
    return result
