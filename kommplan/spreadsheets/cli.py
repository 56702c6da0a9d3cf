"""`kommplan load FILE.xlsx --org SLUG [--strategy ID] [--replace]`: the spreadsheet branch."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Strategy

from .reader import SpreadsheetError, looks_like_spreadsheet
from .services import import_action_plan

__all__ = ["SpreadsheetError", "is_spreadsheet", "load_spreadsheets"]


def is_spreadsheet(content: bytes) -> bool:
    """True for what must go to the spreadsheet importer: a ZIP or an old binary Office file."""
    return looks_like_spreadsheet(content)


def find_strategy(*, org: str | None, strategy_id: int | None, source: str) -> Strategy:
    if not org:
        raise SpreadsheetError(
            [
                f"{source}: et regneark er en tiltaksplan; si hvilken organisasjon den hører til "
                "med --org KORTNAVN"
            ]
        )
    organisation = Organisation.objects.filter(Q(slug=org) | Q(name=org)).first()
    if organisation is None:
        raise SpreadsheetError([f"{source}: fant ingen organisasjon med kortnavnet «{org}»"])
    strategies = list(organisation.strategies.order_by("pk"))
    if strategy_id is not None:
        strategies = [s for s in strategies if s.pk == strategy_id]
        if not strategies:
            raise SpreadsheetError(
                [f"{source}: {organisation.name} har ingen strategi med id {strategy_id}"]
            )
    if not strategies:
        raise SpreadsheetError([f"{source}: {organisation.name} har ingen strategi"])
    if len(strategies) > 1:
        listing = "; ".join(f"--strategy {s.pk}: {s.title}" for s in strategies)
        raise SpreadsheetError(
            [f"{source}: {organisation.name} har {len(strategies)} strategier; velg én ({listing})"]
        )
    # Fetched on its own: the import reads its parts several times (one file after another).
    return Strategy.objects.select_related("organisation").get(pk=strategies[0].pk)


def load_spreadsheets(
    files: list[tuple[str, bytes]], *, org: str | None, strategy_id: int | None, replace: bool
) -> list[str]:
    """Import each action plan (source, content) into the chosen strategy; a line for each.

    All or nothing: SpreadsheetError lists every problem of every file. The command line has
    no user, so the audit log records these changes without an actor.
    """
    strategy = find_strategy(org=org, strategy_id=strategy_id, source=files[0][0])
    lines: list[str] = []
    problems: list[str] = []
    with transaction.atomic():
        for source, content in files:
            try:
                result = import_action_plan(
                    strategy=strategy, data=content, filename=source, actor=None, replace=replace
                )
            except SpreadsheetError as error:
                problems.extend(error.problems)
                continue
            line = (
                f"Lastet {source} inn i {strategy.organisation.name} – {strategy.title}: "
                f"{len(result.created)} nye, {len(result.updated)} endret, "
                f"{result.unchanged} uendret"
            )
            if replace:
                line += f", {len(result.deleted)} slettet"
            lines.append(line)
        if problems:
            raise SpreadsheetError(problems)
    return lines
