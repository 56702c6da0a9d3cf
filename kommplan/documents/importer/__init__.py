"""The structure step: an extracted document in, a proposed plan file out.

`propose_plan(doc)` reads the text of a Norwegian communication strategy or plan (already
extracted, with line positions) and proposes a plan file v1: organisation, title, period, vision,
goals, strategies, target groups, messages, channels, roles, rules, crisis list and every action,
each item with the span of text it came from and a confidence. It takes only what the text
states; tables of contents, page furniture and listings of other documents are left out.
"""

from __future__ import annotations

from ..errors import ImportProblem
from ..extract.document import ExtractedDocument
from .result import LOW_CONFIDENCE, ImportResult, Source

__all__ = ["ImportResult", "LOW_CONFIDENCE", "Source", "propose_plan"]


def propose_plan(doc: ExtractedDocument, *, organisation: str | None = None) -> ImportResult:
    """Propose a plan from an extracted document; ImportProblem when there is nothing to read."""
    from .build import build_plan, read_facts
    from .draft import Draft
    from .kinds import Reader
    from .layout import read_layout
    from .sections import build_sections
    from .text import Vocabulary
    from .units import build_units

    if not any(char.isalpha() for char in doc.text):
        raise ImportProblem("Dokumentet inneholder ingen tekst å lese en plan fra.")
    layout = read_layout(doc)
    units = build_units(layout.rows)
    sections = build_sections(units)
    vocabulary = Vocabulary.of([row.piece.text for row in layout.rows])
    draft = Draft()
    Reader(draft, vocabulary).read(sections)
    read_facts(draft, layout, units, sections, doc)
    plan, sources = build_plan(draft, doc, organisation)
    warnings = list(doc.warnings) + draft.warnings
    if not organisation and "organisation.name" not in sources:
        warnings.append(
            "Fant ikke hvilken organisasjon planen gjelder; oppgi navnet (--org) eller rett det "
            f"opp i forslaget («{plan.organisation.name}»)."
        )
    if not plan.actions:
        warnings.append("Fant ingen tiltak i dokumentet.")
    return ImportResult(plan=plan, sources=sources, warnings=warnings)
