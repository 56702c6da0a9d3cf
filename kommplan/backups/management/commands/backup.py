"""`kommplan backup [-o FILE]`: a consistent copy of the database, taken while it is in use."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kommplan.backups.services import BackupError, backup


class Command(BaseCommand):
    help = "Tar en sikkerhetskopi av databasen (SQLite: online backup-API, PostgreSQL: pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="Filen kopien skrives til (standard: var/backups/kommplan-<tidspunkt>.sqlite3 "
            "eller .pgdump)",
        )

    def handle(self, *args, output: Path | None = None, **options):
        try:
            result = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{result.path} ({result.size} byte, {result.vendor})")
