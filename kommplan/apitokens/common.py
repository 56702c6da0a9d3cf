"""What every API router shares: error bodies, pagination, ids and text that the database takes.

Every error the API answers has the same body, `{"detail": "...", "errors": [{"loc": [...],
"msg": "..."}]}`, and every list the same envelope, `{"items": [...], "count": n}` (page number
pagination). Inputs are bounded in the schema itself (ids, page numbers, dates, text without NUL
characters) so that no request can reach the database with a value it would refuse with a 500.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator

# PostgreSQL's integer; ids above it cannot exist, and the lookup would fail there.
MAX_ID = 2_147_483_647
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Slug = Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=100)]


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store NUL in text; refuse it as input rather than fail on saving.
    if "\x00" in value:
        raise ValueError(_("Teksten kan ikke inneholde NUL-tegn."))
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
# Dates the årshjul and the calendars can handle; anything else is a typing mistake.
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2199, 12, 31))]


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem]


class ConflictOut(ErrorOut):
    """A stale edit: the stored version is newer than the one the edit started from."""

    stored_version: int


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}
READ_ERRORS = {code: schema for code, schema in ERRORS.items() if code != 400}


class Page(PageNumberPagination):
    """`?page=1&page_size=50` → `{"items": [...], "count": n}`."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


def validation_errors(exc: DjangoValidationError, prefix: tuple = ("body",)) -> list[dict]:
    """A service's ValidationError as error items, each with the field it is about."""
    if hasattr(exc, "error_dict"):
        return [
            {
                "loc": [*prefix] if field == NON_FIELD_ERRORS else [*prefix, field],
                "msg": str(message),
            }
            for field, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    return [{"loc": [*prefix], "msg": str(message)} for message in exc.messages]


def enum_values(data: dict) -> dict:
    """Plain values for the services: choices arrive as enum members from the schema."""
    return {key: getattr(value, "value", value) for key, value in data.items()}
