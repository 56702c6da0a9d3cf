"""Server-side charts as inline SVG, drawn with matplotlib's object API (no pyplot, no GUI).

Every chart comes back as an `<svg role="img">` string labelled by its own `<title>` and
`<desc>`, with ids prefixed by the caller's `chart_id` so that several charts fit on one page.
A chart never stands alone: the page shows the same numbers in a table next to it. Colours are
Designsystemet's darker tones (white text on them passes 4.5:1, the fills pass 3:1 against the
white background), and every series also has its own hatch pattern or marker and a direct
label, so nothing is told by colour alone.

Labels are passed in already translated; this module knows nothing about Django or models.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib

# Text stays text (<text> elements in the page font) instead of glyph outlines: smaller, sharper
# and selectable. Set once at import; nothing else in the process draws with matplotlib.
matplotlib.rcParams["svg.fonttype"] = "none"

from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

TEXT = "#292c30"  # neutral text default
SUBTLE = "#5b5d60"  # neutral text subtle
GRID = "#c8c9cb"
ACCENT = "#0062BA"


@dataclass(frozen=True)
class Style:
    """How one series is drawn: a fill colour that carries white text, and a hatch pattern."""

    colour: str
    hatch: str = ""


# In the order of a typical status list; each tone passes 4.5:1 with white text on it.
PALETTE: tuple[Style, ...] = (
    Style("#5b5d60", ""),  # neutral
    Style("#0860a3", "//"),  # info
    Style("#056d13", "||"),  # success
    Style("#80540f", "xx"),  # warning
    Style("#24272b", "--"),  # neutral dark
    Style("#b81a1a", "\\\\"),  # danger
)


@dataclass(frozen=True)
class Segment:
    label: str
    style: Style


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=72, layout="constrained")
    FigureCanvasSVG(figure)
    return figure


def _short(text: str, width: int = 34, lines: int = 2) -> str:
    """A long goal wrapped to at most `lines` lines; the table beside the chart has it whole."""
    wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "\n".join(wrapped)


def status_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    segments: Sequence[Segment],
    axis_label: str,
) -> str:
    """A stacked horizontal bar per row (e.g. a goal) with one segment per status.

    `rows` are (label, counts) with one count per segment, top row first. Each segment of
    width > 0 carries its number; the legend names each segment with its colour and hatch.
    """
    height = 1.3 + 0.62 * max(len(rows), 1)
    figure = _figure(8.5, height)
    ax = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]  # first row on top
    lefts = [0] * len(rows)
    for index, segment in enumerate(segments):
        widths = [counts[index] for _, counts in rows]
        bars = ax.barh(
            positions,
            widths,
            left=lefts,
            height=0.64,
            color=segment.style.colour,
            hatch=segment.style.hatch or None,
            edgecolor="white",
            linewidth=1.5,
            label=segment.label,
        )
        for bar, width in zip(bars, widths, strict=True):
            if width:
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(width),
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=11,
                    fontweight="bold",
                    parse_math=False,
                    bbox={"boxstyle": "round,pad=0.15", "fc": segment.style.colour, "ec": "none"},
                )
        lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
    ax.set_yticks(positions, [_short(label) for label, _ in rows], parse_math=False)
    most = max(lefts, default=0)
    ax.set_xlim(0, max(most, 1) * 1.02)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(axis_label, color=TEXT, parse_math=False)
    _tidy(ax)
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=min(len(segments), 3),
        frameon=False,
        fontsize=11,
        handleheight=1.4,
        handlelength=2.2,
        labelcolor=TEXT,
    )
    return _to_svg(figure, chart_id=chart_id, title=title, description=description)


def indicator_line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: Sequence[tuple[date, float]],
    target: float | None,
    target_label: str,
    value_label: str,
    series_label: str,
    small: bool = False,
) -> str:
    """Measurements over time as a line with labelled points, and the target as a dashed line.

    `target_label` is the direct label on the target line (e.g. "Mål: 12"); `series_label`
    names the measurements in the legend.
    """
    points = sorted(points)
    # A small chart is shown at about its own size, so its text is larger relative to it.
    figure = _figure(4.6, 3.0) if small else _figure(8.5, 4.2)
    ax = figure.add_subplot()
    dates = [day for day, _ in points]
    values = [value for _, value in points]
    fontsize = 12 if small else 11
    ax.plot(
        dates,
        values,
        color=ACCENT,
        linewidth=2.5,
        marker="o",
        markersize=7 if small else 8,
        markerfacecolor=ACCENT,
        markeredgecolor="white",
        label=series_label,
    )
    if len(points) <= 12:
        for day, value in points:
            ax.annotate(
                format_number(value),
                (day, value),
                textcoords="offset points",
                xytext=(0, 9),
                ha="center",
                fontsize=fontsize,
                color=TEXT,
                parse_math=False,
            )
    elif points:
        day, value = points[-1]
        ax.annotate(
            format_number(value),
            (day, value),
            textcoords="offset points",
            xytext=(0, 9),
            ha="center",
            fontsize=fontsize,
            color=TEXT,
            parse_math=False,
        )
    low = min([*values, *([target] if target is not None else [])], default=0)
    high = max([*values, *([target] if target is not None else [])], default=1)
    if target is not None:
        ax.axhline(target, color=TEXT, linestyle=(0, (6, 3)), linewidth=1.8)
        ax.annotate(
            target_label,
            (1, target),
            xycoords=("axes fraction", "data"),
            textcoords="offset points",
            xytext=(-4, 5),
            ha="right",
            fontsize=fontsize,
            color=TEXT,
            parse_math=False,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
        )
    span = (high - low) or abs(high) or 1
    ax.set_ylim(min(0, low) if low >= 0 else low - span * 0.1, high + span * 0.25)
    _date_axis(ax, dates, compact=small)
    ax.set_ylabel(value_label, color=TEXT, fontsize=fontsize, parse_math=False)
    _tidy(ax, fontsize)
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    if not small:
        ax.legend(loc="upper left", frameon=False, fontsize=fontsize, labelcolor=TEXT)
    return _to_svg(figure, chart_id=chart_id, title=title, description=description)


def format_number(value: float) -> str:
    """12 rather than 12.0, a decimal comma, and spaces in 10 000 as Norwegian writes them."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value):
        text = f"{int(value):,d}" if abs(value) >= 10_000 else f"{int(value):d}"
    elif abs(value) >= 0.01:
        text = f"{value:,.2f}" if abs(value) >= 10_000 else f"{value:.2f}"
        text = text.rstrip("0").rstrip(".")
    else:
        text = f"{value:.2g}"
    return text.replace(".", "#").replace(",", "\u00a0").replace("#", ",")


def _date_axis(ax, dates: Sequence[date], *, compact: bool) -> None:
    from matplotlib.dates import AutoDateLocator, DateFormatter

    spread = (max(dates) - min(dates)).days if dates else 0
    if spread == 0:
        # One date: room on both sides and a single tick, where the date locator would guess.
        if dates:
            ordinal = dates[0].toordinal()
            ax.set_xlim(date.fromordinal(ordinal - 30), date.fromordinal(ordinal + 30))
            ax.set_xticks([dates[0]])
    else:
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=5 if compact else 7))
    # Numeric dates: month names would need the page's language.
    ax.xaxis.set_major_formatter(DateFormatter("%m.%Y" if spread > 120 else "%d.%m.%Y"))


def _tidy(ax, fontsize: float = 11) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(SUBTLE)
    ax.tick_params(colors=TEXT, labelsize=fontsize)
    ax.set_axisbelow(True)


_REFERENCE = re.compile(r"url\(#([^)]+)\)")


def _to_svg(figure: Figure, *, chart_id: str, title: str, description: str) -> str:
    """The figure as an inline `<svg>`: labelled, scalable, ids unique to `chart_id`."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    root = ET.fromstring(buffer.getvalue())
    for tag in ("metadata", "script", "foreignObject"):
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == f"{{{SVG_NS}}}{tag}":
                    parent.remove(child)
    # The stylesheet matplotlib writes (`*{…}`) would style the whole page once inline; the
    # same defaults go on the root, where they only inherit into this chart.
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}style":
                parent.remove(child)
    _rename_ids(root, chart_id)

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    desc = ET.Element(f"{{{SVG_NS}}}desc", {"id": desc_id})
    desc.text = description
    title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": title_id})
    title_element.text = title
    root.insert(0, desc)
    root.insert(0, title_element)
    for name in ("width", "height"):
        root.attrib.pop(name, None)
    root.set("id", chart_id)
    root.set("class", "chart")
    root.set("role", "img")
    root.set("aria-labelledby", f"{title_id} {desc_id}")
    root.set("focusable", "false")
    root.set("preserveAspectRatio", "xMinYMin meet")
    root.set("style", "stroke-linejoin: round; stroke-linecap: butt")
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _rename_ids(root: ET.Element, chart_id: str) -> None:
    """Prefix the ids other elements refer to; drop the rest (matplotlib's "figure_1" etc.
    would repeat in every chart on a page)."""
    href = f"{{{XLINK_NS}}}href"
    referenced: set[str] = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == href and value.startswith("#"):
                referenced.add(value[1:])
            else:
                referenced.update(_REFERENCE.findall(value))
    renamed = {ref: f"{chart_id}-{ref}" for ref in referenced}
    for element in root.iter():
        own = element.attrib.pop("id", None)
        if own in renamed:
            element.set("id", renamed[own])
        for name, value in list(element.attrib.items()):
            if name == href and value[1:] in renamed:
                element.set(name, "#" + renamed[value[1:]])
            elif "url(#" in value:
                element.set(
                    name,
                    _REFERENCE.sub(lambda m: f"url(#{renamed.get(m[1], m[1])})", value),
                )
