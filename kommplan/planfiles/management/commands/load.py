from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kommplan.planfiles.errors import PlanFileError
from kommplan.planfiles.services import load_plan_file
from kommplan.spreadsheets.cli import SpreadsheetError, is_spreadsheet, load_spreadsheets


class Command(BaseCommand):
    help = (
        "Les inn én eller flere planfiler (YAML eller JSON), eller en tiltaksplan som regneark "
        "(XLSX, med --org). Alt eller ingenting."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FIL")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Erstatt en strategi som finnes fra før (samme organisasjon, tittel og startår). "
            "For regneark: slett tiltak som ikke står i arket.",
        )
        parser.add_argument("--org", help="For regneark: organisasjonens kortnavn.")
        parser.add_argument("--strategy", type=int, help="For regneark: strategiens id.")

    def handle(
        self,
        *args,
        files: list[Path],
        replace: bool,
        org: str | None = None,
        strategy: int | None = None,
        **options,
    ) -> None:
        errors: list[str] = []
        loaded = []
        spreadsheet_files: list[tuple[str, bytes]] = []
        spreadsheets: list[str] = []
        # One transaction for all files: if one is bad, none is stored.
        try:
            with transaction.atomic():
                for path in files:
                    try:
                        content = path.read_bytes()
                    except OSError as exc:
                        errors.append(f"{path}: kan ikke leses ({exc.strerror})")
                        continue
                    if is_spreadsheet(content):  # judged by content, not by the file's name
                        spreadsheet_files.append((str(path), content))
                        continue
                    try:
                        loaded.append(
                            (path, load_plan_file(content, source=str(path), replace=replace))
                        )
                    except PlanFileError as exc:
                        errors.append(exc.report())
                if spreadsheet_files:
                    try:
                        spreadsheets = load_spreadsheets(
                            spreadsheet_files, org=org, strategy_id=strategy, replace=replace
                        )
                    except SpreadsheetError as exc:
                        errors.extend(exc.problems)
                if errors:
                    raise PlanFileError([])
        except PlanFileError:
            raise CommandError(
                "\n".join(errors) + "\nIngenting ble lagret.", returncode=1
            ) from None
        for line in spreadsheets:
            self.stdout.write(line)
        for path, result in loaded:
            strategy = result.strategy
            verb = "Erstattet" if result.replaced else "Lastet"
            self.stdout.write(
                f"{verb} {path}: {strategy.organisation.name} – {strategy.title} "
                f"({strategy.actions.count()} tiltak)"
            )
