from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.actions.services import (
    ActionData,
    StaleEditError,
    bulk_update_actions,
    create_action,
    delete_action,
    record_status_update,
    update_action,
)
from kommplan.audit.models import AuditEntry, AuditEvent

from .helpers import counts, user


def data_of(action: Action, **changes) -> ActionData:
    fields = {
        "title": action.title,
        "description": action.description,
        "goal": action.goal,
        "approach": action.approach,
        "target_groups": list(action.target_groups.all()),
        "channels": list(action.channels.all()),
        "responsible": action.responsible,
        "responsible_user": action.responsible_user,
        "assigned_organisation": action.assigned_organisation,
        "financing": action.financing,
        "purpose": action.purpose,
        "desired_result": action.desired_result,
        "timing": action.timing,
        "due_date": action.due_date,
        "start_date": action.start_date,
        "end_date": action.end_date,
        "rrule": action.rrule,
        "status": action.status,
        "public": action.public,
    }
    fields.update(changes)
    return ActionData(**fields)


def test_create_action_adds_it_last_with_a_fresh_ref_and_one_audit_entry(rana):
    editor = user("rana-redaktor")
    channel = rana.channels.first()
    last = rana.actions.order_by("-position").first()
    action = create_action(
        strategy=rana,
        actor=editor,
        data=ActionData(
            title="Innbyggerdialog på Facebook",
            channels=[channel],
            responsible="Kommunikasjonsavdelingen",
            due_date=date(2025, 6, 1),
        ),
    )
    assert action.strategy == rana and action.version == 1
    assert action.position == last.position + 1
    assert action.ref not in set(rana.actions.exclude(pk=action.pk).values_list("ref", flat=True))
    assert list(action.channels.all()) == [channel]
    entry = AuditEntry.objects.get(object_id=str(action.pk))
    assert entry.event == AuditEvent.CREATE and entry.actor == editor
    assert entry.strategy == rana and entry.organisation == rana.organisation
    assert entry.changes["title"] == [None, "Innbyggerdialog på Facebook"]
    assert entry.changes["channels"] == [None, [channel.pk]]
    # what the new action holds, not every empty field
    assert "financing" not in entry.changes and "target_groups" not in entry.changes


def test_create_action_with_a_status_starts_the_history(rana):
    action = create_action(
        strategy=rana,
        actor=user("rana-redaktor"),
        data=ActionData(title="Allerede i gang", status=ActionStatus.PAGAR),
    )
    assert list(action.updates.values_list("status", "author__username")) == [
        ("pagar", "rana-redaktor")
    ]


def test_create_action_refuses_parts_of_another_strategy(rana, isk):
    before = counts()
    with pytest.raises(ValidationError) as error:
        create_action(
            strategy=rana,
            actor=user("rana-redaktor"),
            data=ActionData(title="Feil", target_groups=[isk.target_groups.first()]),
        )
    assert "target_groups" in error.value.message_dict
    assert counts() == before


def test_create_action_refuses_a_responsible_user_from_another_organisation(rana):
    with pytest.raises(ValidationError) as error:
        create_action(
            strategy=rana,
            actor=user("rana-redaktor"),
            data=ActionData(title="Feil", responsible_user=user("isk-bidragsyter")),
        )
    assert "responsible_user" in error.value.message_dict


def test_an_action_can_be_assigned_only_to_a_member_organisation(isk, rana):
    levanger = isk.organisation.members.get(name="Levanger kommune")
    action = create_action(
        strategy=isk,
        actor=user("isk-redaktor"),
        data=ActionData(title="Folkemøte i Levanger", assigned_organisation=levanger),
    )
    assert action.assigned_organisation == levanger
    with pytest.raises(ValidationError) as error:
        create_action(
            strategy=isk,
            actor=user("isk-redaktor"),
            data=ActionData(title="Feil", assigned_organisation=rana.organisation),
        )
    assert "assigned_organisation" in error.value.message_dict


def test_update_action_saves_increments_the_version_and_logs_before_and_after(own_action):
    editor = user("rana-redaktor")
    was_public = own_action.public  # the demo plan marks some actions public
    saved = update_action(
        action=own_action,
        actor=editor,
        version=1,
        data=data_of(own_action, title="Større åpenhet i 2024", public=not was_public),
    )
    assert saved.version == 2
    own_action.refresh_from_db()
    assert own_action.title == "Større åpenhet i 2024" and own_action.public != was_public
    entry = AuditEntry.objects.get(object_id=str(own_action.pk), event=AuditEvent.UPDATE)
    assert entry.changes == {
        "title": ["Større åpenhet", "Større åpenhet i 2024"],
        "public": [was_public, not was_public],
    }


def test_update_action_refuses_a_stale_version_and_writes_nothing(own_action):
    update_action(
        action=own_action,
        actor=user("rana-admin"),
        version=1,
        data=data_of(own_action, title="Første lagring"),
    )
    before = counts()
    with pytest.raises(StaleEditError) as error:
        update_action(
            action=own_action,
            actor=user("rana-redaktor"),
            version=1,
            data=data_of(own_action, title="Andre lagring"),
        )
    assert error.value.edited_version == 1
    assert error.value.stored_version == 2
    assert error.value.action.title == "Første lagring"
    own_action.refresh_from_db()
    assert own_action.title == "Første lagring" and own_action.version == 2
    assert counts() == before


def test_update_action_without_changes_keeps_the_version_and_logs_nothing(own_action):
    before = counts()
    saved = update_action(
        action=own_action, actor=user("rana-redaktor"), version=1, data=data_of(own_action)
    )
    assert saved.version == 1
    assert counts() == before


def test_changing_status_in_the_edit_form_leaves_a_line_in_the_history(own_action):
    update_action(
        action=own_action,
        actor=user("rana-redaktor"),
        version=1,
        data=data_of(own_action, status=ActionStatus.FULLFORT),
    )
    assert list(own_action.updates.values_list("status", flat=True)) == ["fullfort"]
    assert AuditEntry.objects.filter(object_id=str(own_action.pk)).count() == 1


def test_record_status_update_stores_the_report_and_keeps_the_action_in_step(own_action):
    reporter = user("rana-bidragsyter")
    update = record_status_update(
        action=own_action,
        author=reporter,
        status=ActionStatus.PAGAR,
        comment="Nettsiden er oppdatert",
        reported_on=date(2024, 3, 1),
    )
    assert update.author == reporter and update.author_name == "Berit Bidragsyter"
    assert update.date == date(2024, 3, 1) and update.comment == "Nettsiden er oppdatert"
    assert own_action.status == ActionStatus.PAGAR  # the caller's object follows
    own_action.refresh_from_db()
    assert own_action.status == ActionStatus.PAGAR and own_action.version == 2
    entry = AuditEntry.objects.get(object_id=str(own_action.pk))
    assert entry.event == AuditEvent.STATUS and entry.actor == reporter
    assert entry.changes == {
        "status": ["ikke_startet", "pagar"],
        "comment": ["", "Nettsiden er oppdatert"],
    }


def test_reports_keep_their_order_and_default_to_today(own_action):
    for status in (ActionStatus.PAGAR, ActionStatus.FORSINKET, ActionStatus.PAGAR):
        record_status_update(action=own_action, author=user("rana-bidragsyter"), status=status)
    updates = list(own_action.updates.order_by("position"))
    assert [u.status for u in updates] == ["pagar", "forsinket", "pagar"]
    assert [u.position for u in updates] == [0, 1, 2]
    assert {u.date for u in updates} == {date.today()}


def test_a_status_report_makes_an_open_edit_stale(own_action):
    record_status_update(
        action=own_action, author=user("rana-bidragsyter"), status=ActionStatus.FULLFORT
    )
    with pytest.raises(StaleEditError):
        update_action(
            action=own_action,
            actor=user("rana-redaktor"),
            version=1,
            data=data_of(own_action, status=ActionStatus.IKKE_STARTET),
        )
    own_action.refresh_from_db()
    assert own_action.status == ActionStatus.FULLFORT


def test_record_status_update_refuses_an_unknown_status(own_action):
    before = counts()
    with pytest.raises(ValidationError):
        record_status_update(action=own_action, author=user("rana-redaktor"), status="ferdig")
    assert counts() == before


def test_delete_action_removes_it_and_its_history_and_keeps_it_in_the_log(own_action):
    record_status_update(action=own_action, author=user("rana-redaktor"), status="pagar")
    pk = own_action.pk
    delete_action(action=own_action, actor=user("rana-admin"))
    assert not Action.objects.filter(pk=pk).exists()
    assert not StatusUpdate.objects.filter(action_id=pk).exists()
    entry = AuditEntry.objects.get(object_id=str(pk), event=AuditEvent.DELETE)
    assert entry.object_label == "Større åpenhet"
    assert entry.changes["title"] == ["Større åpenhet", None]


def test_bulk_update_changes_each_action_and_logs_one_entry_per_changed_action(rana):
    first, second, third = rana.actions.order_by("position")[:3]
    record_status_update(action=first, author=user("rana-redaktor"), status="pagar")
    audit_before = AuditEntry.objects.count()
    changed = bulk_update_actions(
        actions=[first, second, third],
        actor=user("rana-redaktor"),
        status=ActionStatus.PAGAR,
        responsible="Kommunikasjonssjefen",
    )
    assert {a.pk for a in changed} == {first.pk, second.pk, third.pk}
    assert AuditEntry.objects.count() == audit_before + 3
    for action in (first, second, third):
        action.refresh_from_db()
        assert action.status == "pagar" and action.responsible == "Kommunikasjonssjefen"
    # The first was already "pågår": its status did not change, so no new history line.
    assert first.updates.count() == 1 and second.updates.count() == 1
    entry = AuditEntry.objects.filter(object_id=str(first.pk)).first()
    assert entry.changes == {"responsible": ["", "Kommunikasjonssjefen"]}


def test_bulk_update_skips_actions_that_would_not_change(rana):
    first, second = rana.actions.order_by("position")[:2]
    second.responsible = "Rådmannen"
    second.save()
    before = counts()
    changed = bulk_update_actions(
        actions=[first, second], actor=user("rana-redaktor"), responsible="Rådmannen"
    )
    assert [a.pk for a in changed] == [first.pk]
    assert counts()["audit"] == before["audit"] + 1


def test_bulk_update_sets_responsible_user_and_due_period(rana):
    actions = list(rana.actions.order_by("position")[2:5])
    bulk_update_actions(
        actions=actions,
        actor=user("rana-admin"),
        responsible_user=user("rana-leser"),
        due_date=date(2025, 12, 31),
        start_date=date(2025, 1, 1),
        end_date=date(2025, 12, 31),
    )
    for action in actions:
        action.refresh_from_db()
        assert action.responsible_user.username == "rana-leser"
        assert (action.start_date, action.end_date, action.due_date) == (
            date(2025, 1, 1),
            date(2025, 12, 31),
            date(2025, 12, 31),
        )
        assert action.version == 2


def test_bulk_update_is_all_or_nothing(rana):
    first, second = rana.actions.order_by("position")[:2]
    second.end_date = date(2024, 1, 1)
    second.save()
    before = counts()
    with pytest.raises(ValidationError):
        bulk_update_actions(
            actions=[first, second], actor=user("rana-admin"), start_date=date(2024, 6, 1)
        )
    first.refresh_from_db()
    assert first.start_date is None
    assert counts() == before


def test_bulk_update_refuses_a_responsible_user_from_another_organisation(rana):
    before = counts()
    with pytest.raises(ValidationError):
        bulk_update_actions(
            actions=list(rana.actions.all()[:2]),
            actor=user("rana-admin"),
            responsible_user=user("isk-redaktor"),
        )
    assert counts() == before


def test_a_change_and_its_audit_entry_are_stored_together_or_not_at_all(own_action, monkeypatch):
    def broken_log(**kwargs):
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr("kommplan.actions.services.record", broken_log)
    before = counts()
    with pytest.raises(RuntimeError):
        record_status_update(action=own_action, author=user("rana-redaktor"), status="pagar")
    with pytest.raises(RuntimeError):
        update_action(
            action=own_action,
            actor=user("rana-redaktor"),
            version=1,
            data=data_of(own_action, title="Ikke lagret"),
        )
    with pytest.raises(RuntimeError):
        bulk_update_actions(actions=[own_action], actor=user("rana-redaktor"), status="avlyst")
    with pytest.raises(RuntimeError):
        delete_action(action=own_action, actor=user("rana-redaktor"))
    own_action.refresh_from_db()
    assert own_action.title == "Større åpenhet" and own_action.status == "ikke_startet"
    assert own_action.version == 1
    assert counts() == before
