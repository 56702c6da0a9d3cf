"""Time the strategy document for a 200-action plan: `python -m kommplan.reports.benchmark`.

Builds the plan in a throwaway in-memory SQLite database, then prints a markdown table.
Target: under 2 s each for DOCX and PDF. Prints the best of three runs, wall and CPU time.
"""

from __future__ import annotations

import os
import time

ROUNDS = 3


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kommplan.actions.models import Action
    from kommplan.organisations.models import Organisation
    from kommplan.reports.services import strategy_document
    from kommplan.strategies.models import Goal, Strategy

    org = Organisation.objects.create(name="Benk kommune", slug="benk-kommune")
    strategy = Strategy.objects.create(organisation=org, title="Benkstrategi", period_start=2025)
    goals = [Goal.objects.create(strategy=strategy, ref=f"g{i}", text=f"Mål {i}") for i in range(5)]
    Action.objects.bulk_create(
        Action(
            strategy=strategy,
            ref=f"a{i}",
            position=i,
            title=f"Tiltak nummer {i} for bedre kommunikasjon med innbyggerne",
            goal=goals[i % 5],
            responsible="Kommunikasjonsenheten",
            financing="Innenfor rammen",
            timing="Løpende",
        )
        for i in range(200)
    )
    rows = []
    for fmt in ("docx", "pdf"):
        strategy_document(strategy, fmt=fmt)  # warm up fonts, stylesheet and templates
        best_wall = best_cpu = float("inf")
        for _ in range(ROUNDS):
            started, started_cpu = time.perf_counter(), time.process_time()
            content = strategy_document(strategy, fmt=fmt)
            best_wall = min(best_wall, time.perf_counter() - started)
            best_cpu = min(best_cpu, time.process_time() - started_cpu)
        rows.append((fmt, best_wall, best_cpu, len(content)))
    # Wall time depends on what else the machine runs; CPU time of this process does not, so
    # both are shown, with the load average to judge the wall time by.
    load = os.getloadavg()[0]
    print(f"| document (200 actions, best of {ROUNDS}) | seconds | CPU seconds | bytes | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for fmt, seconds, cpu, size in rows:
        print(f"| strategy {fmt.upper()} | {seconds:.2f} | {cpu:.2f} | {size} | < 2 s |")
    print(f"\nLoad average while measuring: {load:.1f} on {os.cpu_count()} CPUs.")


if __name__ == "__main__":
    main()
