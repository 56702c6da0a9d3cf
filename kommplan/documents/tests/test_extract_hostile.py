"""Hostile and broken files: each is refused (or read harmlessly) with a clear Norwegian
message, within the time limit and with the worker's memory under the limit.

The files are generated here: ZIP bombs (by entry count, by size, with lying sizes), billion
laughs and external entities in DOCX and ODT, PDFs with thousands of pages, circular references,
deeply nested arrays and dictionaries, truncated streams and a decompression bomb.

Memory is measured with os.wait4 on the worker (WorkerRun.max_rss_bytes) and, as the brief asks,
with getrusage(RUSAGE_CHILDREN) for all workers of this test process. On Linux a child's peak RSS
also counts the parent's memory at the moment it was started, so both figures are upper bounds of
what the worker itself used.
"""

from __future__ import annotations

import io
import os
import resource
import socket
import struct
import threading
import zipfile
import zlib

import pytest
from django.conf import settings as django_settings
from fpdf import FPDF

from kommplan.documents.errors import ImportProblem
from kommplan.documents.extract import Limits, extract, extract_run
from kommplan.documents.extract.samples import docx_bytes, odt_bytes, strategy_pdf

MiB = 1024 * 1024


def refused(content: bytes, filename: str, *, limits: Limits | None = None):
    """Run the worker and check the bounds every hostile file must keep; the run."""
    limits = limits or Limits.from_settings()
    run = extract_run(content, filename=filename, limits=limits)
    assert run.seconds < limits.parse_seconds
    assert not run.timed_out, "refused by the time limit, not by a check"
    assert run.max_rss_bytes <= limits.memory_bytes
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert children <= limits.memory_bytes
    return run


def problem_of(content: bytes, filename: str) -> str:
    run = refused(content, filename)
    assert run.problem is not None, "the file should have been refused"
    assert isinstance(run.problem, ImportProblem)
    return str(run.problem)


# Hand-made PDFs ------------------------------------------------------------------------------

TEXT = b"BT /F1 12 Tf 72 720 Td (Kommunikasjonsstrategi for kommunen) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1, the first the catalog) with a right xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def one_page_pdf(contents: bytes = TEXT) -> bytes:
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE % (5, 4),
            stream(contents),
            FONT,
        ]
    )


def many_pages_pdf(pages: int, *, count: int | None = None) -> bytes:
    kids = b" ".join(b"%d 0 R" % (number + 5) for number in range(pages))
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages if count is None else count),
            stream(TEXT),
            FONT,
        ]
        + [PAGE % (4, 3)] * pages
    )


def deflated_zeros(mib: int) -> bytes:
    """A zlib stream of `mib` MiB of zero bytes, made without compressing them all: after a
    full flush every further MiB compresses to the same bytes."""
    chunk = bytes(MiB)
    first = zlib.compressobj(9)
    head = first.compress(chunk) + first.flush(zlib.Z_FULL_FLUSH)
    again = zlib.compressobj(9)
    again.compress(chunk)
    again.flush(zlib.Z_FULL_FLUSH)
    body = again.compress(chunk) + again.flush(zlib.Z_FULL_FLUSH)
    adler = ((mib * MiB) % 65521) << 16 | 1  # Adler-32 of zeros
    return head + body * (mib - 1) + b"\x03\x00" + struct.pack(">I", adler)


def test_the_deflate_bomb_helper_makes_what_it_says():
    assert zlib.decompress(deflated_zeros(3)) == bytes(3 * MiB)


def test_a_pdf_with_thousands_of_pages_is_refused_from_its_page_count():
    message = problem_of(many_pages_pdf(5000), "tykk.pdf")
    assert message.startswith("PDF-filen har 5000 sider; grensen er 300.")


def test_a_pdf_whose_page_count_lies_low_is_read_only_as_far_as_it_claims():
    run = refused(many_pages_pdf(2000, count=1), "lyver.pdf")
    assert run.document is not None
    assert run.document.pages == 1


def test_a_pdf_with_circular_references_is_refused():
    circular = pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R 6 0 R] /Count 3 /Parent 2 0 R >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox 7 0 R /Resources 3 0 R "
            b"/Contents [4 0 R 4 0 R] >>",
            b"<< /Length 4 0 R >>\nstream\n" + TEXT + b"\nendstream",
            FONT,
            b"<< /Type /Pages /Kids [6 0 R 2 0 R] /Count 2 /Parent 6 0 R >>",
            b"8 0 R",
            b"7 0 R",
        ]
    )
    assert problem_of(circular, "sirkel.pdf") == "PDF-filen inneholder ingen tekst."


def test_a_pdf_with_deeply_nested_arrays_and_dictionaries_is_refused():
    depth = 100_000
    deep = pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * depth + b"]" * depth + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            b"<< /F1 5 0 R >> /X " + b"<< /A " * depth + b">>" * depth + b" >> /Contents 4 0 R >>",
            stream(TEXT + b" " + b"[" * depth + b"]" * depth + b" TJ"),
            FONT,
        ]
    )
    assert problem_of(deep, "dyp.pdf") == "PDF-filen inneholder ingen tekst."


def test_a_pdf_with_a_truncated_stream_is_refused_as_damaged():
    whole = one_page_pdf().replace(b"/Length %d" % len(TEXT), b"/Length 100000")
    truncated = whole[: whole.index(b"endstream") - 20]
    assert problem_of(truncated, "avkortet.pdf").startswith(
        "PDF-filen er skadet eller avkortet og kan ikke leses."
    )


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_a_truncated_real_pdf_is_refused_or_read_as_far_as_it_goes(fraction):
    content = strategy_pdf(pages=3)
    run = refused(content[: int(len(content) * fraction)], "kuttet.pdf")
    if run.problem is not None:
        assert "PDF-filen" in str(run.problem)
    else:
        assert run.document.format == "pdf"


BOMB_PDF = pdf_file(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE % (5, 6),
        stream(TEXT),
        FONT,
        stream(deflated_zeros(2000), b"/Filter /FlateDecode"),  # 2000 MiB unpacked
    ]
)


def test_a_decompression_bomb_in_a_pdf_stops_at_the_memory_limit():
    assert len(BOMB_PDF) < 3 * MiB
    message = problem_of(BOMB_PDF, "bombe.pdf")
    assert message.startswith("Dokumentet krever mer minne enn grensen på 1024 MiB")


def test_a_password_protected_pdf_is_refused_as_such():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 20, "Hemmelig strategi")
    pdf.set_encryption(owner_password="eier", user_password="hemmelig")
    assert problem_of(bytes(pdf.output()), "laast.pdf").startswith(
        "PDF-filen er passordbeskyttet (kryptert) og kan ikke leses."
    )


def test_a_pdf_without_pages_or_without_text_is_refused():
    no_pages = pdf_file(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )
    # PDFium does not open a document with an empty page tree at all.
    assert problem_of(no_pages, "tom.pdf").startswith("PDF-filen er skadet")
    assert problem_of(one_page_pdf(b""), "blank.pdf") == "PDF-filen inneholder ingen tekst."


def test_bytes_that_only_start_like_a_pdf_are_refused_as_damaged():
    assert problem_of(b"%PDF-1.7\n" + os.urandom(2000), "tull.pdf").startswith(
        "PDF-filen er skadet"
    )


# DOCX and ODT --------------------------------------------------------------------------------

BASE_DOCX = docx_bytes([("Heading 1", "Mål"), ("Normal", "Innbyggerne skal få god informasjon.")])
XML_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def word_document(body: bytes) -> bytes:
    return b"<w:document %s><w:body>%s</w:body></w:document>" % (W_NS, body)


def rezip(base: bytes, *, replace: dict[str, bytes] | None = None, add=None) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename) or source.read(info))
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def with_entry(base: bytes, name: str, mib: int) -> bytes:
    """`base` plus an entry of `mib` MiB of zeros (deflated, so the file stays small)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with target.open(name, "w") as entry:
            for _ in range(mib):
                entry.write(bytes(MiB))
    return out.getvalue()


LAUGHS = (
    b'<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n else b"&lol;") * 10)
        for n in range(10)
    )
    + b"]>"
)


def test_a_docx_with_too_many_entries_is_refused_before_unpacking():
    bomb = rezip(BASE_DOCX, add={f"word/media/x{n}.bin": b"x" for n in range(2001)})
    assert "grensen er 2000" in problem_of(bomb, "mange.docx")


def test_a_docx_zip_bomb_is_refused_from_its_declared_size_before_unpacking():
    bomb = with_entry(BASE_DOCX, "word/media/bombe.bin", 150)
    assert len(bomb) < MiB
    assert problem_of(bomb, "bombe.docx").startswith(
        "Word-dokumentet blir over 100 MiB når det pakkes ut (en såkalt ZIP-bombe?)"
    )


def test_a_docx_entry_that_lies_about_its_size_is_refused_as_damaged():
    data = bytearray(with_entry(BASE_DOCX, "word/bombe.xml", 150))
    name = b"word/bombe.xml"
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    data[central + 24 : central + 28] = struct.pack("<I", 1024)  # claims 1 KiB unpacked
    message = problem_of(bytes(data), "lyver.docx")
    assert message == "word/bombe.xml: Word-dokumentet er skadet eller avkortet og kan ikke leses."


def test_billion_laughs_in_a_docx_is_refused():
    laughs = rezip(
        BASE_DOCX,
        replace={
            "word/document.xml": XML_HEAD
            + LAUGHS
            + word_document(b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>")
        },
    )
    assert "«billion laughs»" in problem_of(laughs, "latter.docx")


@pytest.mark.parametrize("part", ["word/document.xml", "[Content_Types].xml", "word/styles.xml"])
def test_external_entities_in_any_docx_part_are_refused(part):
    xxe = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    with zipfile.ZipFile(io.BytesIO(BASE_DOCX)) as archive:
        original = archive.read(part)
    poisoned = original.replace(b"?>", b"?>" + xxe, 1)
    message = problem_of(rezip(BASE_DOCX, replace={part: poisoned}), "xxe.docx")
    assert "eksterne entiteter" in message
    assert "root:" not in message


def test_a_dtd_in_a_docx_part_with_an_unusual_name_is_refused_too():
    # The package's content types, not the part's name, decide whether a reader parses it.
    poisoned = rezip(BASE_DOCX, add={"word/stiler.dat": XML_HEAD + LAUGHS + b"<w:styles/>"})
    assert "«billion laughs»" in problem_of(poisoned, "navn.docx")


def test_a_docx_part_declaring_an_unknown_encoding_is_refused_as_damaged():
    # Found by the property tests: expat raised LookupError for encoding="TTF-8".
    document = b'<?xml version="1.0" encoding="TTF-8"?>' + word_document(b"")
    content = rezip(BASE_DOCX, replace={"word/document.xml": document})
    assert problem_of(content, "koding.docx") == (
        "Word-dokumentet er skadet: XML-delen word/document.xml kan ikke leses."
    )


def test_a_docx_with_deeply_nested_xml_is_refused():
    depth = 100_000
    deep = word_document(b"<w:sdt><w:sdtContent>" * depth + b"</w:sdtContent></w:sdt>" * depth)
    message = problem_of(rezip(BASE_DOCX, replace={"word/document.xml": deep}), "dyp.docx")
    assert message == "Word-dokumentet er skadet og kan ikke leses."


def test_a_docx_whose_styles_are_based_on_each_other_in_a_circle_is_read():
    styles = (
        XML_HEAD
        + b"<w:styles %s>" % W_NS
        + b'<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/>'
        b'<w:basedOn w:val="B"/></w:style>'
        b'<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/>'
        b'<w:basedOn w:val="A"/></w:style></w:styles>'
    )
    document = word_document(
        b'<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>Visjon</w:t></w:r></w:p>'
    )
    content = rezip(
        BASE_DOCX, replace={"word/styles.xml": styles, "word/document.xml": XML_HEAD + document}
    )
    run = refused(content, "sirkel.docx")
    assert run.document.text == "Visjon"


@pytest.mark.parametrize("cut", [0.1, 0.5, 0.95])
def test_a_truncated_docx_is_refused_as_damaged(cut):
    message = problem_of(BASE_DOCX[: int(len(BASE_DOCX) * cut)], "kuttet.docx")
    assert message.startswith("Word-dokumentet er skadet")


def test_an_odt_with_billion_laughs_or_an_external_entity_is_refused():
    laughs = odt_bytes("<text:p>&lol9;</text:p>", prolog=LAUGHS.decode().replace("w:document", "x"))
    assert "«billion laughs»" in problem_of(laughs, "latter.odt")
    xxe = odt_bytes(
        "<text:p>&xxe;</text:p>",
        prolog='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    )
    assert "eksterne entiteter" in problem_of(xxe, "xxe.odt")


def test_an_odt_with_deeply_nested_spans_is_read_without_trouble():
    depth = 100_000
    body = "<text:p>Visjon" + "<text:span>" * depth + "</text:span>" * depth + "</text:p>"
    run = refused(odt_bytes(body), "dyp.odt")
    assert run.document.text == "Visjon"


# HTML and text -------------------------------------------------------------------------------


def test_deeply_nested_and_unclosed_html_is_read_in_bounded_time():
    page = b"<html><body>" + b"<span>" * 600 + b"<p>Visjon" * 50_000 + b"<div>" * 100_000
    run = refused(page, "dyp.html")
    assert run.document.lines[0].text == "Visjon"


def test_a_file_over_the_size_limit_is_refused_before_any_worker_starts(settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    run = extract_run(b"x" * 1001, filename="stor.txt")
    assert (run.seconds, run.max_rss_bytes) == (0.0, 0)
    assert str(run.problem).startswith("Filen er på 0,0 MiB; grensen er 0,0 MiB.")


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("filename", ["tom.txt", "tom.pdf", "tom.docx"])
def test_an_empty_file_is_refused(content, filename):
    with pytest.raises(ImportProblem, match="tom"):
        extract(content, filename=filename)


# The sandbox itself --------------------------------------------------------------------------


def test_a_worker_over_the_time_limit_is_killed_with_its_process_group(settings):
    settings.DOCUMENT_PARSE_SECONDS = 0.05
    run = extract_run(strategy_pdf(pages=30), filename="treg.pdf")
    assert run.timed_out
    assert run.seconds < 0.05 + 1.0
    assert str(run.problem).startswith("Det tok for lang tid å lese dokumentet (grensen er 0.05")
    assert run.exit_status == -9


def test_a_worker_over_the_memory_limit_is_stopped_with_a_clear_message(settings):
    settings.DOCUMENT_PARSE_MEMORY_BYTES = 200 * MiB
    run = extract_run(BOMB_PDF, filename="minne.pdf")
    assert str(run.problem).startswith("Dokumentet krever mer minne enn grensen på 200 MiB")
    assert not run.timed_out


def test_the_worker_reports_its_own_peak_memory():
    run = extract_run(strategy_pdf(pages=3), filename="strategi.pdf")
    assert 10 * MiB < run.worker_peak_bytes <= run.max_rss_bytes


def test_the_default_limits_are_the_settings(settings):
    assert Limits.from_settings() == Limits(
        max_bytes=20 * MiB,
        max_pages=300,
        max_zip_entries=2000,
        max_uncompressed_bytes=100 * MiB,
        parse_seconds=20,
        memory_bytes=1024 * MiB,
    )
    assert django_settings.DOCUMENT_PARSE_SECONDS == 20


class _Listener:
    """A local HTTP port that counts connections: proof that nothing was fetched."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


def test_nothing_a_document_links_to_is_ever_fetched():
    listener = _Listener()
    url = f"http://127.0.0.1:{listener.port}"
    try:
        page = (
            f'<html><head><link rel="stylesheet" href="{url}/a.css">'
            f'<script src="{url}/a.js"></script></head><body><p>Visjon</p>'
            f'<img src="{url}/a.png"><iframe src="{url}/a.html"></iframe>'
            f'<object data="{url}/a.swf"></object></body></html>'
        ).encode()
        rels = (
            XML_HEAD + b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/image" Target="%s/b.png" TargetMode="External"/>'
            b'<Relationship Id="rId98" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/styles" Target="styles.xml"/></Relationships>' % url.encode()
        )
        linked_docx = rezip(BASE_DOCX, replace={"word/_rels/document.xml.rels": rels})
        external_dtd = rezip(
            BASE_DOCX,
            replace={
                "word/document.xml": XML_HEAD
                + b'<!DOCTYPE x SYSTEM "%s/c.dtd">' % url.encode()
                + word_document(b"")
            },
        )
        pdf_link = one_page_pdf().replace(
            b"/Contents 4 0 R",
            b"/Contents 4 0 R /Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] "
            b"/A << /S /URI /URI (%s/d) >> >>]" % url.encode(),
        )
        assert refused(page, "lenker.html").document.text == "Visjon"
        refused(linked_docx, "lenker.docx")
        assert "eksterne entiteter" in problem_of(external_dtd, "dtd.docx")
        refused(pdf_link, "lenke.pdf")
    finally:
        listener.close()
    assert listener.connections == 0
