"""Backups of the whole database, and restoring one, while the application keeps running.

SQLite: the online backup API copies a consistent snapshot page by page while other connections
keep writing (WAL mode), and the copy is checked with `PRAGMA integrity_check` before it counts.
PostgreSQL: pg_dump's custom format (one consistent snapshot) and pg_restore in one transaction.
A backup is written to a temporary name and renamed when complete, so a half-written file never
looks like a backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

SQLITE_SUFFIX = ".sqlite3"
POSTGRES_SUFFIX = ".pgdump"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, in Norwegian."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    vendor: str


def _database(alias: str = "default") -> dict:
    return connections[alias].settings_dict


def _vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def default_backup_path(alias: str = "default", *, now=None) -> Path:
    stamp = (now or timezone.now()).strftime("%Y%m%dT%H%M%SZ")
    suffix = SQLITE_SUFFIX if _vendor(alias) == "sqlite" else POSTGRES_SUFFIX
    return Path(settings.BASE_DIR) / "var" / "backups" / f"kommplan-{stamp}{suffix}"


def backup(destination: Path | None = None, *, alias: str = "default") -> BackupResult:
    """Write a consistent copy of the database to `destination` and return what was written."""
    destination = Path(destination or default_backup_path(alias))
    if destination.exists():
        raise BackupError(
            _("%(path)s finnes fra før; velg et nytt filnavn") % {"path": destination}
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    vendor = _vendor(alias)
    try:
        if vendor == "sqlite":
            _sqlite_backup(Path(_database(alias)["NAME"]), partial)
        elif vendor == "postgresql":
            _pg_dump(_database(alias), partial)
        else:
            raise BackupError(_("Databasen %(vendor)s støttes ikke") % {"vendor": vendor})
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=destination, size=destination.stat().st_size, vendor=vendor)


def restore(source: Path, *, alias: str = "default") -> None:
    """Replace the whole database with the backup in `source` (checked before anything changes)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(_("Finner ikke sikkerhetskopien %(path)s") % {"path": source})
    vendor = _vendor(alias)
    head = source.open("rb").read(16)
    # Everything Django holds open goes first, so the restore does not wait on our own locks.
    connections[alias].close()
    if vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(
                _("%(path)s er ikke en SQLite-sikkerhetskopi fra kommplan") % {"path": source}
            )
        check_sqlite_integrity(source)
        _sqlite_restore(source, Path(_database(alias)["NAME"]))
    elif vendor == "postgresql":
        if not head.startswith(PGDUMP_MAGIC):
            raise BackupError(
                _("%(path)s er ikke en pg_dump-fil (custom format) fra kommplan") % {"path": source}
            )
        _pg_restore(_database(alias), source)
    else:
        raise BackupError(_("Databasen %(vendor)s støttes ikke") % {"vendor": vendor})


def check_sqlite_integrity(path: Path) -> None:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            rows = db.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as error:
            raise BackupError(
                _("%(path)s er ikke en lesbar SQLite-database: %(error)s")
                % {"path": path, "error": error}
            ) from error
    if rows != [("ok",)]:
        problems = "; ".join(row[0] for row in rows[:5])
        raise BackupError(
            _("Integritetssjekken av %(path)s feilet: %(problems)s")
            % {"path": path, "problems": problems}
        )


def _sqlite_backup(source: Path, destination: Path) -> None:
    # A fresh connection of our own: the backup must not run inside a Django transaction.
    with (
        closing(sqlite3.connect(source, timeout=30)) as src,
        closing(sqlite3.connect(destination)) as dst,
    ):
        # pages=-1 copies everything in one step under one read snapshot (WAL lets writers go on).
        src.backup(dst, pages=-1)
        # A backup file stands alone: no WAL beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
    check_sqlite_integrity(destination)


def _sqlite_restore(source: Path, live: Path) -> None:
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(live, timeout=30)) as dst,
    ):
        # The backup API writes into the live file under its own lock, so other connections see
        # either the old database or the restored one, never a mixture.
        src.backup(dst, pages=-1)
        dst.execute("PRAGMA journal_mode=WAL")
    check_sqlite_integrity(live)


def _pg_env(database: dict) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    pairs = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
    }
    env.update({key: str(value) for key, value in pairs.items() if value})
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(tool)s mangler; installer postgresql-client (samme hovedversjon som serveren)")
            % {"tool": name}
        )
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BackupError(
            _("%(tool)s feilet: %(message)s")
            % {"tool": Path(command[0]).name, "message": " / ".join(message)}
        )


def _pg_dump(database: dict, destination: Path) -> None:
    _run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(destination)],
        _pg_env(database),
    )


def _pg_restore(database: dict, source: Path) -> None:
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            database["NAME"],
            str(source),
        ],
        _pg_env(database),
    )
