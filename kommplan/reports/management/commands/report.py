from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommplan.reports.services import status_report

from ._common import find_organisation, find_strategy, parse_date, write_output


class Command(BaseCommand):
    help = "Skriv statusrapporten for en periode som DOCX eller PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="Organisasjonens navn eller kortnavn.")
        parser.add_argument(
            "--strategy", type=int, help="Strategiens id (ellers organisasjonens nyeste)."
        )
        parser.add_argument("--from", dest="start", required=True, help="Fra dato, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Til dato, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--format", required=True, help="docx eller pdf.")
        parser.add_argument("-o", "--output", type=Path, required=True, help="Fil å skrive til.")
        parser.add_argument(
            "--public", action="store_true", help="Offentlig utgave: bare offentlige tiltak."
        )

    def handle(
        self,
        *args,
        org: str,
        strategy: int | None,
        start: str,
        end: str,
        format: str,
        output: Path,
        **options,
    ):
        first, last = parse_date(start, "--from"), parse_date(end, "--to")
        if first > last:
            raise CommandError(f"--from {first} er etter --to {last}; perioden må gå fremover.")
        if format not in ("docx", "pdf"):
            raise CommandError(f"Ukjent format «{format}»; velg docx eller pdf.")
        organisation = find_organisation(org)
        chosen = find_strategy(organisation, strategy)
        content = status_report(
            chosen, start=first, end=last, fmt=format, public_only=options["public"]
        )
        write_output(output, content)
        self.stderr.write(
            f"Skrev {output}: statusrapport {first}–{last} "
            f"for {chosen.title} ({organisation.name})."
        )
