"""Importing a spreadsheet: round trips, updates through the action services, new rows, replace."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import User
from zeal import zeal_ignore

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.audit.models import AuditEntry, AuditEvent
from kommplan.spreadsheets.columns import COLUMNS
from kommplan.spreadsheets.services import (
    export_action_plan,
    import_action_plan,
    plan_import,
)
from kommplan.strategies.services import roll_over_strategy

from .conftest import action_rows, build_workbook, each_strategy, row_counts

HEADERS = [column.header for column in COLUMNS]


def _edit(data: bytes, change) -> bytes:
    """The exported workbook after change(sheet) did something to its «Tiltak» sheet."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    change(workbook["Tiltak"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _col(header: str) -> int:
    return HEADERS.index(header) + 1


@pytest.mark.django_db
def test_exporting_and_importing_back_changes_nothing_for_every_demo_plan(demo, editor):
    for strategy in each_strategy():
        before = action_rows(strategy)
        counts = row_counts()
        result = import_action_plan(
            strategy=strategy,
            data=export_action_plan(strategy),
            filename="tiltaksplan.xlsx",
            actor=editor,
        )
        assert (result.created, result.updated, result.deleted) == ([], [], [])
        assert result.unchanged == len(before)
        assert action_rows(strategy) == before  # versions included
        assert row_counts() == counts  # no audit entry, no status line


@pytest.mark.django_db
def test_importing_into_an_empty_copy_gives_back_equal_actions(demo, editor):
    for source in each_strategy():
        with zeal_ignore():  # setting up: the copy is not what is tested
            copy = roll_over_strategy(
                actor=editor, source=source, title="Kopi", period_start=source.period_start
            )
        Action.objects.filter(strategy=copy).delete()
        result = import_action_plan(
            strategy=copy, data=export_action_plan(source), filename="plan.xlsx", actor=editor
        )
        assert len(result.created) == source.actions.count()

        def comparable(rows):
            return [{k: v for k, v in row.items() if k not in ("pk", "version")} for row in rows]

        assert comparable(action_rows(copy)) == comparable(action_rows(source)), source


@pytest.mark.django_db
def test_a_changed_row_updates_its_action_through_the_services(rana, editor):
    action = rana.actions.order_by("position", "pk").first()
    version = action.version
    updates = action.updates.count()

    assert action.status != ActionStatus.AVLYST

    def change(sheet):
        sheet.cell(row=2, column=_col("Status")).value = "Avlyst"
        sheet.cell(row=2, column=_col("Ansvarlig")).value = "Kommunikasjonsenheten"
        sheet.cell(row=2, column=_col("Frist")).value = date(2025, 12, 31)
        sheet.cell(row=2, column=_col("Start")).value = None
        sheet.cell(row=2, column=_col("Slutt")).value = None
        sheet.cell(row=2, column=_col("Gjentakelse (RRULE)")).value = None

    data = _edit(export_action_plan(rana), change)
    plan = plan_import(strategy=rana, data=data, filename="t.xlsx")
    [changed] = plan.of_kind("changed")
    assert changed.row == 2 and changed.ref == action.ref
    columns = {change.column: change for change in changed.changes}
    assert columns["Status"].after == "Avlyst"
    assert columns["Frist"].after == "31.12.2025"
    result = import_action_plan(strategy=rana, data=data, filename="t.xlsx", actor=editor)
    assert [a.pk for a in result.updated] == [action.pk]
    action.refresh_from_db()
    assert action.status == ActionStatus.AVLYST
    assert action.responsible == "Kommunikasjonsenheten"
    assert action.due_date == date(2025, 12, 31)
    assert action.version == version + 1
    assert action.updates.count() == updates + 1  # the status history has the change
    entry = AuditEntry.objects.filter(object_id=str(action.pk)).latest("pk")
    assert entry.event == AuditEvent.UPDATE
    assert entry.actor == editor
    assert entry.changes["status"][1] == "avlyst"


@pytest.mark.django_db
def test_a_new_comment_becomes_one_status_report_with_the_rows_status(rana, editor):
    action = rana.actions.order_by("position", "pk").first()
    delayed = action.updates.filter(status="forsinket").count()

    def change(sheet):
        sheet.cell(row=2, column=_col("Status")).value = "Forsinket"
        sheet.cell(row=2, column=_col("Siste kommentar")).value = "Venter på budsjett."

    data = _edit(export_action_plan(rana), change)
    import_action_plan(strategy=rana, data=data, filename="t.xlsx", actor=editor)
    latest = action.updates.order_by("-position", "-pk").first()
    assert (latest.status, latest.comment, latest.author) == (
        "forsinket",
        "Venter på budsjett.",
        editor,
    )
    assert action.updates.filter(status="forsinket").count() == delayed + 1
    # Importing the same file again changes nothing more.
    counts = row_counts()
    import_action_plan(strategy=rana, data=data, filename="t.xlsx", actor=editor)
    assert row_counts() == counts


@pytest.mark.django_db
def test_rows_without_id_become_new_actions_and_ids_from_the_sheet_are_kept(rana, editor):
    existing = rana.actions.count()
    goal = rana.goals.order_by("position", "pk").first()
    channel = rana.channels.order_by("position", "pk").first()
    data = build_workbook(
        [
            ["ID", "Tiltak", "Mål", "Kanal", "Status", "Offentlig"],
            [None, "Ny podkast", goal.text, channel.name.lower(), "pågår", "ja"],
            ["pod-2", "Podkast sesong 2", f"{goal.ref} – whatever", None, None, None],
        ]
    )
    result = import_action_plan(strategy=rana, data=data, filename="nye.xlsx", actor=editor)
    assert [a.title for a in result.created] == ["Ny podkast", "Podkast sesong 2"]
    assert rana.actions.count() == existing + 2
    first, second = result.created
    first.refresh_from_db()
    assert (first.goal, list(first.channels.all()), first.status, first.public) == (
        goal,
        [channel],
        "pagar",
        True,
    )
    assert Action.objects.get(pk=second.pk).ref == "pod-2"
    assert second.status == "ikke_startet"
    assert AuditEntry.objects.filter(event=AuditEvent.CREATE, actor=editor).count() == 2


@pytest.mark.django_db
def test_an_automatic_id_never_takes_an_id_a_later_row_asks_for(rana, editor):
    taken = set(rana.actions.values_list("ref", flat=True))
    number = len(taken) + 1
    while f"a{number}" in taken:
        number += 1
    wanted = f"a{number}"  # the id create_action would hand the first new row
    data = build_workbook([["ID", "Tiltak"], [None, "Uten id"], [wanted, "Med id"]])
    result = import_action_plan(strategy=rana, data=data, filename="t.xlsx", actor=editor)
    refs = {a.title: Action.objects.get(pk=a.pk).ref for a in result.created}
    assert refs["Med id"] == wanted
    assert refs["Uten id"] != wanted


@pytest.mark.django_db
def test_a_municipality_sheet_with_its_own_headers_in_any_order_is_read(rana, editor):
    data = build_workbook(
        [
            ["Når", "Kostnad", "TILTAK", "Ansvar", "Merknader fra møtet"],
            ["Kvartalsvis", 50000, "Innbyggerundersøkelse", "Rådmannens stab", "ikke lest"],
            ["uke 12", None, "Folkemøte", "Ordfører", None],
        ],
        title="Handlingsplan 2025",
        above=["Handlingsplan for kommunikasjon", None],
    )
    plan = plan_import(strategy=rana, data=data, filename="egen.xlsx")
    assert plan.problems == []
    assert plan.sheet == "Handlingsplan 2025"
    assert [row.row for row in plan.rows] == [4, 5]
    assert (
        "egen.xlsx, ark «Handlingsplan 2025»: kolonnene «Merknader fra møtet» er ikke kjent og "
        "blir ikke lest"
    ) in plan.notes
    result = import_action_plan(strategy=rana, data=data, filename="egen.xlsx", actor=editor)
    survey, meeting = (Action.objects.get(pk=a.pk) for a in result.created)
    assert (survey.timing, survey.financing, survey.responsible) == (
        "Kvartalsvis",
        "50000",
        "Rådmannens stab",
    )
    # Dates come from the timing text when the sheet gives none (kommplan.lib.timing).
    assert survey.rrule.startswith("FREQ=MONTHLY;INTERVAL=3")
    assert meeting.start_date is not None and meeting.start_date.isocalendar().week == 12


@pytest.mark.django_db
def test_a_missing_column_leaves_that_field_as_it_is(rana, editor):
    action = rana.actions.order_by("position", "pk").first()
    before = action_rows(rana)
    data = build_workbook([["ID", "Tiltak"], [action.ref, action.title + " (endret)"]])
    import_action_plan(strategy=rana, data=data, filename="t.xlsx", actor=editor)
    after = action_rows(rana)
    changed = [
        (key, row_before[key], row_after[key])
        for row_before, row_after in zip(before, after, strict=True)
        for key in row_before
        if row_before[key] != row_after[key]
    ]
    assert changed == [
        ("version", action.version, action.version + 1),
        ("title", action.title, action.title + " (endret)"),
    ]


@pytest.mark.django_db
def test_replace_deletes_the_actions_the_sheet_does_not_list_and_only_then(rana, editor):
    keep = rana.actions.order_by("position", "pk").first()
    data = build_workbook([["ID", "Tiltak"], [keep.ref, keep.title]])
    import_action_plan(strategy=rana, data=data, filename="t.xlsx", actor=editor)
    assert rana.actions.count() > 1
    total = rana.actions.count()
    plan = plan_import(strategy=rana, data=data, filename="t.xlsx", replace=True)
    assert len(plan.deleted) == total - 1
    result = import_action_plan(
        strategy=rana, data=data, filename="t.xlsx", actor=editor, replace=True
    )
    assert len(result.deleted) == total - 1
    assert list(rana.actions.all()) == [keep]
    assert AuditEntry.objects.filter(event=AuditEvent.DELETE).count() == total - 1


@pytest.mark.django_db
def test_a_cli_import_without_a_user_is_logged_without_an_actor(rana):
    data = build_workbook([["Tiltak"], ["Fra kommandolinjen"]])
    result = import_action_plan(strategy=rana, data=data, filename="t.xlsx", actor=None)
    entry = AuditEntry.objects.get(object_id=str(result.created[0].pk))
    assert entry.actor is None and entry.actor_name == ""


@pytest.mark.django_db
def test_responsible_user_and_assigned_organisation_are_matched_within_the_organisation(
    isk, editor
):
    user = User.objects.get(username="isk-bidragsyter")
    member = isk.organisation.members.order_by("name").first()
    data = build_workbook(
        [
            ["Tiltak", "Ansvarlig bruker", "Tildelt organisasjon"],
            ["Felles nettside", "ISK-Bidragsyter", member.name.upper()],
        ]
    )
    result = import_action_plan(strategy=isk, data=data, filename="t.xlsx", actor=editor)
    action = Action.objects.get(pk=result.created[0].pk)
    assert (action.responsible_user, action.assigned_organisation) == (user, member)
    assert StatusUpdate.objects.filter(action=action).count() == 0


@pytest.mark.django_db
def test_names_a_cell_could_confuse_still_come_back_as_themselves(rana, editor):
    from kommplan.strategies.models import Channel

    Channel.objects.create(strategy=rana, ref="so", name="Facebook; Instagram", position=90)
    Channel.objects.create(strategy=rana, ref="web1", name="Nettside", position=91)
    Channel.objects.create(strategy=rana, ref="web2", name="nettside", position=92)
    action = rana.actions.order_by("position", "pk").first()
    action.channels.set(Channel.objects.filter(ref__in=["so", "web1", "web2"], strategy=rana))
    data = export_action_plan(rana)
    cell = openpyxl.load_workbook(io.BytesIO(data))["Tiltak"].cell(row=2, column=_col("Kanaler"))
    assert cell.value.splitlines()[-3:] == ["so", "web1 – Nettside", "web2 – nettside"]
    counts = row_counts()
    import_action_plan(strategy=rana, data=data, filename="t.xlsx", actor=editor)
    assert row_counts() == counts


@pytest.mark.django_db
def test_an_action_changed_after_the_preview_refuses_the_whole_import(rana, editor):
    from kommplan.actions.services import record_status_update
    from kommplan.spreadsheets.reader import SpreadsheetError
    from kommplan.spreadsheets.services import apply_import

    first, second = rana.actions.order_by("position", "pk")[:2]

    def change(sheet):
        sheet.cell(row=2, column=_col("Tiltak")).value = "Endret i Excel"
        sheet.cell(row=3, column=_col("Tiltak")).value = "Også endret"

    plan = plan_import(
        strategy=rana, data=_edit(export_action_plan(rana), change), filename="t.xlsx"
    )
    record_status_update(action=second, author=editor, status="pagar")  # meanwhile
    counts = row_counts()
    with pytest.raises(SpreadsheetError) as raised:
        apply_import(plan, strategy=rana, actor=editor)
    assert raised.value.problems == [
        f"t.xlsx: tiltaket «{second.title}» ble endret av noen andre mens filen ble lest; last "
        "opp filen på nytt"
    ]
    assert row_counts() == counts
    assert Action.objects.get(pk=first.pk).title == first.title
