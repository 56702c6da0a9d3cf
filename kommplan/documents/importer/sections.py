"""From units to sections: which part of the plan each paragraph, item and table row belongs to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import CORE_MESSAGE, OTHER_MESSAGE, PRIORITY_ONE, PRIORITY_TWO, TABLE_COLUMNS
from .text import TOKEN, word_count
from .units import Unit, classify_clause, is_channel_name

# Sections whose items may be sub-headings with text under them (Rana's goals, actions, roles).
ITEM_HEADINGS = frozenset(
    {
        "goals",
        "roles",
        "challenges",
        "actions",
        "channels",
        "principles",
        "target_groups",
        "messages",
    }
)
# Kinds where a sub-heading naming the same kind is an item, not a new section.
NESTING = frozenset({"roles", "challenges", "principles"})
LISTABLE = frozenset(
    {"goals", "target_groups", "channels", "messages", "principles", "rules", "crisis"}
)
QUESTION_LABELS = {"hvorfor?": "purpose", "kvifor?": "purpose"}


@dataclass
class Section:
    kind: str
    head: Unit | None
    units: list[Unit] = field(default_factory=list)

    @property
    def strength(self) -> int:
        if self.head is None:
            return 0
        return 1 if self.head.kind == "para" else self.head.strength

    @property
    def in_list_mode(self) -> bool:
        """Items came before any sub-heading: further weak headings end the list, not join it."""
        for unit in self.units:
            if unit.kind == "heading":
                return False
            if unit.kind == "item":
                return True
        return False


def table_header(text: str) -> list[str]:
    """Column roles when a text opens with three or more known column names (a flattened table)."""
    columns = []
    for token in TOKEN.findall(text)[:8]:
        role = TABLE_COLUMNS.get(token.lower().strip(":,"))
        if role is None:
            break
        columns.append(role)
    return columns if len(columns) >= 3 and "title" in columns else []


def build_sections(units: list[Unit]) -> list[Section]:
    sections = [Section("other", None)]
    last_strategy: Unit | None = None
    for k, unit in enumerate(units):
        current = sections[-1]
        nxt = units[k + 1] if k + 1 < len(units) else None
        low = unit.text.lower()
        if unit.kind == "para" and table_header(unit.text):
            sections.append(Section("actions", None, [unit]))
            continue
        if unit.kind in {"heading", "marker"}:
            if PRIORITY_ONE.search(low) or PRIORITY_TWO.search(low):
                unit.label = "priority1" if PRIORITY_ONE.search(low) else "priority2"
                _into(sections, "target_groups", unit)
                continue
            if OTHER_MESSAGE.search(low) or CORE_MESSAGE.search(low):
                unit.label = "noncore" if OTHER_MESSAGE.search(low) else "core"
                _into(sections, "messages", unit)
                continue
            if low in QUESTION_LABELS or re.fullmatch(r"[a-zæøå]+\?", low):
                if QUESTION_LABELS.get(low) == "purpose" and current.kind == "other":
                    sections.append(Section("purpose", unit))
                else:
                    current.units.append(unit)
                continue
            label = unit.label
            if label == "rules" and not any(u.kind in {"para", "item"} for u in units[:k]):
                label = None  # a document titled "Retningslinjer for …" is not a list of rules
            if label == "strategies":
                last_strategy = unit
            if label in {"desired_results", "strategy_description"}:
                if current.kind == "strategies":
                    current.units.append(unit)
                else:
                    # Back to the strategy that a list inside its description interrupted.
                    sections.append(Section("strategies", last_strategy, [unit]))
                continue
            if (
                current.kind == "principles"
                and unit.kind == "marker"
                and " " not in unit.text
                and label in {None, "roles"}
            ):
                current.units.append(unit)  # a principle's name in capitals ("LEDERANSVAR")
                continue
            if label is None:
                if unit.kind == "marker":
                    if current.kind == "principles":
                        current.units.append(unit)  # a principle's name, in capitals
                    continue  # a running header such as "KOMMUNIKASJONSPLAN"
                opened_by_intro = current.head is not None and current.head.kind == "para"
                if opened_by_intro and not is_channel_name(unit.text):
                    sections.append(
                        Section("other", unit)
                    )  # a heading ends a list its intro opened
                    continue
                if (
                    current.kind in ITEM_HEADINGS
                    and unit.strength < 3
                    and not current.in_list_mode
                    and not opened_by_intro
                ):
                    current.units.append(unit)
                    continue
                if is_channel_name(unit.text):
                    _into(sections, "channels", unit)
                    continue
                if unit.strength >= 2 or unit.page_start:
                    sections.append(Section("other", unit))
                    continue
                current.units.append(unit)
                continue
            if (
                label in {"crisis", "vision"}
                and current.kind in ITEM_HEADINGS
                and current.head is not None
                and unit.strength < current.strength
            ):
                current.units.append(unit)
                continue
            if (
                label == current.kind
                and label in NESTING
                and current.head is not None
                and unit.strength < current.strength
            ):
                current.units.append(unit)
                continue
            sections.append(Section(label, unit))
            continue
        if unit.kind == "para" and (
            unit.intro or (nxt is not None and nxt.kind == "item" and word_count(unit.text) <= 15)
        ):
            kind = classify_clause(unit.text)
            if (
                kind
                and kind != current.kind
                and not (current.kind == "actions" and kind == "target_groups")
                and (unit.intro or kind in LISTABLE)
            ):
                sections.append(Section(kind, unit))
                continue
        current.units.append(unit)
    return [s for s in sections if s.units or s.head is not None]


def _into(sections: list[Section], kind: str, unit: Unit) -> None:
    if sections[-1].kind == kind:
        sections[-1].units.append(unit)
    else:
        sections.append(Section(kind, None, [unit]))
