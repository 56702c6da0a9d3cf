"""Server-side charts as inline SVG: the status bar chart written directly as SVG elements (it
is drawn on every dashboard and public page request), the indicator line chart with
matplotlib's object API (no pyplot, no GUI).

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
import itertools
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

    `rows` are (label, counts) with one count per segment, top row first. Each segment wide
    enough for it carries its number; the legend names each segment with its colour and hatch.

    Built as SVG directly rather than with matplotlib: the dashboard and the public page draw
    it on every request, and matplotlib took ~150 ms per chart. Each row's label stands above
    its bar, so the bars get the full width and the chart stays legible when it shrinks to a
    phone's width.
    """
    svg = _Svg()
    defs = svg.add(svg.root, "defs")
    fills = [
        _pattern(svg, defs, f"{chart_id}-monster-{index}", segment.style)
        for index, segment in enumerate(segments)
    ]

    # Legend: up to three columns, fewer when the longest status name would not fit.
    inner = _BAR_WIDTH - _PAD_LEFT - _PAD_RIGHT
    longest = max((_text_width(s.label, _LEGEND_SIZE) for s in segments), default=0)
    columns = max(1, min(len(segments), 3))
    while columns > 1 and inner / columns < _SWATCH[0] + 8 + longest + 12:
        columns -= 1
    legend = svg.add(svg.root, "g", {"font-size": _LEGEND_SIZE, "fill": TEXT})
    for index, segment in enumerate(segments):
        x = _PAD_LEFT + (index % columns) * inner / columns
        y = _PAD_TOP + (index // columns) * _LEGEND_LINE
        item = svg.add(legend, "g")
        svg.add(
            item,
            "rect",
            {
                "x": x,
                "y": y,
                "width": _SWATCH[0],
                "height": _SWATCH[1],
                "fill": fills[index],
                "stroke": segment.style.colour,
            },
        )
        label = svg.add(
            item,
            "text",
            {"x": x + _SWATCH[0] + 8, "y": _baseline(y + _SWATCH[1] / 2, _LEGEND_SIZE)},
        )
        label.text = segment.label
    legend_rows = math.ceil(len(segments) / columns) if segments else 0
    top = _PAD_TOP + legend_rows * _LEGEND_LINE + 6

    # Rows: label line(s), then the bar.
    most = max((sum(counts) for _, counts in rows), default=0)
    step, scale_max = _integer_ticks(most)
    unit = inner / scale_max
    layout = []
    y = top + 4
    for label, counts in rows:
        lines = _short(label, _LABEL_CHARS).split("\n")
        layout.append((label, counts, lines, y))
        y += len(lines) * _LABEL_LINE + 4 + _BAR_HEIGHT + _ROW_GAP
    bottom = y - _ROW_GAP + 8

    # Grid lines behind the bars (not through the labels above them), ticks and the axis
    # label below.
    ticks = [_PAD_LEFT + tick * unit for tick in range(0, scale_max + 1, step)]
    bands = [
        (y + len(lines) * _LABEL_LINE, y + len(lines) * _LABEL_LINE + 8 + _BAR_HEIGHT)
        for _, _, lines, y in layout
    ]
    if bands:
        bands[-1] = (bands[-1][0], bottom)
    grid = "".join(f"M{_number(x)} {_number(a)}V{_number(b)}" for a, b in bands for x in ticks)
    if grid:
        svg.add(svg.root, "path", {"d": grid, "stroke": GRID, "stroke-width": 1, "fill": "none"})
    axis = svg.add(svg.root, "g", {"font-size": _TICK_SIZE, "fill": TEXT, "text-anchor": "middle"})
    for tick, x in zip(range(0, scale_max + 1, step), ticks, strict=True):
        number = svg.add(axis, "text", {"x": x, "y": bottom + 6 + _TICK_SIZE})
        number.text = str(tick)
    svg.add(
        axis,
        "line",
        {
            "x1": _PAD_LEFT,
            "y1": bottom,
            "x2": _PAD_LEFT + inner,
            "y2": bottom,
            "stroke": SUBTLE,
            "stroke-width": 1,
        },
    )
    caption = svg.add(
        axis,
        "text",
        {"x": _PAD_LEFT + inner / 2, "y": bottom + 14 + _TICK_SIZE * 2, "font-size": _LABEL_SIZE},
    )
    caption.text = axis_label
    height = bottom + 18 + _TICK_SIZE * 2 + _PAD_BOTTOM

    for label, counts, lines, y in layout:
        row = svg.add(svg.root, "g")
        svg.add(row, "title").text = label  # the whole label on hover
        text = svg.add(
            row,
            "text",
            {"x": _PAD_LEFT, "y": y + _LABEL_SIZE, "font-size": _LABEL_SIZE, "fill": TEXT},
        )
        for number, line in enumerate(lines):
            span = svg.add(text, "tspan", {"x": _PAD_LEFT, "dy": _LABEL_LINE} if number else {})
            span.text = line
        bar_y = y + len(lines) * _LABEL_LINE + 4
        left = 0
        for index, (segment, count) in enumerate(zip(segments, counts, strict=True)):
            if count <= 0:
                continue
            x, width = _PAD_LEFT + left * unit, count * unit
            rect = svg.add(
                row,
                "rect",
                {
                    "x": x,
                    "y": bar_y,
                    "width": width,
                    "height": _BAR_HEIGHT,
                    "fill": fills[index],
                    "stroke": "#ffffff",
                    "stroke-width": 1.5,
                },
            )
            svg.add(rect, "title").text = f"{segment.label}: {count}"
            value = str(count)
            needed = _text_width(value, _COUNT_SIZE, bold=True)
            if width >= needed + 3:
                box = min(needed + 6, width - 3)
                centre, middle = x + width / 2, bar_y + _BAR_HEIGHT / 2
                # A plain patch under the number keeps it on the full colour, off the hatching.
                svg.add(
                    row,
                    "rect",
                    {
                        "x": centre - box / 2,
                        "y": middle - _COUNT_SIZE * 0.7,
                        "width": box,
                        "height": _COUNT_SIZE * 1.4,
                        "rx": 3,
                        "fill": segment.style.colour,
                    },
                )
                svg.add(
                    row,
                    "text",
                    {
                        "x": centre,
                        "y": _baseline(middle, _COUNT_SIZE),
                        "fill": "#ffffff",
                        "font-size": _COUNT_SIZE,
                        "font-weight": "bold",
                        "text-anchor": "middle",
                    },
                ).text = value
            left += count

    return svg.finish(
        chart_id=chart_id,
        title=title,
        description=description,
        width=_BAR_WIDTH,
        height=height,
        css_class="chart chart-bars",
    )


# Geometry of the bar chart in viewBox units (about CSS pixels at its usual width).
_BAR_WIDTH = 460
_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 10, 14, 4, 4
_LEGEND_SIZE, _TICK_SIZE, _LABEL_SIZE, _COUNT_SIZE = 13, 12, 14, 13
_LEGEND_LINE = 22
_SWATCH = (26, 16)
_LABEL_LINE = 17
_LABEL_CHARS = 52
_BAR_HEIGHT = 24
_ROW_GAP = 12


class _Svg:
    """A small ElementTree builder: numbers written the same way every time, text escaped."""

    def __init__(self) -> None:
        self.root = ET.Element(f"{{{SVG_NS}}}svg")

    def add(self, parent: ET.Element, tag: str, attributes: dict | None = None) -> ET.Element:
        return ET.SubElement(
            parent,
            f"{{{SVG_NS}}}{tag}",
            {name: _number(value) for name, value in (attributes or {}).items()},
        )

    def finish(
        self,
        *,
        chart_id: str,
        title: str,
        description: str,
        width: float,
        height: float,
        css_class: str,
    ) -> str:
        root = self.root
        title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
        desc = ET.Element(f"{{{SVG_NS}}}desc", {"id": desc_id})
        desc.text = description
        title_element = ET.Element(f"{{{SVG_NS}}}title", {"id": title_id})
        title_element.text = title
        root.insert(0, desc)
        root.insert(0, title_element)
        for name, value in {
            "id": chart_id,
            "class": css_class,
            "role": "img",
            "aria-labelledby": f"{title_id} {desc_id}",
            "focusable": "false",
            "viewBox": f"0 0 {_number(width)} {_number(height)}",
            "preserveAspectRatio": "xMinYMin meet",
        }.items():
            root.set(name, value)
        ET.register_namespace("", SVG_NS)
        return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def _baseline(middle: float, size: float) -> float:
    """The y of a text line centred on `middle`: dominant-baseline is not drawn alike by
    browsers and WeasyPrint, so the centring is done here."""
    return middle + size * 0.35


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A generous estimate of a line's width in a sans-serif page font."""
    return len(text) * size * (0.7 if bold else 0.58)


def _integer_ticks(most: int) -> tuple[int, int]:
    """A round whole-number step giving at most seven intervals, and the axis end: the first
    tick at or past `most`."""
    most = max(most, 1)
    for magnitude in itertools.count():
        for base in (10, 20, 25, 50):
            step, rest = divmod(base * 10**magnitude, 10)
            if step and not rest and math.ceil(most / step) <= 7:
                return step, math.ceil(most / step) * step
    raise AssertionError("unreachable")


# Hatch characters as matplotlib knows them, drawn in white on an 8×8 tile.
_HATCH_SHAPES = {
    "/": ("path", {"d": "M-2 2L2-2M0 8L8 0M6 10L10 6"}),
    "\\": ("path", {"d": "M-2 6L2 10M0 0L8 8M6-2L10 2"}),
    "|": ("path", {"d": "M4 0V8"}),
    "-": ("path", {"d": "M0 4H8"}),
    "+": ("path", {"d": "M4 0V8M0 4H8"}),
    "x": ("path", {"d": "M0 0L8 8M8 0L0 8"}),
    "X": ("path", {"d": "M0 0L8 8M8 0L0 8"}),
    ".": ("circle", {"cx": 4, "cy": 4, "r": 1.4, "fill": "#ffffff", "stroke": "none"}),
    "o": ("circle", {"cx": 4, "cy": 4, "r": 2.2, "fill": "none"}),
    "O": ("circle", {"cx": 4, "cy": 4, "r": 3, "fill": "none"}),
    "*": ("path", {"d": "M4 1V7M1.4 2.5L6.6 5.5M6.6 2.5L1.4 5.5"}),
}


def _pattern(svg: _Svg, defs: ET.Element, pattern_id: str, style: Style) -> str:
    """The fill for a series: its colour, or a pattern of its colour with its hatch on top."""
    shapes = [_HATCH_SHAPES[c] for c in dict.fromkeys(style.hatch) if c in _HATCH_SHAPES]
    if not shapes:
        return style.colour
    pattern = svg.add(
        defs,
        "pattern",
        {"id": pattern_id, "width": 8, "height": 8, "patternUnits": "userSpaceOnUse"},
    )
    svg.add(pattern, "rect", {"width": 8, "height": 8, "fill": style.colour})
    for tag, attributes in shapes:
        svg.add(pattern, tag, {"stroke": "#ffffff", "stroke-width": 1.2, **attributes})
    return f"url(#{pattern_id})"


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
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    _styles_to_attributes(root)
    # Again here: another library registering its own default namespace would otherwise make
    # this write "ns0:svg".
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _styles_to_attributes(root: ET.Element) -> None:
    """matplotlib's style="fill: …; stroke: …" as presentation attributes: the page's
    Content-Security-Policy blocks style attributes, and every property it writes (fill,
    stroke*, font-*, text-anchor) exists as an SVG attribute."""
    for element in root.iter():
        style = element.attrib.pop("style", None)
        if not style:
            continue
        for declaration in style.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip() and value.strip():
                element.attrib.setdefault(name.strip(), value.strip())


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
