"""Latency and queries per request of the main pages and API routes on the national data set.

Usage (against the database in DATABASE_URL, seeded with `kommplan seed-national`):

    python -m kommplan.national.benchmark [--seed S] [--requests 60] [--orgs 20] [--json FILE]
    python -m kommplan.national.benchmark --write-docs FILE.json...

--seed S first migrates and seeds the (empty) database at scale S, timing it and measuring the
database's size. --write-docs puts the results of earlier runs into docs/benchmarks.md.

In-process through Django's test client, warm: each route is first fetched once per sampled
organisation (that pass also counts the queries), then `--requests` timed requests go round the
sampled organisations. Reports p50/p95/max and the queries per request (lowest–highest over the
organisations: a spread means the count depends on the data).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass


@dataclass
class RouteResult:
    name: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    # This process's CPU time: what the request costs here, less sensitive to a busy machine
    # than the wall clock (PostgreSQL's own work is in its server, so not counted).
    cpu_p50_ms: float
    cpu_p95_ms: float
    queries_min: int
    queries_max: int


@dataclass
class Target:
    """One sampled organisation: who asks, and about what."""

    slug: str
    strategy_id: int
    published_strategy_id: int | None
    action_id: int
    goal_id: int | None
    editor: object
    contributor: object
    token: str


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _targets(count: int) -> list[Target]:
    from django.contrib.auth.models import User

    from kommplan.apitokens.models import ApiToken, TokenScope, hash_token
    from kommplan.national.organisations import national_organisations
    from kommplan.organisations.models import Organisation
    from kommplan.strategies.models import Strategy, StrategyStatus

    names = [spec.name for spec in national_organisations()]
    organisations = list(Organisation.objects.filter(name__in=names).order_by("pk"))
    if not organisations:
        sys.exit("error: no national data in this database; run `kommplan seed-national` first")
    step = max(1, len(organisations) // count)
    targets = []
    for i, organisation in enumerate(organisations[::step][:count]):
        strategy = Strategy.objects.get(organisation=organisation, status=StrategyStatus.VEDTATT)
        published = strategy.pk if strategy.published else None
        editor = User.objects.get(username=f"{organisation.slug}-redaktor")
        contributor = User.objects.get(username=f"{organisation.slug}-bidragsyter")
        value = f"bench-{organisation.pk}-{i}-{time.time_ns()}"
        ApiToken.objects.create(
            owner=editor,
            organisation=organisation,
            name="benchmark",
            scope=TokenScope.READ,
            token_hash=hash_token(value),
            prefix=value[:8],
        )
        action = strategy.actions.order_by("position").first()
        targets.append(
            Target(
                slug=organisation.slug,
                strategy_id=strategy.pk,
                published_strategy_id=published,
                action_id=action.pk,
                goal_id=strategy.goals.order_by("position").values_list("pk", flat=True).first(),
                editor=editor,
                contributor=contributor,
                token=value,
            )
        )
    return targets


def _routes() -> list[tuple[str, str, callable]]:
    """(name, who, build(target) -> (path, extra headers)) for every measured route."""
    from django.urls import Resolver404, resolve, reverse

    def url(name, t, **kwargs):
        return reverse(name, kwargs={"org_slug": t.slug, **kwargs})

    routes = [
        (
            "tiltaksplan, filtrert (status + mål, sortert)",
            "editor",
            lambda t: (
                url("actions:plan", t, pk=t.strategy_id)
                + f"?status=pagar&goal={t.goal_id or ''}&sort=title",
                {},
            ),
        ),
        (
            "tiltaksplan, side 3",
            "editor",
            lambda t: (url("actions:plan", t, pk=t.strategy_id) + "?page=3", {}),
        ),
        ("tiltak", "editor", lambda t: (url("actions:detail", t, pk=t.action_id), {})),
        (
            "oversikt (dashboard)",
            "editor",
            lambda t: (url("followup:dashboard", t, pk=t.strategy_id), {}),
        ),
        ("mine tiltak", "contributor", lambda t: (reverse("actions:mine"), {})),
        ("årshjul", "editor", lambda t: (url("yearwheel:wheel", t, pk=t.strategy_id), {})),
        (
            "API: tiltak i strategi (side 1)",
            "token",
            lambda t: (f"/api/strategies/{t.strategy_id}/actions", {}),
        ),
        ("API: ett tiltak", "token", lambda t: (f"/api/actions/{t.action_id}", {})),
    ]
    try:
        resolve("/apen/x/strategi/1/")
        routes.append(
            (
                "åpen side (uten innlogging)",
                "anonymous",
                lambda t: (f"/apen/{t.slug}/strategi/{t.published_strategy_id}/", {}),
            )
        )
    except Resolver404:
        pass
    return routes


def run(requests: int, orgs: int) -> tuple[list[RouteResult], dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kommplan.actions.models import Action, StatusUpdate
    from kommplan.apitokens.models import ApiToken
    from kommplan.organisations.models import Organisation

    targets = _targets(orgs)
    clients: dict[tuple[str, str], Client] = {}
    for t in targets:
        for who in ("editor", "contributor"):
            client = Client()
            client.force_login(getattr(t, who))
            clients[(t.slug, who)] = client
        clients[(t.slug, "token")] = Client(HTTP_AUTHORIZATION=f"Bearer {t.token}")
        clients[(t.slug, "anonymous")] = Client()

    results = []
    try:
        for name, who, build in _routes():
            counts = []
            for t in targets:  # warm-up pass, counting queries
                path, headers = build(t)
                with CaptureQueriesContext(connection) as captured:
                    response = clients[(t.slug, who)].get(path, secure=True, **headers)
                if response.status_code != 200:
                    raise SystemExit(f"error: {name}: {path} answered {response.status_code}")
                counts.append(len(captured.captured_queries))
            timings, cpu = [], []
            for i in range(requests):
                t = targets[i % len(targets)]
                path, headers = build(t)
                started, started_cpu = time.perf_counter(), time.process_time()
                response = clients[(t.slug, who)].get(path, secure=True, **headers)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            results.append(
                RouteResult(
                    name=name,
                    requests=requests,
                    p50_ms=round(statistics.median(timings), 1),
                    p95_ms=round(_percentile(timings, 0.95), 1),
                    max_ms=round(max(timings), 1),
                    cpu_p50_ms=round(statistics.median(cpu), 1),
                    cpu_p95_ms=round(_percentile(cpu, 0.95), 1),
                    queries_min=min(counts),
                    queries_max=max(counts),
                )
            )
            print(_row(results[-1]), flush=True)
    finally:
        ApiToken.objects.filter(name="benchmark").delete()
    info = {
        "database": connection.vendor,
        "organisations": Organisation.objects.count(),
        "actions": Action.objects.count(),
        "status_updates": StatusUpdate.objects.count(),
        "sampled_organisations": len(targets),
    }
    return results, info


def _row(r: RouteResult) -> str:
    queries = (
        str(r.queries_min) if r.queries_min == r.queries_max else f"{r.queries_min}–{r.queries_max}"
    )
    return (
        f"| {r.name} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.max_ms:.1f} | "
        f"{r.cpu_p50_ms:.1f} | {r.cpu_p95_ms:.1f} | {queries} |"
    )


def seed(scale: float) -> dict:
    """Migrate and seed; how long seeding took and how big the database became."""
    from django.core.management import call_command
    from django.db import connection

    from kommplan.national.seeding import seed_national

    call_command("migrate", verbosity=0)
    result = seed_national(scale=scale)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = os.path.getsize(connection.settings_dict["NAME"])
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    print(
        f"seeded scale {scale}: {result.actions} actions, {result.updates} status updates "
        f"in {result.seconds:.0f} s; database {size / 2**20:.0f} MiB",
        flush=True,
    )
    return {"scale": scale, "seed_seconds": round(result.seconds), "db_mib": round(size / 2**20)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=float, metavar="S", help="migrate and seed at scale S first")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per route (≥ 1)")
    parser.add_argument("--orgs", type=int, default=20, help="organisations to spread them over")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--write-docs", nargs="+", metavar="JSON", help="results into the docs")
    args = parser.parse_args(argv)
    if args.write_docs:
        write_docs(args.write_docs)
        return 0
    if args.requests < 1 or args.orgs < 1:
        parser.error("--requests and --orgs must be at least 1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")
    import django

    django.setup()
    seeded = seed(args.seed) if args.seed else {}
    print("| route | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms | queries |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    results, info = run(args.requests, args.orgs)
    info.update(seeded)
    print(
        f"{info['database']}: {info['organisations']} organisations, {info['actions']} actions, "
        f"{info['status_updates']} status updates; {info['sampled_organisations']} sampled"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"info": info, "routes": [asdict(r) for r in results]}, out, indent=1)
    return 0


START, END = "<!-- bench-national:start -->", "<!-- bench-national:end -->"


def write_docs(paths: list[str], doc: str = "docs/benchmarks.md") -> None:
    """Replace the generated part of "Nasjonal skala" with these runs, side by side."""
    from pathlib import Path

    runs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    heads = [f"{r['info']['database']} {r['info'].get('scale', '?')}" for r in runs]
    lines = [
        START,
        "",
        "| | " + " | ".join(heads) + " |",
        "| --- |" + " --- |" * len(runs),
        "| organisations / actions / status updates | "
        + " | ".join(
            f"{r['info']['organisations']:,} / {r['info']['actions']:,} / "
            f"{r['info']['status_updates']:,}".replace(",", " ")
            for r in runs
        )
        + " |",
        "| seeding time | "
        + " | ".join(f"{r['info'].get('seed_seconds', '–')} s" for r in runs)
        + " |",
        "| database size | "
        + " | ".join(f"{r['info'].get('db_mib', '–')} MiB" for r in runs)
        + " |",
        "",
        "Wall-clock p50 / p95, then (in brackets) this process's CPU time p50 / p95, in ms; and"
        " queries per request (lowest–highest over the sampled organisations):",
        "",
        "| route | " + " | ".join(heads) + " | queries |",
        "| --- |" + " --- |" * len(runs) + " --- |",
    ]
    names = [route["name"] for route in runs[0]["routes"]]
    for name in names:
        cells, queries = [], set()
        for r in runs:
            route = next((x for x in r["routes"] if x["name"] == name), None)
            if route is None:
                cells.append("–")
                continue
            cells.append(
                f"{route['p50_ms']:.0f} / {route['p95_ms']:.0f} "
                f"({route['cpu_p50_ms']:.0f} / {route['cpu_p95_ms']:.0f})"
            )
            queries.add((route["queries_min"], route["queries_max"]))
        shown = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in sorted(queries))
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {shown} |")
    lines += ["", END]
    text = Path(doc).read_text(encoding="utf-8")
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + "\n".join(lines) + rest.split(END, 1)[1]
    else:
        raise SystemExit(f"error: {doc} has no {START} … {END} block to fill")
    Path(doc).write_text(text, encoding="utf-8")
    print(f"wrote {doc}")


if __name__ == "__main__":
    sys.exit(main())
