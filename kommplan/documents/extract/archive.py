"""Opening the ZIP container of a DOCX or ODT safely, and parsing its XML without DTDs.

Everything is checked from the ZIP's central directory before a byte is unpacked: the number of
entries, the declared uncompressed size of each and of all, encryption and compression method.
Python's zipfile never hands out more than an entry's declared size (a lying entry fails its
CRC check), so the declared sizes bound what unpacking can cost.

No OOXML or ODF part needs a DTD, so any DOCTYPE is refused before the XML is read: that rules
out entity expansion (billion laughs) and external entities alike.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import Element

import defusedxml.ElementTree
from defusedxml import DefusedXmlException

from ..errors import ImportProblem
from .limits import Limits, mib

_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
# What zipfile raises on a damaged or truncated archive.
DAMAGED_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
    UnicodeDecodeError,
)


def open_archive(content: bytes, *, limits: Limits, what: str) -> zipfile.ZipFile:
    """The ZIP file, checked against the limits; ImportProblem when it is damaged or too big."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except DAMAGED_ZIP:
        raise ImportProblem(
            f"{what} er skadet eller avkortet og kan ikke leses (ZIP-strukturen er ødelagt)."
        ) from None
    if len(infos) > limits.max_zip_entries:
        raise ImportProblem(
            f"{what} inneholder {len(infos)} deler; grensen er {limits.max_zip_entries}. "
            "Filen kan være laget for å overbelaste systemet, og blir ikke pakket ut."
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ImportProblem(
                f"{what} er kryptert og kan ikke leses. Lagre en kopi uten passord."
            )
        if info.compress_type not in _METHODS:
            raise ImportProblem(
                f"{what} bruker en komprimeringsmetode vi ikke støtter, og kan ikke leses."
            )
        total += info.file_size
        if info.file_size > limits.max_uncompressed_bytes or total > limits.max_uncompressed_bytes:
            raise ImportProblem(
                f"{what} blir over {mib(limits.max_uncompressed_bytes)} når det pakkes ut "
                "(en såkalt ZIP-bombe?), og blir ikke pakket ut."
            )
    return archive


def read_part(archive: zipfile.ZipFile, name: str, *, what: str) -> bytes:
    """One entry, whole; its size was bounded by open_archive."""
    try:
        return archive.read(name)
    except KeyError:
        raise ImportProblem(f"{what} mangler delen {name} og kan ikke leses.") from None
    except DAMAGED_ZIP:
        raise ImportProblem(
            f"{what} er skadet eller avkortet og kan ikke leses.", where=name
        ) from None


def parse_xml(data: bytes, *, name: str, what: str) -> Element:
    """An XML part as an ElementTree element, refusing any DTD, entity or external reference."""
    try:
        return defusedxml.ElementTree.fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise _dtd_problem(name, what) from None
    except (defusedxml.ElementTree.ParseError, ValueError, LookupError):
        raise _damaged_problem(name, what) from None


class _Discard:
    """A parser target that keeps nothing: checking a part need not build its tree."""

    def close(self) -> None:
        return None


# Parts that are never XML; every other part is checked if it looks like XML, whatever its
# name, since the package's content types (not the name) decide how a reader parses it.
_BINARY = (
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".bin", ".ttf",
    ".odttf", ".fntdata", ".wdp", ".jfif",
)  # fmt: skip


def check_xml_parts(archive: zipfile.ZipFile, *, what: str) -> None:
    """Refuse the archive if any XML part has a DTD, before another library parses it."""
    for info in archive.infolist():
        if info.is_dir() or info.filename.lower().endswith(_BINARY):
            continue
        data = read_part(archive, info.filename, what=what)
        if not data.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").startswith((b"<", b"\x00<")):
            continue
        parser = defusedxml.ElementTree.DefusedXMLParser(
            target=_Discard(), forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        try:
            parser.feed(data)
            parser.close()
        except DefusedXmlException:
            raise _dtd_problem(info.filename, what) from None
        except (defusedxml.ElementTree.ParseError, ValueError, LookupError):
            raise _damaged_problem(info.filename, what) from None


def _dtd_problem(name: str, what: str) -> ImportProblem:
    return ImportProblem(
        f"{what} inneholder XML-definisjoner (DTD eller entiteter) i {name}, som vanlige "
        "dokumenter ikke har. Slikt brukes i angrep («billion laughs», eksterne entiteter), så "
        "filen blir ikke lest."
    )


def _damaged_problem(name: str, what: str) -> ImportProblem:
    return ImportProblem(f"{what} er skadet: XML-delen {name} kan ikke leses.")
