"""docs/threat-model.md cites tests by file::name; every one of them must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cited() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "threat-model.md").read_text(encoding="utf-8")
    cited, current = [], None
    for code in re.findall(r"`([^`]+)`", text):
        if code.startswith("::") and current:  # `::test_name` continues the file before it
            cited.append((current, code[2:]))
        elif "::" in code and code != "file::test":
            current, name = code.split("::", 1)
            cited.append((current, name))
    return cited


def test_every_test_the_threat_model_cites_exists():
    cited = _cited()
    missing = [
        f"{path}::{name}"
        for path, name in cited
        if not (ROOT / path).is_file()
        or not re.search(rf"^def {re.escape(name)}\(", (ROOT / path).read_text(), re.M)
    ]
    assert len(cited) > 50
    assert missing == []
