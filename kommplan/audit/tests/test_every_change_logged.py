"""Every create, change, delete and permission change leaves exactly one audit entry."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from kommplan.actions import services as actions
from kommplan.actions.models import ActionStatus
from kommplan.audit.models import AuditEntry, AuditEvent
from kommplan.organisations import services as organisations
from kommplan.organisations.models import MemberRole, Organisation
from kommplan.strategies import services as strategies


def _one_entry(event: str, change: Callable[[], object]) -> AuditEntry:
    before = AuditEntry.objects.count()
    change()
    assert AuditEntry.objects.count() == before + 1, f"{change} left no or several entries"
    entry = AuditEntry.objects.first()
    assert entry.event == event
    return entry


@pytest.fixture
def rana(demo):
    return Organisation.objects.get(slug="rana-kommune")


@pytest.fixture
def editor(demo):
    return User.objects.get(username="rana-redaktor")


def test_a_strategy_part_added_changed_and_deleted_leaves_one_entry_each(rana, editor):
    strategy = rana.strategies.first()
    goal = _one_entry(
        AuditEvent.CREATE,
        lambda: strategies.add_goal(actor=editor, strategy=strategy, text="Flere lesere"),
    )
    goal_obj = strategy.goals.get(pk=goal.object_id)
    changed = _one_entry(
        AuditEvent.UPDATE,
        lambda: strategies.update_goal(actor=editor, goal=goal_obj, text="Enda flere lesere"),
    )
    assert changed.changes["text"] == ["Flere lesere", "Enda flere lesere"]
    assert changed.strategy_id == strategy.pk and changed.actor_id == editor.pk
    _one_entry(AuditEvent.DELETE, lambda: strategies.delete_goal(actor=editor, goal=goal_obj))


def test_an_action_created_changed_reported_and_deleted_leaves_one_entry_each(rana, editor):
    strategy = rana.strategies.first()
    created = {}

    def create():
        created["action"] = actions.create_action(
            strategy=strategy, actor=editor, data=actions.ActionData(title="Nytt nyhetsbrev")
        )

    _one_entry(AuditEvent.CREATE, create)
    action = created["action"]
    _one_entry(
        AuditEvent.UPDATE,
        lambda: actions.update_action(
            action=action,
            actor=editor,
            version=action.version,
            data=actions.ActionData(title="Nytt månedlig nyhetsbrev"),
        ),
    )
    action.refresh_from_db()
    _one_entry(
        AuditEvent.STATUS,
        lambda: actions.record_status_update(
            action=action, author=editor, status=ActionStatus.PAGAR, comment="I gang"
        ),
    )
    action.refresh_from_db()
    _one_entry(AuditEvent.DELETE, lambda: actions.delete_action(action=action, actor=editor))


def test_a_member_added_given_a_new_role_and_removed_leaves_one_entry_each(rana):
    admin = User.objects.get(username="rana-admin")
    added = {}

    def add():
        added["membership"] = organisations.add_member(
            actor=admin, organisation=rana, email="ny@rana.kommune.no", role=MemberRole.LESER
        )

    _one_entry(AuditEvent.PERMISSION, add)
    membership = added["membership"]
    changed = _one_entry(
        AuditEvent.PERMISSION,
        lambda: organisations.change_role(
            actor=admin, membership=membership, role=MemberRole.REDAKTOR
        ),
    )
    assert changed.changes == {"role": [MemberRole.LESER, MemberRole.REDAKTOR]}
    _one_entry(
        AuditEvent.PERMISSION,
        lambda: organisations.remove_member(actor=admin, membership=membership),
    )
