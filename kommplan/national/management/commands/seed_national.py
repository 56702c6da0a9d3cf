from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError

from kommplan.national.seeding import PASSWORD, AlreadySeeded, seed_national


def _scale(value: str) -> float:
    try:
        scale = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--scale må være et tall, fikk «{value}»") from None
    if not 0 < scale <= 1:
        raise argparse.ArgumentTypeError(
            f"--scale må være over 0 og høyst 1 (1 = hele landet), fikk {value}"
        )
    return scale


class Command(BaseCommand):
    help = (
        "Lag et nasjonalt testdatasett: 450 × SCALE organisasjoner (kommuner, fylkeskommuner, "
        "regionråd), tre strategier hver, 150 tiltak per strategi, 10 statusoppdateringer per "
        "tiltak, brukere i alle roller. Bare for test- og målemiljøer."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=_scale, required=True, metavar="S")
        parser.add_argument("--seed", type=int, default=1, help="Frø for tilfeldige valg.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Slett organisasjonene i datasettet (med alt innhold) og lag dem på nytt.",
        )

    def handle(self, *args, scale: float, seed: int, replace: bool, **options) -> None:
        verbosity = options.get("verbosity", 1)
        try:
            result = seed_national(
                scale=scale,
                seed=seed,
                replace=replace,
                progress=self.stdout.write if verbosity > 1 else None,
            )
        except AlreadySeeded as exc:
            raise CommandError(
                f"Databasen har allerede organisasjoner fra datasettet ({exc}). "
                "Bruk --replace for å slette dem og lage datasettet på nytt. Ingenting ble endret."
            ) from None
        self.stdout.write(
            f"Laget {result.organisations} organisasjoner, {result.users} brukere, "
            f"{result.strategies} strategier, {result.actions} tiltak og "
            f"{result.updates} statusoppdateringer på {result.seconds:.1f} s. "
            f"Alle brukerne har passordet {PASSWORD}."
        )
