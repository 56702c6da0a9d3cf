"""Property-based round trips: any valid plan renders, reads, stores and dumps back unchanged."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommplan.lib.norwegian import orgnr_check_digit
from kommplan.planfiles.dump import render_plan, strategy_to_plan
from kommplan.planfiles.reader import read_plan
from kommplan.planfiles.references import check_references
from kommplan.planfiles.schema import PlanFile
from kommplan.planfiles.services import load_plan

bounded = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CHARACTERS = st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"])


def text(max_size: int = 30) -> st.SearchStrategy[str]:
    """A one-line text of letters, digits, punctuation and spaces; never empty."""
    return st.text(alphabet=CHARACTERS, min_size=1, max_size=max_size)


# Several lines, empty ones and leading or trailing spaces included: what `|` blocks must carry.
multiline = st.lists(st.text(alphabet=CHARACTERS, max_size=15), min_size=2, max_size=4).map(
    "\n".join
)
long_text = text(60) | multiline
ids = st.text(alphabet="abg01_.-", min_size=1, max_size=3)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
numbers = st.floats(allow_nan=False, allow_infinity=False)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


def put(item: dict, key: str, value) -> None:
    """Leave a key out when it has no value: files leave out what they do not state."""
    if value is not None:
        item[key] = value


def subset(draw, choices: list[str]) -> list[str]:
    if not choices:
        return []
    return draw(st.lists(st.sampled_from(choices), unique=True, max_size=len(choices)))


@st.composite
def with_ids(draw, items: list[dict]) -> list[str]:
    """Give most items a unique id (the rest get one from the loader); return the given ids."""
    chosen = draw(st.lists(ids, min_size=len(items), max_size=len(items), unique=True))
    given_ids = []
    for item, item_id in zip(items, chosen, strict=True):
        if draw(st.integers(0, 3)):
            item["id"] = item_id
            given_ids.append(item_id)
    return given_ids


@st.composite
def orgnrs(draw) -> str:
    first_eight = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    digit = orgnr_check_digit(first_eight)
    if digit is None:
        first_eight = "12345678"
        digit = orgnr_check_digit(first_eight)
    return f"{first_eight}{digit}"


@st.composite
def organisations(draw) -> dict:
    organisation = {"name": draw(text(60))}
    put(organisation, "kind", draw(maybe(st.sampled_from(["kommune", "regionraad", "annet"]))))
    put(organisation, "number", draw(maybe(st.sampled_from(["1833", "5020", "03", "0301"]))))
    put(organisation, "orgnr", draw(maybe(orgnrs())))
    members = st.lists(
        text(40).filter(lambda m: m != organisation["name"]), unique=True, max_size=3
    )
    put(organisation, "members", draw(maybe(members)))
    return organisation


@st.composite
def periods(draw) -> dict:
    years = sorted(draw(st.lists(st.integers(1900, 2200), min_size=2, max_size=2)))
    keep = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
    return {
        key: year for key, year, kept in zip(("start", "end"), years, keep, strict=True) if kept
    }


@st.composite
def adoptions(draw) -> dict:
    adopted = {}
    put(adopted, "by", draw(maybe(text(40))))
    day = draw(days)
    put(
        adopted, "date", draw(st.sampled_from([None, f"{day:%Y}", f"{day:%Y-%m}", day.isoformat()]))
    )
    return adopted or {"by": draw(text(40))}


@st.composite
def schedules(draw) -> dict | None:
    kind = draw(st.sampled_from(["none", "due", "range", "rrule"]))
    rrule = st.sampled_from(
        ["FREQ=MONTHLY", "FREQ=WEEKLY;BYDAY=MO,FR", "RRULE:FREQ=YEARLY;COUNT=3"]
    )
    if kind == "due":
        return {"due": draw(days).isoformat()}
    if kind == "range":
        start, end = sorted(draw(st.lists(days, min_size=2, max_size=2)))
        schedule = {"start": start.isoformat(), "end": end}  # a date object or text alike
        put(schedule, "rrule", draw(maybe(rrule)))
        return schedule
    if kind == "rrule":
        return {"rrule": draw(rrule)}
    return None


@st.composite
def plan_data(draw) -> dict:
    """A valid plan file as plain data, with consistent references."""
    strategy: dict = {"title": draw(text(80))}
    put(strategy, "kind", draw(maybe(st.sampled_from(["strategi", "plan", "annet"]))))
    put(strategy, "period", draw(maybe(periods())))
    put(strategy, "adopted", draw(maybe(adoptions())))
    for key in ("revision", "vision", "purpose"):
        put(strategy, key, draw(maybe(long_text)))
    put(strategy, "status", draw(maybe(st.sampled_from(["utkast", "vedtatt", "arkivert"]))))

    strategy["challenges"] = [
        {"title": draw(text(60)), "text": draw(long_text)} for _ in range(draw(st.integers(0, 2)))
    ]
    strategy["principles"] = []
    for _ in range(draw(st.integers(0, 2))):
        principle = {"name": draw(text(40))}
        put(principle, "text", draw(maybe(long_text)))
        strategy["principles"].append(principle)

    goals = [{"text": draw(long_text)} for _ in range(draw(st.integers(0, 5)))]
    goal_ids = draw(with_ids(goals))
    for index, goal in enumerate(goals):
        earlier = [item["id"] for item in goals[:index] if "id" in item]
        if earlier and draw(st.booleans()):
            goal["parent"] = draw(st.sampled_from(earlier))  # earlier goals only: no cycles
        put(goal, "description", draw(maybe(long_text)))
    strategy["goals"] = goals

    items = []
    for _ in range(draw(st.integers(0, 3))):
        item: dict = {}
        put(item, "goal", draw(maybe(st.sampled_from(goal_ids))) if goal_ids else None)
        put(item, "title", draw(maybe(text(60))))
        put(item, "text", draw(maybe(long_text)))
        put(item, "description", draw(maybe(long_text)))
        item["desired_results"] = draw(st.lists(text(40) | st.just(""), max_size=3))
        items.append(item)
    item_ids = draw(with_ids(items))
    strategy["strategies"] = items

    groups = []
    for _ in range(draw(st.integers(0, 4))):
        group = {"name": draw(text(40))}
        put(group, "priority", draw(maybe(st.integers(1, 99))))
        put(group, "description", draw(maybe(long_text)))
        groups.append(group)
    group_ids = draw(with_ids(groups))
    strategy["target_groups"] = groups

    messages = [
        {
            "text": draw(long_text),
            "core": draw(st.booleans()),
            "target_groups": subset(draw, group_ids),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    draw(with_ids(messages))
    strategy["messages"] = messages

    channels = []
    for _ in range(draw(st.integers(0, 3))):
        channel = {"name": draw(text(40))}
        put(channel, "kind", draw(maybe(st.sampled_from(["web", "social", "meeting", "other"]))))
        put(channel, "description", draw(maybe(long_text)))
        put(
            channel,
            "url",
            draw(
                maybe(st.from_regex(r"https?://[a-z0-9.-]{1,20}(/[a-zæøå]{0,9})?", fullmatch=True))
            ),
        )
        channels.append(channel)
    channel_ids = draw(with_ids(channels))
    strategy["channels"] = channels

    strategy["roles"] = [
        {"title": draw(text(40)), "responsibility": draw(long_text)}
        for _ in range(draw(st.integers(0, 2)))
    ]
    strategy["rules"] = []
    for _ in range(draw(st.integers(0, 2))):
        rule = {"name": draw(text(40))}
        put(rule, "kind", draw(maybe(st.sampled_from(["lov", "reglement", "retningslinje"]))))
        put(rule, "url", draw(maybe(st.just("https://lovdata.no/lov/2006-05-19-16"))))
        strategy["rules"].append(rule)

    if draw(st.booleans()):
        notify = []
        for _ in range(draw(st.integers(0, 2))):
            entry = {"role": draw(text(40))}
            put(entry, "name", draw(maybe(text(40))))
            put(entry, "phone", draw(maybe(st.from_regex(r"\+?[0-9 ()-]{3,39}", fullmatch=True))))
            put(
                entry,
                "email",
                draw(maybe(st.from_regex(r"[a-z0-9.]{1,9}@[a-z]{1,9}\.no", fullmatch=True))),
            )
            notify.append(entry)
        crisis = {"notify": notify}
        put(crisis, "note", draw(maybe(long_text)) if notify else draw(long_text))
        strategy["crisis"] = crisis

    actions = []
    for _ in range(draw(st.integers(0, 5))):
        action: dict = {"title": draw(long_text)}
        put(action, "goal", draw(maybe(st.sampled_from(goal_ids))) if goal_ids else None)
        put(action, "strategy", draw(maybe(st.sampled_from(item_ids))) if item_ids else None)
        action["target_groups"] = subset(draw, group_ids)
        action["channels"] = subset(draw, channel_ids)
        for key in ("description", "purpose", "desired_result"):
            put(action, key, draw(maybe(long_text)))
        for key in ("responsible", "financing", "when"):
            put(action, key, draw(maybe(text(60))))
        put(action, "schedule", draw(schedules()))
        put(
            action,
            "status",
            draw(maybe(st.sampled_from(["ikke_startet", "pagar", "fullfort", "avlyst"]))),
        )
        put(action, "public", draw(maybe(st.booleans())))
        updates = []
        for _ in range(draw(st.integers(0, 2))):
            update = {"date": draw(days), "status": draw(st.sampled_from(["pagar", "forsinket"]))}
            put(update, "comment", draw(maybe(long_text)))
            put(update, "author", draw(maybe(text(40))))
            updates.append(update)
        action["updates"] = updates
        actions.append(action)
    action_ids = draw(with_ids(actions))

    indicators = []
    for _ in range(draw(st.integers(0, 3))):
        indicator: dict = {"name": draw(text(40))}
        owner = draw(st.sampled_from(["none", "goal", "action"]))
        if owner == "goal" and goal_ids:
            indicator["goal"] = draw(st.sampled_from(goal_ids))
        if owner == "action" and action_ids:
            indicator["action"] = draw(st.sampled_from(action_ids))
        put(indicator, "unit", draw(maybe(text(20))))
        put(indicator, "target", draw(maybe(numbers)))
        put(
            indicator,
            "direction",
            draw(maybe(st.sampled_from(["increase", "decrease", "maintain"]))),
        )
        put(indicator, "period", draw(maybe(text(60))))
        indicator["measurements"] = [
            {"date": draw(days).isoformat(), "value": draw(numbers | st.integers(-1000, 1000))}
            for _ in range(draw(st.integers(0, 3)))
        ]
        indicators.append(indicator)
    draw(with_ids(indicators))
    strategy["indicators"] = indicators

    return {
        "kommplan": 1,
        "organisation": draw(organisations()),
        "strategy": strategy,
        "actions": actions,
    }


@st.composite
def plans(draw) -> PlanFile:
    """A validated plan with ids filled in and reference lists in order, as read_plan gives."""
    plan = PlanFile.model_validate(draw(plan_data()))
    assert check_references(plan) == []
    return plan


@bounded
@given(plan=plans())
def test_any_plan_reads_back_equal_from_yaml(plan):
    text = render_plan(plan, "yaml")
    assert read_plan(text.encode(), source="plan.yaml") == plan


@bounded
@given(plan=plans())
def test_any_plan_reads_back_equal_from_json(plan):
    text = render_plan(plan, "json")
    assert read_plan(text.encode(), source="plan.json") == plan


@pytest.mark.django_db
@bounded
@given(plan=plans())
def test_any_plan_stored_and_dumped_equals_itself(plan):
    with transaction.atomic():
        strategy = load_plan(plan).strategy
        assert strategy_to_plan(strategy) == plan
        transaction.set_rollback(True)  # the next example starts from an empty database


@pytest.mark.django_db
@bounded
@given(plan=plans())
def test_any_plan_dumped_and_loaded_again_dumps_to_the_same_text(plan):
    with transaction.atomic():
        first = render_plan(strategy_to_plan(load_plan(plan).strategy))
        again = read_plan(first.encode(), source="dump.yaml")
        second = render_plan(strategy_to_plan(load_plan(again, replace=True).strategy))
        assert second == first
        transaction.set_rollback(True)


# Every character a plan file may hold: all of Unicode but surrogates and the control characters
# the reader refuses (tab, CR, LF, NEL, line and paragraph separators, BOM... are allowed).
ANY_CHARACTER = st.characters(
    codec="utf-8",
    exclude_characters=[chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]],
)
any_text = st.text(alphabet=ANY_CHARACTER, min_size=1, max_size=40)


@st.composite
def plans_with_any_text(draw) -> PlanFile:
    name = draw(any_text)
    plan = PlanFile.model_validate(
        {
            "kommplan": 1,
            "organisation": {
                "name": name,
                "members": draw(
                    st.lists(any_text.filter(lambda m: m != name), max_size=2, unique=True)
                ),
            },
            "strategy": {
                "title": draw(any_text),
                "vision": draw(any_text),
                "goals": [{"id": "g1", "text": draw(any_text), "description": draw(any_text)}],
                "target_groups": [{"name": draw(any_text)}],
            },
            "actions": [{"title": draw(any_text), "when": draw(any_text), "goal": "g1"}],
        }
    )
    assert check_references(plan) == []
    return plan


@bounded
@given(plan=plans_with_any_text())
def test_any_allowed_character_survives_yaml_and_json(plan):
    assert read_plan(render_plan(plan, "yaml").encode(), source="plan.yaml") == plan
    assert read_plan(render_plan(plan, "json").encode(), source="plan.json") == plan


@pytest.mark.django_db
@bounded
@given(plan=plans_with_any_text())
def test_any_allowed_character_survives_the_database(plan):
    with transaction.atomic():
        assert strategy_to_plan(load_plan(plan).strategy) == plan
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    "value", ["a\x85b", "a\u2028b", "a\u2029b", "a\r\nb", "\ufeffa", "\ta\n b "]
)
def test_a_text_with_unusual_line_breaks_reads_back_unchanged_from_yaml(value):
    plan = PlanFile.model_validate(
        {"kommplan": 1, "organisation": {"name": "A"}, "strategy": {"title": value}}
    )
    assert read_plan(render_plan(plan).encode()).strategy.title == value
