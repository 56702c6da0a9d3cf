from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommplan.organisations.models import Organisation
from kommplan.planfiles.dump import dump_strategy


class Command(BaseCommand):
    help = "Skriv en strategi ut som planfil (YAML eller JSON)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="Organisasjonens navn eller kortnavn.")
        parser.add_argument("--strategy", type=int, help="Strategiens id (når det finnes flere).")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
        parser.add_argument("-o", "--output", type=Path, help="Fil å skrive til (ellers stdout).")

    def handle(self, *args, org: str, strategy: int | None, format: str, output, **options):
        organisation = (
            Organisation.objects.filter(name=org).first()
            or Organisation.objects.filter(slug=org).first()
        )
        if organisation is None:
            raise CommandError(f"Fant ingen organisasjon som heter «{org}».")
        strategies = organisation.strategies.all()
        if strategy is not None:
            strategies = strategies.filter(pk=strategy)
        chosen = list(strategies)
        if not chosen:
            raise CommandError(f"{organisation.name} har ingen slik strategi.")
        if len(chosen) > 1:
            listing = "\n".join(f"  --strategy {s.pk}: {s.title} {s.period_label}" for s in chosen)
            raise CommandError(
                f"{organisation.name} har {len(chosen)} strategier; velg én:\n{listing}"
            )
        text = dump_strategy(chosen[0], format)
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Skrev {output}")
        else:
            self.stdout.write(text, ending="")
