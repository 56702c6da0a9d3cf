"""A stored strategy back out as a plan file (the inverse of `services.load_plan`)."""

from __future__ import annotations

import json
from typing import Any, Literal

import yaml

from kommplan.actions.models import Action
from kommplan.indicators.models import Indicator
from kommplan.strategies.models import Strategy

from .schema import PlanFile

Format = Literal["yaml", "json"]


def strategy_to_plan(strategy: Strategy) -> PlanFile:
    organisation = strategy.organisation
    goals = list(strategy.goals.all())
    goal_refs = {goal.pk: goal.ref for goal in goals}
    approaches = list(strategy.approaches.all())
    approach_refs = {item.pk: item.ref for item in approaches}
    actions = list(
        strategy.actions.prefetch_related("target_groups", "channels", "updates").order_by(
            "position", "pk"
        )
    )
    action_refs = {action.pk: action.ref for action in actions}
    messages = strategy.messages.prefetch_related("target_groups")
    indicators = strategy.indicators.prefetch_related("measurements")

    def refs(related) -> list[str]:
        # Reference lists are sets; write them in the document order of what they point at.
        return [
            item.ref for item in sorted(related.all(), key=lambda item: (item.position, item.pk))
        ]

    data: dict[str, Any] = {
        "kommplan": 1,
        "organisation": {
            "name": organisation.name,
            "kind": organisation.kind,
            "number": organisation.number or None,
            "orgnr": organisation.orgnr or None,
            "members": sorted(member.name for member in organisation.members.all()),
        },
        "strategy": {
            "title": strategy.title,
            "kind": strategy.kind,
            "period": _period(strategy),
            "adopted": _adopted(strategy),
            "revision": strategy.revision or None,
            "vision": strategy.vision or None,
            "purpose": strategy.purpose or None,
            "status": strategy.status,
            "published": strategy.published,
            "challenges": [
                {"title": c.title or None, "text": c.text or None}
                for c in strategy.challenges.all()
            ],
            "principles": [
                {"name": p.name, "text": p.text or None} for p in strategy.principles.all()
            ],
            "goals": [
                {
                    "id": g.ref,
                    "text": g.text,
                    "description": g.description or None,
                    "parent": goal_refs.get(g.parent_id),
                }
                for g in goals
            ],
            "strategies": [
                {
                    "id": s.ref,
                    "goal": goal_refs.get(s.goal_id),
                    "title": s.title or None,
                    "text": s.text or None,
                    "description": s.description or None,
                    "desired_results": list(s.desired_results),
                }
                for s in approaches
            ],
            "target_groups": [
                {
                    "id": t.ref,
                    "name": t.name,
                    "priority": t.priority,
                    "description": t.description or None,
                }
                for t in strategy.target_groups.all()
            ],
            "messages": [
                {
                    "id": m.ref,
                    "text": m.text,
                    "core": m.core,
                    "target_groups": refs(m.target_groups),
                }
                for m in messages
            ],
            "channels": [
                {
                    "id": c.ref,
                    "name": c.name,
                    "kind": c.kind,
                    "description": c.description or None,
                    "url": c.url or None,
                }
                for c in strategy.channels.all()
            ],
            "roles": [
                {"title": r.title, "responsibility": r.responsibility or None}
                for r in strategy.roles.all()
            ],
            "rules": [
                {"name": r.name, "kind": r.kind or None, "url": r.url or None}
                for r in strategy.rules.all()
            ],
            "crisis": _crisis(strategy),
            "indicators": [_indicator(i, goal_refs, action_refs) for i in indicators],
        },
        "actions": [_action(a, goal_refs, approach_refs, refs) for a in actions],
    }
    return PlanFile.model_validate(data)


def _period(strategy: Strategy) -> dict | None:
    if strategy.period_start is None and strategy.period_end is None:
        return None
    return {"start": strategy.period_start, "end": strategy.period_end}


def _adopted(strategy: Strategy) -> dict | None:
    if not strategy.adopted_by and not strategy.adopted_date:
        return None
    return {"by": strategy.adopted_by or None, "date": strategy.adopted_date or None}


def _crisis(strategy: Strategy) -> dict | None:
    notify = [
        {"role": n.role, "name": n.name or None, "phone": n.phone or None, "email": n.email or None}
        for n in strategy.notification_entries.all()
    ]
    if not strategy.crisis_note and not notify:
        return None
    return {"note": strategy.crisis_note or None, "notify": notify}


def _indicator(indicator: Indicator, goal_refs: dict, action_refs: dict) -> dict:
    return {
        "id": indicator.ref,
        "goal": goal_refs.get(indicator.goal_id),
        "action": action_refs.get(indicator.action_id),
        "name": indicator.name,
        "unit": indicator.unit or None,
        "target": indicator.target,
        "direction": indicator.direction,
        "period": indicator.period or None,
        "measurements": [{"date": m.date, "value": m.value} for m in indicator.measurements.all()],
    }


def _action(action: Action, goal_refs: dict, approach_refs: dict, refs) -> dict:
    schedule = None
    if action.due_date or action.start_date or action.end_date or action.rrule:
        schedule = {
            "due": action.due_date,
            "start": action.start_date,
            "end": action.end_date,
            "rrule": action.rrule or None,
        }
    return {
        "id": action.ref,
        "title": action.title,
        "description": action.description or None,
        "goal": goal_refs.get(action.goal_id),
        "strategy": approach_refs.get(action.approach_id),
        "target_groups": refs(action.target_groups),
        "channels": refs(action.channels),
        "responsible": action.responsible or None,
        "financing": action.financing or None,
        "purpose": action.purpose or None,
        "desired_result": action.desired_result or None,
        "when": action.timing or None,
        "schedule": schedule,
        "status": action.status,
        "public": action.public,
        "updates": [
            {
                "date": u.date,
                "status": u.status,
                "comment": u.comment or None,
                "author": u.author_name or None,
            }
            for u in action.updates.all()
        ],
    }


def plan_to_data(plan: PlanFile) -> dict[str, Any]:
    """The plan as plain data, leaving out what is empty or default (as people write files)."""
    data = plan.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return {"kommplan": 1, **data}


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if any(char in value for char in "\x85\u2028\u2029"):
        # YAML reads these as line breaks (PyYAML folds NEL into a space): only escapes keep them.
        style = '"'
    elif "\n" in value:
        style = "|"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def render_plan(plan: PlanFile, fmt: Format = "yaml") -> str:
    data = plan_to_data(plan)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


def dump_strategy(strategy: Strategy, fmt: Format = "yaml") -> str:
    return render_plan(strategy_to_plan(strategy), fmt)
