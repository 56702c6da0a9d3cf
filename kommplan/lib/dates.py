"""Dates as plan documents write them: ISO 8601, possibly with reduced precision."""

from __future__ import annotations

import re
from datetime import date

_PARTIAL_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def is_partial_iso_date(value: str) -> bool:
    """True for a real YYYY, YYYY-MM or YYYY-MM-DD ("2014-04" when a text gives only a month)."""
    match = _PARTIAL_ISO.fullmatch(value)
    if not match:
        return False
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True
