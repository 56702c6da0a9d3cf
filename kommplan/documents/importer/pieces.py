"""Text that remembers where each of its characters came from in the document.

Every item the importer proposes must point back at its source, yet the text is reshaped on the
way: whitespace collapsed, bullets and markers cut off, run-together slide text split, wrapped
lines joined. A `Piece` carries, for each character, its offset in `ExtractedDocument.text`, so
any slice, split or join still knows its exact span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WS = re.compile(r"\s+")
_NONSPACE = re.compile(r"\S+")
_UNTIDY = re.compile(r"^\s|\s$|\s\s|[^\S ]")


class Piece:
    __slots__ = ("text", "pos")

    def __init__(self, text: str, pos: list[int]) -> None:
        self.text = text
        self.pos = pos

    @classmethod
    def from_source(cls, source: str, start: int, end: int) -> Piece:
        """source[start:end] with whitespace runs collapsed to one space and the ends stripped."""
        text = source[start:end]
        if not _UNTIDY.search(text):
            return cls(text, list(range(start, end)))  # already tidy: the common case
        parts: list[str] = []
        pos: list[int] = []
        for m in _NONSPACE.finditer(source, start, end):
            if parts:
                parts.append(" ")
                pos.append(m.start() - 1)
            parts.append(m.group())
            pos.extend(range(m.start(), m.end()))
        return cls("".join(parts), pos)

    @property
    def start(self) -> int:
        return self.pos[0] if self.pos else 0

    @property
    def end(self) -> int:
        return self.pos[-1] + 1 if self.pos else 0

    def __len__(self) -> int:
        return len(self.text)

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Piece({self.text!r}, {self.start}:{self.end})"

    def __getitem__(self, key: slice) -> Piece:
        return Piece(self.text[key], self.pos[key])

    def strip(self, chars: str | None = None) -> Piece:
        text = self.text
        left = len(text) - len(text.lstrip(chars))
        right = len(text.rstrip(chars))
        if right <= left:
            return Piece("", [])
        return self[left:right]

    def split_at(self, cuts: Iterable[int]) -> list[Piece]:
        """Cut before each index in `cuts`; every part stripped, empty parts dropped."""
        parts = []
        previous = 0
        for cut in sorted(set(cuts)):
            if 0 < cut < len(self.text):
                parts.append(self[previous:cut])
                previous = cut
        parts.append(self[previous:])
        return [p for p in (part.strip() for part in parts) if p]

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        return pattern.finditer(self.text)

    def without(self, spans: Iterable[tuple[int, int]]) -> Piece:
        """This piece with the given [start, end) index ranges removed (spaces tidied)."""
        keep = [True] * len(self.text)
        for a, b in spans:
            for i in range(max(a, 0), min(b, len(self.text))):
                keep[i] = False
        text = "".join(c for c, k in zip(self.text, keep, strict=True) if k)
        pos = [p for p, k in zip(self.pos, keep, strict=True) if k]
        return Piece(text, pos).squeeze()

    def squeeze(self) -> Piece:
        """Collapse repeated spaces (after removals) and strip."""
        chars: list[str] = []
        pos: list[int] = []
        for char, offset in zip(self.text, self.pos, strict=True):
            if char == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(char)
            pos.append(offset)
        return Piece("".join(chars), pos).strip()

    @staticmethod
    def join(pieces: Iterable[Piece], sep: str = " ") -> Piece:
        chars: list[str] = []
        pos: list[int] = []
        for piece in pieces:
            if not piece:
                continue
            if chars and sep:
                chars.append(sep)
                pos.extend([pos[-1]] * len(sep))
            chars.append(piece.text)
            pos.extend(piece.pos)
        return Piece("".join(chars), pos)


EMPTY = Piece("", [])


def collapse(text: str) -> str:
    return _WS.sub(" ", text).strip()
