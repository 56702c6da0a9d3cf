"""`kommplan openapi-schema > docs/openapi.json`: the API schema as committed."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Skriver OpenAPI-skjemaet for /api/ (lagres som docs/openapi.json)."

    def handle(self, *args, **options) -> None:
        from kommplan.api import schema_json

        self.stdout.write(schema_json(), ending="")
