"""The årshjul: a circular year with one ring per goal (or channel, or target group).

January starts just right of twelve o'clock and the year runs clockwise, leaving a narrow gap at
the top for the ring numbers. Months form the outer band, ISO weeks are ticks outside it. Each
ring is split into lanes so that marks never overlap: all marks of one action share a lane.
A day is a shape, a date range an arc that starts with the same shape. Status is told by colour
and, for those who cannot tell the colours apart or print in grey, by shape and line pattern,
explained in a legend drawn into the image.

`layout` computes the geometry once; `render_svg` (here) and `wheel_image.render_image`
(matplotlib, for PNG and PDF) draw the same layout. Labels come in translated: this module knows
nothing about Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import NamedTuple

GAP_DEGREES = 12.0  # at twelve o'clock, between 31 December and 1 January: the ring numbers
INNER_RADIUS = 74.0
RING_GAP = 6.0
MONTH_BAND = 30.0
WEEK_BAND = 18.0
TARGET_RINGS_RADIUS = 300.0  # lanes grow or shrink to about this radius...
MIN_LANE, MAX_LANE = 7.0, 22.0  # ...within these heights
MIN_RINGS_RADIUS = 230.0
LEGEND_LINE = 20.0
POINT_SLOTS = 1  # a single day occupies the days on either side too, so marks do not touch

TEXT = "#1e2126"
SUBTLE = "#4f5257"
GRID = "#b9bbbe"
TODAY = "#b3261e"


@dataclass(frozen=True)
class StatusStyle:
    colour: str
    shape: str  # circle | triangle | square | diamond | cross
    hollow: bool = False
    dash: str = ""  # SVG stroke-dasharray for arcs, in units of the arc's width


# Darker tones (≥ 3:1 against white); the shape and dash tell the same without colour.
STATUS_STYLES = {
    "ikke_startet": StatusStyle("#5b5d61", "circle", hollow=True, dash="1.2 0.8"),
    "pagar": StatusStyle("#0062ba", "triangle"),
    "fullfort": StatusStyle("#117a3d", "square"),
    "forsinket": StatusStyle("#a3530d", "diamond", dash="3 0.8 0.8 0.8"),
    "avlyst": StatusStyle("#7d3c98", "cross", dash="0.4 1.2"),
}
DEFAULT_STYLE = StatusStyle("#5b5d61", "circle")


class WheelMark(NamedTuple):
    ring: int
    key: int  # marks with the same key (one action) share a lane within a ring
    start: date
    end: date
    span: bool
    status: str
    name: str  # accessible name: title, date, status
    href: str = ""


@dataclass(frozen=True)
class WheelLabels:
    title: str
    description: str
    months: tuple[str, ...]
    statuses: dict[str, str]
    today: str = "I dag"
    week: str = "Uke"
    status_heading: str = "Status"
    rings_heading: str = "Ringer"
    day_hint: str = "dag"
    range_hint: str = "periode"


@dataclass(frozen=True)
class Wheel:
    year: int
    rings: list[str]
    marks: list[WheelMark]
    labels: WheelLabels
    today: date | None = None


@dataclass
class Layout:
    wheel: Wheel
    size: float
    centre: float
    lane_height: float
    ring_bounds: list[tuple[float, float]]  # per ring: (inner, outer) radius
    lanes: dict[tuple[int, int], int]  # (ring, key) -> lane within the ring
    rings_outer: float
    month_inner: float
    month_outer: float
    week_outer: float
    legend_top: float
    height: float
    ring_lines: list[list[str]] = field(default_factory=list)

    def lane_radius(self, ring: int, key: int) -> float:
        inner, _outer = self.ring_bounds[ring]
        return inner + (self.lanes[(ring, key)] + 0.5) * self.lane_height


def days_in_year(year: int) -> int:
    return 366 if date(year, 12, 31).timetuple().tm_yday == 366 else 365


def angle(year: int, day: date, fraction: float = 0.5) -> float:
    """Degrees clockwise from twelve o'clock for a moment of `day` (0 = its start, 1 = end)."""
    total = days_in_year(year)
    position = (day - date(year, 1, 1)).days + fraction
    position = min(max(position, 0.0), float(total))
    return GAP_DEGREES / 2 + position / total * (360.0 - GAP_DEGREES)


def point(centre: float, radius: float, degrees: float) -> tuple[float, float]:
    """SVG coordinates (y down) of a point at `radius` and `degrees` clockwise from the top."""
    rad = math.radians(degrees)
    return centre + radius * math.sin(rad), centre - radius * math.cos(rad)


def _slots(year: int, mark: WheelMark) -> int:
    """The days a mark covers, as a bit mask (bit n = day n of the year)."""
    start = max((mark.start - date(year, 1, 1)).days, 0)
    end = min((mark.end - date(year, 1, 1)).days, days_in_year(year) - 1)
    if not mark.span:
        start, end = max(start - POINT_SLOTS, 0), end + POINT_SLOTS
    return ((1 << (end - start + 1)) - 1) << start


def layout(wheel: Wheel) -> Layout:
    year = wheel.year
    ring_count = max(len(wheel.rings), 1)
    masks: dict[tuple[int, int], int] = {}
    first_day: dict[tuple[int, int], date] = {}
    for mark in wheel.marks:
        slot = (mark.ring, mark.key)
        masks[slot] = masks.get(slot, 0) | _slots(year, mark)
        first_day[slot] = min(first_day.get(slot, mark.start), mark.start)
    # First fit, earliest action first: a lane is free when no day of it is taken.
    lanes: dict[tuple[int, int], int] = {}
    taken: list[list[int]] = [[] for _ in range(ring_count)]
    for slot in sorted(masks, key=lambda s: (s[0], first_day[s], s[1])):
        ring_lanes = taken[slot[0]]
        for index, used in enumerate(ring_lanes):
            if not used & masks[slot]:
                ring_lanes[index] |= masks[slot]
                lanes[slot] = index
                break
        else:
            lanes[slot] = len(ring_lanes)
            ring_lanes.append(masks[slot])
    lane_counts = [max(len(t), 1) for t in taken]
    total = sum(lane_counts)
    room = TARGET_RINGS_RADIUS - INNER_RADIUS - RING_GAP * ring_count
    lane_height = min(max(room / total, MIN_LANE), MAX_LANE)
    # Ring 1 is the outermost, nearest the months: build from the centre out, last ring first.
    bounds: list[tuple[float, float]] = [(0.0, 0.0)] * ring_count
    extent = total * lane_height + RING_GAP * ring_count
    # A wheel with few lanes gets a bigger hole, so that the month names still fit around it.
    radius = max(INNER_RADIUS, MIN_RINGS_RADIUS - extent)
    for ring in reversed(range(ring_count)):
        outer = radius + lane_counts[ring] * lane_height
        bounds[ring] = (radius, outer)
        radius = outer + RING_GAP
    rings_outer = radius - RING_GAP
    month_inner = rings_outer + 4
    month_outer = month_inner + MONTH_BAND
    week_outer = month_outer + WEEK_BAND
    margin = 86.0  # room for the "today" label outside the weeks
    size = 2 * (week_outer + margin)
    ring_lines = [_wrap(name, 90) for name in wheel.rings]
    legend_rows = 3 + sum(len(lines) for lines in ring_lines) + 2
    legend_top = size
    height = size + legend_rows * LEGEND_LINE + 20
    return Layout(
        wheel=wheel,
        size=size,
        centre=size / 2,
        lane_height=lane_height,
        ring_bounds=bounds,
        lanes=lanes,
        rings_outer=rings_outer,
        month_inner=month_inner,
        month_outer=month_outer,
        week_outer=week_outer,
        legend_top=legend_top,
        height=height,
        ring_lines=ring_lines,
    )


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines or [""]


def week_starts(year: int) -> list[tuple[date, int]]:
    """(Monday, ISO week number) of every week that begins in `year`."""
    day = date(year, 1, 1)
    day += timedelta(days=(7 - day.weekday()) % 7)
    weeks = []
    while day.year == year:
        weeks.append((day, day.isocalendar()[1]))
        day += timedelta(days=7)
    return weeks


def tangent_rotation(degrees: float) -> float:
    """Clockwise rotation that lays text along the circle, never upside down."""
    return degrees - 180 if 90 < degrees < 270 else degrees


def marker_size(plan: Layout) -> float:
    return max(2.6, min(plan.lane_height * 0.42, 7.0))


# --- SVG --------------------------------------------------------------------------------------


def _f(value: float) -> str:
    return f"{value:.1f}"


def shape_svg(style: StatusStyle, x: float, y: float, r: float, extra: str = "") -> str:
    fill = "#fff" if style.hollow else style.colour
    common = f'fill="{fill}" stroke="{style.colour}" stroke-width="1.4"{extra}'
    if style.shape == "triangle":
        h = r * 1.15
        return (
            f'<path d="M{_f(x)} {_f(y - h)}L{_f(x + h)} {_f(y + h * 0.8)}'
            f'L{_f(x - h)} {_f(y + h * 0.8)}Z" {common}/>'
        )
    if style.shape == "square":
        s = r * 0.9
        return (
            f'<rect x="{_f(x - s)}" y="{_f(y - s)}" width="{_f(2 * s)}" height="{_f(2 * s)}"'
            f" {common}/>"
        )
    if style.shape == "diamond":
        d = r * 1.25
        return (
            f'<path d="M{_f(x)} {_f(y - d)}L{_f(x + d)} {_f(y)}L{_f(x)} {_f(y + d)}'
            f'L{_f(x - d)} {_f(y)}Z" {common}/>'
        )
    if style.shape == "cross":
        c = r * 0.95
        return (
            f'<path d="M{_f(x - c)} {_f(y - c)}L{_f(x + c)} {_f(y + c)}M{_f(x + c)} {_f(y - c)}'
            f'L{_f(x - c)} {_f(y + c)}" fill="none" stroke="{style.colour}" '
            f'stroke-width="2.4"{extra}/>'
        )
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" {common}/>'


def arc_path(centre: float, radius: float, start_deg: float, end_deg: float) -> str:
    x1, y1 = point(centre, radius, start_deg)
    x2, y2 = point(centre, radius, end_deg)
    large = 1 if end_deg - start_deg > 180 else 0
    return f"M{_f(x1)} {_f(y1)}A{_f(radius)} {_f(radius)} 0 {large} 1 {_f(x2)} {_f(y2)}"


def _annulus(centre: float, inner: float, outer: float, start: float, end: float) -> str:
    ox1, oy1 = point(centre, outer, start)
    ox2, oy2 = point(centre, outer, end)
    ix1, iy1 = point(centre, inner, end)
    ix2, iy2 = point(centre, inner, start)
    large = 1 if end - start > 180 else 0
    return (
        f"M{_f(ox1)} {_f(oy1)}A{_f(outer)} {_f(outer)} 0 {large} 1 {_f(ox2)} {_f(oy2)}"
        f"L{_f(ix1)} {_f(iy1)}A{_f(inner)} {_f(inner)} 0 {large} 0 {_f(ix2)} {_f(iy2)}Z"
    )


# No <style> element or style attributes (the Content-Security-Policy allows neither): text
# gets its font and colour from presentation attributes on the root, and the marks' focus and
# hover styles live in yearwheel/yearwheel.css with the page that shows the wheel.
_SVG_TEXT = f'font-family="Inter,system-ui,sans-serif" fill="{TEXT}"'


def render_svg(wheel: Wheel, *, interactive: bool = True, id_prefix: str = "arshjul") -> str:
    """The årshjul as an SVG document (interactive: every mark a link with an accessible name)."""
    plan = layout(wheel)
    return svg_from_layout(plan, interactive=interactive, id_prefix=id_prefix)


def svg_from_layout(plan: Layout, *, interactive: bool, id_prefix: str) -> str:
    wheel, labels, c = plan.wheel, plan.wheel.labels, plan.centre
    year = wheel.year
    out: list[str] = []
    add = out.append
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    add(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' viewBox="0 0 {_f(plan.size)} {_f(plan.height)}"'
        f' width="{_f(plan.size)}" height="{_f(plan.height)}" class="yw-svg" {_SVG_TEXT}'
        f' aria-labelledby="{title_id} {desc_id}">'
    )
    add(f'<title id="{title_id}">{escape(labels.title)}</title>')
    add(f'<desc id="{desc_id}">{escape(labels.description)}</desc>')
    add(f'<rect width="{_f(plan.size)}" height="{_f(plan.height)}" fill="#fff"/>')
    add('<g aria-hidden="true">')
    # Ring backgrounds, alternating, and the ring numbers in the gap at the top.
    for ring, (inner, outer) in enumerate(plan.ring_bounds):
        fill = "#f1f3f5" if ring % 2 == 0 else "#fafbfc"
        add(
            f'<path d="{_annulus(c, inner, outer, GAP_DEGREES / 2, 360 - GAP_DEGREES / 2)}"'
            f' fill="{fill}" stroke="{GRID}" stroke-width="0.6"/>'
        )
    # Months: the outer band, and thin lines through the rings where each month starts.
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        a1, a2 = angle(year, first, 0), angle(year, last, 1)
        fill = "#dfe9f5" if month % 2 else "#eef3f9"
        add(
            f'<path d="{_annulus(c, plan.month_inner, plan.month_outer, a1, a2)}" fill="{fill}"'
            f' stroke="#fff" stroke-width="1"/>'
        )
        x1, y1 = point(c, plan.ring_bounds[-1][0], a1)
        x2, y2 = point(c, plan.month_outer, a1)
        add(
            f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{GRID}"'
            f' stroke-width="0.8"/>'
        )
        mid = (a1 + a2) / 2
        tx, ty = point(c, (plan.month_inner + plan.month_outer) / 2, mid)
        add(
            f'<text x="{_f(tx)}" y="{_f(ty)}" font-size="13" font-weight="600"'
            f' transform="rotate({_f(tangent_rotation(mid))} {_f(tx)} {_f(ty)})"'
            f' text-anchor="middle" dominant-baseline="central">{escape(labels.months[month - 1])}'
            "</text>"
        )
    # Weeks: a tick on each Monday, the number in the middle of the week.
    for monday, number in week_starts(year):
        a = angle(year, monday, 0)
        x1, y1 = point(c, plan.month_outer, a)
        x2, y2 = point(c, plan.month_outer + 5, a)
        add(
            f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{SUBTLE}"'
            f' stroke-width="0.8"/>'
        )
        mid = angle(year, monday + timedelta(days=3), 0.5)
        if mid < 360 - GAP_DEGREES / 2:
            tx, ty = point(c, plan.month_outer + 12, mid)
            add(
                f'<text x="{_f(tx)}" y="{_f(ty)}" font-size="8.5" text-anchor="middle"'
                f' dominant-baseline="central" fill="{SUBTLE}">{number}</text>'
            )
    for ring, (inner, outer) in enumerate(plan.ring_bounds):
        x, y = point(c, (inner + outer) / 2, 0)
        r = min(9.0, max((outer - inner) / 2, 6.5))
        add(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{TEXT}"/>')
        add(
            f'<text x="{_f(x)}" y="{_f(y)}" font-size="{_f(min(11.0, r * 1.3))}"'
            f' text-anchor="middle" dominant-baseline="central" fill="#fff"'
            f' font-weight="700">{ring + 1}</text>'
        )
    add(
        f'<text x="{_f(c)}" y="{_f(c - 6)}" font-size="30" font-weight="700"'
        f' text-anchor="middle" dominant-baseline="central">{year}</text>'
    )
    add("</g>")
    _marks_svg(plan, add, interactive, id_prefix)
    if wheel.today and wheel.today.year == year:
        _today_svg(plan, add)
    _legend_svg(plan, add)
    add("</svg>")
    return "".join(out)


def _marks_svg(plan: Layout, add, interactive: bool, id_prefix: str) -> None:
    """Every mark: the status shape (one <symbol> per status, placed with <use>), after the arc
    of a date range. This loop draws thousands of marks, so it avoids work per mark."""
    wheel, c, year = plan.wheel, plan.centre, plan.wheel.year
    size = marker_size(plan)
    width = plan.lane_height * 0.5
    total = days_in_year(year)
    jan1 = date(year, 1, 1).toordinal()
    scale = (360.0 - GAP_DEGREES) / total
    href_attr = "href" if interactive else "xlink:href"
    styles: dict[str, tuple[StatusStyle, str, str]] = {}
    add("<defs>")
    for status, style in [*STATUS_STYLES.items(), ("", DEFAULT_STYLE)]:
        symbol = f"{id_prefix}-s-{status or 'annen'}"
        add(f'<g id="{symbol}">{shape_svg(style, 0, 0, size)}</g>')
        dash = ""
        if style.dash:
            lengths = " ".join(f"{float(part) * width:.1f}" for part in style.dash.split())
            dash = f' stroke-dasharray="{lengths}"'
        arc = f'fill="none" stroke="{style.colour}" stroke-width="{width:.1f}"{dash}'
        styles[status] = (style, f'<use {href_attr}="#{symbol}"', arc)
    add("</defs>")
    add('<g class="yw-marks">')
    for mark in wheel.marks:
        _style, use, arc = styles.get(mark.status) or styles[""]
        radius = plan.lane_radius(mark.ring, mark.key)
        name = escape(mark.name)
        if interactive and mark.href:
            opening = f'<a class="yw-mark" href="{escape(mark.href)}" aria-label="{name}">'
            closing = "</a>"
        else:
            opening = f'<g class="yw-mark" role="img" aria-label="{name}">'
            closing = "</g>"
        first = mark.start.toordinal() - jan1
        start = GAP_DEGREES / 2 + min(max(first + (0 if mark.span else 0.5), 0), total) * scale
        rad = math.radians(start)
        x, y = c + radius * math.sin(rad), c - radius * math.cos(rad)
        if mark.span:
            last = min(max(mark.end.toordinal() - jan1 + 1, 0), total)
            end = max(GAP_DEGREES / 2 + last * scale, start + 0.3)
            drawn = f'<path d="{arc_path(c, radius, start, end)}" {arc}/>'
        else:
            drawn = ""
        add(f'{opening}<title>{name}</title>{drawn}{use} x="{x:.1f}" y="{y:.1f}"/>{closing}')
    add("</g>")


def _today_svg(plan: Layout, add) -> None:
    wheel, c = plan.wheel, plan.centre
    a = angle(wheel.year, wheel.today, 0.5)
    x1, y1 = point(c, plan.ring_bounds[-1][0] - 4, a)
    x2, y2 = point(c, plan.week_outer + 6, a)
    add('<g class="yw-today">')
    add(
        f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{TODAY}"'
        ' stroke-width="2" stroke-dasharray="6 3"/>'
    )
    tx, ty = point(c, plan.week_outer + 18, a)
    anchor = "start" if 0 < a < 180 else "end"
    if a < 20 or a > 340 or 160 < a < 200:
        anchor = "middle"
    label = f"{wheel.labels.today} {wheel.today.day}.{wheel.today.month}."
    add(
        f'<text x="{_f(tx)}" y="{_f(ty)}" font-size="13" font-weight="700"'
        f' text-anchor="{anchor}" dominant-baseline="central" fill="{TODAY}">'
        f"{escape(label)}</text>"
    )
    add("</g>")


def _legend_svg(plan: Layout, add) -> None:
    labels = plan.wheel.labels
    x0, y = 24.0, plan.legend_top + 8
    add('<g class="yw-legend">')
    add(f'<text x="{_f(x0)}" y="{_f(y + 8)}" font-size="14" font-weight="700">')
    add(f"{escape(labels.status_heading)}</text>")
    y += LEGEND_LINE + 6
    x = x0
    for status, style in STATUS_STYLES.items():
        label = labels.statuses.get(status, status)
        add(shape_svg(style, x + 6, y, 6))
        dash = ""
        if style.dash:
            dash = (
                ' stroke-dasharray="'
                + " ".join(_f(float(part) * 6) for part in style.dash.split())
                + '"'
            )
        add(
            f'<path d="M{_f(x + 16)} {_f(y)}H{_f(x + 46)}" stroke="{style.colour}"'
            f' stroke-width="6"{dash}/>'
        )
        add(
            f'<text x="{_f(x + 52)}" y="{_f(y)}" font-size="13" dominant-baseline="central">'
            f"{escape(label)}</text>"
        )
        x += 62 + 7.5 * len(label)
        if x > plan.size - 200:
            x, y = x0, y + LEGEND_LINE
    if plan.wheel.today and plan.wheel.today.year == plan.wheel.year:
        add(
            f'<path d="M{_f(x + 4)} {_f(y)}H{_f(x + 34)}" stroke="{TODAY}" stroke-width="2"'
            ' stroke-dasharray="6 3"/>'
        )
        add(
            f'<text x="{_f(x + 40)}" y="{_f(y)}" font-size="13" dominant-baseline="central">'
            f"{escape(labels.today)}</text>"
        )
    y += LEGEND_LINE + 8
    add(f'<text x="{_f(x0)}" y="{_f(y)}" font-size="14" font-weight="700">')
    add(f"{escape(labels.rings_heading)}</text>")
    y += LEGEND_LINE
    for number, lines in enumerate(plan.ring_lines, start=1):
        add(f'<text x="{_f(x0)}" y="{_f(y)}" font-size="13" font-weight="700">{number}</text>')
        for line in lines:
            add(f'<text x="{_f(x0 + 24)}" y="{_f(y)}" font-size="13">{escape(line)}</text>')
            y += LEGEND_LINE
    add("</g>")
