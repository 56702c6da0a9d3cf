"""Recurrence rules (RFC 5545 RRULE) as stored on actions."""

from __future__ import annotations

from dateutil.rrule import rrulestr


def rrule_problem(value: str) -> str | None:
    """None when `value` is a parseable RRULE body such as "FREQ=MONTHLY;BYDAY=FR", else why not."""
    body = value.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    if not body:
        return "tom regel"
    if "FREQ=" not in body.upper():
        return "mangler FREQ"
    try:
        rrulestr(body, ignoretz=True)
    except (ValueError, TypeError) as exc:
        return str(exc) or "kan ikke tolkes"
    return None
