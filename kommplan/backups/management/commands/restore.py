"""`kommplan restore FILE --yes`: replace the whole database with a backup."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommplan.backups.services import BackupError, restore


class Command(BaseCommand):
    help = "Erstatter hele databasen med en sikkerhetskopi fra `kommplan backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Sikkerhetskopien")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Bekreft at alt som er lagret etter kopien ble tatt, skal forsvinne",
        )

    def handle(self, *args, file: Path, yes: bool = False, **options):
        if not yes:
            raise CommandError(
                "Gjenoppretting erstatter hele databasen. Kjør på nytt med --yes for å bekrefte."
            )
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Gjenopprettet fra {file}")
