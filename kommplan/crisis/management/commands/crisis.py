"""`kommplan crisis drill|status|end --org NAME`: varslingsøvelse and status from the terminal.

A drill is sent from this process too (each message is claimed first, so a running Huey
consumer and this command never send the same message twice); --wait keeps sending retries and
escalations and waits for acknowledgements for that many seconds.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from kommplan.crisis import selectors, services
from kommplan.crisis.models import Crisis, Severity
from kommplan.yearwheel.management.commands._common import find_organisation


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Krisevarsling: start en varslingsøvelse, vis status eller avslutt."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        drill = sub.add_parser("drill", help="Start en varslingsøvelse og vis hvem som ble nådd.")
        drill.add_argument("--org", required=True, help="Organisasjonens navn eller kortnavn.")
        drill.add_argument(
            "--wait",
            type=int,
            default=0,
            help="Sekunder å vente på levering og bekreftelser (standard 0).",
        )
        drill.add_argument("--title", default="Varslingsøvelse", help="Øvelsens tittel.")
        status = sub.add_parser("status", help="Vis status for pågående krise eller øvelse.")
        status.add_argument("--org", required=True, help="Organisasjonens navn eller kortnavn.")
        end = sub.add_parser("end", help="Avslutt pågående øvelse (eller krise med --crisis).")
        end.add_argument("--org", required=True, help="Organisasjonens navn eller kortnavn.")
        end.add_argument("--crisis", action="store_true", help="Avslutt krisen, ikke øvelsen.")

    def handle(self, *args, action: str, org: str, **options) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        organisation = find_organisation(org)
        if action == "drill":
            self._drill(organisation, options["title"], options["wait"])
        elif action == "status":
            running = selectors.active_crises(organisation)
            if not running:
                last = selectors.crises_for(organisation).first()
                if last is None:
                    self.stdout.write(f"{organisation.name} har ingen kriser eller øvelser.")
                    return
                running = [last]
            for crisis in running:
                self._print_status(crisis)
        else:
            crisis = Crisis.objects.filter(
                organisation=organisation, is_drill=not options["crisis"], state="active"
            ).first()
            if crisis is None:
                raise CommandError(f"{organisation.name} har ingen pågående slik krise/øvelse.")
            services.end_crisis(crisis=crisis, actor=None)
            self.stdout.write(f"Avsluttet: {crisis.title}")

    def _drill(self, organisation, title: str, wait: int) -> None:
        if wait < 0:
            raise CommandError("--wait må være 0 eller mer.")
        try:
            crisis = services.start_crisis(
                organisation=organisation,
                title=title,
                description="Varslingsøvelse startet fra kommandolinjen.",
                severity=Severity.MEDIUM,
                actor=None,
                is_drill=True,
            )
        except ValidationError as exc:
            raise CommandError(_errors(exc)) from None
        self.stdout.write(f"Varslingsøvelse startet i {organisation.name}: {crisis.title}")
        deadline = time.monotonic() + wait
        while True:
            services.send_pending()
            services.escalate_due()
            status = selectors.crisis_status(crisis=crisis, access=None)
            everyone = status.recipients and status.acknowledged == status.recipients
            if everyone or time.monotonic() >= deadline:
                break
            time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
        self._print_status(crisis)
        self.stdout.write(
            f"Øvelsen pågår til den avsluttes: kommplan crisis end --org {organisation.slug}"
        )

    def _print_status(self, crisis: Crisis) -> None:
        crisis.refresh_from_db()
        status = selectors.crisis_status(crisis=crisis, access=None)
        kind = "Øvelse" if crisis.is_drill else "Krise"
        state = crisis.get_state_display().lower()
        local = timezone.localtime(crisis.started_at)
        self.stdout.write(f"{kind}: {crisis.title} ({state}, startet {local:%d.%m.%Y %H:%M})")
        for row in status.rows:
            who = f"{row.role_name}{' (stedfortreder)' if row.is_deputy else ''}: {row.name}"
            messages = (
                ", ".join(
                    f"{d.get_channel_display()} runde {d.round} {d.get_state_display().lower()}"
                    for d in row.deliveries
                )
                or "ingen kontaktinformasjon"
            )
            ack = (
                f"bekreftet {timezone.localtime(row.acknowledged_at):%H:%M:%S}"
                if row.acknowledged_at
                else "ikke bekreftet"
            )
            self.stdout.write(f"  {who} – {messages} – {ack}")
        self.stdout.write(
            f"Nådd: {status.reached} av {status.recipients}. "
            f"Bekreftet: {status.acknowledged} av {status.recipients}."
        )
