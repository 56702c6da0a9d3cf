from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommplan.documents.importer.evaluate import evaluate_directory, format_set


class Command(BaseCommand):
    help = (
        "Importer hvert dokument i DOCS_DIR som har en gullfil med samme navn i GOLD_DIR, og skriv "
        "presisjon, dekning og F1 per type (mål, målgrupper, kanaler, tiltak …) og samsvar for "
        "tiltakenes ansvarlig, finansiering og tid."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "gold_dir", type=Path, help="Mappe med gullfiler (planfiler, .yaml/.json)."
        )
        parser.add_argument("docs_dir", type=Path, help="Mappe med dokumentene.")
        parser.add_argument("--json", action="store_true", help="Skriv resultatet som JSON.")
        parser.add_argument("--name", help="Navn på settet i utskriften (ellers mappens navn).")

    def handle(
        self, *args, gold_dir: Path, docs_dir: Path, json: bool, name: str | None, **options
    ):
        for directory in (gold_dir, docs_dir):
            if not directory.is_dir():
                raise CommandError(f"Fant ingen mappe {directory}.")
        result = evaluate_directory(gold_dir, docs_dir, name=name)
        if not result.documents:
            raise CommandError(f"Ingen dokumenter i {docs_dir} har en gullfil i {gold_dir}.")
        if json:
            self.stdout.write(_dumps(result.as_dict()))
        else:
            self.stdout.write(format_set(result))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
