"""Reads for the public pages: only published strategies and only their actions marked public.

Everything a public page, the Atom feed or the public API shows comes through these functions,
so the rule "nothing not marked public ever shows" lives here. Two things are never public, not
even on a published strategy: the crisis notification list (names, phones, e-mails of people)
and who reported a status (the user). See public_status_updates for the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from kommplan.actions.models import Action, StatusUpdate
from kommplan.audit.models import AuditEntry
from kommplan.organisations.models import Organisation
from kommplan.strategies.models import Channel, Strategy, TargetGroup


def published_strategies(organisation: Organisation | None = None) -> QuerySet[Strategy]:
    """Published strategies (of one organisation), newest period first, with the organisation."""
    strategies = Strategy.objects.filter(published=True).select_related("organisation")
    if organisation is not None:
        strategies = strategies.filter(organisation=organisation)
    return strategies.order_by("organisation__name", "-period_start", "title", "pk")


def organisations_with_published_strategies() -> QuerySet[Organisation]:
    """Organisations with at least one published strategy, each with how many it has."""
    return (
        Organisation.objects.filter(
            Exists(Strategy.objects.filter(organisation=OuterRef("pk"), published=True))
        )
        .annotate(published_count=Count("strategies", filter=Q(strategies__published=True)))
        .order_by("name")
    )


def get_published_organisation(org_slug: str) -> Organisation:
    """The organisation, if it has a published strategy; 404 otherwise (as if it did not exist)."""
    try:
        return organisations_with_published_strategies().get(slug=org_slug)
    except Organisation.DoesNotExist:
        raise Http404("Ingen publiserte strategier") from None


def get_published_strategy(org_slug: str, pk: int) -> Strategy:
    """Strategy `pk` of `org_slug` if it is published; 404 for unpublished and unknown alike."""
    try:
        return published_strategies().get(pk=pk, organisation__slug=org_slug)
    except Strategy.DoesNotExist:
        raise Http404("Ukjent strategi") from None


def public_actions(strategy: Strategy) -> QuerySet[Action]:
    """The strategy's actions marked public, in plan order, with what the public page shows
    (goal, the goal's strategy, schedule options for the årshjul, channels and target groups).

    The responsible *user* is deliberately not fetched: the page shows the plan's own
    `responsible` text (a unit or role, as the adopted plan writes it), never a user account.
    """
    return (
        Action.objects.filter(strategy=strategy, public=True)
        .select_related("goal", "approach__goal", "schedule_options")
        .prefetch_related(
            Prefetch("channels", queryset=Channel.objects.order_by("position", "pk")),
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("position", "pk")),
        )
        .order_by("position", "pk")
    )


def public_status_updates(strategy: Strategy, *, limit: int) -> list[StatusUpdate]:
    """The latest `limit` status reports on the strategy's public actions, newest first.

    The comment is shown (it is what the public wants to read), but not who wrote it: the
    reporter is a municipal employee whose user name and e-mail are an account detail, not part
    of the adopted plan, and naming individual case workers on an open page invites contact
    and blame that belong to the unit. The pages attribute a report to the action's
    responsible unit or role from the plan (`action.responsible`) and to the organisation.
    `author` and `author_name` are therefore deferred and must not be used in public templates.
    """
    return list(
        StatusUpdate.objects.filter(action__strategy=strategy, action__public=True)
        .select_related("action")
        .defer("author", "author_name")
        .order_by("-date", "-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class Freshness:
    """When the public content of a strategy last changed, and a validator for it."""

    last_modified: datetime | None
    etag: str | None


def strategy_freshness(org_slug: str, pk: int) -> Freshness:
    """The latest change to anything a published strategy's public pages show, in one query.

    Taken over the strategy row, every action of it (also non-public ones: an action that stops
    being public changes the page), its status history and its audit log (every edit of a goal,
    channel or message is logged there), plus the number of actions (a deletion).
    """
    actions = Action.objects.filter(strategy=OuterRef("pk")).order_by().values("strategy")
    found = (
        Strategy.objects.filter(pk=pk, organisation__slug=org_slug, published=True)
        .annotate(
            actions_changed=Subquery(actions.annotate(m=Max("updated_at")).values("m")),
            action_count=Coalesce(Subquery(actions.annotate(n=Count("pk")).values("n")), 0),
            reported=Subquery(
                StatusUpdate.objects.filter(action__strategy=OuterRef("pk"))
                .order_by()
                .values("action__strategy")
                .annotate(m=Max("created_at"))
                .values("m")
            ),
            logged=Subquery(
                AuditEntry.objects.filter(strategy=OuterRef("pk"))
                .order_by()
                .values("strategy")
                .annotate(m=Max("created_at"))
                .values("m")
            ),
        )
        .values(
            "updated_at",
            "actions_changed",
            "action_count",
            "reported",
            "logged",
            "organisation__name",
        )
        .first()
    )
    if found is None:
        return Freshness(None, None)
    stamps = [found[key] for key in ("updated_at", "actions_changed", "reported", "logged")]
    latest = max(stamp for stamp in stamps if stamp is not None)
    tag = _digest(pk, latest.isoformat(), found["action_count"], found["organisation__name"])
    return Freshness(latest, tag)


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def listing_freshness(org_slug: str | None = None) -> Freshness:
    """The latest change to the list of published strategies (of one organisation), in one
    query: the validator covers every listed title, period and organisation name."""
    strategies = published_strategies().order_by("pk")
    if org_slug is not None:
        strategies = strategies.filter(organisation__slug=org_slug)
    rows = list(
        strategies.values_list(
            "pk", "updated_at", "title", "period_start", "period_end", "organisation__name"
        )
    )
    if not rows:
        return Freshness(None, None)
    return Freshness(max(row[1] for row in rows), _digest(org_slug, rows))
