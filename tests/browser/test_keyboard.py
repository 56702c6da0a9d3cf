"""The main flows done with the keyboard alone, with visible focus on every stop on the way.

To add a flow (edit a goal, add an action, report status): log in with `log_in_by_keyboard`,
move with `tab_to` (it checks focus is visible at every stop), act with page.keyboard, and check
the result, the focus (`describe_focus`) and what the live region said (`assert_announced`).
"""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from kommplan.strategies.models import Strategy

from ..url_catalogue import ORG_A
from .keyboard import (
    assert_announced,
    assert_focus_visible,
    describe_focus,
    log_in_by_keyboard,
    tab_to,
)


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_user_logs_in_with_the_keyboard_alone(new_page):
    page = new_page()
    log_in_by_keyboard(page, "rana-redaktor")
    expect(heading(page)).to_have_text("Organisasjoner")
    expect(page.get_by_text("Innlogget som Rune Redaktør")).to_be_visible()


def test_a_wrong_password_is_reported_and_the_form_can_be_fixed_by_keyboard(new_page):
    page = new_page()
    page.goto(reverse("login"))
    tab_to(page, "Brukernavn")
    page.keyboard.type("rana-redaktor")
    tab_to(page, "Passord")
    page.keyboard.type("feil-passord")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("brukernavn")
    tab_to(page, "Passord")
    page.keyboard.type("demo-kommplan")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Organisasjoner")


def test_the_organisation_list_leads_to_a_strategy_and_its_action_plan_by_keyboard(new_page):
    strategy = Strategy.objects.filter(organisation__slug=ORG_A).order_by("pk").first()
    page = new_page()
    log_in_by_keyboard(page, "rana-leser")

    tab_to(page, "Rana kommune", role="link", exact=True)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Rana kommune")

    tab_to(page, strategy.title, role="link", exact=True)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text(strategy.title)

    tab_to(page, re.compile("Se tiltaksplanen"), role="link")
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Tiltaksplan")
    assert page.url.endswith(reverse("actions:plan", args=[ORG_A, strategy.pk]))


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_main(new_page):
    page = new_page()
    log_in_by_keyboard(page, "rana-leser")
    page.goto(reverse("organisations:list"))
    page.keyboard.press("Tab")
    assert describe_focus(page) == '<a> "Hopp til hovedinnhold"'
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab goes on from the main content, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("() => Boolean(document.activeElement.closest('main'))")
    assert_focus_visible(page)


def test_filtering_the_action_plan_by_keyboard_announces_the_result_and_keeps_focus(new_page):
    strategy = Strategy.objects.filter(organisation__slug=ORG_A).order_by("pk").first()
    page = new_page()
    log_in_by_keyboard(page, "rana-leser")
    page.goto(reverse("actions:plan", args=[ORG_A, strategy.pk]))

    status = tab_to(page, "Status", exact=True)
    page.keyboard.press("ArrowDown")  # a closed select changes value, and HTMX filters
    assert_announced(page, re.compile(r"\d+ tiltak funnet"))
    expect(status).to_be_focused()
    assert_focus_visible(page)
    assert "status=" in page.url  # the filtered plan has its own address
