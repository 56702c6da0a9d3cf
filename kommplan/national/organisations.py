"""The national list of public bodies that `seed-national` creates, read from data/.

Every municipality (357) and county (14, Oslo being both) with its official number, and 79
regional councils and other inter-municipal bodies: 450 in all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from kommplan.organisations.models import OrganisationKind

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class OrgSpec:
    name: str
    slug: str
    kind: str
    number: str
    county: str
    # Kommunenummer of the member municipalities (regional bodies only).
    members: tuple[str, ...] = field(default=())


def _rows(filename: str) -> list[list[str]]:
    lines = (DATA / filename).read_text(encoding="utf-8").splitlines()
    return [line.split(";") for line in lines if line.strip() and not line.startswith("#")]


def _slug(name: str) -> str:
    name = name.lower()
    return slugify(name.replace("æ", "ae").replace("ø", "o").replace("å", "a"))


def national_organisations() -> list[OrgSpec]:
    """All 450 bodies: municipalities, then counties, then regional bodies."""
    specs = []
    by_county: dict[str, list[str]] = {}
    for number, name, county in _rows("kommuner.csv"):
        full = f"{name} kommune"
        if "(" in name:  # Herøy and Våler exist twice: the county tells them apart
            base, where = name.split(" (", 1)
            full = f"{base} kommune ({where}"
        specs.append(OrgSpec(full, _slug(full), OrganisationKind.KOMMUNE, number, county))
        by_county.setdefault(county, []).append(number)
    for number, name in _rows("fylker.csv"):
        full = f"{name} fylkeskommune"
        specs.append(OrgSpec(full, _slug(full), OrganisationKind.FYLKESKOMMUNE, number, number))
    regional = _rows("regionale.csv")
    per_county: dict[str, list[str]] = {}
    for name, _kind, county in regional:
        per_county.setdefault(county, []).append(name)
    for name, kind, county in regional:
        # Share the county's municipalities out among its regional bodies, in number order.
        siblings = per_county[county]
        municipalities = sorted(by_county.get(county, []))
        share = max(1, len(municipalities) // len(siblings))
        start = siblings.index(name) * share
        members = tuple(municipalities[start : start + share])
        specs.append(OrgSpec(name, _slug(name), kind, "", county, members))
    return specs


def sample(specs: list[OrgSpec], scale: float) -> list[OrgSpec]:
    """round(450 × scale) bodies spread evenly over the list, so every kind keeps its share."""
    count = max(1, min(len(specs), round(len(specs) * scale)))
    if count == len(specs):
        return list(specs)
    step = len(specs) / count
    return [specs[int(i * step)] for i in range(count)]
