from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from kommplan.actions.models import Action
from kommplan.yearwheel.ical import build_calendar

from ._common import find_organisation, find_strategy


class Command(BaseCommand):
    help = "Skriv tiltakene til en organisasjon som en iCalendar-fil (.ics)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", required=True, help="Organisasjonens navn eller kortnavn.")
        parser.add_argument("--strategy", type=int, help="Bare denne strategien (id).")
        parser.add_argument("-o", "--output", type=Path, required=True, help="Fil å skrive til.")

    def handle(self, *args, org: str, strategy: int | None, output: Path, **options):
        translation.activate(settings.LANGUAGE_CODE)
        organisation = find_organisation(org)
        actions = Action.objects.filter(strategy__organisation=organisation)
        name = organisation.name
        if strategy is not None:
            chosen = find_strategy(organisation, strategy)
            actions = actions.filter(strategy=chosen)
            name = f"{organisation.name}: {chosen.title}"
        actions = actions.select_related(
            "strategy__organisation", "goal", "approach__goal", "schedule_options"
        ).order_by("strategy", "position", "pk")
        body = build_calendar(actions, name=name)
        output.write_bytes(body)
        self.stderr.write(f"Skrev {output}: {body.count(b'BEGIN:VEVENT')} hendelser.")
