"""The progress charts of a status report: SVG for the PDF (kommplan.lib.charts), PNG for DOCX.

Each chart carries its text alternative twice: a description (the SVG's <desc>, the picture's
alt text in Word) and a table with the same numbers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from kommplan.lib.charts import PALETTE, Segment, status_bar_chart

from .content import StatusContent


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    labels: list[str]  # one per row (bar)
    segments: list[str]  # one per status
    counts: list[list[int]]

    @property
    def header(self) -> list[str]:
        return ["", *self.segments, _("Sum")]

    @property
    def rows(self) -> list[list[str]]:
        return [
            [label, *(str(n) for n in counts), str(sum(counts))]
            for label, counts in zip(self.labels, self.counts, strict=True)
        ]

    @cached_property
    def svg(self) -> str:
        return status_bar_chart(
            chart_id=self.chart_id,
            title=self.title,
            description=self.description,
            rows=list(zip(self.labels, self.counts, strict=True)),
            segments=[Segment(label, PALETTE[i]) for i, label in enumerate(self.segments)],
            axis_label=_("Antall tiltak"),
        )

    @cached_property
    def png(self) -> bytes:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        height = 1.4 + 0.55 * max(len(self.labels), 1)
        figure = Figure(figsize=(8.5, height), dpi=150, layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        positions = list(range(len(self.labels)))[::-1]
        lefts = [0] * len(self.labels)
        for index, label in enumerate(self.segments):
            style = PALETTE[index]
            widths = [counts[index] for counts in self.counts]
            bars = ax.barh(
                positions,
                widths,
                left=lefts,
                height=0.64,
                color=style.colour,
                hatch=style.hatch or None,
                edgecolor="white",
                label=label,
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
                        fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "fc": style.colour, "ec": "none"},
                    )
            lefts = [a + b for a, b in zip(lefts, widths, strict=True)]
        ax.set_yticks(positions, [_wrap(label) for label in self.labels])
        ax.set_xlim(0, max(max(lefts, default=0), 1) * 1.02)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel(_("Antall tiltak"))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=min(len(self.segments), 3),
            frameon=False,
        )
        out = io.BytesIO()
        figure.savefig(out, format="png")
        return out.getvalue()


def _wrap(text: str, width: int = 34) -> str:
    import textwrap

    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) > 2:
        lines = lines[:2]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def status_charts(content: StatusContent) -> list[Chart]:
    if not content.total:
        return []
    segments = [str(status.label) for status in content.statuses]
    start, end = f"{content.start:%d.%m.%Y}", f"{content.end:%d.%m.%Y}"

    def listing(counts: list[int]) -> str:
        return ", ".join(f"{s}: {n}" for s, n in zip(segments, counts, strict=True))

    progress = Chart(
        chart_id="framdrift-graf",
        title=_("Status ved starten og slutten av perioden"),
        description=_(
            "Tiltakene fordelt på status. %(start)s: %(before)s. %(end)s: %(after)s. "
            "Tabellen under har de samme tallene."
        )
        % {
            "start": start,
            "before": listing(content.counts_start),
            "end": end,
            "after": listing(content.counts_end),
        },
        labels=[start, end],
        segments=segments,
        counts=[content.counts_start, content.counts_end],
    )
    per_goal = Chart(
        chart_id="status-per-mal-graf",
        title=_("Status per mål %(date)s") % {"date": end},
        description=_("Tiltakene for hvert mål fordelt på status %(date)s. %(list)s.")
        % {
            "date": end,
            "list": "; ".join(f"{g.title}: {listing(g.counts())}" for g in content.goals),
        },
        labels=[goal.title for goal in content.goals],
        segments=segments,
        counts=[goal.counts() for goal in content.goals],
    )
    return [progress, per_goal]
