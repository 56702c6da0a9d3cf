"""Norwegian identifiers: organisasjonsnummer (MOD11) and kommunenummer."""

from __future__ import annotations

import re

# Brønnøysundregistrene's weights for the ninth (check) digit.
_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnr_check_digit(first_eight: str) -> int | None:
    """The MOD11 check digit for eight digits, or None when no valid number can end them."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, _ORGNR_WEIGHTS, strict=True)) % 11
    digit = 11 - remainder
    if digit == 11:
        return 0
    if digit == 10:
        return None
    return digit


def is_valid_orgnr(value: str) -> bool:
    if not re.fullmatch(r"\d{9}", value):
        return False
    return orgnr_check_digit(value[:8]) == int(value[8])


def is_valid_kommunenummer(value: str) -> bool:
    """Four digits for a municipality, two for a county; 0000 is not a number."""
    return bool(re.fullmatch(r"\d{4}|\d{2}", value)) and int(value) > 0
