"""The checks themselves: each must catch what it is there to catch (static pages, no server)."""

from __future__ import annotations

import pytest

from .axe import assert_no_axe_violations, describe_violations, run_axe
from .keyboard import assert_focus_visible, focus_problems_on_page, tab_to
from .pages import NARROW, reflow_problems, structure_problems

HEAD = '<html lang="nb"><head><title>Test</title></head><body><main><h1>Test</h1>'


@pytest.fixture
def blank(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_axe_reports_an_unlabelled_field_with_rule_target_and_help(blank):
    blank.set_content(HEAD + '<input id="navn" type="text"></main></body></html>')
    violations = run_axe(blank)
    assert "label" in {v["id"] for v in violations}
    text = describe_violations(violations)
    assert "label (critical): Form elements must have labels" in text
    assert "- #navn:" in text
    with pytest.raises(AssertionError, match="axe-core on"):
        assert_no_axe_violations(blank)


def test_axe_passes_a_clean_page(blank):
    blank.set_content(
        HEAD + '<label for="navn">Navn</label><input id="navn" type="text"></main></body></html>'
    )
    assert run_axe(blank) == []


def test_a_long_word_that_pushes_the_page_sideways_is_named(blank):
    blank.set_content(HEAD + "<p>Kommunikasjonsstrategiplanleggingsdokumentet</p></main></html>")
    blank.set_viewport_size(NARROW)
    blank.add_style_tag(content="p { font-size: 40px; }")
    [problem] = reflow_problems(blank)
    assert "scrolls sideways at 320 px" in problem and "Kommunikasjonsstrategi" in problem


def test_a_wide_table_in_a_positioned_scroll_region_reflows(blank):
    table = "<table><tr>" + "<td>celle med tekst</td>" * 20 + "</tr></table>"
    sr_only = '<span style="position:absolute;left:900px;width:1px;height:1px">skjult</span>'
    wrap = '<div style="overflow-x:auto;position:relative" tabindex="0">'
    blank.set_content(HEAD + wrap + table + sr_only + "</div></main></html>")
    blank.set_viewport_size(NARROW)
    assert reflow_problems(blank) == []


def test_absolute_content_escaping_an_unpositioned_scroll_region_is_caught(blank):
    sr_only = '<span style="position:absolute;left:900px;width:1px;height:1px">skjult</span>'
    blank.set_content(HEAD + '<div style="overflow-x:auto">' + sr_only + "</div></main></html>")
    blank.set_viewport_size(NARROW)
    [problem] = reflow_problems(blank)
    assert 'span "skjult"' in problem


def test_two_h1s_and_a_chart_without_a_table_are_reported(blank):
    chart = '<figure><svg role="img" width="400" height="200"><title>Graf</title></svg></figure>'
    blank.set_content(HEAD + "<h1>To</h1>" + chart + "</main></html>")
    problems = structure_problems(blank)
    assert "has 2 h1 elements, not exactly one" in problems
    assert any(p.startswith("chart svg (400x200) has no table") for p in problems)


def test_a_chart_with_its_table_beside_it_passes(blank):
    chart = '<figure><svg role="img" width="400" height="200"><title>Graf</title></svg></figure>'
    table = "<table><caption>Tall</caption><tr><th>År</th><td>1</td></tr></table>"
    blank.set_content(HEAD + "<section>" + chart + table + "</section></main></html>")
    assert structure_problems(blank) == []


def test_focus_without_outline_or_shadow_is_not_visible(blank):
    blank.set_content(
        HEAD + '<a href="#a" style="outline:none">Usynlig</a> <a href="#b">Synlig</a></main></html>'
    )
    with pytest.raises(AssertionError, match='focus is not visible on <a> "Usynlig"'):
        tab_to(blank, "Synlig", role="link")
    blank.keyboard.press("Tab")
    assert_focus_visible(blank)


def test_tab_to_lists_the_stops_when_it_never_arrives(blank):
    blank.set_content(
        HEAD + '<a href="#a">En</a><a href="#b">To</a><a href="#c" tabindex="-1">Tre</a></main>'
    )
    with pytest.raises(AssertionError, match=r'(?s)never reached \'Tre\'.*<a> "En".*<a> "To"') as e:
        tab_to(blank, "Tre", role="link", max_tabs=4)
    assert "4 presses of Tab" in str(e.value)


def test_a_chart_that_names_its_text_alternative_passes(blank):
    chart = (
        '<figure><svg role="img" width="400" height="200" aria-describedby="ingen">'
        "<title>Årshjul</title></svg></figure>"
    )
    note = '<p id="ingen">Ingen tiltak har noe i 2026.</p>'
    blank.set_content(HEAD + chart + "</main><footer>" + note + "</footer></html>")
    assert structure_problems(blank) == []


def test_tabbing_through_a_page_reports_each_stop_without_visible_focus(blank):
    blank.set_content(
        HEAD
        + '<a href="#a">En</a> <a href="#b" style="outline:none">To</a> <a href="#c">Tre</a>'
        + "</main></html>"
    )
    [problem] = focus_problems_on_page(blank)
    assert problem.startswith('focus is not visible on <a> "To"')


def test_a_checkbox_ringed_by_its_field_shows_focus(blank):
    style = (
        "<style>input { outline: none; } "
        ".ds-field:has(input:focus-visible) { outline: 3px solid #00244e; }</style>"
    )
    field = (
        '<div class="ds-field"><div><input type="checkbox" id="c">'
        '<label for="c">Bare forfalte</label></div></div>'
    )
    blank.set_content(HEAD + style + field + "</main></html>")
    tab_to(blank, "Bare forfalte")
    assert_focus_visible(blank)
