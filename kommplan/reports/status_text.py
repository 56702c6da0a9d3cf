"""The sentences of a status report, shared by its DOCX and PDF versions."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommplan.actions.models import StatusUpdate

from .content import StatusContent, print_title, print_title_html


@dataclass
class StatusTexts:
    content: StatusContent

    @property
    def title(self) -> str:
        return _("Statusrapport %(start)s–%(end)s") % {"start": self.start, "end": self.end}

    @property
    def title_html(self) -> SafeString:
        """The title with the period kept on one line (it broke after the en dash)."""
        period = f"{self.start}–{self.end}"
        return mark_safe(  # the title is escaped, the span is ours
            escape(self.title).replace(period, f'<span class="period">{period}</span>', 1)
        )

    def latest_text(self, line) -> str:
        """The latest comment of the period with its date, as the per-goal tables show it."""
        if line.latest is None:
            return ""
        return f"{line.latest.date:%d.%m.%Y}: {line.latest.comment}"

    @property
    def strategy_title(self) -> str:
        return print_title(self.content.strategy.title)

    @property
    def strategy_title_html(self) -> SafeString:
        return print_title_html(self.content.strategy.title)

    @property
    def start(self) -> str:
        return f"{self.content.start:%d.%m.%Y}"

    @property
    def end(self) -> str:
        return f"{self.content.end:%d.%m.%Y}"

    @property
    def period(self) -> str:
        return _("Rapportperiode: %(start)s–%(end)s") % {"start": self.start, "end": self.end}

    @property
    def generated(self) -> str:
        return _("Laget %(date)s") % {"date": f"{timezone.localdate():%d.%m.%Y}"}

    @property
    def summary(self) -> str:
        c = self.content
        counts = dict(zip(c.statuses, c.counts_end, strict=True))
        parts = [
            ngettext(
                "Planen har %(count)s tiltak.",
                "Planen har %(count)s tiltak.",
                c.total,
            )
            % {"count": c.total},
            _("Ved utgangen av perioden (%(end)s): %(list)s.")
            % {
                "end": self.end,
                "list": ", ".join(f"{s.label.lower()} {n}" for s, n in counts.items()),
            },
            ngettext(
                "%(count)s tiltak ble fullført i perioden.",
                "%(count)s tiltak ble fullført i perioden.",
                c.completed_in_period,
            )
            % {"count": c.completed_in_period},
            ngettext(
                "%(count)s statusoppdatering ble rapportert i perioden.",
                "%(count)s statusoppdateringer ble rapportert i perioden.",
                len(c.done),
            )
            % {"count": len(c.done)},
            ngettext(
                "%(count)s tiltak var forsinket.",
                "%(count)s tiltak var forsinket.",
                len(c.late),
            )
            % {"count": len(c.late)},
        ]
        return " ".join(parts)

    def comment(self, update: StatusUpdate) -> str:
        text = update.comment.strip()
        author = update.author_name.strip()
        if author and not self.content.public_only:
            return f"{text} ({author})" if text else f"({author})"
        return text

    def update_line(self, update: StatusUpdate) -> str:
        return f"{update.date:%d.%m.%Y}: {self.comment(update)}".rstrip(": ")


def status_texts(content: StatusContent) -> StatusTexts:
    return StatusTexts(content)
