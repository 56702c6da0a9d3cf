"""The record of the last accessibility test run, shown on the accessibility statement.

The browser tests (tests/browser/) write it when every page passed axe-core for every role;
the statement reads it, so the date it shows is the date of a real, passing run on this
installation, not a date someone typed in.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class TestRecord:
    finished_at: datetime
    axe_version: str
    browser: str
    roles: list[str]
    page_visits: int  # pages opened and checked, summed over the roles
    keyboard_flows: int

    __test__ = False  # not a pytest test class despite its name


def record_path() -> Path:
    return Path(
        getattr(
            settings,
            "ACCESSIBILITY_TEST_RECORD",
            settings.BASE_DIR / "var" / "accessibility-test-run.json",
        )
    )


def read_test_record(path: Path | None = None) -> TestRecord | None:
    """The last passing run, or None when there is none (or the file is unreadable)."""
    path = path or record_path()
    try:
        data = json.loads(path.read_text())
        data["finished_at"] = datetime.fromisoformat(data["finished_at"])
        return TestRecord(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write_test_record(record: TestRecord, path: Path | None = None) -> Path:
    path = path or record_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = asdict(record) | {"finished_at": record.finished_at.isoformat()}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2))
    tmp.replace(path)  # readers never see a half-written file
    return path
