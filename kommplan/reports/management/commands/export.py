from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommplan.reports.services import strategy_document

from ._common import find_organisation, find_strategy, write_output


class Command(BaseCommand):
    help = "Skriv strategidokumentet som DOCX eller PDF, eller tiltaksplanen som XLSX."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="Organisasjonens navn eller kortnavn.")
        parser.add_argument(
            "--strategy", type=int, help="Strategiens id (ellers organisasjonens nyeste)."
        )
        parser.add_argument("--format", required=True, help="docx eller pdf eller xlsx.")
        parser.add_argument("-o", "--output", type=Path, required=True, help="Fil å skrive til.")
        parser.add_argument(
            "--public",
            action="store_true",
            help="Offentlig utgave: bare offentlige tiltak, varslingslisten uten navn.",
        )

    def handle(self, *args, org: str, strategy: int | None, format: str, output: Path, **options):
        if format not in ("docx", "pdf", "xlsx"):
            raise CommandError(f"Ukjent format «{format}»; velg docx eller pdf eller xlsx.")
        organisation = find_organisation(org)
        chosen = find_strategy(organisation, strategy)
        if format == "xlsx":
            try:
                from kommplan.spreadsheets.services import export_action_plan
            except ImportError:
                raise CommandError("XLSX-eksport er ikke tilgjengelig i denne versjonen.") from None
            content = export_action_plan(chosen)
        else:
            content = strategy_document(chosen, fmt=format, public_only=options["public"])
        write_output(output, content)
        self.stderr.write(
            f"Skrev {output}: {chosen.title} ({organisation.name}), {len(content)} byte."
        )
