from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kommplan.reminders.services import send_due_reminders, send_weekly_digest


class Command(BaseCommand):
    help = "Send påminnelser og ukentlige oppsummeringer som er til forfall (hver bare én gang)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Dagen å sende for, ÅÅÅÅ-MM-DD (ellers i dag).")

    def handle(self, *args, date: str | None = None, **options) -> None:
        today = _parse(date) if date else timezone.localdate()
        reminders = send_due_reminders(today)
        digests = send_weekly_digest(today)
        self.stdout.write(
            f"{today.isoformat()}: {reminders.sent} påminnelser og {digests.sent} oppsummeringer "
            f"sendt, {reminders.skipped + digests.skipped} allerede sendt, "
            f"{reminders.failed + digests.failed} feilet."
        )
        if reminders.failed or digests.failed:
            raise CommandError(
                "Noen e-poster kunne ikke sendes; de prøves igjen ved neste kjøring."
            )


def _parse(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date må være ÅÅÅÅ-MM-DD, ikke «{value}».") from None
