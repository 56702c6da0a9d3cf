"""Property-based tests: generated text and mutated bytes of valid files go through extract();
the answer is always an ExtractedDocument that keeps its invariants, or an ImportProblem.

Through extract() every example costs a worker process, so those runs are few; the readers are
also run in this process (parse(), the worker's own entry point) with many more examples, and
there even the worker's catch-all is out of play: any exception but ImportProblem fails.
PDF mutations run only in the sandbox, since PDFium is native code.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommplan.documents.errors import ImportProblem
from kommplan.documents.extract import ExtractedDocument, Limits, extract
from kommplan.documents.extract.parse import parse
from kommplan.documents.extract.samples import docx_bytes, odt_bytes, odt_paragraphs

from .test_extract import assert_consistent
from .test_extract_hostile import one_page_pdf

sandboxed = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
in_process = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALID = {
    "strategi.pdf": one_page_pdf(),
    "strategi.docx": docx_bytes(
        [("Heading 1", "Mål"), ("List Bullet", "Facebook"), ("Normal", "Vi skal være åpne.")],
        table=[["Tiltak", "Ansvarlig"], ["Nettside", "Rådmannen"]],
    ),
    "strategi.odt": odt_bytes(
        '<text:h text:outline-level="1">Mål</text:h>'
        + odt_paragraphs("Vi skal være åpne.", "Innbyggerne først.")
    ),
    "strategi.html": (
        "<!DOCTYPE html><html><body><h1>Mål</h1><p>Vi skal være åpne.</p>"
        "<ul><li>Facebook</li></ul><table><tr><td>Tiltak</td></tr></table></body></html>"
    ).encode(),
}
NOT_PDF = [name for name in VALID if not name.endswith(".pdf")]


@st.composite
def mutated(draw, names: list[str]) -> tuple[str, bytes]:
    """A valid file with one to three flips, insertions, deletions or a truncation."""
    name = draw(st.sampled_from(names))
    data = bytearray(VALID[name])
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        if action == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return name, bytes(data)


MAIN_PART = {"strategi.docx": "word/document.xml", "strategi.odt": "content.xml"}


@st.composite
def mutated_inside(draw) -> tuple[str, bytes]:
    """A DOCX or ODT whose main XML part is mutated and zipped again with a right checksum,
    so that the XML readers, not the ZIP checks, meet the damage."""
    name = draw(st.sampled_from(sorted(MAIN_PART)))
    source = zipfile.ZipFile(io.BytesIO(VALID[name]))
    data = bytearray(source.read(MAIN_PART[name]))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(
                st.sampled_from([b"<", b">", b"&", b"</w:p>", b"<text:p>", b"\x00", b'"', b"\xff"])
            )
        else:
            del data[at : at + draw(st.integers(1, 32))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = bytes(data) if info.filename == MAIN_PART[name] else source.read(info)
            target.writestr(info.filename, part)
    return name, out.getvalue()


def check(result: ExtractedDocument) -> None:
    assert isinstance(result, ExtractedDocument)
    assert_consistent(result)
    assert any(line.text.strip() for line in result.lines)


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_unmutated_files_are_read(name):
    check(extract(VALID[name], filename=name))


@sandboxed
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_text_goes_through_extract_as_a_document_or_an_import_problem(text, encoding):
    content = text.encode(encoding, errors="replace")
    try:
        check(extract(content, filename="tekst.txt"))
    except ImportProblem as problem:
        assert str(problem)


@sandboxed
@given(mutated(sorted(VALID)))
def test_mutated_files_go_through_extract_as_a_document_or_an_import_problem(case):
    name, content = case
    try:
        check(extract(content, filename=name))
    except ImportProblem as problem:
        assert str(problem)


@in_process
@given(mutated(NOT_PDF))
def test_mutated_files_never_raise_anything_but_import_problem_in_the_readers(case):
    name, content = case
    try:
        check(parse(content, filename=name, limits=Limits()))
    except ImportProblem as problem:
        assert str(problem)


@in_process
@given(mutated_inside())
def test_damaged_xml_inside_a_whole_zip_never_raises_anything_but_import_problem(case):
    name, content = case
    try:
        check(parse(content, filename=name, limits=Limits()))
    except ImportProblem as problem:
        assert str(problem)


@in_process
@given(st.text(max_size=400), st.sampled_from(["a.txt", "a.html", "a"]))
def test_any_text_or_markup_never_raises_anything_but_import_problem_in_the_readers(text, name):
    try:
        check(parse(text.encode("utf-8", errors="replace"), filename=name, limits=Limits()))
    except ImportProblem as problem:
        assert str(problem)


@in_process
@given(
    st.lists(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<li>",
                "</li>",
                "<ul>",
                "</ul>",
                "<td>",
                "<tr>",
                "<table>",
                "</table>",
                "<br>",
                "<h2>",
                "</h2>",
                "<script>",
                "</script>",
                "<pre>",
                "&amp;",
                "<nav>",
                "</nav>",
                "Mål ",
                "tekst\n",
                "<div hidden>",
                "</div>",
                "<!--",
                "-->",
            ]
        ),  # fmt: skip
        max_size=60,
    )
)
def test_any_tag_soup_never_raises_anything_but_import_problem(pieces):
    content = ("<html><body>" + "".join(pieces)).encode()
    try:
        check(parse(content, filename="suppe.html", limits=Limits()))
    except ImportProblem as problem:
        assert str(problem)
