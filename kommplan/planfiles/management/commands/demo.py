from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from kommplan.accounts.services import DEMO_PASSWORD, ensure_demo_users
from kommplan.crisis.demo import ensure_demo_notification_lists
from kommplan.planfiles.services import load_demo_plans


class Command(BaseCommand):
    help = "Migrer databasen, last inn demoplanene og start serveren."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Bare migrer og last inn.")

    def handle(self, *args, addrport: str, no_serve: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        for line in load_demo_plans(settings.DEMO_PLANS_DIR):
            self.stdout.write(line)
        for line in ensure_demo_users():
            self.stdout.write(line)
        for line in ensure_demo_notification_lists():
            self.stdout.write(line)
        self.stdout.write(f"Demobrukerne har passordet «{DEMO_PASSWORD}» (se README).")
        if not no_serve:
            call_command("serve", addrport)
