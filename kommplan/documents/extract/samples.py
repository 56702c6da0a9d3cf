"""Sample documents for tests and the speed benchmark, made from code rather than committed.

`strategy_pdf(pages=30)` is a realistic text PDF: embedded subset fonts (as Word and InDesign
exports have), a title page, headings in two sizes, wrapped body text, bullet lists, a running
header and "Side N av M" footers. It needs fpdf2, a development dependency; DOCX samples use
python-docx and ODT samples are written by hand.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_SENTENCES = [
    "Kommunen skal gi innbyggerne korrekt og tilstrekkelig informasjon om tjenestene.",
    "Informasjonen skal være lett å finne, lett å forstå og tilgjengelig for alle.",
    "Ansatte er kommunens viktigste ambassadører og skal kjenne målene i planen.",
    "Vi bruker klart språk i alle brev, på nettsidene og i sosiale medier.",
    "Kommunikasjonsenheten gir råd og støtte til ledere og fagmiljøer i hele organisasjonen.",
    "Innbyggerne skal oppleve at det er enkelt å ta kontakt med kommunen.",
    "Tiltakene følges opp årlig i forbindelse med budsjett og økonomiplan.",
    "Lokale medier er en viktig kanal for å nå innbyggere som ikke bruker nettet.",
]
_HEADINGS = [
    "Innledning",
    "Visjon og verdier",
    "Kommunikasjonsmål",
    "Målgrupper",
    "Kanaler",
    "Roller og ansvar",
    "Tiltaksplan",
    "Krisekommunikasjon",
]


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


@functools.cache
def strategy_pdf(pages: int = 30, *, title: str = "Kommunikasjonsstrategi 2024–2027") -> bytes:
    """A text PDF of `pages` pages that reads like a municipal communication strategy."""
    from fpdf import FPDF

    fonts = _font_dir()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("Sans", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("Sans", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(25, 25, 25)

    def furniture(number: int) -> None:
        pdf.set_font("Sans", "", 8)
        pdf.set_xy(25, 10)
        pdf.cell(0, 5, f"Eksempel kommune – {title}")
        pdf.set_xy(25, 282)
        pdf.cell(0, 5, f"Side {number} av {pages}", align="C")

    pdf.add_page()
    pdf.set_font("Sans", "B", 28)
    pdf.set_xy(25, 80)
    pdf.multi_cell(0, 14, title)
    pdf.set_font("Sans", "", 12)
    pdf.set_x(25)
    pdf.multi_cell(0, 7, "Vedtatt av kommunestyret 14. mars 2024, sak 12/24")
    furniture(1)
    for number in range(2, pages + 1):
        pdf.add_page()
        section = _HEADINGS[(number - 2) % len(_HEADINGS)]
        pdf.set_xy(25, 25)
        pdf.set_font("Sans", "B", 18)
        pdf.multi_cell(0, 10, f"{number - 1}. {section}")
        for part in range(2):
            pdf.set_font("Sans", "B", 13)
            pdf.ln(3)
            pdf.multi_cell(0, 7, f"{number - 1}.{part + 1} {section} – del {part + 1}")
            pdf.set_font("Sans", "", 11)
            for paragraph in range(3):
                start = (number + part + paragraph) % len(_SENTENCES)
                body = " ".join(_SENTENCES[(start + i) % len(_SENTENCES)] for i in range(4))
                pdf.ln(2)
                pdf.multi_cell(0, 5.5, body)
            for item in range(3):
                pdf.set_x(30)
                pdf.multi_cell(0, 5.5, f"• {_SENTENCES[(number + item) % len(_SENTENCES)]}")
        furniture(number)
    return bytes(pdf.output())


def docx_bytes(blocks: list[tuple[str, str]], *, table: list[list[str]] | None = None) -> bytes:
    """A DOCX from (style, text) pairs, e.g. ("Heading 1", "Mål"), ("List Bullet", "Facebook")."""
    import docx

    document = docx.Document()
    for style, text in blocks:
        document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)


def odt_bytes(body_xml: str, *, prolog: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """An ODT whose office:text holds `body_xml` (namespaces text:, table:, draw: bound)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<office:document-content {_ODT_NS} office:version="1.3">'
        f"<office:body><office:text>{body_xml}</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def odt_paragraphs(*texts: str) -> str:
    return "".join(f"<text:p>{escape(text)}</text:p>" for text in texts)


def scanned_pdf(lines: list[str] | tuple[str, ...], *, pages: int = 1) -> bytes:
    """A PDF of page images only (no text layer), as a scanner makes: the lines drawn in black
    on white at 200 dpi, then placed as a picture on each A4 page."""
    return _scanned_pdf(tuple(lines), pages)


@functools.cache
def _scanned_pdf(lines: tuple[str, ...], pages: int) -> bytes:
    from fpdf import FPDF
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(_font_dir() / "DejaVuSans.ttf"), 40)
    pdf = FPDF(format="A4")
    for _ in range(pages):
        image = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
        draw = ImageDraw.Draw(image)
        for number, line in enumerate(lines):
            draw.text((150, 200 + number * 70), line, font=font, fill=0)
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())
