"""The strategy editor's map: its steps (the communication staircase and the rest), the lists on
each step, and for every kind of part its form, services and wording.

The views are generic over this map, so a part kind is added here, in services.py and forms.py,
and with a section template; the URLs follow from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import forms, services
from .models import (
    Challenge,
    Channel,
    Goal,
    GoalStrategy,
    KeyMessage,
    NotificationEntry,
    Principle,
    Role,
    Rule,
    Strategy,
    TargetGroup,
)
from .selectors import goal_tree, messages_by_kind


@dataclass(frozen=True)
class Step:
    key: str  # in URL names: strategies:edit_<key>
    slug: str  # in the address
    title: Promise
    description: Promise
    sections: tuple[str, ...] = ()


STEPS = (
    Step(
        "why",
        "hvorfor",
        gettext_lazy("Hvorfor"),
        gettext_lazy("Formål, visjon og mål med delmål, strategier og ønskede resultater."),
        ("goals",),
    ),
    Step(
        "who",
        "hvem",
        gettext_lazy("Hvem"),
        gettext_lazy("Målgruppene, i prioritert rekkefølge."),
        ("target_groups",),
    ),
    Step(
        "what",
        "hva",
        gettext_lazy("Hva"),
        gettext_lazy("Budskapene: kjernebudskap og støttebudskap til hver målgruppe."),
        ("messages",),
    ),
    Step(
        "how",
        "hvordan",
        gettext_lazy("Hvordan"),
        gettext_lazy("Kanalene, og tiltakene i tiltaksplanen."),
        ("channels",),
    ),
    Step(
        "principles",
        "prinsipper",
        gettext_lazy("Prinsipper"),
        gettext_lazy("Verdiene kommunikasjonen bygger på."),
        ("principles",),
    ),
    Step(
        "challenges",
        "utfordringer",
        gettext_lazy("Utfordringer"),
        gettext_lazy("Det strategien må svare på."),
        ("challenges",),
    ),
    Step(
        "roles",
        "roller",
        gettext_lazy("Roller og ansvar"),
        gettext_lazy("Hvem som har ansvar for hva i kommunikasjonen."),
        ("roles",),
    ),
    Step(
        "rules",
        "regler",
        gettext_lazy("Reglement og lover"),
        gettext_lazy("Lover, reglement og retningslinjer kommunikasjonen følger."),
        ("rules",),
    ),
    Step(
        "crisis",
        "krise",
        gettext_lazy("Krisekommunikasjon"),
        gettext_lazy("Hvordan vi kommuniserer i en krise, og hvem som varsles i hvilken orden."),
        ("notification_entries",),
    ),
)
STEPS_BY_KEY = {step.key: step for step in STEPS}
STAIRCASE = ("why", "who", "what", "how")


@dataclass(frozen=True)
class PartKind:
    key: str  # in URL names: strategies:<key>_add, _edit, _delete, _move
    slug: str  # in the address
    model: type[models.Model]
    form: type[forms.PartForm]
    add: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    arg: str  # the name of the part in update()/delete()
    step: str
    section: str
    noun: Promise  # "målet" in "Slette målet «…»?"
    new_title: Promise
    edit_title: Promise


PARTS = (
    PartKind(
        "goal",
        "maal",
        Goal,
        forms.GoalForm,
        services.add_goal,
        services.update_goal,
        services.delete_goal,
        "goal",
        "why",
        "goals",
        gettext_lazy("målet"),
        gettext_lazy("Nytt mål"),
        gettext_lazy("Endre mål"),
    ),
    PartKind(
        "approach",
        "strategi",
        GoalStrategy,
        forms.GoalStrategyForm,
        services.add_goal_strategy,
        services.update_goal_strategy,
        services.delete_goal_strategy,
        "approach",
        "why",
        "goals",
        gettext_lazy("strategien"),
        gettext_lazy("Ny strategi under et mål"),
        gettext_lazy("Endre strategi"),
    ),
    PartKind(
        "target_group",
        "malgruppe",
        TargetGroup,
        forms.TargetGroupForm,
        services.add_target_group,
        services.update_target_group,
        services.delete_target_group,
        "group",
        "who",
        "target_groups",
        gettext_lazy("målgruppen"),
        gettext_lazy("Ny målgruppe"),
        gettext_lazy("Endre målgruppe"),
    ),
    PartKind(
        "message",
        "budskap",
        KeyMessage,
        forms.KeyMessageForm,
        services.add_key_message,
        services.update_key_message,
        services.delete_key_message,
        "message",
        "what",
        "messages",
        gettext_lazy("budskapet"),
        gettext_lazy("Nytt budskap"),
        gettext_lazy("Endre budskap"),
    ),
    PartKind(
        "channel",
        "kanal",
        Channel,
        forms.ChannelForm,
        services.add_channel,
        services.update_channel,
        services.delete_channel,
        "channel",
        "how",
        "channels",
        gettext_lazy("kanalen"),
        gettext_lazy("Ny kanal"),
        gettext_lazy("Endre kanal"),
    ),
    PartKind(
        "principle",
        "prinsipp",
        Principle,
        forms.PrincipleForm,
        services.add_principle,
        services.update_principle,
        services.delete_principle,
        "principle",
        "principles",
        "principles",
        gettext_lazy("prinsippet"),
        gettext_lazy("Nytt prinsipp"),
        gettext_lazy("Endre prinsipp"),
    ),
    PartKind(
        "challenge",
        "utfordring",
        Challenge,
        forms.ChallengeForm,
        services.add_challenge,
        services.update_challenge,
        services.delete_challenge,
        "challenge",
        "challenges",
        "challenges",
        gettext_lazy("utfordringen"),
        gettext_lazy("Ny utfordring"),
        gettext_lazy("Endre utfordring"),
    ),
    PartKind(
        "role",
        "rolle",
        Role,
        forms.RoleForm,
        services.add_role,
        services.update_role,
        services.delete_role,
        "role",
        "roles",
        "roles",
        gettext_lazy("rollen"),
        gettext_lazy("Ny rolle"),
        gettext_lazy("Endre rolle"),
    ),
    PartKind(
        "rule",
        "regel",
        Rule,
        forms.RuleForm,
        services.add_rule,
        services.update_rule,
        services.delete_rule,
        "rule",
        "rules",
        "rules",
        gettext_lazy("regelen"),
        gettext_lazy("Ny lov eller regel"),
        gettext_lazy("Endre lov eller regel"),
    ),
    PartKind(
        "notification",
        "varsling",
        NotificationEntry,
        forms.NotificationEntryForm,
        services.add_notification_entry,
        services.update_notification_entry,
        services.delete_notification_entry,
        "entry",
        "crisis",
        "notification_entries",
        gettext_lazy("mottakeren"),
        gettext_lazy("Ny mottaker på varslingslisten"),
        gettext_lazy("Endre mottaker på varslingslisten"),
    ),
)
PARTS_BY_KEY = {kind.key: kind for kind in PARTS}


@dataclass(frozen=True)
class Section:
    """A list on a step page; strategies/edit/_list_<name>.html renders (and re-renders) it."""

    name: str
    title: Promise
    add_kind: str
    add_label: Promise
    empty: Promise


SECTIONS = {
    section.name: section
    for section in (
        Section(
            "goals",
            gettext_lazy("Mål og strategier"),
            "goal",
            gettext_lazy("Legg til overordnet mål"),
            gettext_lazy("Ingen mål ennå."),
        ),
        Section(
            "target_groups",
            gettext_lazy("Målgrupper"),
            "target_group",
            gettext_lazy("Legg til målgruppe"),
            gettext_lazy("Ingen målgrupper ennå."),
        ),
        Section(
            "messages",
            gettext_lazy("Budskap"),
            "message",
            gettext_lazy("Legg til budskap"),
            gettext_lazy("Ingen budskap ennå."),
        ),
        Section(
            "channels",
            gettext_lazy("Kanaler"),
            "channel",
            gettext_lazy("Legg til kanal"),
            gettext_lazy("Ingen kanaler ennå."),
        ),
        Section(
            "principles",
            gettext_lazy("Prinsipper"),
            "principle",
            gettext_lazy("Legg til prinsipp"),
            gettext_lazy("Ingen prinsipper ennå."),
        ),
        Section(
            "challenges",
            gettext_lazy("Utfordringer"),
            "challenge",
            gettext_lazy("Legg til utfordring"),
            gettext_lazy("Ingen utfordringer ennå."),
        ),
        Section(
            "roles",
            gettext_lazy("Roller og ansvar"),
            "role",
            gettext_lazy("Legg til rolle"),
            gettext_lazy("Ingen roller ennå."),
        ),
        Section(
            "rules",
            gettext_lazy("Reglement og lover"),
            "rule",
            gettext_lazy("Legg til lov eller regel"),
            gettext_lazy("Ingen lover eller regler ennå."),
        ),
        Section(
            "notification_entries",
            gettext_lazy("Varslingsliste"),
            "notification",
            gettext_lazy("Legg til mottaker"),
            gettext_lazy("Ingen på varslingslisten ennå."),
        ),
    )
}


def section_context(strategy: Strategy, name: str) -> dict[str, Any]:
    """A section and what its list template (strategies/edit/_list_<name>.html) shows."""
    data: dict[str, Any] = {
        "name": name,
        "section": SECTIONS[name],
        "list_template": f"strategies/edit/_list_{name}.html",
    }
    if name == "goals":
        data["goal_tree"] = goal_tree(strategy)
        data["loose_approaches"] = list(strategy.approaches.filter(goal__isnull=True))
    elif name == "messages":
        data["core_messages"], data["supporting_messages"] = messages_by_kind(strategy)
    else:
        data["items"] = list(getattr(strategy, name).all())
    return data


def consequences(part: models.Model) -> list[str]:
    """What else a deletion changes, for the confirmation page."""
    lines: list[str] = []
    if isinstance(part, Goal):
        below = services.ordered_parts(part.strategy, Goal)
        doomed = {part.pk}
        while more := {g.pk for g in below if g.parent_id in doomed} - doomed:
            doomed |= more
        subgoals = [g for g in below if g.pk in doomed and g.pk != part.pk]
        if subgoals:
            lines.append(
                ngettext(
                    "Delmålet %(names)s slettes også.",
                    "Delmålene %(names)s slettes også.",
                    len(subgoals),
                )
                % {"names": ", ".join(f"«{services.part_label(g)}»" for g in subgoals)}
            )
        approaches = GoalStrategy.objects.filter(goal__in=doomed).count()
        if approaches:
            lines.append(
                ngettext(
                    "%(count)s strategi blir liggende uten mål.",
                    "%(count)s strategier blir liggende uten mål.",
                    approaches,
                )
                % {"count": approaches}
            )
        actions = part.strategy.actions.filter(goal__in=doomed).count()
        if actions:
            lines.append(
                ngettext(
                    "%(count)s tiltak mister koblingen til målet.",
                    "%(count)s tiltak mister koblingen til målet.",
                    actions,
                )
                % {"count": actions}
            )
        indicators = part.strategy.indicators.filter(goal__in=doomed).count()
        if indicators:
            lines.append(
                ngettext(
                    "%(count)s indikator på målet slettes, med målingene.",
                    "%(count)s indikatorer på målet slettes, med målingene.",
                    indicators,
                )
                % {"count": indicators}
            )
    elif isinstance(part, GoalStrategy | TargetGroup | Channel):
        actions = part.actions.count()
        if actions:
            lines.append(
                ngettext(
                    "%(count)s tiltak mister koblingen til den.",
                    "%(count)s tiltak mister koblingen til den.",
                    actions,
                )
                % {"count": actions}
            )
        if isinstance(part, TargetGroup) and (messages := part.messages.count()):
            lines.append(
                ngettext(
                    "%(count)s budskap mister koblingen til den.",
                    "%(count)s budskap mister koblingen til den.",
                    messages,
                )
                % {"count": messages}
            )
    if not lines:
        lines.append(_("Ingenting annet i strategien endres."))
    return lines
