"""The "Importer quality" section of docs/benchmarks.md: scores and timings of the importer.

    uv run python -m kommplan.documents.importer.benchmark [--write] [--runs 7]

Scores the structure step against the five demo plans (gold for the seeds) and the development
corpus, per kind and per document, and times it: on each seed, on a long document made of all
fixtures, and on the 30-page text PDF the extraction benchmark uses, next to the extraction of
that PDF. Prints the section as Markdown; --write replaces the section in docs/benchmarks.md
(and leaves the other sections alone).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "kommplan" / "documents" / "tests" / "fixtures" / "importer"
HEADING = "## Importer quality"
LABELS = {
    "goals": "goals",
    "strategies": "strategies",
    "target_groups": "target groups",
    "messages": "messages",
    "channels": "channels",
    "principles": "principles",
    "roles": "roles",
    "rules": "rules",
    "actions": "actions",
    "challenges": "challenges",
}


def _clear_caches() -> None:
    """Word-level caches help within a document; time each run as a first document would be."""
    from . import lexicon, text, units

    for cached in (text._sentence_cuts, text.core, units.classify, units.classify_clause):
        cached.cache_clear()
    lexicon.is_finite_verb.cache_clear()


def _median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        _clear_caches()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _score_tables() -> tuple[list[str], dict[str, object]]:
    from django.conf import settings

    from .evaluate import TARGET_KINDS, evaluate_directory

    sets = {
        "seeds": evaluate_directory(
            Path(settings.DEMO_PLANS_DIR), FIXTURES / "seeds", name="seeds"
        ),
        "corpus": evaluate_directory(
            FIXTURES / "corpus" / "gold", FIXTURES / "corpus" / "docs", name="corpus"
        ),
    }
    lines = [
        "Per kind, micro-averaged over each set (P / R / F1, and tp/fp/fn). A kind empty in both "
        "gold and proposal gets no score for that document. Target (issue 4): F1 ≥ 0.90 for "
        f"{', '.join(LABELS[k] for k in TARGET_KINDS)} on both sets.",
        "",
        "| kind | seeds P | seeds R | seeds F1 | seeds tp/fp/fn | corpus P | corpus R | corpus F1 "
        "| corpus tp/fp/fn |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    seeds, corpus = sets["seeds"].kinds(), sets["corpus"].kinds()
    for kind, label in LABELS.items():
        row = [f"{label}{' ★' if kind in TARGET_KINDS else ''}"]
        for counts in (seeds.get(kind), corpus.get(kind)):
            if counts is None:
                row += ["–", "–", "–", "–"]
            else:
                row += [
                    _f(counts.precision),
                    _f(counts.recall),
                    f"**{_f(counts.f1)}**" if kind in TARGET_KINDS else _f(counts.f1),
                    f"{counts.tp}/{counts.fp}/{counts.fn}",
                ]
        lines.append("| " + " | ".join(row) + " |")
    lines += [
        "",
        "★ target kind. Fields of matched actions that have the field in gold (target ≥ 0.90):",
        "",
        "| field | seeds | corpus |",
        "| --- | --- | --- |",
    ]
    seed_fields, corpus_fields = sets["seeds"].fields(), sets["corpus"].fields()
    for key in ("responsible", "financing", "when"):
        cells = []
        for fields in (seed_fields, corpus_fields):
            agreement = fields[key]
            cells.append(
                "– (none in gold)"
                if not agreement.total
                else f"{_f(agreement.rate)} ({agreement.agree}/{agreement.total})"
            )
        lines.append(f"| {key} | {cells[0]} | {cells[1]} |")
    lines += ["", "Per document (F1, tp/fp/fn per kind that gets a score):", ""]
    for result in sets.values():
        lines.append(f"- **{result.name}**")
        for doc in result.documents:
            parts = [f"{LABELS[k]} {_f(c.f1)} ({c.tp}/{c.fp}/{c.fn})" for k, c in doc.kinds.items()]
            lines.append(f"  - `{doc.name}`: " + ("; ".join(parts) or "nothing to score"))
    return lines, sets


def _timing_lines(runs: int) -> list[str]:
    from . import propose_plan
    from .plaintext import document_from_text

    lines = [
        "",
        f"Speed of the structure step (`propose_plan`, median of {runs} runs with cold caches, "
        "one core):",
        "",
        "| document | characters | structure |",
        "| --- | --- | --- |",
    ]
    texts = []
    for path in sorted((FIXTURES / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        document = document_from_text(text)
        seconds = _median(lambda document=document: propose_plan(document), runs)
        lines.append(f"| seed `{path.stem}` | {len(text):,} | {seconds * 1000:.0f} ms |")
    body = "\n\n\f\n\n".join(
        [t.split("\nDetaljer\n")[0] for t in texts]
        + [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "corpus" / "docs").glob("*"))]
    )
    long = body
    while len(long) < 100_000:
        long += "\n\n" + body
    document = document_from_text(long)
    seconds = _median(lambda: propose_plan(document), runs)
    lines.append(
        f"| all fixtures repeated (≈ 40 pages) | {len(long):,} | {seconds * 1000:.0f} ms |"
    )
    lines += _pdf_lines(runs)
    return lines


def _pdf_lines(runs: int) -> list[str]:
    from . import propose_plan

    try:
        from ..extract.bench import time_extract
        from ..extract.limits import Limits
        from ..extract.parse import parse
        from ..extract.samples import strategy_pdf
    except ImportError:  # pragma: no cover - extraction benchmark not installed
        return ["", "(The extraction benchmark is not available: no PDF comparison.)"]
    content = strategy_pdf(pages=30)
    document = parse(content, filename="strategi.pdf", limits=Limits())
    extraction = time_extract(content, filename="strategi.pdf", runs=runs)
    structure = _median(lambda: propose_plan(document), runs)
    sandboxed = extraction["extract_seconds"]
    total = sandboxed + structure
    return [
        "",
        "On the 30-page text PDF of the extraction benchmark "
        f"(`extract.samples.strategy_pdf`, {len(document.text):,} characters):",
        "",
        "| step | median |",
        "| --- | --- |",
        f"| text extraction, `extract()` in its sandbox | {sandboxed * 1000:.0f} ms |",
        f"| text extraction, PDF reader alone | {extraction['readers_seconds'] * 1000:.0f} ms |",
        f"| structure step, `propose_plan()` | {structure * 1000:.0f} ms |",
        f"| whole import | {total * 1000:.0f} ms |",
    ]


def section(runs: int = 7) -> str:
    scores, _sets = _score_tables()
    lines = [
        HEADING,
        "",
        "How well and how fast `kommplan.documents.importer.propose_plan` turns a document into a "
        "plan. Gold: `demo/plans/*.yaml` for the five seeds, `corpus/gold/` for the development "
        "corpus (both copied to `kommplan/documents/tests/fixtures/importer/`). Matching rule: "
        "see `kommplan/documents/importer/evaluate.py` (normalised text, SequenceMatcher ratio or "
        "word-set overlap ≥ 0.8, one-to-one). Regenerate with "
        "`uv run python -m kommplan.documents.importer.benchmark --write`; the same scores come "
        "from `kommplan eval-import GOLD_DIR DOCS_DIR`.",
        "",
        "These are development scores: the rules were written while looking at these very "
        "documents (general rules only, no rule keyed on one document's sentences or names), so "
        "documents never seen will score lower. Principles and challenges in the seed gold are "
        "mostly names a person gave to a paragraph (Osen's «Åpen og offensiv», Innherred's "
        "eight profile statements); the importer does not invent such names, hence their recall.",
        "",
        *scores,
        *_timing_lines(runs),
        "",
    ]
    return "\n".join(lines)


def write(text: str, path: Path) -> None:
    """Replace the Importer quality section of the file (or add it at the end)."""
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = current.find(HEADING)
    if start < 0:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + len(HEADING))
        rest = current[end + 1 :] if end >= 0 else ""
        updated = current[:start] + text + ("\n" + rest if rest else "")
    path.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="Update docs/benchmarks.md.")
    options = parser.parse_args(argv)
    text = section(options.runs)
    if options.write:
        write(text, ROOT / "docs" / "benchmarks.md")
    print(text)


if __name__ == "__main__":
    main()
