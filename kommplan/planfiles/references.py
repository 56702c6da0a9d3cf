"""Cross-reference rules of a plan file, which pydantic's per-field validation cannot see.

`check_references` gives items without an id one (g1, g2, ...), then checks that ids are unique
per kind, every reference points at an existing id, and goals form a tree. Reference lists are
put in document order, since they are sets: a dump writes them that way too. Organisation members
(names, not ids) are put in name order for the same reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import Problem
from .schema import PlanFile

# (key path of the list, id prefix for items without one)
_ID_KINDS = {
    "goals": "g",
    "strategies": "s",
    "target_groups": "tg",
    "messages": "m",
    "channels": "c",
    "indicators": "i",
    "actions": "a",
}


def check_references(plan: PlanFile) -> list[Problem]:
    strategy = plan.strategy
    lists: dict[str, tuple[str, Sequence[Any]]] = {
        "goals": ("strategy.goals", strategy.goals),
        "strategies": ("strategy.strategies", strategy.strategies),
        "target_groups": ("strategy.target_groups", strategy.target_groups),
        "messages": ("strategy.messages", strategy.messages),
        "channels": ("strategy.channels", strategy.channels),
        "indicators": ("strategy.indicators", strategy.indicators),
        "actions": ("actions", plan.actions),
    }
    problems: list[Problem] = []
    positions: dict[str, dict[str, int]] = {}
    for kind, (path, items) in lists.items():
        positions[kind] = _index_ids(kind, path, items, problems)

    def resolve(kind: str, ref: str | None, path: str) -> None:
        if ref is not None and ref not in positions[kind]:
            problems.append(Problem(path, f'ukjent id "{ref}" (ingen {_LABELS[kind]} har den)'))

    def resolve_list(kind: str, refs: list[str], path: str) -> list[str]:
        seen: set[str] = set()
        for index, ref in enumerate(refs):
            resolve(kind, ref, f"{path}[{index}]")
            if ref in seen:
                problems.append(Problem(f"{path}[{index}]", f'"{ref}" står to ganger i listen'))
            seen.add(ref)
        order = positions[kind]
        return sorted(refs, key=lambda ref: order.get(ref, len(order)))

    for index, goal in enumerate(strategy.goals):
        resolve("goals", goal.parent, f"strategy.goals[{index}].parent")
    for index, item in enumerate(strategy.strategies):
        resolve("goals", item.goal, f"strategy.strategies[{index}].goal")
    for index, message in enumerate(strategy.messages):
        path = f"strategy.messages[{index}].target_groups"
        message.target_groups = resolve_list("target_groups", message.target_groups, path)
    for index, indicator in enumerate(strategy.indicators):
        resolve("goals", indicator.goal, f"strategy.indicators[{index}].goal")
        resolve("actions", indicator.action, f"strategy.indicators[{index}].action")
    for index, action in enumerate(plan.actions):
        resolve("goals", action.goal, f"actions[{index}].goal")
        resolve("strategies", action.strategy, f"actions[{index}].strategy")
        path = f"actions[{index}]"
        action.target_groups = resolve_list(
            "target_groups", action.target_groups, f"{path}.target_groups"
        )
        action.channels = resolve_list("channels", action.channels, f"{path}.channels")

    members = plan.organisation.members
    for index, name in enumerate(members):
        if name == plan.organisation.name:
            problems.append(
                Problem(
                    f"organisation.members[{index}]",
                    "en organisasjon kan ikke være medlem av seg selv",
                )
            )
        if name in members[:index]:
            problems.append(
                Problem(f"organisation.members[{index}]", f'"{name}" står to ganger i listen')
            )
    # Members are a set too, and the database keeps no order for them: name order, as dumped.
    plan.organisation.members = sorted(set(members))

    problems.extend(_goal_cycles(plan))
    return problems


_LABELS = {
    "goals": "mål",
    "strategies": "strategi",
    "target_groups": "målgruppe",
    "messages": "budskap",
    "channels": "kanal",
    "indicators": "indikator",
    "actions": "tiltak",
}


def _index_ids(
    kind: str, path: str, items: Sequence[Any], problems: list[Problem]
) -> dict[str, int]:
    """Map id -> position, reporting duplicates and naming items that have no id."""
    positions: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id is None:
            continue
        if item.id in positions:
            first = positions[item.id]
            problems.append(
                Problem(
                    f"{path}[{index}].id",
                    f'id "{item.id}" er brukt før (også på {path}[{first}])',
                )
            )
        else:
            positions[item.id] = index
    prefix = _ID_KINDS[kind]
    counter = 0
    for index, item in enumerate(items):
        if item.id is None:
            counter += 1
            while f"{prefix}{counter}" in positions:
                counter += 1
            item.id = f"{prefix}{counter}"
            positions[item.id] = index
    return positions


def _goal_cycles(plan: PlanFile) -> list[Problem]:
    parents = {goal.id: goal.parent for goal in plan.strategy.goals}
    problems = []
    for index, goal in enumerate(plan.strategy.goals):
        seen = {goal.id}
        current = goal.parent
        while current is not None and current in parents:
            if current in seen:
                problems.append(
                    Problem(
                        f"strategy.goals[{index}].parent",
                        f'målet "{goal.id}" ligger (indirekte) under seg selv',
                    )
                )
                break
            seen.add(current)
            current = parents[current]
    return problems
