"""The plan being proposed, item by item, each with the piece of text it came from."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from .pieces import Piece

KINDS = (
    "goals",
    "strategies",
    "target_groups",
    "messages",
    "channels",
    "principles",
    "roles",
    "rules",
    "challenges",
    "actions",
)


@dataclass(eq=False)
class Found:
    kind: str
    data: dict[str, Any]
    piece: Piece
    confidence: float
    goal: Found | None = None
    strategy: Found | None = None
    parent: Found | None = None
    target_groups: list[Found] = field(default_factory=list)
    channels: list[Found] = field(default_factory=list)
    number: str | None = None
    overview: bool = False
    fields: dict[str, Piece] = field(default_factory=dict)


@dataclass
class Scalar:
    value: Any
    piece: Piece | None
    confidence: float


def norm(text: str) -> str:
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    return re.sub(r"\s+", " ", text).strip()


def similar(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # Cheap upper bounds first: most pairs are far apart.
    if matcher.real_quick_ratio() < 0.8 or matcher.quick_ratio() < 0.8:
        return matcher.quick_ratio()
    return matcher.ratio()


class Draft:
    def __init__(self) -> None:
        self.items: dict[str, list[Found]] = {kind: [] for kind in KINDS}
        self.notify: list[Found] = []
        self.scalars: dict[str, Scalar] = {}
        self.warnings: list[str] = []
        self._norms: dict[int, tuple[str, str]] = {}

    def add(
        self,
        kind: str,
        data: dict[str, Any],
        piece: Piece,
        confidence: float,
        *,
        dedupe: str | None = None,
        **links: Any,
    ) -> Found:
        """Add an item; when `dedupe` names a text field, a near-identical item is reused."""
        if dedupe is not None:
            existing = self._same(kind, dedupe, data.get(dedupe) or "")
            if existing is not None:
                for key, extra in data.items():
                    if extra and not existing.data.get(key):
                        existing.data[key] = extra
                for key, link in links.items():
                    if link and not getattr(existing, key):
                        setattr(existing, key, link)
                return existing
        found = Found(kind, data, piece, confidence, **links)
        self.items[kind].append(found)
        return found

    def _same(self, kind: str, field_name: str, value: str) -> Found | None:
        key = norm(value)
        if not key:
            return None
        words = set(key.split())
        for found in self.items[kind]:
            other = self._norms.get(id(found))
            if other is None or other[0] != field_name:
                other = (field_name, norm(found.data.get(field_name) or ""))
                self._norms[id(found)] = other
            text = other[1]
            if text == key:
                return found
            shorter, longer = sorted((len(text), len(key)))
            if not text or 2 * shorter / (shorter + longer) < 0.92:
                continue  # no ratio can reach the threshold
            if len(words & set(text.split())) * 2 < len(words):
                continue
            if similar(text, key) >= 0.92:
                return found
        return None

    def set(
        self, key: str, value: Any, piece: Piece | None, confidence: float, *, replace: bool = False
    ) -> None:
        if value in (None, "", [], {}):
            return
        if key in self.scalars and not replace:
            return
        self.scalars[key] = Scalar(value, piece, confidence)

    def has(self, key: str) -> bool:
        return key in self.scalars
