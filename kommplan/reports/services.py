"""Documents out: the strategy document and the status report, as DOCX or PDF.

Both functions return the file's bytes. `public_only=True` makes the edition for the public:
only actions marked public, and the crisis notification list as roles without names, phones or
e-mail addresses. `access` (optional) narrows the actions to those a reader may see, so that a
member organisation's reader never gets actions that are not assigned to them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _

from kommplan.organisations.access import Access
from kommplan.strategies.models import Strategy

from .content import StatusContent, status_content, strategy_content

if TYPE_CHECKING:
    from .status_text import StatusTexts

FORMATS = ("docx", "pdf")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The documents are Norwegian publications whatever the reader's interface language.
DOCUMENT_LANGUAGE = "nb"


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"Ukjent format «{fmt}»; velg docx eller pdf.")


def strategy_document(
    strategy: Strategy, *, fmt: str, public_only: bool = False, access: Access | None = None
) -> bytes:
    """The whole strategy with its action plan as a DOCX or PDF file."""
    _check(fmt)
    with translation.override(DOCUMENT_LANGUAGE):
        content = strategy_content(strategy, public_only=public_only, access=access)
        if fmt == "docx":
            from .docx_writer import strategy_docx

            return strategy_docx(content)
        from .pdf_writer import column_widths, render_pdf, width_rules

        # The same headers as the template's action table; the status is never broken.
        headers = [_("Tiltak"), _("Ansvarlig"), _("Finansiering"), _("Tid"), _("Status")]
        rows = [[a.title, a.responsible, a.financing, a.timing, a.status] for a in content.actions]
        widths = column_widths(headers, rows, unbroken=frozenset({4}))
        return render_pdf(
            "reports/pdf/strategy.html",
            {"c": content, "sections": content.sections()},
            extra_css=width_rules("table.actions", widths),
        )


def status_report(
    strategy: Strategy,
    *,
    start: date,
    end: date,
    fmt: str,
    public_only: bool = False,
    access: Access | None = None,
) -> bytes:
    """The status report for start..end: each action's status as it was at `end`, from the
    status history, what was reported in the period and what was late, with charts."""
    _check(fmt)
    if start > end:
        raise ValueError("Rapportperioden må starte før den slutter.")
    from .charts import status_charts
    from .status_text import status_texts

    with translation.override(DOCUMENT_LANGUAGE):
        content = status_content(
            strategy, start=start, end=end, public_only=public_only, access=access
        )
        charts = status_charts(content)
        if fmt == "docx":
            from .docx_writer import status_docx

            return status_docx(content, charts)
        from .pdf_writer import render_pdf

        texts = status_texts(content)
        return render_pdf(
            "reports/pdf/status.html",
            {"c": content, "t": texts, "charts": charts},
            extra_css=_status_table_widths(content, texts),
        )


def _status_table_widths(content: StatusContent, texts: StatusTexts) -> str:
    """Column widths of the status report's three action tables, from their texts (the same
    headers as the template; the status is never broken)."""
    from .pdf_writer import column_widths, width_rules

    status = _("Status %(date)s") % {"date": texts.end}
    per_goal = column_widths(
        [_("Tiltak"), _("Ansvarlig"), status, _("Siste kommentar i perioden")],
        [
            [a.action.title, a.responsible, a.status_label, texts.latest_text(a)]
            for a in content.actions
        ],
        unbroken=frozenset({2}),
    )
    done = column_widths(
        [_("Dato"), _("Tiltak"), _("Status"), _("Kommentar")],
        [
            ["00.00.0000", d.action_title, d.update.get_status_display(), d.update.comment]
            for d in content.done
        ],
        unbroken=frozenset({0, 2}),
    )
    late = column_widths(
        [_("Tiltak"), _("Frist"), _("Ansvarlig"), _("Hvorfor")],
        [[a.action.title, "00.00.0000", a.responsible, a.late_reason] for a in content.late],
        unbroken=frozenset({1}),
    )
    return "\n".join(
        [
            width_rules("table.status-actions", per_goal),
            width_rules("table.done", done),
            width_rules("table.late", late),
        ]
    )
