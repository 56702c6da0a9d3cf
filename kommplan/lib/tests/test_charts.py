import re
import warnings
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from kommplan.lib.charts import (
    PALETTE,
    Segment,
    format_number,
    indicator_line_chart,
    status_bar_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SEGMENTS = [
    Segment(label, PALETTE[i])
    for i, label in enumerate(["Ikke startet", "Pågår", "Fullført", "Forsinket", "Avlyst"])
]


def bars(**overrides) -> str:
    arguments = {
        "chart_id": "status",
        "title": "Tiltak etter status per mål",
        "description": "Sju tiltak fordelt på to mål.",
        "rows": [("Flere skal kjenne kommunen", [1, 2, 0, 1, 0]), ("Uten mål", [0, 0, 3, 0, 0])],
        "segments": SEGMENTS,
        "axis_label": "Antall tiltak",
    }
    return status_bar_chart(**{**arguments, **overrides})


def line(**overrides) -> str:
    arguments = {
        "chart_id": "indikator-7",
        "title": "Nyhetssaker i lokalmedia",
        "description": "Tre målinger.",
        "points": [(date(2024, 1, 1), 3.0), (date(2024, 3, 1), 5.5), (date(2024, 6, 1), 8.0)],
        "target": 10.0,
        "target_label": "Mål: 10 saker",
        "value_label": "saker per måned",
        "series_label": "Målt verdi",
    }
    return indicator_line_chart(**{**arguments, **overrides})


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("draw", [bars, line], ids=["bars", "line"])
def test_a_chart_is_valid_svg_labelled_by_its_title_and_description(draw):
    svg = draw()
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == title_id and desc.get("id") == desc_id
    assert title.text in ("Tiltak etter status per mål", "Nyhetssaker i lokalmedia")
    assert list(root)[0] is title  # read first
    assert root.get("viewBox") and root.get("width") is None  # scales with the page


@pytest.mark.parametrize("draw", [bars, line], ids=["bars", "line"])
def test_a_chart_has_no_script_style_sheet_or_document_preamble(draw):
    svg = draw()
    root = ET.fromstring(svg)
    tags = {element.tag for element in root.iter()}
    assert f"{SVG}script" not in tags and f"{SVG}style" not in tags
    assert f"{SVG}metadata" not in tags
    assert "<script" not in svg.lower() and "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert not re.search(r"\son\w+=", svg)  # no event handler attributes


@pytest.mark.parametrize("draw", [bars, line], ids=["bars", "line"])
def test_every_id_belongs_to_the_chart_and_every_reference_resolves(draw):
    root = ET.fromstring(draw(chart_id="graf-a"))
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    assert ids and all(i == "graf-a" or i.startswith("graf-a-") for i in ids)
    references = set()
    for element in root.iter():
        for name, value in element.attrib.items():
            if name == XLINK_HREF:
                references.add(value.removeprefix("#"))
            references.update(re.findall(r"url\(#([^)]+)\)", value))
    assert references <= ids


def test_two_charts_on_one_page_share_no_id():
    first = ET.fromstring(bars(chart_id="a"))
    second = ET.fromstring(bars(chart_id="b"))
    ids = lambda root: {e.get("id") for e in root.iter() if e.get("id")}  # noqa: E731
    assert not ids(first) & ids(second)


def test_charts_carry_no_style_attributes_or_elements_for_the_strict_csp():
    for svg in (bars(), line()):
        assert " style=" not in svg and "<style" not in svg and "<svg:style" not in svg
        assert 'fill="' in svg and 'font-size="' in svg


def test_each_bar_segment_carries_its_number_and_the_legend_names_every_status():
    root = ET.fromstring(bars())
    # Segment numbers are the white labels; empty segments have none.
    on_bars = ["".join(e.itertext()) for e in root.iter(f"{SVG}text") if e.get("fill") == "#ffffff"]
    assert sorted(on_bars) == ["1", "1", "2", "3"]
    labels = texts(root)
    for segment in SEGMENTS:
        assert segment.label in labels
    assert "Antall tiltak" in labels


def test_statuses_differ_by_pattern_as_well_as_colour():
    hatches = [style.hatch for style in PALETTE[:5]]
    assert len(set(hatches)) == 5
    svg = bars(rows=[("Mål", [1, 1, 1, 1, 1])])
    # Hatched fills are SVG patterns: four of the five statuses have one.
    assert svg.count("<pattern") == 4


def test_palette_colours_carry_white_text_at_4_5_to_1():
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for style in PALETTE:
        assert (1.05) / (luminance(style.colour) + 0.05) >= 4.5, style


def test_user_text_is_escaped_and_never_read_as_markup_or_math():
    svg = bars(
        title="<script>alert(1)</script>",
        rows=[("Mål med $x^2$ & <b>fet</b> tekst", [1, 0, 0, 0, 0])],
    )
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script>"
    assert f"{SVG}script" not in {e.tag for e in root.iter()}
    assert any("$x^2$ & <b>fet</b>" in text for text in texts(root))


def test_long_goal_labels_are_shortened_in_the_chart():
    long_goal = "Innbyggerne skal oppleve at kommunen " + "kommuniserer åpent og tydelig " * 6
    labels = texts(ET.fromstring(bars(rows=[(long_goal, [1, 0, 0, 0, 0])])))
    assert not any(long_goal.strip() in label for label in labels)
    assert any(label.endswith("…") for label in labels)


def test_every_label_is_escaped_in_the_bar_chart_markup():
    nasty = 'A <b>&</b> "sitat"'
    svg = bars(
        title=nasty,
        description=nasty,
        rows=[(nasty, [1, 0, 0, 0, 0])],
        segments=[Segment(nasty, PALETTE[1]), *SEGMENTS[1:]],
        axis_label=nasty,
    )
    assert "<b>" not in svg and "&lt;b&gt;&amp;&lt;/b&gt;" in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == nasty and root.find(f"{SVG}desc").text == nasty
    # Row label, legend entry and axis label, each read back exactly as given.
    assert texts(root).count(nasty) == 3
    hover = [e.text for e in root.iter(f"{SVG}title")]
    assert nasty in hover[1:] and f"{nasty}: 1" in hover


def test_a_shortened_goal_keeps_its_whole_text_in_a_hover_title():
    long_goal = "Innbyggerne skal oppleve at kommunen " + "kommuniserer åpent og tydelig " * 6
    root = ET.fromstring(bars(rows=[(long_goal, [1, 0, 0, 0, 0])]))
    row = next(g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None)
    assert row.find(f"{SVG}title").text == long_goal
    assert "".join(row.find(f"{SVG}text").itertext()).endswith("…")


def test_two_bar_charts_use_their_own_pattern_ids():
    def patterns(svg: str) -> set[str]:
        return {p.get("id") for p in ET.fromstring(svg).iter(f"{SVG}pattern")}

    first, second = patterns(bars(chart_id="a")), patterns(bars(chart_id="b"))
    assert len(first) == len(second) == 4
    assert all(i.startswith("a-") for i in first) and all(i.startswith("b-") for i in second)
    assert not first & second


def test_the_legend_shows_each_status_with_its_colour_or_pattern():
    root = ET.fromstring(bars())
    swatches = [
        rect.get("fill")
        for rect in root.iter(f"{SVG}rect")
        if rect.get("stroke") in {style.colour for style in PALETTE}
    ]
    assert swatches[0] == PALETTE[0].colour  # no hatch: the plain colour
    assert all(re.fullmatch(r"url\(#status-[\w-]+\)", fill) for fill in swatches[1:])
    assert len(set(swatches)) == len(SEGMENTS)


@pytest.mark.parametrize(
    "rows",
    [[], [("Tomt mål", [0, 0, 0, 0, 0])], [("Ett", [0] * 5), ("To", [0] * 5)]],
    ids=["no rows", "one empty row", "two empty rows"],
)
def test_a_bar_chart_without_any_actions_still_draws_its_axis_and_legend(rows):
    root = ET.fromstring(bars(rows=rows))
    assert root.get("role") == "img"
    labels = texts(root)
    assert "Antall tiltak" in labels and "0" in labels and "1" in labels
    assert all(segment.label in labels for segment in SEGMENTS)
    assert not [e for e in root.iter(f"{SVG}text") if e.get("fill") == "#ffffff"]


def test_the_axis_has_whole_number_ticks_that_reach_the_longest_bar():
    def ticks(total: int) -> list[str]:
        root = ET.fromstring(bars(rows=[("Mål", [total, 0, 0, 0, 0])]))
        axis = [g for g in root.iter(f"{SVG}g") if g.get("text-anchor") == "middle"][0]
        return [e.text for e in axis.iter(f"{SVG}text")][:-1]  # the last is the axis label

    assert ticks(3) == ["0", "1", "2", "3"]
    assert ticks(12) == ["0", "2", "4", "6", "8", "10", "12"]
    assert ticks(47) == ["0", "10", "20", "30", "40", "50"]
    assert ticks(166) == ["0", "25", "50", "75", "100", "125", "150", "175"]
    assert ticks(0) == ["0", "1"]


def test_a_segment_too_narrow_for_its_number_leaves_it_to_the_hover_title_and_table():
    root = ET.fromstring(bars(rows=[("Mål", [1, 300, 0, 0, 0])]))
    on_bars = [e.text for e in root.iter(f"{SVG}text") if e.get("fill") == "#ffffff"]
    assert on_bars == ["300"]
    assert "Ikke startet: 1" in [e.text for e in root.iter(f"{SVG}title")]


def test_the_bar_chart_is_the_same_bytes_for_the_same_input():
    first = bars()
    bars(chart_id="annen", rows=[("Noe annet", [5, 4, 3, 2, 1])])
    assert bars() == first


def test_the_line_chart_labels_the_points_and_the_target_directly():
    labels = texts(ET.fromstring(line()))
    for value in ("3", "5,5", "8"):
        assert value in labels
    assert "Mål: 10 saker" in labels
    assert "saker per måned" in labels


def test_the_line_chart_without_a_target_draws_no_target_label():
    labels = texts(ET.fromstring(line(target=None, target_label="Mål: 10 saker")))
    assert "Mål: 10 saker" not in labels


@pytest.mark.parametrize(
    "points",
    [
        [(date(2024, 5, 1), 4.0)],
        [(date(2023, 1, 1) + timedelta(days=30 * i), float(i)) for i in range(20)],
        [(date(2024, 1, 1), 1.0), (date(2024, 1, 2), 2.0)],
        [(date(2015, 1, 1), -3.0), (date(2024, 1, 1), 2.0)],
    ],
    ids=["one point", "twenty months", "two days", "nine years, negative"],
)
@pytest.mark.parametrize("small", [False, True])
def test_the_line_chart_draws_any_series_without_warnings(points, small):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = line(points=points, small=small)
    assert ET.fromstring(svg).get("role") == "img"


def test_numbers_are_written_the_norwegian_way():
    assert format_number(12.0) == "12"
    assert format_number(4.5) == "4,5"
    assert format_number(0.126) == "0,13"
    assert format_number(0.001) == "0,001"
    assert format_number(-3.0) == "-3"
    assert format_number(3200.0) == "3200"
    assert format_number(12500.0) == "12\u00a0500"
    assert format_number(12500.25) == "12\u00a0500,25"
