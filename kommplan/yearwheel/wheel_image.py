"""The årshjul as PNG or PDF, drawn with matplotlib from the same layout as the SVG.

matplotlib's object API only (no pyplot, no GUI backend). Coordinates are the SVG's, with y
flipped; one SVG unit is one pixel at 96 dpi, so text sizes match the web page.
"""

from __future__ import annotations

import io
import math
from datetime import date, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import FigureCanvasPdf
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Polygon, Rectangle, Wedge

from .wheel import (
    DEFAULT_STYLE,
    GAP_DEGREES,
    GRID,
    LEGEND_LINE,
    STATUS_STYLES,
    SUBTLE,
    TEXT,
    TODAY,
    StatusStyle,
    Wheel,
    angle,
    layout,
    marker_size,
    tangent_rotation,
    week_starts,
)

PX = 0.75  # points per SVG pixel at 96 dpi
FONT = "DejaVu Sans"  # shipped with matplotlib, so PNG and PDF look the same everywhere


def render_image(wheel: Wheel, image_format: str, *, dpi: int = 120) -> bytes:
    """PNG or PDF bytes of the wheel."""
    plan = layout(wheel)
    width_in, height_in = plan.size / 96, plan.height / 96
    figure = Figure(figsize=(width_in, height_in), dpi=dpi)
    canvas = FigureCanvasPdf(figure) if image_format == "pdf" else FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, plan.size)
    ax.set_ylim(-plan.height, 0)  # y up in matplotlib: SVG y becomes -y
    ax.set_aspect("equal")
    ax.axis("off")
    c = plan.centre
    year = wheel.year

    def xy(radius: float, degrees: float) -> tuple[float, float]:
        rad = math.radians(degrees)
        return c + radius * math.sin(rad), -(c - radius * math.cos(rad))

    def mpl_deg(degrees: float) -> float:
        return 90.0 - degrees  # counter-clockwise from east

    def text(x, y, s, size, **kw):
        ax.text(x, y, s, fontsize=size * PX, family=FONT, color=kw.pop("color", TEXT), **kw)

    full = (GAP_DEGREES / 2, 360 - GAP_DEGREES / 2)
    patches = []
    for ring, (inner, outer) in enumerate(plan.ring_bounds):
        patches.append(
            Wedge(
                (c, -c),
                outer,
                mpl_deg(full[1]),
                mpl_deg(full[0]),
                width=outer - inner,
                facecolor="#f1f3f5" if ring % 2 == 0 else "#fafbfc",
                edgecolor=GRID,
                linewidth=0.6 * PX,
            )
        )
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        a1, a2 = angle(year, first, 0), angle(year, last, 1)
        patches.append(
            Wedge(
                (c, -c),
                plan.month_outer,
                mpl_deg(a2),
                mpl_deg(a1),
                width=plan.month_outer - plan.month_inner,
                facecolor="#dfe9f5" if month % 2 else "#eef3f9",
                edgecolor="white",
                linewidth=1 * PX,
            )
        )
    ax.add_collection(PatchCollection(patches, match_original=True))
    grid = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        a1, a2 = angle(year, first, 0), angle(year, last, 1)
        grid.append([xy(plan.ring_bounds[-1][0], a1), xy(plan.month_outer, a1)])
        mid = (a1 + a2) / 2
        tx, ty = xy((plan.month_inner + plan.month_outer) / 2, mid)
        text(
            tx,
            ty,
            wheel.labels.months[month - 1],
            13,
            ha="center",
            va="center",
            weight="bold",
            rotation=-tangent_rotation(mid),
            rotation_mode="anchor",
        )
    ax.add_collection(LineCollection(grid, colors=GRID, linewidths=0.8 * PX))
    ticks = []
    for monday, number in week_starts(year):
        a = angle(year, monday, 0)
        ticks.append([xy(plan.month_outer, a), xy(plan.month_outer + 5, a)])
        mid = angle(year, monday + timedelta(days=3), 0.5)
        if mid < 360 - GAP_DEGREES / 2:
            tx, ty = xy(plan.month_outer + 12, mid)
            text(tx, ty, str(number), 8.5, ha="center", va="center", color=SUBTLE)
    ax.add_collection(LineCollection(ticks, colors=SUBTLE, linewidths=0.8 * PX))
    for ring, (inner, outer) in enumerate(plan.ring_bounds):
        x, y = xy((inner + outer) / 2, 0)
        r = min(9.0, max((outer - inner) / 2, 6.5))
        ax.add_patch(Circle((x, y), r, facecolor=TEXT, edgecolor="none"))
        text(
            x,
            y,
            str(ring + 1),
            min(11.0, r * 1.3),
            ha="center",
            va="center",
            color="white",
            weight="bold",
        )
    text(c, -(c - 6), str(year), 30, ha="center", va="center", weight="bold")

    _draw_marks(ax, plan, xy)
    if wheel.today and wheel.today.year == year:
        a = angle(year, wheel.today, 0.5)
        (x1, y1), (x2, y2) = xy(plan.ring_bounds[-1][0] - 4, a), xy(plan.week_outer + 6, a)
        ax.add_line(Line2D([x1, x2], [y1, y2], color=TODAY, linewidth=2 * PX, dashes=(6, 3)))
        tx, ty = xy(plan.week_outer + 18, a)
        ha = "left" if 0 < a < 180 else "right"
        if a < 20 or a > 340 or 160 < a < 200:
            ha = "center"
        label = f"{wheel.labels.today} {wheel.today.day}.{wheel.today.month}."
        text(tx, ty, label, 13, ha=ha, va="center", color=TODAY, weight="bold")
    _draw_legend(ax, plan, text)

    buffer = io.BytesIO()
    if image_format == "pdf":
        canvas.print_pdf(buffer, metadata={"Title": wheel.labels.title, "Creator": "kommplan"})
    else:
        # Light compression: the default spends most of the export time in zlib.
        canvas.print_png(
            buffer, metadata={"Title": wheel.labels.title}, pil_kwargs={"compress_level": 3}
        )
    return buffer.getvalue()


def _shape_patch(style: StatusStyle, x: float, y: float, r: float):
    face = "white" if style.hollow else style.colour
    kw = {"facecolor": face, "edgecolor": style.colour, "linewidth": 1.4 * PX}
    if style.shape == "triangle":
        h = r * 1.15
        return Polygon([(x, y + h), (x + h, y - h * 0.8), (x - h, y - h * 0.8)], **kw)
    if style.shape == "square":
        s = r * 0.9
        return Rectangle((x - s, y - s), 2 * s, 2 * s, **kw)
    if style.shape == "diamond":
        d = r * 1.25
        return Polygon([(x, y + d), (x + d, y), (x, y - d), (x - d, y)], **kw)
    return Circle((x, y), r, **kw)


def _cross_lines(x: float, y: float, r: float) -> list:
    c = r * 0.95
    return [[(x - c, y - c), (x + c, y + c)], [(x + c, y - c), (x - c, y + c)]]


def _dashes(style: StatusStyle, width_px: float):
    if not style.dash:
        return "solid"
    # matplotlib scales dash lengths by the line width itself.
    return (0, tuple(float(part) for part in style.dash.split()))


_SCATTER_MARKERS = {"circle": "o", "triangle": "^", "square": "s", "diamond": "D", "cross": "x"}


def _draw_marks(ax, plan, xy) -> None:
    """Arcs as one line collection per status, shapes as one scatter per status (fast)."""
    wheel, year = plan.wheel, plan.wheel.year
    size = marker_size(plan)
    width = plan.lane_height * 0.5
    arcs: dict[str, list] = {}
    points: dict[str, tuple[list[float], list[float]]] = {}
    for mark in wheel.marks:
        key = mark.status if mark.status in STATUS_STYLES else ""
        radius = plan.lane_radius(mark.ring, mark.key)
        start = angle(year, mark.start, 0 if mark.span else 0.5)
        if mark.span:
            end = max(angle(year, mark.end, 1), start + 0.3)
            steps = max(2, int((end - start) / 1.5))
            arcs.setdefault(key, []).append(
                [xy(radius, start + (end - start) * i / steps) for i in range(steps + 1)]
            )
        x, y = xy(radius, start)
        xs, ys = points.setdefault(key, ([], []))
        xs.append(x)
        ys.append(y)
    for key, lines in arcs.items():
        style = STATUS_STYLES.get(key, DEFAULT_STYLE)
        ax.add_collection(
            LineCollection(
                lines,
                colors=style.colour,
                linewidths=width * PX,
                linestyles=_dashes(style, width),
                capstyle="butt",
            )
        )
    for key, (xs, ys) in points.items():
        style = STATUS_STYLES.get(key, DEFAULT_STYLE)
        marker = _SCATTER_MARKERS.get(style.shape, "o")
        diameter = 2 * size * PX * (1.2 if marker in "^D" else 1.0)
        if marker == "x":
            ax.scatter(
                xs, ys, s=diameter**2, marker="x", c=style.colour, linewidths=2.4 * PX, zorder=3
            )
            continue
        ax.scatter(
            xs,
            ys,
            s=diameter**2,
            marker=marker,
            facecolors="white" if style.hollow else style.colour,
            edgecolors=style.colour,
            linewidths=1.4 * PX,
            zorder=3,
        )


def _draw_legend(ax, plan, text) -> None:
    labels = plan.wheel.labels
    x0, y = 24.0, plan.legend_top + 8
    text(x0, -(y + 8), labels.status_heading, 14, va="baseline", weight="bold")
    y += LEGEND_LINE + 6
    x = x0
    for status, style in STATUS_STYLES.items():
        label = labels.statuses.get(status, status)
        if style.shape == "cross":
            ax.add_collection(
                LineCollection(_cross_lines(x + 6, -y, 6), colors=style.colour, linewidths=1.8)
            )
        else:
            ax.add_patch(_shape_patch(style, x + 6, -y, 6))
        ax.add_line(
            Line2D(
                [x + 16, x + 46],
                [-y, -y],
                color=style.colour,
                linewidth=6 * PX,
                linestyle=_dashes(style, 6),
                solid_capstyle="butt",
                dash_capstyle="butt",
            )
        )
        text(x + 52, -y, label, 13, va="center")
        x += 62 + 7.5 * len(label)
        if x > plan.size - 200:
            x, y = x0, y + LEGEND_LINE
    if plan.wheel.today and plan.wheel.today.year == plan.wheel.year:
        ax.add_line(Line2D([x + 4, x + 34], [-y, -y], color=TODAY, linewidth=2 * PX, dashes=(6, 3)))
        text(x + 40, -y, labels.today, 13, va="center")
    y += LEGEND_LINE + 8
    text(x0, -y, labels.rings_heading, 14, va="baseline", weight="bold")
    y += LEGEND_LINE
    for number, lines in enumerate(plan.ring_lines, start=1):
        text(x0, -y, str(number), 13, va="baseline", weight="bold")
        for line in lines:
            text(x0 + 24, -y, line, 13, va="baseline")
            y += LEGEND_LINE
