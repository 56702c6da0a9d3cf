from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file, and where: a key path and, when known, a line."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path or "(filen)"
        if self.line is not None:
            where = f"{where} (linje {self.line})"
        return f"{where}: {self.message}"


class PlanFileError(Exception):
    """A plan file that cannot be loaded, with every problem found in it."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__(self.report())

    def report(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(f"{prefix}{problem}" for problem in self.problems)
