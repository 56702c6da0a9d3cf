from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from kommplan.planfiles.schema import json_schema


class Command(BaseCommand):
    help = "Skriv JSON Schema for planfiler (versjon 1)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2))
