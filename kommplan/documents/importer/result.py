"""What the structure step returns: a proposed plan and where each part of it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from kommplan.planfiles.schema import PlanFile


@dataclass(frozen=True)
class Source:
    """Where an item came from: its first page and line, its character span, and how sure we are.

    `start`/`end` are offsets into ExtractedDocument.text; `confidence` is 0..1 (below 0.6 is
    worth a reviewer's second look).
    """

    page: int
    line: int
    start: int
    end: int
    confidence: float


@dataclass
class ImportResult:
    """A proposed plan file, the source of each item keyed by its plan path, and notes.

    Keys of `sources` are paths into the plan: "organisation.name", "strategy.title",
    "strategy.goals[0]", "strategy.target_groups[2]", "actions[3]", "actions[3].responsible" …
    """

    plan: PlanFile
    sources: dict[str, Source]
    warnings: list[str] = field(default_factory=list)


LOW_CONFIDENCE = 0.6
