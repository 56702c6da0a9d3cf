"""Keyboard-only flows for the open pages and the documents: a visitor without an account finds a
published strategy, its status and its documents; an editor publishes and unpublishes; a reader
downloads a status report for a period; an editor round-trips the action plan through XLSX.

No clicks: Tab, Shift+Tab, Enter, Space, arrow keys and typing, with visible focus at every stop
(`tab_to` checks each one). The demo plans carry a status history, so the pages have content.
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import openpyxl
from django.urls import reverse
from playwright.sync_api import Download, Locator, Page, expect

from kommplan.actions.models import Action, StatusUpdate
from kommplan.strategies.models import Strategy

from ..url_catalogue import ORG_A, ORG_B
from .keyboard import (
    assert_focus_visible,
    describe_focus,
    focus_problems_on_page,
    log_in_by_keyboard,
    tab_to,
)
from .test_keyboard_flows import field, heading, success_message, tab_to_element

ATOM = "{http://www.w3.org/2005/Atom}"


def strategy_of(org_slug: str) -> Strategy:
    return (
        Strategy.objects.filter(organisation__slug=org_slug)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def focused(page: Page) -> str:
    """The focused element's id (empty when it has none)."""
    return page.evaluate("() => document.activeElement ? document.activeElement.id : ''")


def press_and_download(page: Page, key: str = "Enter") -> Download:
    with page.expect_download() as download:
        page.keyboard.press(key)
    return download.value


def downloaded_bytes(download: Download) -> bytes:
    assert download.failure() is None, download.failure()
    with open(download.path(), "rb") as file:
        return file.read()


def type_date(page: Page, field_: Locator, value: date) -> None:
    """Type a date into the focused date field, part by part. The parts come in the order of
    the browser's own locale (dd.mm.åååå, or mm/dd/yyyy in an English Chromium), so type it
    day first and, if the field then holds another date, month first."""
    for order in ("%d%m%Y", "%m%d%Y"):
        for _ in range(3):  # Tab may have landed in any part: go to the first one
            page.keyboard.press("ArrowLeft")
        page.keyboard.type(value.strftime(order))
        if field_.input_value() == value.isoformat():
            assert_focus_visible(page)
            return
    raise AssertionError(f"typing {value} gave {field_.input_value()!r}")


def pdf_text(content: bytes) -> str:
    """The text of a PDF (poppler's pdftotext), to check what a download says."""
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode("utf-8")


# --- a visitor without an account ----------------------------------------------------------


def test_a_visitor_reaches_a_published_strategy_its_status_wheel_and_documents_by_keyboard(
    new_page,
):
    strategy = strategy_of(ORG_A)
    assert strategy.published, "the Rana demo plan is published"
    public = list(strategy.actions.filter(public=True).order_by("position", "pk"))
    latest = (
        StatusUpdate.objects.filter(action__in=public).order_by("-date", "-position", "-pk").first()
    )
    assert latest is not None, "the demo plan must carry status reports on public actions"
    page = new_page()
    page.goto(reverse("publishing:index"))
    expect(heading(page)).to_have_text("Åpne kommunikasjonsplaner")

    tab_to(page, strategy.organisation.name, role="link", exact=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("publishing:organisation", args=[ORG_A])))
    )
    tab_to(page, strategy.title, role="link", exact=True)
    page.keyboard.press("Enter")
    strategy_url = reverse("publishing:strategy", args=[ORG_A, strategy.pk])
    expect(page).to_have_url(re.compile(re.escape(strategy_url) + "$"))
    expect(heading(page)).to_have_text(strategy.title)

    # The skip link is the first stop, and it takes focus past the header and breadcrumbs.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert focused(page) == "main", describe_focus(page)

    # "På denne siden" leads to the status section; the two tables are scrollable regions.
    tab_to(page, "Status for tiltakene", role="link", exact=True)
    page.keyboard.press("Enter")
    assert focused(page) == "status", describe_focus(page)
    tab_to(page, "Antall offentlige tiltak per mål og status", role="region")
    actions_table = tab_to(page, "De offentlige tiltakene i planen", role="region")
    for action in public:
        expect(actions_table.locator(f"#tiltak-{action.pk}")).to_contain_text(action.title)
    updates = tab_to(page, re.compile("siste statusoppdatering"), role="region")
    expect(updates).to_contain_text(latest.comment)
    private = StatusUpdate.objects.filter(action__strategy=strategy, action__public=False)
    assert private.exists(), "the demo plan has reports on actions that are not public"
    for update in private:
        expect(page.locator("body")).not_to_contain_text(update.comment)

    # Every mark in the årshjul is a link, reached by Tab, to its action's row in the table.
    marks = page.locator(".yw-wheel svg a.yw-mark[href^='#tiltak-']")
    assert marks.count() > 0, "the årshjul has no linked marks"
    hrefs = marks.evaluate_all("(marks) => marks.map((mark) => mark.getAttribute('href'))")
    assert set(hrefs) <= {f"#tiltak-{action.pk}" for action in public}
    mark = tab_to_element(page, marks.first, max_tabs=200)
    row_id = mark.get_attribute("href").removeprefix("#")
    assert int(row_id.removeprefix("tiltak-")) in {action.pk for action in public}
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#{row_id}$"))
    expect(page.locator(f"#{row_id}")).to_be_in_viewport()
    # The row is the starting point of the tab order now: the next stop follows the table.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "(id) => !!(document.getElementById(id).compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        row_id,
    ), f"Tab after the årshjul link went to {describe_focus(page)}, not past the row"

    # Documents and the feed, at the end of the page.
    pdf_link = tab_to(page, "Strategien som PDF", role="link", exact=True, max_tabs=300)
    pdf = downloaded_bytes(download := press_and_download(page))
    assert download.suggested_filename.endswith(".pdf")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000
    assert pdf_link.get_attribute("href").startswith(strategy_url)
    docx_link = tab_to(page, "Strategien som Word-dokument (DOCX)", role="link", exact=True)
    docx = downloaded_bytes(download := press_and_download(page))
    assert download.suggested_filename.endswith(".docx")
    assert docx.startswith(b"PK")  # a zip container, as DOCX is
    assert docx_link.get_attribute("href").startswith(strategy_url)
    feed_link = tab_to(page, re.compile(r"nyhetsstrøm \(Atom\)"), role="link")
    feed = page.request.get(feed_link.get_attribute("href"))
    assert feed.ok and "atom" in feed.headers["content-type"]
    assert latest.comment in feed.text()

    # Back up to the language form in the header: choose English and submit, by keyboard.
    language = tab_to(page, "Språk", role="combobox", backwards=True, max_tabs=300)
    page.keyboard.type("English")  # a focused select jumps to the option typed
    expect(language).to_have_value("en")
    tab_to(page, "Bytt språk", role="button", exact=True)
    page.keyboard.press("Enter")
    # The address keeps the fragment the visitor was at (a GET form with action="").
    expect(page).to_have_url(re.compile(re.escape(strategy_url) + r"\?lang=en(#[\w-]+)?$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading(page)).to_have_text(strategy.title)
    expect(page.get_by_role("combobox").first).to_have_value("en")

    # And the whole page once round: every stop shows where focus is.
    assert focus_problems_on_page(page) == []


def test_nothing_of_an_unpublished_strategy_is_reachable_from_the_open_listing(new_page):
    hidden = strategy_of(ORG_B)
    assert not hidden.published
    page = new_page()
    page.goto(reverse("publishing:index"))
    links = page.locator("main a")
    names = links.all_inner_texts()
    assert names, "the listing shows the published organisations"
    assert hidden.organisation.name not in names
    response = page.request.get(reverse("publishing:strategy", args=[ORG_B, hidden.pk]))
    assert response.status == 404


# --- an editor publishes -------------------------------------------------------------------


def test_an_editor_publishes_and_unpublishes_a_strategy_by_keyboard(new_page):
    strategy = strategy_of(ORG_B)
    assert not strategy.published, "the Innherred demo plan starts unpublished"
    public_url = reverse("publishing:strategy", args=[ORG_B, strategy.pk])
    anonymous = new_page()
    assert anonymous.request.get(public_url).status == 404

    page = new_page()
    log_in_by_keyboard(page, "isk-redaktor")
    page.goto(reverse("strategies:overview", args=[ORG_B, strategy.pk]))
    tab_to(page, "Publisering", role="link", exact=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("publishing:control", args=[ORG_B, strategy.pk])))
    )
    expect(heading(page)).to_have_text("Publisering")

    tab_to(page, "Publiser strategien", role="button", exact=True)
    page.keyboard.press("Enter")
    expect(success_message(page)).to_contain_text("Strategien er publisert på en åpen side.")
    strategy.refresh_from_db()
    assert strategy.published
    assert anonymous.request.get(public_url).status == 200

    # The control page links to the open page.
    tab_to_element(page, page.locator(f'main a[href="{public_url}"]'))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(public_url) + "$"))
    expect(heading(page)).to_have_text(strategy.title)

    # In the overview the button now says "Publisert", and leads back to the switch.
    page.goto(reverse("strategies:overview", args=[ORG_B, strategy.pk]))
    tab_to(page, "Publisert", role="link", exact=True)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Publisering")
    tab_to(page, "Fjern publiseringen", role="button", exact=True)
    page.keyboard.press("Enter")
    expect(success_message(page)).to_contain_text("Strategien er ikke lenger publisert.")
    strategy.refresh_from_db()
    assert not strategy.published
    assert anonymous.request.get(public_url).status == 404
    page.goto(reverse("strategies:overview", args=[ORG_B, strategy.pk]))
    expect(page.get_by_role("link", name="Publisering", exact=True)).to_be_visible()


# --- a reader downloads a status report ----------------------------------------------------


def test_a_reader_downloads_a_status_report_for_a_period_by_keyboard(new_page):
    strategy = strategy_of(ORG_A)
    in_period = (
        StatusUpdate.objects.filter(action__strategy=strategy, date__year=2024)
        .select_related("action")
        .order_by("date", "pk")
    )
    assert in_period.exists(), "the Rana demo plan has status reports in 2024"
    page = new_page()
    log_in_by_keyboard(page, "rana-leser")
    page.goto(reverse("strategies:overview", args=[ORG_A, strategy.pk]))
    tab_to(page, "Dokumenter", role="link", exact=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("reports:documents", args=[ORG_A, strategy.pk])))
    )
    expect(heading(page)).to_have_text("Dokumenter")

    start = tab_to(page, field("Fra dato"))
    type_date(page, start, date(2024, 1, 1))
    end = tab_to(page, field("Til dato"))
    type_date(page, end, date(2024, 12, 31))
    tab_to(page, "Last ned som PDF", role="button", exact=True)
    download = press_and_download(page)

    assert download.suggested_filename == "rana-statusrapport-2024-01-01-2024-12-31.pdf"
    content = downloaded_bytes(download)
    assert content.startswith(b"%PDF") and len(content) > 1000
    text = " ".join(pdf_text(content).split())
    # The report is made from the history: the last report of 2024 on an action is in it.
    last_in_2024 = in_period.filter(action__title="Intranett").last()
    assert last_in_2024.comment.split(".")[0] in text


def test_a_reader_is_told_by_the_form_when_the_period_is_backwards(new_page):
    strategy = strategy_of(ORG_A)
    page = new_page()
    log_in_by_keyboard(page, "rana-leser")
    page.goto(reverse("reports:documents", args=[ORG_A, strategy.pk]))
    start = tab_to(page, field("Fra dato"))
    type_date(page, start, date(2025, 6, 1))
    end = tab_to(page, field("Til dato"))
    type_date(page, end, date(2025, 1, 1))
    tab_to(page, "Last ned som PDF", role="button", exact=True)
    page.keyboard.press("Enter")

    error = "Til-datoen må være samme dag som eller etter fra-datoen."
    expect(page.get_by_text(error)).to_be_visible()
    expect(end).to_have_attribute("aria-invalid", "true")
    # The error is linked to its field, so a screen reader reads it with the field.
    described = end.get_attribute("aria-describedby") or ""
    assert any(error in page.locator(f"#{ident}").inner_text() for ident in described.split()), (
        described
    )


# --- an editor round-trips the action plan through a spreadsheet ---------------------------


def test_an_editor_downloads_edits_and_uploads_the_action_plan_spreadsheet_by_keyboard(
    new_page, tmp_path
):
    strategy = strategy_of(ORG_A)
    action = Action.objects.filter(strategy=strategy).order_by("position", "pk").first()
    new_title = f"{action.title} (rettet i regnearket)"
    page = new_page()
    log_in_by_keyboard(page, "rana-redaktor")
    page.goto(reverse("spreadsheets:page", args=[ORG_A, strategy.pk]))
    expect(heading(page)).to_have_text("Tiltaksplanen som regneark")

    tab_to(page, "Last ned tiltaksplanen (XLSX)", role="link", exact=True)
    download = press_and_download(page)
    assert download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(downloaded_bytes(download)))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    id_column, title_column = header.index("ID") + 1, header.index("Tiltak") + 1
    row = next(
        r for r in range(2, sheet.max_row + 1) if sheet.cell(r, id_column).value == action.ref
    )
    sheet.cell(row, title_column).value = new_title
    edited = tmp_path / "tiltaksplan.xlsx"
    book.save(edited)

    tab_to(page, field("Regneark (XLSX)"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")  # a file input opens the file dialog on Space
    chooser.value.set_files(edited)
    tab_to(page, "Last opp og se endringene", role="button", exact=True)
    page.keyboard.press("Enter")

    preview = page.get_by_role("region", name="Endrede tiltak")
    expect(preview).to_contain_text(new_title)
    action.refresh_from_db()
    assert action.title != new_title, "nothing is saved before the editor confirms"
    tab_to(page, "Lagre endringene", role="button", exact=True)
    page.keyboard.press("Enter")
    expect(success_message(page)).to_be_visible()
    action.refresh_from_db()
    assert action.title == new_title
