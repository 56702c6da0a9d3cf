"""The interface in Norwegian Nynorsk and English: complete, well-formed, compiled catalogs.

The msgids are Norwegian Bokmål, written straight into the templates and the Python code.
`make messages` extracts them into kommplan/locale/{nn,en}/LC_MESSAGES/django.po and compiles
the .mo files, which are committed so that a fresh clone needs no gettext to run. These tests
need no gettext tools either: they read the catalogs with polib and find the translatable
strings in the source themselves. (`make test` also runs makemessages and fails when that would
change the catalogs; see the Makefile.)

When a test here fails because of a new or changed string: run `make messages`, translate the
new entries in both .po files (no fuzzy entries), run `make messages` again to compile, and
commit kommplan/locale.
"""

from __future__ import annotations

import ast
import html
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize

from kommplan.organisations.models import Organisation

LANGUAGES = ["nn", "en"]
ROOT = Path(settings.BASE_DIR)
LOCALE = Path(settings.LOCALE_PATHS[0])
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
# What makemessages skips (the Makefile passes the same --ignore options).
IGNORED_DIRS = {".venv", "var", "node_modules", "locale", "__pycache__"}


@pytest.fixture(autouse=True)
def _keep_the_active_language():
    """A request in nn or en leaves that language active on the thread; put Bokmål back so
    that later tests get the msgids."""
    before = translation.get_language()
    yield
    translation.activate(before)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def catalog(lang: str) -> polib.POFile:
    return polib.pofile(str(po_path(lang)))


def live(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def forms(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: one for a plain entry, one per plural form otherwise.
    With nplurals=2 form 0 is the msgid's and form 1 the msgid_plural's."""
    if entry.msgid_plural:
        sources = [entry.msgid, entry.msgid_plural]
        return [(sources[min(i, 1)], entry.msgstr_plural.get(i, "")) for i in range(2)]
    return [(entry.msgid, entry.msgstr)]


# --- (a) complete ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalog_header_is_right(lang):
    po = catalog(lang)
    assert not po.metadata_is_fuzzy, "a fuzzy header is skipped by msgfmt"
    assert po.metadata["Language"] == lang
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete(lang):
    po = catalog(lang)
    entries = live(po)
    assert len(entries) > 500, "the catalog has lost most of its entries"
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if not all(text.strip() for _, text in forms(e))] == []
    assert [e.msgid for e in entries if e.msgid_plural and len(e.msgstr_plural) != 2] == []
    # `make messages` drops strings no longer in the source (--no-obsolete); an obsolete entry
    # means the catalog was updated some other way and may hide a string that is used again.
    assert [e.msgid for e in po.obsolete_entries()] == []


# Where the context, msgid and plural are among a call's arguments, for the keywords
# makemessages gives xgettext (gettext_lazy, ngettext_lazy, ... are read as their base name).
_PYTHON_KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "pgettext": (0, 1, None),
    "npgettext": (0, 1, 2),
}


def _python_msgids(path: Path) -> set[tuple[str | None, str, str | None]]:
    """(msgctxt, msgid, msgid_plural) of every gettext call with literal arguments."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None) or ""
        layout = _PYTHON_KEYWORDS.get(name.removesuffix("_lazy"))
        if layout is None:
            continue
        values = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        wanted = [i for i in layout if i is not None]
        if len(values) <= max(wanted) or not all(isinstance(values[i], str) for i in wanted):
            continue  # not literal strings: xgettext skips them too
        found.add(tuple(values[i] if i is not None else None for i in layout))
    return found


_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_CALL = re.compile(
    rf"\b(?P<func>npgettext|pgettext|ngettext|gettext|_)\((?P<args>\s*{_STRING}(?:\s*,\s*{_STRING})*)"
)


def _template_msgids(path: Path) -> set[tuple[str | None, str, str | None]]:
    """The same for a template, through Django's templatize() as makemessages does it."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    for match in _CALL.finditer(code):
        strings = ast.literal_eval("(" + match["args"] + ",)")
        func = match["func"]
        if func in ("gettext", "_"):
            found.add((None, strings[0], None))
        elif func == "ngettext":
            found.add((None, strings[0], strings[1]))
        elif func == "pgettext":
            found.add((strings[0], strings[1], None))
        else:
            found.add((strings[0], strings[1], strings[2]))
    return found


def source_msgids() -> dict[tuple[str | None, str, str | None], str]:
    """Every translatable string in the project, with one file it comes from."""
    found: dict[tuple[str | None, str, str | None], str] = {}
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if any(part in IGNORED_DIRS or part.startswith(".") for part in relative.parts[:-1]):
            continue
        if path.suffix == ".py":
            keys = _python_msgids(path)
        elif path.suffix in (".html", ".txt") and path.is_file():
            keys = _template_msgids(path)
        else:
            continue
        for key in keys:
            found.setdefault(key, str(relative))
    return found


def test_every_string_in_the_source_is_in_both_catalogs():
    """The catalogs are not stale: what the templates and the code ask for is translated.
    (Needs no gettext; the Makefile's check with makemessages is stricter.)"""
    wanted = source_msgids()
    assert len(wanted) > 500, "found too few translatable strings: is the extraction broken?"
    for lang in LANGUAGES:
        entries = {(e.msgctxt, e.msgid): e for e in live(catalog(lang))}
        missing = []
        for (ctx, msgid, plural), origin in sorted(wanted.items(), key=lambda kv: kv[1]):
            entry = entries.get((ctx, msgid))
            if entry is None or entry.msgid_plural != (plural or "") or not entry.translated():
                missing.append(f"{origin}: {msgid!r}")
        assert missing == [], f"{lang}: not in the catalog or not translated; run make messages"


# --- (b) placeholders and markup kept --------------------------------------------------------

PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?P<conv>[diouxXeEfFgGcrsa%])"
)
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def placeholders(text: str) -> Counter:
    return Counter(m[0] for m in PLACEHOLDER.finditer(text) if m["conv"] != "%")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_keeps_the_placeholders_and_markup(lang):
    wrong = []
    for entry in live(catalog(lang)):
        for index, (source, text) in enumerate(forms(entry)):
            if not text:
                continue  # reported by the completeness test
            have, want = placeholders(text), placeholders(source)
            if entry.msgid_plural and index == 0:
                # The singular may leave the count out ("Den siste statusoppdateringen").
                ok = set(have) <= set(placeholders(entry.msgid_plural)) and have >= want
            else:
                ok = have == want
            if not ok:
                wrong.append((entry.msgid, index, dict(want), dict(have)))
            if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
                wrong.append((entry.msgid, index, "HTML tags differ"))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_python_format_translations_format(lang):
    """A stray "%" in a translation breaks the page when Django formats it."""
    broken = []
    for entry in live(catalog(lang)):
        if "python-format" not in entry.flags:
            continue
        for source, text in forms(entry):
            found = [m for m in PLACEHOLDER.finditer(source) if m["conv"] != "%"]
            names = {m["name"] for m in found if m["name"]}
            values = {name: 1 for name in names} if names else (1,) * len(found)
            try:
                text % values
            except (TypeError, ValueError, KeyError) as error:
                broken.append((entry.msgid, text, str(error)))
    assert broken == []


# --- (c) the committed .mo files are compiled from the .po files ----------------------------


def _compiled(entries) -> dict:
    table = {}
    for entry in entries:
        if not entry.msgid:
            continue  # the header
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        if entry.msgid_plural:
            table[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            table[key] = entry.msgstr
    return table


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_po_file(lang):
    po = catalog(lang)
    mo_path = po_path(lang).with_suffix(".mo")
    assert mo_path.exists(), "run make messages (compilemessages) and commit the .mo file"
    mo = polib.mofile(str(mo_path))
    # msgfmt leaves out untranslated and fuzzy entries, so compare with the translated ones.
    expected = _compiled(e for e in po.translated_entries())
    assert _compiled(mo) == expected, "the .mo file is stale: run make messages"
    assert mo.metadata.get("Plural-Forms") == PLURAL_FORMS


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("nn", "Hopp til hovudinnhaldet"), ("en", "Skip to main content")],
)
def test_django_loads_the_compiled_catalog(lang, expected):
    with translation.override(lang):
        assert translation.gettext("Hopp til hovedinnhold") == expected
        assert translation.ngettext("%(count)s kanal", "%(count)s kanaler", 2) % {"count": 2} in (
            "2 kanalar",
            "2 channels",
        )


# --- (d) the pages come out in the chosen language -------------------------------------------

PAGES = [
    "organisations:list",
    "strategies:overview",
    "actions:plan",
    "actions:detail",
    "strategies:edit",
]

# Words each page shows in each language; everything here differs from the Bokmål.
EXPECTED = {
    "nn": {
        None: ["Hopp til hovudinnhaldet", "kommunikasjonsstrategien som levande plan", "Byt språk"],
        "organisations:list": ["Organisasjonar", "Kommunikasjonsstrategiar og tiltaksplanar"],
        "strategies:overview": ["Sjå tiltaksplanen", "Føremål", "Utfordringar", "Indikatorar"],
        "actions:plan": ["Filtrer tiltaka", "Berre tiltak over fristen", "Fjern alle filter"],
        "actions:detail": ["Om tiltaket", "Skildring", "Ansvarleg brukar", "Ikkje starta"],
        "strategies:edit": ["Kommunikasjonstrappa", "Kvifor", "Korleis", "Reglement og lovar"],
    },
    "en": {
        None: ["Skip to main content", "the communication strategy as a living plan", "Log out"],
        "organisations:list": ["Organisations", "Communication strategies and action plans"],
        "strategies:overview": ["View the action plan", "Purpose", "Challenges", "Annual wheel"],
        "actions:plan": ["Filter the actions", "Overdue actions only", "Clear all filters"],
        "actions:detail": ["About the action", "Description", "Responsible user", "Not started"],
        "strategies:edit": ["The communication staircase", "Why", "How", "Rules and laws"],
    },
}
# And Bokmål that must be gone: the interface around the (Bokmål) plan texts.
BOKMAL = ["Hopp til hovedinnhold", "kommunikasjonsstrategien som levende plan", "Bytt språk"]


def _page_urls() -> dict[str, str]:
    organisation = Organisation.objects.get(name="Rana kommune")
    strategy = organisation.strategies.order_by("pk").first()
    action = strategy.actions.order_by("position").first()
    in_strategy = [organisation.slug, strategy.pk]
    return {
        "organisations:list": reverse("organisations:list"),
        "strategies:overview": reverse("strategies:overview", args=in_strategy),
        "actions:plan": reverse("actions:plan", args=in_strategy),
        "actions:detail": reverse("actions:detail", args=[organisation.slug, action.pk]),
        "strategies:edit": reverse("strategies:edit", args=in_strategy),
    }


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pages_come_out_in_the_chosen_language(demo, login, lang):
    client = login("rana-redaktor")
    urls = _page_urls()
    po = {e.msgid: e for e in live(catalog(lang)) if not e.msgid_plural}
    translations = [e.msgstr for e in po.values()]
    bokmal_pages = {name: _text(client.get(url)) for name, url in urls.items()}
    assert 'lang="nb"' in bokmal_pages["organisations:list"]

    response = client.post(reverse("set_language"), {"language": lang, "next": urls[PAGES[0]]})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == lang

    for name in PAGES:
        response = client.get(urls[name])
        page = _text(response)
        assert response["Content-Language"] == lang
        assert f'<html lang="{lang}"' in page
        for words in EXPECTED[lang][None] + EXPECTED[lang][name]:
            assert words in page, f"{name} in {lang}: {words!r} is missing"
        for words in BOKMAL:
            assert words not in page, f"{name} in {lang}: Bokmål {words!r} is still there"
        # Every longer interface string the Bokmål page shows is gone from this one (short
        # ones could be words in the plan texts, which stay in Bokmål).
        shown = [
            msgid
            for msgid, entry in po.items()
            if len(msgid) >= 16
            and " " in msgid
            and msgid in bokmal_pages[name]
            and entry.msgstr != msgid
            and not any(msgid in text for text in translations)
        ]
        assert shown, f"{name}: found no interface strings on the Bokmål page"
        assert [msgid for msgid in shown if msgid in page] == [], f"{name} in {lang}"

    # And back to Bokmål.
    client.post(reverse("set_language"), {"language": "nb", "next": urls[PAGES[0]]})
    assert "Hopp til hovedinnhold" in _text(client.get(urls[PAGES[0]]))
