"""What the load test (scripts/locustfile.py) asks for, taken from the seeded national data set.

    python -m kommplan.national.loadtest prepare OUT.json [--orgs 40]
    python -m kommplan.national.loadtest cleanup
    python -m kommplan.national.loadtest summarise PREFIX_stats.csv --label L --users N --out J
    python -m kommplan.national.loadtest write-docs RESULT.json...

`prepare` picks organisations spread over the set and writes, for each, the slugs, the adopted
strategy, an action, the bidragsyter's own actions and a read API token (made here, removed by
`cleanup`). `write-docs` puts locust's results into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

TOKEN_NAME = "loadtest"


def prepare(out: str, orgs: int) -> None:
    from django.contrib.auth.models import User

    from kommplan.apitokens.models import ApiToken, TokenScope, hash_token
    from kommplan.national.organisations import national_organisations
    from kommplan.national.seeding import PASSWORD
    from kommplan.organisations.models import Organisation
    from kommplan.strategies.models import Strategy, StrategyStatus

    names = [spec.name for spec in national_organisations()]
    organisations = list(Organisation.objects.filter(name__in=names).order_by("pk"))
    if not organisations:
        sys.exit("error: no national data in this database; run `kommplan seed-national` first")
    step = max(1, len(organisations) // orgs)
    chosen = organisations[::step][:orgs]
    editors = {
        user.username: user
        for user in User.objects.filter(username__in=[f"{o.slug}-redaktor" for o in chosen])
    }
    targets = []
    for i, organisation in enumerate(chosen):
        strategy = Strategy.objects.get(organisation=organisation, status=StrategyStatus.VEDTATT)
        contributor = f"{organisation.slug}-bidragsyter"
        own = list(
            strategy.actions.filter(responsible_user__username=contributor).values_list(
                "pk", flat=True
            )
        )
        editor = editors[f"{organisation.slug}-redaktor"]
        value = f"load-{organisation.pk}-{i}-{time.time_ns()}"
        ApiToken.objects.create(
            owner=editor,
            organisation=organisation,
            name=TOKEN_NAME,
            scope=TokenScope.READ,
            token_hash=hash_token(value),
            prefix=value[:8],
        )
        targets.append(
            {
                "slug": organisation.slug,
                "strategy": strategy.pk,
                "published": strategy.published,
                "actions": list(strategy.actions.values_list("pk", flat=True)[:150:10]),
                "own_actions": own,
                "editor": f"{organisation.slug}-redaktor",
                "contributor": contributor,
                "token": value,
            }
        )
    Path(out).write_text(
        json.dumps({"password": PASSWORD, "targets": targets}, indent=1), encoding="utf-8"
    )
    print(f"wrote {len(targets)} targets to {out}")


def cleanup() -> None:
    from kommplan.apitokens.models import ApiToken

    ApiToken.objects.filter(name=TOKEN_NAME).delete()


def summarise(stats_csv: str, label: str, users: int, out: str) -> None:
    """locust's --csv …_stats.csv as the JSON write-docs reads."""
    import csv

    def row(r: dict) -> dict:
        return {
            "name": f"{r['Type']} {r['Name']}".strip(),
            "requests": int(r["Request Count"]),
            "failures": int(r["Failure Count"]),
            "rps": float(r["Requests/s"]),
            "p50": float(r["50%"] or 0),
            "p95": float(r["95%"] or 0),
            "p99": float(r["99%"] or 0),
        }

    with open(stats_csv, encoding="utf-8") as f:
        rows = [row(r) for r in csv.DictReader(f)]
    total = next(r for r in rows if r["name"].endswith("Aggregated"))
    rows = [r for r in rows if r is not total]
    Path(out).write_text(
        json.dumps({"label": label, "users": users, "total": total, "rows": rows}, indent=1),
        encoding="utf-8",
    )
    print(
        f"{label}: {total['requests']} requests, {total['rps']:.1f}/s, p50 {total['p50']:.0f} ms, "
        f"p95 {total['p95']:.0f} ms, p99 {total['p99']:.0f} ms, {total['failures']} errors"
    )


START, END = "<!-- loadtest:start -->", "<!-- loadtest:end -->"


def write_docs(paths: list[str], doc: str = "docs/benchmarks.md") -> None:
    lines = [
        START,
        "",
        "| run | users | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for path in paths:
        run = json.loads(Path(path).read_text(encoding="utf-8"))
        total = run["total"]
        lines.append(
            f"| {run['label']} | {run['users']} | {total['requests']} | {total['rps']:.1f} | "
            f"{total['p50']:.0f} | {total['p95']:.0f} | {total['p99']:.0f} | {total['failures']} |"
        )
    lines += ["", "Per request type (last run above):", ""]
    lines += [
        "| request | count | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in run["rows"]:
        lines.append(
            f"| {row['name']} | {row['requests']} | {row['p50']:.0f} | {row['p95']:.0f} | "
            f"{row['p99']:.0f} | {row['failures']} |"
        )
    lines += ["", END]
    text = Path(doc).read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"error: {doc} has no {START} … {END} block to fill")
    before, rest = text.split(START, 1)
    Path(doc).write_text(before + "\n".join(lines) + rest.split(END, 1)[1], encoding="utf-8")
    print(f"wrote {doc}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("out")
    p.add_argument("--orgs", type=int, default=40)
    sub.add_parser("cleanup")
    w = sub.add_parser("write-docs")
    w.add_argument("results", nargs="+")
    s = sub.add_parser("summarise")
    s.add_argument("stats_csv")
    s.add_argument("--label", required=True)
    s.add_argument("--users", type=int, required=True)
    s.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command == "write-docs":
        write_docs(args.results)
        return 0
    if args.command == "summarise":
        summarise(args.stats_csv, args.label, args.users, args.out)
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")
    import django

    django.setup()
    if args.command == "prepare":
        prepare(args.out, args.orgs)
    else:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
