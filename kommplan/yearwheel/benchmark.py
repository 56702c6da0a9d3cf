"""A generated plan of N actions, the årshjul benchmark, and the timing parser's coverage.

`generate_plan` is used by the tests (200 actions) and by the benchmark (500):

    uv run python -m kommplan.yearwheel.benchmark [N]
    uv run python -m kommplan.yearwheel.benchmark coverage   # the seed plans' timings

The benchmark builds the plan in a throwaway SQLite database and times what the årshjul page
does (read the actions, expand their schedules, lay out and draw the SVG), then the PNG and
PDF export, and finally the whole page through Django's test client.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

PHRASES = [
    "Nyhetssak i lokalavisa",
    "Dialogmøte med næringslivet",
    "Statusrapport til kommunestyret",
    "Kunngjøring på nettsiden",
    "Stillingsannonser",
    "Innbyggermøte «Framtidas Rana» <åpent>",
    "Q&A på Facebook",
    "Årsrapport",
    "Klarspråkkurs for ledere",
    "Intranett: nytt fra kommunedirektøren",
]
TEXT_TIMINGS = [
    "Kvartalsvis",
    "hver fredag",
    "høsten 2024",
    "Løpende",
    "uke 12",
    "2 ganger pr. år",
    "innen 30. juni",
    "mandager",
    "minst en gang pr. måned i oppstartsåret",
    "F.møter",
]
STATUSES = ["ikke_startet", "pagar", "fullfort", "forsinket", "avlyst"]


def generate_plan(n: int, *, seed: int = 5, slug: str = "generert-kommune"):
    """An organisation with one strategy (2024–2025) and `n` actions of every schedule kind."""
    from kommplan.actions.models import Action
    from kommplan.organisations.models import Organisation
    from kommplan.strategies.models import Channel, Goal, Strategy, TargetGroup

    rng = random.Random(seed)
    organisation = Organisation.objects.create(name=f"Generert kommune {slug}", slug=slug)
    strategy = Strategy.objects.create(
        organisation=organisation,
        title=f"Kommunikasjonsplan med {n} tiltak",
        period_start=2024,
        period_end=2025,
    )
    goals = [
        Goal.objects.create(strategy=strategy, ref=f"g{i}", position=i, text=f"Mål {i + 1}: {p}")
        for i, p in enumerate(
            [
                "Innbyggerne kjenner tjenestene",
                "Næringslivet blir hørt",
                "Ansatte er godt informert",
                "Kommunen er synlig i media",
                "Flere bruker digitale kanaler",
                "Klart språk i alt vi skriver",
            ]
        )
    ]
    channels = [
        Channel.objects.create(strategy=strategy, ref=f"k{i}", position=i, name=name)
        for i, name in enumerate(["Nettsiden", "Facebook", "Lokalavisa", "Intranett"])
    ]
    groups = [
        TargetGroup.objects.create(strategy=strategy, ref=f"t{i}", position=i, name=name)
        for i, name in enumerate(["Innbyggere", "Næringsliv", "Ansatte"])
    ]
    actions = []
    for i in range(n):
        kind = rng.random()
        fields: dict = {}
        if kind < 0.30:
            fields["due_date"] = date(2024, 1, 1) + timedelta(days=rng.randrange(366))
        elif kind < 0.45:
            start = date(2024, 1, 1) + timedelta(days=rng.randrange(330))
            end = start + timedelta(days=rng.randrange(7, 90))
            fields |= {"start_date": start, "end_date": end}
        elif kind < 0.63:
            fields |= {
                "start_date": date(2024, 1, 1),
                "end_date": date(2025, 12, 31),
                "rrule": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
            }
        elif kind < 0.70:
            fields |= {
                "start_date": date(2024, 1, 1),
                "end_date": date(2025, 12, 31),
                "rrule": f"FREQ=WEEKLY;BYDAY={rng.choice(['MO', 'WE', 'FR'])}",
            }
        elif kind < 0.77:
            fields |= {
                "start_date": date(2024, 1, 1),
                "end_date": date(2025, 12, 31),
                "rrule": rng.choice(["FREQ=MONTHLY;INTERVAL=3", "FREQ=MONTHLY;INTERVAL=6"]),
            }
        elif kind < 0.80:
            first = date(2024, 1, 1) + timedelta(days=rng.randrange(300))
            fields |= {
                "start_date": first,
                "end_date": first + timedelta(days=9),
                "rrule": f"FREQ=YEARLY;BYYEARDAY={first.timetuple().tm_yday},"
                f"{first.timetuple().tm_yday + 9}",
            }
        elif kind < 0.95:
            fields["timing"] = rng.choice(TEXT_TIMINGS)
        actions.append(
            Action(
                strategy=strategy,
                ref=f"a{i}",
                position=i,
                title=f"{rng.choice(PHRASES)} ({i + 1})",
                goal=rng.choice([*goals, None]),
                status=rng.choice(STATUSES),
                **fields,
            )
        )
    Action.objects.bulk_create(actions)
    through_channels = Action.channels.through
    through_groups = Action.target_groups.through
    saved = list(strategy.actions.order_by("position"))
    through_channels.objects.bulk_create(
        through_channels(action=a, channel=c)
        for a in saved
        for c in rng.sample(channels, rng.randrange(0, 3))
    )
    through_groups.objects.bulk_create(
        through_groups(action=a, targetgroup=g) for a in saved for g in rng.sample(groups, 1)
    )
    return strategy


def timing_coverage(plan_dir) -> list[dict]:
    """Every action of every plan file in `plan_dir`: its timing and the schedule it gets.

    A plan file's own `schedule` counts as structured; otherwise the `when` text is parsed with
    the bounds the årshjul uses (the period, else the year the plan was adopted or revised)."""
    from pathlib import Path

    from kommplan.lib.timing import Kind, parse_timing
    from kommplan.planfiles.reader import read_plan
    from kommplan.strategies.models import Strategy

    from .selectors import strategy_period

    rows = []
    for path in sorted(Path(plan_dir).glob("*.yaml")):
        plan = read_plan(path.read_bytes())
        info = plan.strategy
        period = strategy_period(
            Strategy(
                period_start=info.period.start if info.period else None,
                period_end=info.period.end if info.period else None,
                adopted_date=(info.adopted.date or "") if info.adopted else "",
                revision=info.revision or "",
            )
        )
        for action in plan.actions:
            parsed = parse_timing(
                action.when,
                period_start=period.start,
                period_end=period.end,
                reference_year=period.reference_year,
            )
            stored = action.schedule is not None
            rows.append(
                {
                    "plan": path.stem,
                    "id": action.id,
                    "title": action.title,
                    "when": action.when or "",
                    "stored": stored,
                    "parsed": parsed,
                    "structured": stored or parsed.kind != Kind.UNPARSED,
                }
            )
    return rows


def coverage_markdown(rows: list[dict]) -> str:
    """The coverage as the Markdown section of docs/benchmarks.md."""
    from collections import Counter

    from kommplan.lib.timing import Kind

    structured = [r for r in rows if r["structured"]]
    with_text = [r for r in rows if r["when"]]
    kinds = Counter(r["parsed"].kind.value for r in with_text if r["parsed"].is_structured)
    lines = [
        f"{len(structured)} of the {len(rows)} actions in `demo/plans/*.yaml` get a structured "
        f"schedule. {len(with_text)} actions have a timing text; "
        f"{sum(1 for r in with_text if r['parsed'].is_structured)} of those texts parse "
        f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), and "
        f"{sum(1 for r in rows if r['stored'])} also carry a schedule in the plan file, which "
        "the parser reproduces. The other "
        f"{len(rows) - len(structured)} have no schedule:",
        "",
        "| plan | action | timing as written | why not |",
        "| --- | --- | --- | --- |",
    ]
    without_text: dict[str, list[str]] = {}
    for r in rows:
        if r["structured"]:
            continue
        if not r["when"]:
            without_text.setdefault(r["plan"], []).append(r["id"] or "?")
            continue
        lines.append(f"| {r['plan']} | {r['id']} | {r['when']} | {r['parsed'].reason} |")
    for plan, ids in without_text.items():
        lines.append(
            f"| {plan} | {len(ids)} actions ({', '.join(ids)}) | (none) | "
            "the plan gives no time for them |"
        )
    review = [r for r in with_text if r["parsed"].is_structured and r["parsed"].review]
    if review:
        lines += ["", "Parsed, but flagged for a person to check:", ""]
        lines += [f"- {r['plan']} {r['id']}: «{r['when']}» – {r['parsed'].note}" for r in review]
    lines += ["", "Every timing text and what it became:", ""]
    lines += [
        "| plan | action | timing | kind | schedule | note |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in with_text:
        p = r["parsed"]
        if p.kind == Kind.DATE:
            what = ", ".join(d.isoformat() for d in p.dates)
        elif p.kind == Kind.RRULE:
            what = f"`{p.rrule}` {p.start or '…'}–{p.end or '…'}"
        elif p.kind == Kind.UNPARSED:
            what = "–"
        else:
            what = f"{p.start or '…'}–{p.end or '…'}"
        lines.append(
            f"| {r['plan']} | {r['id']} | {r['when']} | {p.kind.value} | {what} | {p.note} |"
        )
    return "\n".join(lines)


def _time(label: str, fn, repeat: int) -> float:
    fn()  # warm up: imports, caches of holidays and fonts
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    median = statistics.median(runs)
    print(f"{label:<58} median {median:7.1f} ms  (min {min(runs):.1f}, max {max(runs):.1f})")
    return median


def main(argv: list[str]) -> None:
    if len(argv) > 1 and argv[1] == "coverage":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")
        import django

        django.setup()
        from django.conf import settings

        print(coverage_markdown(timing_coverage(settings.DEMO_PLANS_DIR)))
        return
    n = int(argv[1]) if len(argv) > 1 else 500
    folder = tempfile.mkdtemp(prefix="kommplan-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from kommplan.organisations.access import Access
    from kommplan.organisations.models import Membership

    from .presenters import build_wheel
    from .selectors import RingBy, plan_actions, year_plan
    from .wheel import render_svg
    from .wheel_image import render_image

    call_command("migrate", verbosity=0)
    setup_test_environment()
    strategy = generate_plan(n)
    access = Access(organisation=strategy.organisation, role="leser")
    window = (date(2024, 1, 1), date(2024, 12, 31))
    plan = year_plan(
        strategy=strategy,
        actions=plan_actions(strategy, access),
        window_start=window[0],
        window_end=window[1],
    )
    wheel = build_wheel(
        plan, year=2024, ring_by=RingBy.GOAL, title="Benchmark", today=date(2024, 6, 1)
    )
    print(
        f"{n} actions, {len(plan.scheduled)} with something in 2024, "
        f"{sum(len(i.occurrences) for i in plan.scheduled)} occurrences, "
        f"{len(wheel.marks)} marks in {len(wheel.rings)} rings"
    )

    def page_work() -> str:
        fresh = year_plan(
            strategy=strategy,
            actions=plan_actions(strategy, access),
            window_start=window[0],
            window_end=window[1],
        )
        built = build_wheel(
            fresh, year=2024, ring_by=RingBy.GOAL, title="Benchmark", today=date(2024, 6, 1)
        )
        return render_svg(built)

    _time("read + expand + lay out + draw SVG (what the page does)", page_work, 15)
    _time("draw SVG only (layout + markup)", lambda: render_svg(wheel), 15)
    _time("PNG export (matplotlib, 120 dpi)", lambda: render_image(wheel, "png"), 5)
    _time("PDF export (matplotlib)", lambda: render_image(wheel, "pdf"), 5)
    user = User.objects.create_user("bench")
    Membership.objects.create(user=user, organisation=strategy.organisation, role="leser")
    client = Client()
    client.force_login(user)
    url = reverse("yearwheel:wheel", args=[strategy.organisation.slug, strategy.pk]) + "?ar=2024"

    def whole_page():
        # Production settings redirect plain http to https: ask over https, and make sure the
        # page itself was timed, not a redirect.
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code
        return response

    _time("whole page through the test client (SVG + table + HTML)", whole_page, 10)


if __name__ == "__main__":
    main(sys.argv)
