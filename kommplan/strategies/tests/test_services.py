import random

import pytest
from django.core.exceptions import ValidationError

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.audit.models import AuditEntry, AuditEvent
from kommplan.indicators.models import Indicator, Measurement
from kommplan.organisations.models import Organisation
from kommplan.strategies import models as m
from kommplan.strategies import services

from .conftest import positions, row_counts


def tree(strategy) -> list[tuple[str, str | None]]:
    """The goals in tree order as (text, parent text)."""
    return [
        (goal.text, goal.parent.text if goal.parent else None)
        for goal in services.ordered_parts(strategy, m.Goal)
    ]


def test_creating_a_strategy_records_one_audit_entry_with_its_fields(db, editor):
    organisation = Organisation.objects.create(name="Osen kommune", slug="osen")
    strategy = services.create_strategy(
        actor=editor, organisation=organisation, title="Strategi 2026", period_start=2026
    )
    entry = AuditEntry.objects.get()
    assert (entry.event, entry.strategy, entry.organisation, entry.actor) == (
        AuditEvent.CREATE,
        strategy,
        organisation,
        editor,
    )
    assert entry.changes["title"] == [None, "Strategi 2026"]
    assert entry.changes["period_start"] == [None, 2026]
    assert strategy.status == m.StrategyStatus.UTKAST


def test_updating_a_strategy_logs_only_what_changed_and_keeps_the_rest(small, editor):
    strategy = small["strategy"]
    services.update_strategy(actor=editor, strategy=strategy, vision="Nær og åpen", title="Ny")
    strategy.refresh_from_db()
    assert (strategy.vision, strategy.title, strategy.purpose) == (
        "Nær og åpen",
        "Ny",
        "Vi forteller hva kommunen gjør.",
    )
    entry = AuditEntry.objects.get()
    assert entry.changes == {
        "title": ["Kommunikasjonsstrategi 2024–2025", "Ny"],
        "vision": ["Åpen og nær", "Nær og åpen"],
    }


def test_an_update_that_changes_nothing_writes_no_audit_entry(small, editor):
    strategy = small["strategy"]
    services.update_strategy(actor=editor, strategy=strategy, vision=strategy.vision)
    assert AuditEntry.objects.count() == 0


def test_a_period_that_ends_before_it_starts_is_refused_and_nothing_is_written(small, editor):
    strategy = small["strategy"]
    with pytest.raises(ValidationError):
        services.update_strategy(actor=editor, strategy=strategy, period_start=2030)
    strategy.refresh_from_db()
    assert strategy.period_start == 2024
    assert AuditEntry.objects.count() == 0


def test_a_new_goal_gets_a_fresh_ref_and_goes_last_among_its_siblings(small, editor):
    strategy = small["strategy"]
    g1 = small["goals"][0]
    goal = services.add_goal(actor=editor, strategy=strategy, text="Alle forstår", parent=g1)
    assert goal.ref == "g6"
    assert tree(strategy) == [
        ("Innbyggerne vet", None),
        ("Alle finner svar", "Innbyggerne vet"),
        ("Nettsidene er klare", "Alle finner svar"),
        ("Alle får vite tidlig", "Innbyggerne vet"),
        ("Alle forstår", "Innbyggerne vet"),
        ("Ansatte deler", None),
    ]
    assert positions(strategy.goals) == list(range(6))
    entry = AuditEntry.objects.get()
    assert entry.event == AuditEvent.CREATE
    assert entry.changes["parent"] == [None, g1.pk]
    assert entry.changes["ref"] == [None, "g6"]


def test_refs_skip_the_ones_already_taken(small, editor):
    strategy = small["strategy"]
    m.TargetGroup.objects.create(strategy=strategy, ref="tg4", name="Tatt", position=3)
    group = services.add_target_group(actor=editor, strategy=strategy, name="Næringslivet")
    assert group.ref == "tg5"
    assert group.position == 4


def test_moving_a_goal_moves_it_among_its_siblings_with_its_sub_goals(small, editor):
    strategy = small["strategy"]
    g1, g1a, g1a1, g1b, g2 = small["goals"]
    assert services.move_part(actor=editor, part=g1a, direction="down") is True
    assert tree(strategy) == [
        ("Innbyggerne vet", None),
        ("Alle får vite tidlig", "Innbyggerne vet"),
        ("Alle finner svar", "Innbyggerne vet"),
        ("Nettsidene er klare", "Alle finner svar"),
        ("Ansatte deler", None),
    ]
    assert positions(strategy.goals) == list(range(5))
    assert services.move_part(actor=editor, part=g2, direction="up") is True
    assert [text for text, _ in tree(strategy)] == [
        "Ansatte deler",
        "Innbyggerne vet",
        "Alle får vite tidlig",
        "Alle finner svar",
        "Nettsidene er klare",
    ]
    assert positions(strategy.goals) == list(range(5))


def test_a_move_is_logged_with_the_position_before_and_after(small, editor):
    g2 = small["goals"][4]
    services.move_part(actor=editor, part=g2, direction="up")
    entry = AuditEntry.objects.get()
    assert (entry.event, entry.object_id) == (AuditEvent.UPDATE, str(g2.pk))
    assert entry.changes == {"position": [4, 0]}


def test_a_move_past_either_end_changes_nothing_and_logs_nothing(small, editor):
    strategy = small["strategy"]
    g1, g1a, g1a1, g1b, g2 = small["goals"]
    before = tree(strategy)
    assert services.move_part(actor=editor, part=g1, direction="up") is False
    assert services.move_part(actor=editor, part=g1b, direction="down") is False  # last sibling
    assert services.move_part(actor=editor, part=g1a1, direction="up") is False  # only child
    assert tree(strategy) == before
    assert AuditEntry.objects.count() == 0


def test_a_goal_strategy_moves_among_the_strategies_of_the_same_goal(small, editor):
    strategy = small["strategy"]
    s1, s2, s3, s4 = small["approaches"]
    assert services.move_part(actor=editor, part=s2, direction="up") is True
    assert services.move_part(actor=editor, part=s2, direction="up") is False
    assert services.move_part(actor=editor, part=s3, direction="up") is False  # alone under g2
    order = [a.title for a in services.ordered_parts(strategy, m.GoalStrategy)]
    assert order == ["Svar samme dag", "Klart språk", "Intranett først", "Uten mål"]
    assert positions(strategy.approaches) == list(range(4))


def test_a_message_moves_among_the_messages_of_its_kind(small, editor):
    strategy = small["strategy"]
    core, support1, core2, support2 = small["messages"]
    # The next core message is two places down in the whole list; they swap.
    assert services.move_part(actor=editor, part=core, direction="down") is True
    order = [msg.text for msg in services.ordered_parts(strategy, m.KeyMessage)]
    assert order == ["Vi lytter.", "Spør oss.", "Vi er her for deg.", "Del det du vet."]
    assert services.move_part(actor=editor, part=support2, direction="down") is False
    assert positions(strategy.messages) == list(range(4))


def test_positions_stay_contiguous_through_any_mix_of_adds_moves_and_deletes(small, editor):
    strategy = small["strategy"]
    rng = random.Random(20240601)
    for step in range(120):
        goals = list(strategy.goals.all())
        operation = rng.choice(["add", "add_sub", "move", "move", "delete", "reparent"])
        if operation == "add" or not goals:
            services.add_goal(actor=editor, strategy=strategy, text=f"Mål {step}")
        elif operation == "add_sub":
            services.add_goal(
                actor=editor, strategy=strategy, text=f"Delmål {step}", parent=rng.choice(goals)
            )
        elif operation == "move":
            services.move_part(
                actor=editor, part=rng.choice(goals), direction=rng.choice(["up", "down"])
            )
        elif operation == "delete" and len(goals) > 3:
            services.delete_goal(actor=editor, goal=rng.choice(goals))
        elif operation == "reparent":
            goal = rng.choice(goals)
            descendants = {goal.pk}
            while more := {g.pk for g in goals if g.parent_id in descendants} - descendants:
                descendants |= more
            candidates = [g for g in goals if g.pk not in descendants] + [None]
            services.update_goal(actor=editor, goal=goal, parent=rng.choice(candidates))
        ordered = services.ordered_parts(strategy, m.Goal)
        assert [g.position for g in ordered] == list(range(len(ordered))), step
        for channel_step in range(2):
            channels = list(strategy.channels.all())
            if channels and rng.random() < 0.5:
                services.move_part(
                    actor=editor, part=rng.choice(channels), direction=rng.choice(["up", "down"])
                )
            elif channels and rng.random() < 0.3:
                services.delete_channel(actor=editor, channel=rng.choice(channels))
            else:
                services.add_channel(
                    actor=editor, strategy=strategy, name=f"K {step}.{channel_step}"
                )
            assert positions(strategy.channels) == list(range(strategy.channels.count()))


def test_deleting_closes_the_gap_in_the_list(small, editor):
    strategy = small["strategy"]
    entries = list(strategy.notification_entries.all())
    services.delete_notification_entry(actor=editor, entry=entries[0])
    assert [(e.role, e.position) for e in strategy.notification_entries.all()] == [
        ("Ordfører", 0),
        ("Kommunikasjonssjef", 1),
    ]
    entry = AuditEntry.objects.get()
    assert entry.event == AuditEvent.DELETE
    assert entry.changes["role"] == ["Kommunedirektør", None]


def test_deleting_a_goal_deletes_its_sub_goals_and_logs_each_of_them(small, editor):
    strategy = small["strategy"]
    g1, g1a, g1a1, g1b, g2 = small["goals"]
    s1 = small["approaches"][0]
    doomed = {str(g1a.pk), str(g1a1.pk)}
    services.delete_goal(actor=editor, goal=g1a)
    assert tree(strategy) == [
        ("Innbyggerne vet", None),
        ("Alle får vite tidlig", "Innbyggerne vet"),
        ("Ansatte deler", None),
    ]
    assert positions(strategy.goals) == [0, 1, 2]
    logged = set(
        AuditEntry.objects.filter(event=AuditEvent.DELETE).values_list("object_id", flat=True)
    )
    assert logged == doomed
    # Actions and strategies stay; they only lose the link.
    assert Action.objects.filter(strategy=strategy, goal__isnull=True).count() == 5
    s1.refresh_from_db()
    assert s1.goal == g1


def test_a_goal_cannot_be_moved_under_its_own_sub_goal(small, editor):
    g1, g1a, g1a1, g1b, g2 = small["goals"]
    with pytest.raises(ValidationError):
        services.update_goal(actor=editor, goal=g1, parent=g1a1)
    g1.refresh_from_db()
    assert g1.parent is None
    assert AuditEntry.objects.count() == 0


def test_changing_a_goals_parent_puts_it_last_under_the_new_parent(small, editor):
    strategy = small["strategy"]
    g1, g1a, g1a1, g1b, g2 = small["goals"]
    services.update_goal(actor=editor, goal=g1a, parent=g2)
    assert tree(strategy) == [
        ("Innbyggerne vet", None),
        ("Alle får vite tidlig", "Innbyggerne vet"),
        ("Ansatte deler", None),
        ("Alle finner svar", "Ansatte deler"),
        ("Nettsidene er klare", "Alle finner svar"),
    ]
    assert AuditEntry.objects.get().changes == {"parent": [g1.pk, g2.pk]}


def test_parts_of_another_strategy_cannot_be_linked(small, editor):
    strategy = small["strategy"]
    other = m.Strategy.objects.create(organisation=strategy.organisation, title="Annen")
    foreign_goal = m.Goal.objects.create(strategy=other, ref="g1", text="Fremmed")
    foreign_group = m.TargetGroup.objects.create(strategy=other, ref="tg1", name="Fremmed")
    before = row_counts()
    with pytest.raises(ValidationError):
        services.add_goal(actor=editor, strategy=strategy, text="X", parent=foreign_goal)
    with pytest.raises(ValidationError):
        services.add_goal_strategy(actor=editor, strategy=strategy, title="X", goal=foreign_goal)
    with pytest.raises(ValidationError):
        services.add_key_message(
            actor=editor, strategy=strategy, text="X", target_groups=[foreign_group]
        )
    with pytest.raises(ValidationError):
        services.update_key_message(
            actor=editor, message=small["messages"][0], target_groups=[foreign_group]
        )
    with pytest.raises(ValidationError):
        services.update_goal_strategy(
            actor=editor, approach=small["approaches"][0], goal=foreign_goal
        )
    assert row_counts() == before
    assert list(small["messages"][0].target_groups.all()) == []


def test_a_message_that_becomes_core_goes_last_among_the_core_messages(small, editor):
    strategy = small["strategy"]
    core, support1, core2, support2 = small["messages"]
    t1, t2, t3 = small["groups"]
    services.update_key_message(actor=editor, message=support2, core=True, target_groups=[t3])
    core_order = [msg.text for msg in services.ordered_parts(strategy, m.KeyMessage) if msg.core]
    assert core_order == ["Vi er her for deg.", "Vi lytter.", "Del det du vet."]
    assert positions(strategy.messages) == [0, 1, 2, 3]
    entry = AuditEntry.objects.get()
    assert entry.changes == {"core": [False, True], "target_groups": [[t2.pk], [t3.pk]]}


PART_CASES = [
    (
        "add_challenge",
        "update_challenge",
        "delete_challenge",
        "challenge",
        {"title": "Ny", "text": "Tekst"},
        {"text": "Endret"},
    ),
    (
        "add_principle",
        "update_principle",
        "delete_principle",
        "principle",
        {"name": "Mot"},
        {"text": "Vi tør."},
    ),
    (
        "add_role",
        "update_role",
        "delete_role",
        "role",
        {"title": "Rådgiver"},
        {"responsibility": "Råd."},
    ),
    (
        "add_rule",
        "update_rule",
        "delete_rule",
        "rule",
        {"name": "Arkivloven", "kind": "lov"},
        {"url": "https://lovdata.no"},
    ),
    (
        "add_notification_entry",
        "update_notification_entry",
        "delete_notification_entry",
        "entry",
        {"role": "Beredskapsleder", "phone": "+47 123 45 678"},
        {"email": "beredskap@testby.no"},
    ),
    (
        "add_channel",
        "update_channel",
        "delete_channel",
        "channel",
        {"name": "Instagram", "kind": "social"},
        {"description": "Bilder."},
    ),
    (
        "add_target_group",
        "update_target_group",
        "delete_target_group",
        "group",
        {"name": "Unge", "priority": 2},
        {"priority": 1},
    ),
    (
        "add_goal_strategy",
        "update_goal_strategy",
        "delete_goal_strategy",
        "approach",
        {"title": "Video", "desired_results": ["Flere ser"]},
        {"desired_results": ["Flere ser", "Flere deler"]},
    ),
    (
        "add_key_message",
        "update_key_message",
        "delete_key_message",
        "message",
        {"text": "Vi svarer."},
        {"text": "Vi svarer raskt."},
    ),
    (
        "add_goal",
        "update_goal",
        "delete_goal",
        "goal",
        {"text": "Nytt mål"},
        {"description": "Fordi."},
    ),
]


@pytest.mark.parametrize(
    ("add", "update", "delete", "arg", "values", "changes"),
    PART_CASES,
    ids=[c[0] for c in PART_CASES],
)
def test_every_part_can_be_added_changed_and_deleted_with_one_audit_entry_each(
    small, editor, add, update, delete, arg, values, changes
):
    strategy = small["strategy"]
    part = getattr(services, add)(actor=editor, strategy=strategy, **values)
    model = type(part)
    assert part.pk and part.strategy == strategy
    count = model.objects.filter(strategy=strategy).count()
    assert part.position == count - 1 or model is m.Goal
    getattr(services, update)(actor=editor, **{arg: part}, **changes)
    part.refresh_from_db()
    for name, value in changes.items():
        assert getattr(part, name) == value
    pk = part.pk
    getattr(services, delete)(actor=editor, **{arg: part})
    assert not model.objects.filter(pk=pk).exists()
    assert positions(model.objects.filter(strategy=strategy)) == list(range(count - 1))
    events = list(AuditEntry.objects.order_by("pk").values_list("event", "object_id"))
    assert events == [
        (AuditEvent.CREATE, str(pk)),
        (AuditEvent.UPDATE, str(pk)),
        (AuditEvent.DELETE, str(pk)),
    ]
    assert all(e.strategy_id == strategy.pk and e.actor == editor for e in AuditEntry.objects.all())


def test_a_failing_service_leaves_no_audit_entry_behind(small, editor):
    with pytest.raises(ValidationError):
        services.add_principle(actor=editor, strategy=small["strategy"], name="")
    assert AuditEntry.objects.count() == 0
    assert small["strategy"].principles.count() == 3


# ---- roll over ----


def structure(strategy) -> dict:
    """Everything the roll over copies, by ref and text (ids differ between the copies)."""
    goals = {g.pk: g for g in strategy.goals.all()}
    return {
        "fields": (strategy.kind, strategy.vision, strategy.purpose, strategy.crisis_note),
        "goals": [
            (g.ref, g.position, g.text, goals[g.parent_id].ref if g.parent_id else None)
            for g in strategy.goals.order_by("position")
        ],
        "approaches": [
            (a.ref, a.position, a.title, a.goal.ref if a.goal else None, a.desired_results)
            for a in strategy.approaches.select_related("goal").order_by("position")
        ],
        "groups": list(strategy.target_groups.values_list("ref", "position", "name", "priority")),
        "messages": [
            (
                msg.ref,
                msg.position,
                msg.text,
                msg.core,
                sorted(t.ref for t in msg.target_groups.all()),
            )
            for msg in strategy.messages.order_by("position")
        ],
        "channels": list(strategy.channels.values_list("ref", "position", "name", "kind", "url")),
        "principles": list(strategy.principles.values_list("position", "name", "text")),
        "challenges": list(strategy.challenges.values_list("position", "title", "text")),
        "roles": list(strategy.roles.values_list("position", "title", "responsibility")),
        "rules": list(strategy.rules.values_list("position", "name", "kind", "url")),
        "notify": list(
            strategy.notification_entries.values_list("position", "role", "name", "phone", "email")
        ),
    }


def test_roll_over_copies_the_whole_structure_with_the_same_refs(small, editor):
    source = small["strategy"]
    new = services.roll_over_strategy(
        actor=editor,
        source=source,
        title="Kommunikasjonsstrategi 2026–2027",
        period_start=2026,
        period_end=2027,
    )
    assert new.pk != source.pk and new.organisation == source.organisation
    assert (new.title, new.period_start, new.period_end) == (
        "Kommunikasjonsstrategi 2026–2027",
        2026,
        2027,
    )
    assert (new.status, new.adopted_by, new.adopted_date) == (m.StrategyStatus.UTKAST, "", "")
    assert structure(new) == structure(source)
    # Fresh rows, linked only within the new strategy.
    assert not set(new.goals.values_list("pk", flat=True)) & set(
        source.goals.values_list("pk", flat=True)
    )
    assert not new.goals.exclude(parent__isnull=True).exclude(parent__strategy=new).exists()
    assert not new.approaches.exclude(goal__isnull=True).exclude(goal__strategy=new).exists()
    assert (
        not m.KeyMessage.target_groups.through.objects.filter(keymessage__strategy=new)
        .exclude(targetgroup__strategy=new)
        .exists()
    )


def test_roll_over_carries_exactly_the_open_actions_linked_to_the_copies(small, editor):
    source = small["strategy"]
    new = services.roll_over_strategy(actor=editor, source=source, title="Neste periode")
    carried = list(new.actions.order_by("position"))
    assert [a.status for a in carried] == [
        ActionStatus.IKKE_STARTET,
        ActionStatus.PAGAR,
        ActionStatus.FORSINKET,
    ]
    assert [a.position for a in carried] == [0, 1, 2]
    for action in carried:
        original = source.actions.get(ref=action.ref)
        assert (action.title, action.responsible, action.due_date) == (
            original.title,
            original.responsible,
            original.due_date,
        )
        assert action.goal.strategy == new and action.goal.ref == "g2"
        assert action.approach.strategy == new and action.approach.ref == "s1"
        assert sorted(t.ref for t in action.target_groups.all()) == ["tg1", "tg2"]
        assert {t.strategy_id for t in action.target_groups.all()} == {new.pk}
        assert sorted(c.ref for c in action.channels.all()) == ["c1", "c3"]
        assert {c.strategy_id for c in action.channels.all()} == {new.pk}
        assert action.version == 1
        assert not action.updates.exists()  # the status history stays with the old period


def test_roll_over_copies_indicators_of_goals_and_carried_actions_without_measurements(
    small, editor
):
    source = small["strategy"]
    new = services.roll_over_strategy(actor=editor, source=source, title="Neste periode")
    copied = {i.ref: i for i in Indicator.objects.filter(strategy=new)}
    assert set(copied) == {"i1", "i2"}  # i3 belongs to a finished action, which stays behind
    assert copied["i1"].goal.strategy == new and copied["i1"].goal.ref == "g1"
    assert copied["i2"].action.strategy == new and copied["i2"].action.ref == "a2"
    assert not Measurement.objects.filter(indicator__strategy=new).exists()


def test_roll_over_leaves_the_old_strategy_as_it_was(small, editor):
    source = small["strategy"]
    before = structure(source)
    actions_before = list(
        source.actions.values_list("pk", "status", "goal_id", "approach_id", "version")
    )
    updates_before = StatusUpdate.objects.filter(action__strategy=source).count()
    services.roll_over_strategy(actor=editor, source=source, title="Neste periode")
    source.refresh_from_db()
    assert structure(source) == before
    assert (source.title, source.status, source.period_start) == (
        "Kommunikasjonsstrategi 2024–2025",
        m.StrategyStatus.VEDTATT,
        2024,
    )
    assert (
        list(source.actions.values_list("pk", "status", "goal_id", "approach_id", "version"))
        == actions_before
    )
    assert StatusUpdate.objects.filter(action__strategy=source).count() == updates_before
    assert Measurement.objects.filter(indicator__strategy=source).count() == 1


def test_roll_over_is_one_audit_entry_on_the_new_strategy(small, editor):
    source = small["strategy"]
    new = services.roll_over_strategy(actor=editor, source=source, title="Neste periode")
    entry = AuditEntry.objects.get()
    assert (entry.event, entry.strategy, entry.object_id) == (
        AuditEvent.CREATE,
        new,
        str(new.pk),
    )
    assert entry.changes["rolled_over_from"] == [None, source.pk]
    assert entry.changes["actions_carried_over"] == [None, 3]


def test_a_rolled_over_strategy_can_be_rolled_over_again(small, editor):
    source = small["strategy"]
    second = services.roll_over_strategy(actor=editor, source=source, title="2026")
    third = services.roll_over_strategy(actor=editor, source=second, title="2028")
    assert structure(third) == structure(source)
    assert third.actions.count() == 3
