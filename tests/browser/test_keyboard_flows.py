"""Editing flows done with the keyboard alone: edit a goal, add an action, report status, move a
list item, and review an imported document. No clicks: Tab, Shift+Tab, Enter, Space, arrow keys
and typing (Control+A to select a field's text before typing over it), with visible focus at
every stop (`tab_to` checks each one).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from kommplan.actions.models import Action, ActionStatus, StatusUpdate
from kommplan.documents.models import ImportJob
from kommplan.strategies.models import Goal, Principle, Strategy
from kommplan.strategies.services import part_label

from ..url_catalogue import ORG_A
from .axe import describe_violations, run_axe
from .keyboard import (
    assert_announced,
    assert_focus_visible,
    describe_focus,
    log_in_by_keyboard,
    tab_to,
)

SEED = (
    Path(__file__).resolve().parents[2]
    / "kommplan/documents/tests/fixtures/importer/seeds/osen-kommunikasjonsstrategi.txt"
)


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def rana_strategy() -> Strategy:
    return Strategy.objects.filter(organisation__slug=ORG_A).order_by("pk").first()


def replace_text(page: Page, text: str) -> None:
    """Type `text` over the whole content of the focused field."""
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)
    assert_focus_visible(page)


def tab_to_element(
    page: Page, element: Locator, *, backwards: bool = False, max_tabs: int = 800
) -> Locator:
    """Like `tab_to`, for one element found by locator (when several share a name)."""
    stops = []
    for _ in range(max_tabs):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if not page.evaluate("() => document.activeElement === document.body"):
            assert_focus_visible(page)
        if element.evaluate("(el) => el === document.activeElement"):
            return element
        stops.append(describe_focus(page))
    raise AssertionError(
        f"{max_tabs} presses never reached {element} on {page.url}; the last stops were:\n  "
        + "\n  ".join(stops[-20:])
    )


def field(label: str) -> re.Pattern:
    """A form field's accessible name: its label, with "(må fylles ut)" when it is required."""
    return re.compile(rf"^{re.escape(label)}( \(må fylles ut\))?$")


def success_message(page: Page) -> Locator:
    """The messages framework's alerts, in the page's role=status box."""
    return page.locator("main [role=status]")


# --- (1) edit a goal -------------------------------------------------------------------------


def test_an_editor_edits_a_goal_by_keyboard(new_page):
    strategy = rana_strategy()
    goal = Goal.objects.filter(strategy=strategy).order_by("position", "pk").first()
    new_text = "Innbyggerne i Rana kjenner tjenestene og bruker dem (endret med tastaturet)"
    page = new_page()
    log_in_by_keyboard(page, "rana-redaktor")
    page.goto(reverse("strategies:overview", args=[ORG_A, strategy.pk]))

    tab_to(page, "Rediger strategien", role="link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("strategies:edit", args=[ORG_A, strategy.pk])) + "$")
    )
    tab_to(page, re.compile(r"^\d+\. Hvorfor$"), role="link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("strategies:edit_why", args=[ORG_A, strategy.pk])))
    )

    tab_to(page, re.compile("^Endre «" + re.escape(part_label(goal))), role="link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("strategies:goal_edit", args=[ORG_A, strategy.pk, goal.pk])))
    )

    tab_to(page, field("Mål"), role="textbox")
    replace_text(page, new_text)
    tab_to(page, "Lagre", role="button", exact=True)
    page.keyboard.press("Enter")

    expect(page).to_have_url(
        re.compile(re.escape(reverse("strategies:edit_why", args=[ORG_A, strategy.pk])))
    )
    expect(success_message(page)).to_contain_text("er lagret")
    expect(page.locator(f"#goal-{goal.pk}")).to_contain_text(new_text)
    goal.refresh_from_db()
    assert goal.text == new_text


# --- (2) add an action -----------------------------------------------------------------------


def test_an_editor_adds_an_action_by_keyboard(new_page):
    strategy = rana_strategy()
    first_goal = strategy.goals.order_by("position", "pk").first()
    title = "Lage en podkast om kommunens tjenester"
    before = set(strategy.actions.values_list("pk", flat=True))
    page = new_page()
    log_in_by_keyboard(page, "rana-redaktor")
    page.goto(reverse("actions:plan", args=[ORG_A, strategy.pk]))

    tab_to(page, "Nytt tiltak", role="link", exact=True)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Nytt tiltak")

    tab_to(page, field("Tiltak"), role="textbox")
    page.keyboard.type(title)
    tab_to(page, field("Ansvarlig"), role="textbox")
    page.keyboard.type("Kommunikasjonsavdelingen")
    tab_to(page, field("Finansiering"), role="textbox")
    page.keyboard.type("Innenfor driftsbudsjettet")
    tab_to(page, field("Tid"), role="textbox")
    page.keyboard.type("Høsten 2026")
    # Back up the form to the goal; a closed select takes the next option on ArrowDown.
    goal_select = tab_to(page, field("Mål"), role="combobox", backwards=True)
    page.keyboard.press("ArrowDown")
    expect(goal_select).to_have_value(str(first_goal.pk))
    assert_focus_visible(page)
    tab_to(page, "Lagre", role="button", exact=True)
    page.keyboard.press("Enter")

    expect(heading(page)).to_have_text(title)
    expect(success_message(page)).to_contain_text("Tiltaket er lagt til.")
    added = strategy.actions.exclude(pk__in=before).get()
    assert (added.title, added.responsible, added.financing, added.timing, added.goal_id) == (
        title,
        "Kommunikasjonsavdelingen",
        "Innenfor driftsbudsjettet",
        "Høsten 2026",
        first_goal.pk,
    )
    assert page.url.endswith(reverse("actions:detail", args=[ORG_A, added.pk]))
    page.goto(reverse("actions:plan", args=[ORG_A, strategy.pk]))
    expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()


# --- (3) report status -----------------------------------------------------------------------


def test_a_contributor_reports_status_from_my_actions_by_keyboard(new_page):
    user = User.objects.get(username="rana-bidragsyter")
    comment = "Første utkast er sendt på høring."
    page = new_page()
    log_in_by_keyboard(page, "rana-bidragsyter")
    page.goto(reverse("actions:mine"))
    expect(heading(page)).to_have_text("Mine tiltak")

    link = tab_to(page, re.compile("^Rapporter status for «"), role="link")
    action_pk = int(re.search(r"/tiltak/(\d+)/status/", link.get_attribute("href")).group(1))
    action = Action.objects.get(pk=action_pk)
    assert action.responsible_user == user
    assert action.status != ActionStatus.PAGAR, "the flow must change the status"
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("actions:report", args=[ORG_A, action_pk])))
    )

    status = tab_to(page, field("Ny status"), role="combobox")
    page.keyboard.type("På")  # a focused select jumps to the option typed
    expect(status).to_have_value(ActionStatus.PAGAR)
    tab_to(page, field("Kommentar"), role="textbox")
    page.keyboard.type(comment)
    tab_to(page, "Lagre statusrapport", role="button", exact=True)
    page.keyboard.press("Enter")

    expect(heading(page)).to_have_text("Mine tiltak")  # back where the report started
    expect(success_message(page)).to_be_visible()
    update = StatusUpdate.objects.filter(action=action).order_by("-pk").first()
    assert (update.status, update.comment, update.author) == (ActionStatus.PAGAR, comment, user)
    action.refresh_from_db()
    assert action.status == ActionStatus.PAGAR


# --- (4) move a list item: a principle (Rana's demo plan has no target groups) -------------------


def _principle_order(strategy: Strategy) -> list[int]:
    return list(
        Principle.objects.filter(strategy=strategy)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )


def test_moving_a_principle_down_by_keyboard_keeps_focus_on_its_move_button(new_page):
    strategy = rana_strategy()
    order = _principle_order(strategy)
    assert len(order) >= 3, "the demo plan needs three principles for this flow"
    first = Principle.objects.get(pk=order[0])
    label = part_label(first)
    page = new_page()
    log_in_by_keyboard(page, "rana-redaktor")
    page.goto(reverse("strategies:edit", args=[ORG_A, strategy.pk]))
    tab_to(page, "Prinsipper", role="link", exact=True)
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("strategies:edit_principles", args=[ORG_A, strategy.pk])))
    )

    tab_to(page, f"Flytt ned «{label}»", role="button", exact=True)
    page.keyboard.press("Space")
    assert_announced(page, f"«{label}» er flyttet ned, til plass 2 av {len(order)}.")
    moved_down = f"#move-principle-{first.pk}-down"
    expect(page.locator(moved_down)).to_be_focused()  # the new button, after the swap
    assert_focus_visible(page)
    assert _principle_order(strategy) == [order[1], order[0], *order[2:]]
    items = page.locator("#list-principles li[id^=principle-]")
    expect(items.nth(1)).to_contain_text(first.name)

    # Up again with Shift+Tab to "Flytt opp" and Enter: first place, where "Flytt opp" is
    # disabled, so focus goes to the item's "Flytt ned".
    tab_to(page, f"Flytt opp «{label}»", role="button", exact=True, backwards=True)
    page.keyboard.press("Enter")
    assert_announced(page, f"«{label}» er flyttet opp, til plass 1 av {len(order)}.")
    expect(page.locator(moved_down)).to_be_focused()
    assert_focus_visible(page)
    assert _principle_order(strategy) == order


# --- document import review ------------------------------------------------------------------


def test_an_editor_reviews_and_accepts_an_imported_document_by_keyboard(new_page):
    before = set(Strategy.objects.filter(organisation__slug=ORG_A).values_list("pk", flat=True))
    page = new_page()
    log_in_by_keyboard(page, "rana-redaktor")
    page.goto(reverse("documents:upload", args=[ORG_A]))

    tab_to(page, field("Dokument"))
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")  # a file input opens the file dialog on Space
    chooser.value.set_files(SEED)
    tab_to(page, "Last opp og les", role="button", exact=True)
    page.keyboard.press("Enter")

    # The reading task runs at once in tests (Huey immediate), on commit in the server thread.
    expect(page).to_have_url(
        re.compile(re.escape(reverse("documents:upload", args=[ORG_A])) + r"\d+/$")
    )
    job = ImportJob.objects.get(organisation__slug=ORG_A, filename=SEED.name)
    assert page.url.endswith(reverse("documents:job", args=[ORG_A, job.pk]))
    expect(page.get_by_role("heading", name="Forslag til plan")).to_be_visible()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE

    violations = run_axe(page)
    assert not violations, describe_violations(violations)

    actions = page.locator("[id^=item-actions-]")
    proposed = actions.count()
    assert proposed >= 2, "the seed document should propose at least two actions"
    dropped_item = actions.nth(proposed - 1)
    edited_item = actions.nth(proposed - 2)
    dropped_title = dropped_item.get_by_role("textbox", name="Tekst").input_value()
    edited_title = "Nyhetsbrev til innbyggerne hver måned (rettet)"

    # To the end of the form, then back: untick the last action, retitle the one before it.
    submit = tab_to(page, "Godta og opprett plan", role="button", max_tabs=1500)
    keep = tab_to_element(page, dropped_item.get_by_role("checkbox", name="Ta med"), backwards=True)
    expect(keep).to_be_checked()
    page.keyboard.press("Space")
    expect(keep).not_to_be_checked()
    tab_to_element(page, edited_item.get_by_role("textbox", name="Tekst"), backwards=True)
    replace_text(page, edited_title)
    tab_to_element(page, submit)
    page.keyboard.press("Enter")

    expect(success_message(page)).to_contain_text("er opprettet")
    created = Strategy.objects.filter(organisation__slug=ORG_A).exclude(pk__in=before).get()
    assert page.url.endswith(reverse("strategies:overview", args=[ORG_A, created.pk]))
    titles = list(created.actions.values_list("title", flat=True))
    assert len(titles) == proposed - 1
    assert edited_title in titles
    assert dropped_title not in titles
    job.refresh_from_db()
    assert (job.status, job.accepted_strategy_id) == (ImportJob.Status.ACCEPTED, created.pk)
