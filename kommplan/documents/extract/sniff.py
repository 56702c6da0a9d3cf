"""What a file really is, from its first bytes (and for ZIP files, its list of entries).

The extension says what the user thinks the file is; the bytes say what it is. A mismatch
between container formats (a PDF called .docx, an old .doc renamed to .docx, an ODT called
.docx) is refused with a message naming both. Between the text formats the content decides: a
.txt file holding an HTML page is read as HTML.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import ImportProblem
from .archive import DAMAGED_ZIP

EXTENSIONS = {
    "pdf": "pdf",
    "docx": "docx",
    "odt": "odt",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "txt": "txt",
    "text": "txt",
}
SUPPORTED = "PDF, Word (.docx), OpenDocument-tekst (.odt), HTML og ren tekst (.txt)"

# What a file that we cannot read is, said the way a user would say it.
DESCRIPTIONS = {
    "pdf": "en PDF-fil",
    "docx": "et Word-dokument (.docx)",
    "odt": "et OpenDocument-tekstdokument (.odt)",
    "html": "en nettside (HTML)",
    "txt": "en ren tekstfil",
    "ole": "en eldre Office-fil (for eksempel .doc fra Word 97–2003)",
    "ole-encrypted": "et passordbeskyttet Office-dokument",
    "xlsx": "et Excel-regneark (.xlsx)",
    "pptx": "en PowerPoint-presentasjon (.pptx)",
    "ods": "et OpenDocument-regneark (.ods)",
    "odp": "en OpenDocument-presentasjon (.odp)",
    "epub": "en e-bok (EPUB)",
    "zip": "et ZIP-arkiv",
    "rtf": "et RTF-dokument",
    "png": "et bilde (PNG)",
    "jpeg": "et bilde (JPEG)",
    "gif": "et bilde (GIF)",
    "tiff": "et bilde (TIFF)",
    "gzip": "et komprimert arkiv (gzip)",
    "binary": "en binærfil av ukjent type",
}
TEXT_FORMATS = {"html", "txt"}

_HTML = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype\s+html|<html[\s>])", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(html|head|body|p|div|h[1-6]|ul|ol|table|title)[\s>]", re.I)
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/epub+zip": "epub",
}


def format_from_name(filename: str) -> str | None:
    """The format the file name promises, or None for an unknown or missing extension."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." not in name:
        return None
    return EXTENSIONS.get(name.rsplit(".", 1)[1].lower())


def sniff(content: bytes) -> str:
    """What the bytes are: a key of DESCRIPTIONS."""
    head = content[:4096]
    if b"%PDF-" in content[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(content)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # Office puts password-protected .docx files in an OLE container too.
        if "EncryptedPackage".encode("utf-16-le") in content[:1_000_000]:
            return "ole-encrypted"
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _sniff_text(head.decode("utf-16", errors="replace").encode("utf-8"))
    return _sniff_text(head)


def _sniff_text(head: bytes) -> str:
    if b"\x00" in head:
        return "binary"
    # Control characters other than tab, newline, form feed and carriage return mean binary.
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.01:
        return "binary"
    stripped = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML.match(stripped) or len(_HTML_TAGS.findall(stripped)) >= 3:
        return "html"
    return "txt"


def _sniff_zip(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist()[:100_000])
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 200:
                    mimetype = archive.read(info).strip()
                    return _ODF_MIMETYPES.get(mimetype, "zip")
    except DAMAGED_ZIP:
        # A ZIP we cannot even list: the DOCX/ODT reader says it is damaged.
        return "zip-damaged"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def decide_format(content: bytes, filename: str) -> str:
    """The format to read the file as, or ImportProblem saying what the file really is."""
    expected = format_from_name(filename)
    actual = sniff(content)
    if actual == "zip-damaged":
        if expected in ("docx", "odt"):
            return expected  # its reader reports the damage
        raise ImportProblem(
            "Filen ser ut som et ZIP-arkiv, men er skadet og kan ikke leses."
            + (f" Vi kan lese {SUPPORTED}." if expected is None else "")
        )
    if actual == "ole-encrypted":
        raise ImportProblem(
            "Dokumentet er passordbeskyttet (kryptert) og kan ikke leses. Lagre en kopi uten "
            "passord og last den opp på nytt."
        )
    if actual in TEXT_FORMATS and (expected in TEXT_FORMATS or expected is None):
        return actual
    if actual == expected:
        return actual
    what = DESCRIPTIONS.get(actual, DESCRIPTIONS["binary"])
    if expected is None:
        if actual in EXTENSIONS.values():
            return actual
        raise ImportProblem(f"Filen er {what}. Vi kan lese {SUPPORTED}.")
    advice = _advice(actual)
    raise ImportProblem(
        f"Filen heter «{_short(filename)}», men er egentlig {what}, ikke "
        f"{DESCRIPTIONS[expected]}.{advice}"
    )


def _advice(actual: str) -> str:
    if actual == "ole":
        return " Åpne den i Word og lagre den som .docx, eller lagre den som PDF."
    if actual in ("pdf", "docx", "odt", "html", "txt"):
        return " Gi filen riktig filendelse og prøv igjen."
    return f" Vi kan lese {SUPPORTED}."


def _short(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name if len(name) <= 80 else name[:77] + "…"
