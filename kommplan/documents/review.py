"""What the review page shows of a proposed plan: its items by kind, each with its source."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .importer import LOW_CONFIDENCE


def _first_present(*keys: str) -> Callable[[Mapping[str, Any]], str]:
    # A strategy or a challenge may be written as a title, as a text, or both.
    def pick(item: Mapping[str, Any]) -> str:
        for key in keys:
            if item.get(key):
                return key
        return keys[0]

    return pick


@dataclass(frozen=True)
class ItemKind:
    key: str  # the list's name in the plan file: "goals", "actions"
    label: Promise
    text_field: Callable[[Mapping[str, Any]], str]  # which field of an item the reviewer edits
    long_text: bool = False


def _fixed(name: str) -> Callable[[Mapping[str, Any]], str]:
    return lambda item: name


# In the order the review page shows them.
ITEM_KINDS: dict[str, ItemKind] = {
    kind.key: kind
    for kind in (
        ItemKind("goals", _("Mål"), _fixed("text"), long_text=True),
        ItemKind("strategies", _("Strategier"), _first_present("title", "text")),
        ItemKind("target_groups", _("Målgrupper"), _fixed("name")),
        ItemKind("messages", _("Budskap"), _fixed("text"), long_text=True),
        ItemKind("channels", _("Kanaler"), _fixed("name")),
        ItemKind("principles", _("Prinsipper"), _fixed("name")),
        ItemKind("challenges", _("Utfordringer"), _first_present("title", "text")),
        ItemKind("roles", _("Roller og ansvar"), _fixed("title")),
        ItemKind("rules", _("Regler og lover"), _fixed("name")),
        ItemKind("actions", _("Tiltak"), _fixed("title")),
    )
}

_PATH = re.compile(r"^(?:strategy\.)?(\w+)\[(\d+)\]$")


def split_path(path: str) -> tuple[str, int] | None:
    """("actions", 3) for "actions[3]", ("goals", 0) for "strategy.goals[0]"; None otherwise."""
    match = _PATH.match(path)
    if match is None or match.group(1) not in ITEM_KINDS:
        return None
    kind, index = match.group(1), int(match.group(2))
    # Actions sit at the top of a plan file, every other kind under strategy.
    if (kind == "actions") != (not path.startswith("strategy.")):
        return None
    return kind, index


def item_path(kind: str, index: int) -> str:
    return f"actions[{index}]" if kind == "actions" else f"strategy.{kind}[{index}]"


@dataclass(frozen=True)
class ReviewItem:
    path: str  # "strategy.goals[0]"
    key: str  # the same, usable as a form field name: "goals-0"
    kind: ItemKind
    text: str
    source: Mapping[str, Any] | None
    details: list[tuple[Promise, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str | None:
        if not self.source:
            return None
        return f"src-{self.source['page']}-{self.source['line']}"

    @property
    def confidence(self) -> float | None:
        return None if not self.source else float(self.source["confidence"])

    @property
    def confidence_percent(self) -> int | None:
        confidence = self.confidence
        return None if confidence is None else round(confidence * 100)

    @property
    def is_uncertain(self) -> bool:
        confidence = self.confidence
        return confidence is not None and confidence < LOW_CONFIDENCE


@dataclass(frozen=True)
class ReviewGroup:
    kind: ItemKind
    items: list[ReviewItem]


_ACTION_DETAILS = (
    ("responsible", _("Ansvarlig")),
    ("financing", _("Finansiering")),
    ("when", _("Tidspunkt")),
)


def review_groups(plan: Mapping[str, Any], sources: Mapping[str, Any]) -> list[ReviewGroup]:
    """The proposed plan's items grouped by kind, in review order; empty kinds left out."""
    strategy = plan.get("strategy", {})
    groups = []
    for kind in ITEM_KINDS.values():
        entries = plan.get("actions", []) if kind.key == "actions" else strategy.get(kind.key, [])
        items = []
        for index, entry in enumerate(entries):
            path = item_path(kind.key, index)
            details = []
            if kind.key == "actions":
                details = [(label, entry[key]) for key, label in _ACTION_DETAILS if entry.get(key)]
            items.append(
                ReviewItem(
                    path=path,
                    key=f"{kind.key}-{index}",
                    kind=kind,
                    text=str(entry.get(kind.text_field(entry)) or ""),
                    source=sources.get(path),
                    details=details,
                )
            )
        if items:
            groups.append(ReviewGroup(kind=kind, items=items))
    return groups
