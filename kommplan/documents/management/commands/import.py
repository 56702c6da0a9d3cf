"""`kommplan import FILE… [-o plan.yaml] [--org NAME]`: propose a plan file from a document."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommplan.documents.errors import ImportProblem
from kommplan.documents.importer import LOW_CONFIDENCE, ImportResult
from kommplan.documents.importer.files import TimedImport, import_path
from kommplan.planfiles.dump import render_plan

_KINDS = [
    ("mål", lambda p: p.strategy.goals),
    ("strategier", lambda p: p.strategy.strategies),
    ("målgrupper", lambda p: p.strategy.target_groups),
    ("budskap", lambda p: p.strategy.messages),
    ("kanaler", lambda p: p.strategy.channels),
    ("prinsipper", lambda p: p.strategy.principles),
    ("roller", lambda p: p.strategy.roles),
    ("regler og lover", lambda p: p.strategy.rules),
    ("utfordringer", lambda p: p.strategy.challenges),
    ("tiltak", lambda p: p.actions),
]


class Command(BaseCommand):
    help = (
        "Les et strategidokument (PDF, DOCX, ODT, HTML eller tekst) og foreslå en planfil. "
        "Med én fil skrives planen til -o (ellers til skjermen); med flere filer er -o en mappe."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="Planfil å skrive (én fil), eller mappe (flere filer: én <navn>.yaml hver).",
        )
        parser.add_argument(
            "--org", help="Organisasjonens navn, når dokumentet ikke sier det tydelig."
        )

    def handle(self, *args, files: list[Path], output: Path | None, org: str | None, **options):
        if len(files) == 1:
            self._one(files[0], output, org)
            return
        if output is None:
            raise CommandError("Med flere filer må -o være en mappe å skrive planfilene i.")
        if output.exists() and not output.is_dir():
            raise CommandError(f"{output} finnes og er ingen mappe.")
        output.mkdir(parents=True, exist_ok=True)
        self._many(files, output, org)

    def _one(self, path: Path, output: Path | None, org: str | None) -> None:
        imported = self._import(path, org)
        text = render_plan(imported.result.plan)
        summary = self.stdout
        if output is None:
            self.stdout.write(text, ending="")
            summary = self.stderr
        else:
            output.write_text(text, encoding="utf-8")
            summary.write(f"Skrev {output}")
        summary.write(summarise(path.name, imported))

    def _many(self, paths: list[Path], directory: Path, org: str | None) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        failed: list[str] = []
        summaries: list[str] = []
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            transient=not sys.stderr.isatty(),
        ) as progress:
            task = progress.add_task("Leser dokumenter", total=len(paths))
            for path in paths:
                progress.update(task, description=f"Leser {path.name}")
                try:
                    imported = self._import(path, org)
                except CommandError as error:
                    failed.append(str(error))
                else:
                    target = directory / f"{path.stem}.yaml"
                    target.write_text(render_plan(imported.result.plan), encoding="utf-8")
                    summaries.append(f"Skrev {target}\n{summarise(path.name, imported)}")
                progress.advance(task)
        for summary in summaries:
            self.stdout.write(summary)
        for message in failed:
            self.stderr.write(message)
        if failed:
            raise CommandError(f"{len(failed)} av {len(paths)} dokumenter kunne ikke leses.")

    def _import(self, path: Path, org: str | None) -> TimedImport:
        if not path.is_file():
            raise CommandError(f"Fant ingen fil {path}.")
        try:
            return import_path(path, organisation=org)
        except ImportProblem as problem:
            raise CommandError(f"{path.name}: {problem}") from None


def summarise(name: str, imported: TimedImport) -> str:
    """Counts per kind, where the low-confidence items are, warnings and timings."""
    result: ImportResult = imported.result
    plan = result.plan
    lines = [f"{name}: {plan.organisation.name} – {plan.strategy.title}"]
    counts = [f"{label} {len(get(plan))}" for label, get in _KINDS]
    lines.append("  " + ", ".join(counts))
    low = [
        (path, source)
        for path, source in result.sources.items()
        if source.confidence < LOW_CONFIDENCE and "." not in path.split("]")[-1]
    ]
    if low:
        lines.append(f"  Usikre forslag ({len(low)}), sjekk mot kilden:")
        for path, source in low:
            where = f"side {source.page}, linje {source.line}"
            lines.append(
                f"    {path}: {where} (sikkerhet {source.confidence:.2f}) – {_label(plan, path)}"
            )
    for warning in result.warnings:
        lines.append(f"  Merk: {warning}")
    lines.append(
        f"  Tid: tekstuttrekk {imported.extract_seconds * 1000:.0f} ms, "
        f"struktur {imported.structure_seconds * 1000:.0f} ms"
    )
    return "\n".join(lines)


def _label(plan, path: str) -> str:
    """The first words of the item at a plan path, for the summary."""
    import re

    node: object = plan
    for part in re.findall(r"[A-Za-z_]+|\[\d+\]", path):
        node = node[int(part[1:-1])] if part.startswith("[") else getattr(node, part, None)  # type: ignore[index]
    for key in ("title", "name", "text", "role", "note"):
        value = getattr(node, key, None)
        if isinstance(value, str):
            return value if len(value) <= 60 else value[:59] + "…"
    return str(node)[:60] if isinstance(node, str) else ""
