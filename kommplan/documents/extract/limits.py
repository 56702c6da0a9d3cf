"""The limits a document must keep to, from settings, as plain data for the worker."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 300
    max_zip_entries: int = 2000
    max_uncompressed_bytes: int = 100 * 1024 * 1024
    parse_seconds: float = 20
    memory_bytes: int = 1024 * 1024 * 1024

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        default = cls()
        return cls(
            max_bytes=getattr(settings, "DOCUMENT_MAX_BYTES", default.max_bytes),
            max_pages=getattr(settings, "DOCUMENT_MAX_PAGES", default.max_pages),
            max_zip_entries=getattr(settings, "DOCUMENT_MAX_ZIP_ENTRIES", default.max_zip_entries),
            max_uncompressed_bytes=getattr(
                settings, "DOCUMENT_MAX_UNCOMPRESSED_BYTES", default.max_uncompressed_bytes
            ),
            parse_seconds=getattr(settings, "DOCUMENT_PARSE_SECONDS", default.parse_seconds),
            memory_bytes=getattr(settings, "DOCUMENT_PARSE_MEMORY_BYTES", default.memory_bytes),
        )

    def to_data(self) -> dict[str, Any]:
        return asdict(self)


def mib(n: int) -> str:
    """A byte count as Norwegian text: '20 MiB'."""
    value = n / (1024 * 1024)
    return (
        f"{value:.0f} MiB"
        if value >= 10 or value == int(value)
        else f"{value:.1f} MiB".replace(".", ",")
    )
