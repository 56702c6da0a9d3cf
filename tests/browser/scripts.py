"""The JavaScript the checks run in the page, kept in js/ as plain arrow functions."""

from __future__ import annotations

from functools import cache
from pathlib import Path

JS = Path(__file__).resolve().parent / "js"


@cache
def script(name: str) -> str:
    return (JS / name).read_text(encoding="utf-8")
