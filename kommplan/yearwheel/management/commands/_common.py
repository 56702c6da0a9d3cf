"""What the årshjul and ical commands share: finding the organisation and its strategy."""

from __future__ import annotations

from django.core.management.base import CommandError

from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Strategy


def find_organisation(name: str) -> Organisation:
    organisation = (
        Organisation.objects.filter(name=name).first()
        or Organisation.objects.filter(slug=name).first()
    )
    if organisation is None:
        raise CommandError(f"Fant ingen organisasjon som heter «{name}».")
    return organisation


def find_strategy(organisation: Organisation, strategy_id: int | None) -> Strategy:
    strategies = organisation.strategies.select_related("organisation")
    if strategy_id is not None:
        strategies = strategies.filter(pk=strategy_id)
    chosen = list(strategies)
    if not chosen:
        raise CommandError(f"{organisation.name} har ingen slik strategi.")
    if len(chosen) > 1:
        listing = "\n".join(f"  --strategy {s.pk}: {s.title} {s.period_label}" for s in chosen)
        raise CommandError(f"{organisation.name} har {len(chosen)} strategier; velg én:\n{listing}")
    return chosen[0]
