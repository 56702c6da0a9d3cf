from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from kommplan.actions.models import ActionStatus, StatusUpdate
from kommplan.reports.services import status_report

from .conftest import pdf_page_images, pdf_pages_text, squash


@pytest.fixture
def history(strategy_of):
    """Rana's first action: started in February, late in May, finished in September."""
    strategy = strategy_of("rana-kommune")
    action = strategy.actions.order_by("position", "pk").first()
    for day, status, comment in (
        (date(2026, 2, 10), ActionStatus.PAGAR, "Arbeidsgruppe satt ned."),
        (date(2026, 5, 20), ActionStatus.FORSINKET, "Venter på budsjettmidler."),
        (date(2026, 9, 1), ActionStatus.FULLFORT, "Lansert for alle ansatte."),
    ):
        StatusUpdate.objects.create(action=action, date=day, status=status, comment=comment)
    return strategy, action


def _status_cell(docx: bytes, title: str) -> tuple[str, str]:
    doc = Document(io.BytesIO(docx))
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if cells[0] == title and len(cells) == 4 and cells[2] in ActionStatus.labels:
                return cells[2], cells[3]
    raise AssertionError(f"{title} is in no status table")


def test_a_report_for_a_past_period_shows_the_status_as_it_was_then(history):
    strategy, action = history
    spring = status_report(strategy, start=date(2026, 1, 1), end=date(2026, 6, 30), fmt="docx")
    autumn = status_report(strategy, start=date(2026, 7, 1), end=date(2026, 12, 31), fmt="docx")
    assert _status_cell(spring, action.title) == (
        "Forsinket",
        "20.05.2026: Venter på budsjettmidler.",
    )
    assert _status_cell(autumn, action.title) == (
        "Fullført",
        "01.09.2026: Lansert for alle ansatte.",
    )


def test_the_pdf_report_tells_what_was_done_and_what_was_late_and_why(history):
    strategy, action = history
    pdf = status_report(strategy, start=date(2026, 1, 1), end=date(2026, 6, 30), fmt="pdf")
    pages = pdf_pages_text(pdf)
    text = " ".join(pages)
    assert "Statusrapport 01.01.2026–" in pages[0] and "30.06.2026" in pages[0]
    assert "Arbeidsgruppe satt ned." in text
    assert "Lansert for alle ansatte." not in text  # reported after the period
    late = text[text.index("Forsinkede tiltak") :]
    assert squash(action.title) in late and "Venter på budsjettmidler." in late
    # The charts come with their numbers as text: a description and a table.
    assert "Status ved starten og slutten av perioden" in text
    assert "Tabellen under har de samme tallene." in text
    for image in pdf_page_images(pdf):
        from PIL import ImageStat

        assert ImageStat.Stat(image).var[0] > 20


def test_the_docx_report_has_charts_with_alt_text_and_tables(history):
    strategy, _action = history
    docx = status_report(strategy, start=date(2026, 1, 1), end=date(2026, 6, 30), fmt="docx")
    doc = Document(io.BytesIO(docx))
    pictures = doc.inline_shapes
    assert len(pictures) == 2
    for picture in pictures:
        assert "Tiltakene" in picture._inline.docPr.get("descr")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == [
        "Sammendrag",
        "Framdrift",
        "Status per mål",
        "Gjort i perioden",
        "Forsinket",
    ]


def test_the_public_report_has_only_public_actions(history):
    strategy, action = history
    other = strategy.actions.exclude(pk=action.pk).first()
    strategy.actions.update(public=False)
    strategy.actions.filter(pk=action.pk).update(public=True)
    pdf = status_report(
        strategy, start=date(2026, 1, 1), end=date(2026, 6, 30), fmt="pdf", public_only=True
    )
    text = " ".join(pdf_pages_text(pdf))
    assert squash(action.title) in text
    assert squash(other.title) not in text


def test_a_period_that_ends_before_it_starts_is_refused(history):
    strategy, _action = history
    with pytest.raises(ValueError, match="Rapportperioden"):
        status_report(strategy, start=date(2026, 6, 1), end=date(2026, 1, 1), fmt="pdf")


def test_the_pdf_title_keeps_the_period_on_one_line_and_the_table_columns_fit_the_dates(
    history,
):
    strategy, action = history
    pdf = status_report(strategy, start=date(2026, 1, 1), end=date(2026, 12, 31), fmt="pdf")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        path.write_bytes(pdf)
        lines = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout.splitlines()
    # The h1 "Statusrapport 01.01.2026–31.12.2026" once broke after the en dash.
    assert "01.01.2026–31.12.2026" in [line.strip() for line in lines]
    # The dates of the "done" table fit their fixed-width column: none is broken in two.
    for day in ("10.02.2026", "20.05.2026", "01.09.2026"):
        assert day in [line.strip() for line in lines], day
    assert not [line for line in lines if line.strip() in ("10.02.202", "20.05.202")]
