"""What the export and report commands share: finding the organisation and its strategy."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError

from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Strategy


def find_organisation(name: str) -> Organisation:
    found = (
        Organisation.objects.filter(name__iexact=name).first()
        or Organisation.objects.filter(slug=name).first()
    )
    if found is not None:
        return found
    known = list(Organisation.objects.values_list("name", "slug"))
    close = difflib.get_close_matches(
        name.lower(), [n.lower() for n, _s in known] + [s for _n, s in known], n=3, cutoff=0.5
    )
    names = sorted({n for n, s in known if n.lower() in close or s in close})
    hint = f" Mente du {', '.join(f'«{n}»' for n in names)}?" if names else ""
    raise CommandError(f"Fant ingen organisasjon som heter «{name}».{hint}")


def find_strategy(organisation: Organisation, strategy_id: int | None) -> Strategy:
    """The given strategy, or else the organisation's newest (by period, then creation)."""
    strategies = organisation.strategies.select_related("organisation")
    if strategy_id is not None:
        chosen = strategies.filter(pk=strategy_id).first()
        if chosen is None:
            listing = ", ".join(f"{s.pk} ({s.title})" for s in strategies) or "ingen"
            raise CommandError(
                f"{organisation.name} har ingen strategi med id {strategy_id}. Strategiene: "
                f"{listing}."
            )
        return chosen
    newest = strategies.order_by("-period_start", "-created_at", "-pk").first()
    if newest is None:
        raise CommandError(f"{organisation.name} har ingen strategi ennå.")
    return newest


def parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} {value!r} er ikke en dato; "
            "skriv den som ÅÅÅÅ-MM-DD, for eksempel 2026-06-30."
        ) from None


def write_output(path: Path, content: bytes) -> None:
    if path.parent and not path.parent.is_dir():
        raise CommandError(f"Mappen {path.parent} finnes ikke; filen {path} ble ikke skrevet.")
    try:
        # Written whole to a temporary name first, so a failed write leaves no half file.
        partial = path.with_name(path.name + ".delvis")
        partial.write_bytes(content)
        partial.replace(path)
    except OSError as error:
        raise CommandError(f"Kunne ikke skrive {path}: {error.strerror or error}.") from None
