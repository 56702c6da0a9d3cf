from __future__ import annotations

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from kommplan.yearwheel.presenters import build_wheel
from kommplan.yearwheel.selectors import RingBy, plan_actions, strategy_period, year_plan
from kommplan.yearwheel.views import default_year
from kommplan.yearwheel.wheel import render_svg
from kommplan.yearwheel.wheel_image import render_image

from ._common import find_organisation, find_strategy


class Command(BaseCommand):
    help = "Tegn årshjulet for en strategi som SVG, PNG eller PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="Organisasjonens navn eller kortnavn.")
        parser.add_argument("--strategy", type=int, help="Strategiens id (når det finnes flere).")
        parser.add_argument("--format", choices=["svg", "png", "pdf"], required=True)
        parser.add_argument("-o", "--output", type=Path, required=True, help="Fil å skrive til.")
        parser.add_argument("--year", type=int, help="Året (ellers i år, innenfor planperioden).")
        parser.add_argument(
            "--ring",
            choices=[choice.value for choice in RingBy],
            default=RingBy.GOAL.value,
            help="Én ring per mål (mal), kanal (kanal) eller målgruppe (malgruppe).",
        )

    def handle(self, *args, org: str, strategy: int | None, format: str, output: Path, **options):
        translation.activate(settings.LANGUAGE_CODE)
        organisation = find_organisation(org)
        chosen = find_strategy(organisation, strategy)
        today = timezone.localdate()
        year = options["year"] or default_year(strategy_period(chosen), today)
        ring_by = RingBy(options["ring"])
        plan = year_plan(
            strategy=chosen,
            # The rings' channels or target groups come with the actions, not one query each.
            actions=plan_actions(chosen, None, ring_by=ring_by),
            window_start=date(year, 1, 1),
            window_end=date(year, 12, 31),
            url_for=lambda action: "",
        )
        title = translation.gettext("Årshjul %(year)s – %(strategy)s") % {
            "year": year,
            "strategy": chosen.title,
        }
        wheel = build_wheel(plan, year=year, ring_by=ring_by, title=title, today=today, links=False)
        if format == "svg":
            output.write_text(
                '<?xml version="1.0" encoding="utf-8"?>\n' + render_svg(wheel, interactive=False),
                encoding="utf-8",
            )
        else:
            output.write_bytes(render_image(wheel, format))
        self.stderr.write(
            f"Skrev {output}: {len(plan.scheduled)} tiltak i {year}, "
            f"{len(plan.unscheduled)} uten tidspunkt."
        )
