"""Backups taken while the application writes, restored with every committed row."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections, connection

from kommplan.actions.services import ActionData, create_action, record_status_update
from kommplan.backups.services import BackupError, backup, check_sqlite_integrity, restore
from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Strategy

pytestmark = pytest.mark.django_db(transaction=True)


class Writer(threading.Thread):
    """Creates organisations one transaction at a time and remembers each one once committed."""

    def __init__(self, prefix: str):
        super().__init__(daemon=True)
        self.prefix = prefix
        self.committed: list[str] = []
        self.stop = threading.Event()
        self.errors: list[BaseException] = []

    def run(self) -> None:
        number = 0
        try:
            while not self.stop.is_set():
                number += 1
                name = f"{self.prefix}-{number}"
                Organisation.objects.create(name=name, slug=name)
                self.committed.append(name)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)
        finally:
            connection.close()

    def wait_for(self, count: int) -> None:
        while len(self.committed) < count and not self.errors:
            self.stop.wait(0.005)


def names(prefix: str) -> set[str]:
    close_old_connections()
    return set(Organisation.objects.filter(name__startswith=prefix).values_list("name", flat=True))


def test_a_backup_taken_during_writes_restores_every_row_committed_before_it(tmp_path):
    writer = Writer("under-backup")
    writer.start()
    writer.wait_for(30)
    committed_before = set(writer.committed)
    result = backup(tmp_path / "kopi")
    committed_by_then = set(writer.committed)
    writer.wait_for(len(committed_by_then) + 20)
    writer.stop.set()
    writer.join(30)
    assert not writer.errors
    assert names("under-backup") == set(writer.committed)

    restore(result.path)

    restored = names("under-backup")
    # Everything committed before the backup began is back, nothing the backup could not have
    # seen is, and the rows written after it are gone.
    assert committed_before <= restored <= committed_by_then
    assert len(restored) >= 30
    if connection.vendor == "sqlite":
        check_sqlite_integrity(Path(connection.settings_dict["NAME"]))
        check_sqlite_integrity(result.path)


def test_the_commands_back_up_and_restore_and_refuse_without_confirmation(tmp_path, capsys):
    Organisation.objects.create(name="Før kopien", slug="for-kopien")
    target = tmp_path / "kommplan.kopi"
    call_command("backup", "-o", str(target))
    assert str(target) in capsys.readouterr().out
    Organisation.objects.create(name="Etter kopien", slug="etter-kopien")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(target))
    assert Organisation.objects.filter(slug="etter-kopien").exists()

    call_command("restore", str(target), "--yes")
    close_old_connections()
    assert Organisation.objects.filter(slug="for-kopien").exists()
    assert not Organisation.objects.filter(slug="etter-kopien").exists()


def test_a_backup_never_overwrites_a_file(tmp_path):
    target = tmp_path / "finnes"
    target.write_bytes(b"noe annet")
    with pytest.raises(BackupError, match="finnes fra før"):
        backup(target)
    assert target.read_bytes() == b"noe annet"


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(tmp_path):
    Organisation.objects.create(name="Blir værende", slug="blir-vaerende")
    bogus = tmp_path / "ikke-en-kopi"
    bogus.write_bytes(b"hei, dette er en tekstfil\n" * 10)
    with pytest.raises(BackupError, match="ikke en"):
        restore(bogus)
    with pytest.raises(BackupError, match="Finner ikke"):
        restore(tmp_path / "mangler")
    close_old_connections()
    assert Organisation.objects.filter(slug="blir-vaerende").exists()


def test_a_damaged_backup_is_refused_and_the_database_is_left_as_it_was(tmp_path):
    Organisation.objects.create(name="Urørt", slug="urort")
    result = backup(tmp_path / "kopi")
    data = bytearray(result.path.read_bytes())
    if connection.vendor == "sqlite":
        # Scribble over the second page (the first table's b-tree) but keep the header intact.
        page_size = int.from_bytes(data[16:18], "big")
        data[page_size + 8 : page_size + 200] = b"\xff" * 192
    else:
        del data[len(data) // 2 :]  # a dump cut short: pg_restore fails inside its transaction
    result.path.write_bytes(bytes(data))
    with pytest.raises(BackupError):
        restore(result.path)
    close_old_connections()
    assert Organisation.objects.filter(slug="urort").exists()
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(connection.settings_dict["NAME"])) as live:
            assert live.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_twenty_threads_writing_at_once_lose_nothing_and_never_see_a_locked_database():
    writers = [Writer(f"traad{n:02d}") for n in range(20)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.wait_for(15)
    for writer in writers:
        writer.stop.set()
    for writer in writers:
        writer.join(60)
    assert [error for writer in writers for error in writer.errors] == []
    for writer in writers:
        assert names(writer.prefix + "-") == set(writer.committed)
        assert len(writer.committed) >= 15


def test_twenty_threads_adding_actions_and_reports_to_one_plan_lose_nothing():
    """The services read, then write (next ref, position, version): they must serialise."""
    organisation = Organisation.objects.create(name="Travel kommune", slug="travel")
    strategy = Strategy.objects.create(organisation=organisation, title="Plan")
    author = User.objects.create_user("skriver")
    shared = create_action(strategy=strategy, actor=author, data=ActionData(title="Felles"))
    errors: list[BaseException] = []

    def work(number: int) -> None:
        try:
            for step in range(3):
                create_action(
                    strategy=strategy,
                    actor=author,
                    data=ActionData(title=f"Tiltak {number}-{step}"),
                )
                record_status_update(
                    action=shared, author=author, status="pagar", comment=f"{number}-{step}"
                )
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert errors == []
    close_old_connections()
    assert strategy.actions.count() == 1 + 20 * 3
    refs = list(strategy.actions.values_list("ref", flat=True))
    assert len(set(refs)) == len(refs)
    assert shared.updates.filter(comment__contains="-").count() == 20 * 3
