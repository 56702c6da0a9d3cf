"""Norwegian text to vary the generated plans with, drawn from the five demo plans."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml
from django.conf import settings

# Status comments as members write them; the demo plans carry no status history to draw on.
STATUS_COMMENTS = [
    "",
    "Planlagt med kommunikasjonsavdelingen.",
    "Arbeidet er i gang, første utkast er sendt på høring internt.",
    "Forsinket på grunn av sykefravær i enheten.",
    "Møte med enhetslederne avholdt, oppfølging i neste ledermøte.",
    "Publisert på nettsiden og delt i sosiale medier.",
    "Venter på budsjettavklaring.",
    "Gjennomført som planlagt.",
    "Utsatt til etter sommerferien.",
    "Evaluering gjennomført; justerer opplegget til neste runde.",
    "God respons fra innbyggerne, flere henvendelser enn ventet.",
    "Avlyst etter vedtak i formannskapet.",
    "Presseinvitasjon sendt ut, tre medier møtte.",
    "Innhold klart, mangler bilder og klarspråkgjennomgang.",
    "Tatt opp i kommunestyret, videreføres.",
]

TIMINGS = ["Løpende", "Kvartalsvis", "2 ganger pr. år", "Årlige", "Jevnlig", "høsten", "Uke 4"]

FALLBACK_RESPONSIBLE = ["Kommunikasjonsrådgiver", "Rådmannen", "Enhetsledere", "Ordfører"]


@dataclass(frozen=True)
class Texts:
    visions: list[str]
    purposes: list[str]
    goals: list[str]
    target_groups: list[str]
    channels: list[tuple[str, str]]  # name, kind
    titles: list[str]
    descriptions: list[str]
    action_purposes: list[str]
    responsibles: list[str]


@cache
def demo_texts() -> Texts:
    visions, purposes, goals, groups, channels = [], [], [], [], []
    titles, descriptions, action_purposes, responsibles = [], [], [], []
    for path in sorted(settings.DEMO_PLANS_DIR.glob("*.yaml")):
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(plan, dict) or not isinstance(plan.get("strategy"), dict):
            continue  # not a plan file (or one being written): nothing to draw from
        strategy = plan["strategy"]
        if strategy.get("vision"):
            visions.append(strategy["vision"])
        if strategy.get("purpose"):
            purposes.append(strategy["purpose"])
        goals += [g["text"] for g in strategy.get("goals", []) if g.get("text")]
        groups += [t["name"] for t in strategy.get("target_groups", []) if t.get("name")]
        channels += [
            (c["name"], c.get("kind", "other"))
            for c in strategy.get("channels", [])
            if c.get("name")
        ]
        for action in plan.get("actions", []):
            titles.append(action["title"])
            if action.get("description"):
                descriptions.append(action["description"])
            if action.get("purpose"):
                action_purposes.append(action["purpose"])
            if action.get("responsible"):
                responsibles.append(action["responsible"])
    return Texts(
        visions=visions,
        purposes=purposes,
        goals=goals,
        target_groups=groups,
        channels=channels,
        titles=titles,
        descriptions=descriptions or [""],
        action_purposes=action_purposes or [""],
        responsibles=responsibles or FALLBACK_RESPONSIBLE,
    )
