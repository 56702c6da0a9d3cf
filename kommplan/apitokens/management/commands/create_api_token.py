"""`kommplan create-api-token <user> <org> --scope read|write`: prints the secret once."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from kommplan.apitokens.models import TokenScope
from kommplan.apitokens.services import create_token
from kommplan.organisations.models import Organisation


class Command(BaseCommand):
    help = "Lager en personlig API-nøkkel og viser den én gang."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("organisation", help="organisasjonens kortnavn (slug)")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument("--name", default="API-nøkkel")

    def handle(self, *args, username: str, organisation: str, scope: str, name: str, **options):
        try:
            owner = User.objects.get(username=username)
            org = Organisation.objects.get(slug=organisation)
        except (User.DoesNotExist, Organisation.DoesNotExist) as exc:
            raise CommandError(str(exc)) from None
        token, value = create_token(owner=owner, organisation=org, name=name, scope=scope)
        self.stderr.write(f"Nøkkel {token} laget. Den vises bare denne ene gangen:")
        self.stdout.write(value)
