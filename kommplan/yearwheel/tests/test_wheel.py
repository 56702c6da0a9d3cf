import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from PIL import Image

from kommplan.organisations.access import Access
from kommplan.yearwheel.presenters import build_wheel
from kommplan.yearwheel.selectors import RingBy, plan_actions, year_plan
from kommplan.yearwheel.wheel import (
    GAP_DEGREES,
    STATUS_STYLES,
    Wheel,
    WheelLabels,
    WheelMark,
    _slots,
    angle,
    layout,
    render_svg,
)
from kommplan.yearwheel.wheel_image import render_image

SVG = "{http://www.w3.org/2000/svg}"
LABELS = WheelLabels(
    title="Årshjul 2024",
    description="Et årshjul",
    months=tuple(f"m{i}" for i in range(1, 13)),
    statuses={
        "ikke_startet": "Ikke startet",
        "pagar": "Pågår",
        "fullfort": "Fullført",
        "forsinket": "Forsinket",
        "avlyst": "Avlyst",
    },
)


def wheel_of(big_plan, *, ring_by=RingBy.GOAL, today=date(2024, 6, 1)):
    access = Access(organisation=big_plan.organisation, role="leser")
    plan = year_plan(
        strategy=big_plan,
        actions=plan_actions(big_plan, access, ring_by=ring_by),
        window_start=date(2024, 1, 1),
        window_end=date(2024, 12, 31),
    )
    return plan, build_wheel(plan, year=2024, ring_by=ring_by, title="Årshjul", today=today)


def test_the_year_runs_clockwise_from_the_gap_at_the_top():
    assert angle(2024, date(2024, 1, 1), 0) == GAP_DEGREES / 2
    assert angle(2024, date(2024, 12, 31), 1) == 360 - GAP_DEGREES / 2
    assert 175 < angle(2024, date(2024, 7, 1)) < 185  # midsummer is at the bottom
    days = [angle(2023, date(2023, m, 1)) for m in range(1, 13)]
    assert days == sorted(days)


def test_every_occurrence_of_a_200_action_plan_is_a_link_named_by_its_action(big_plan):
    plan, wheel = wheel_of(big_plan)
    root = ET.fromstring(render_svg(wheel))
    links = root.iter(f"{SVG}a")
    names: dict[str, list[str]] = {}
    for link in links:
        names.setdefault(link.get("href"), []).append(link.get("aria-label"))
    assert len(plan.scheduled) > 150
    assert sum(len(item.occurrences) for item in plan.scheduled) > 1000
    for item in plan.scheduled:
        labels = names.get(item.url, [])
        assert len(labels) == len(item.occurrences), item.action.title
        assert all(label.startswith(item.action.title + " – ") for label in labels)
        assert all(label.endswith(" – " + item.status_label) for label in labels)


def test_each_mark_has_a_title_for_pointer_users_and_a_shape_of_its_status(big_plan):
    _plan, wheel = wheel_of(big_plan)
    root = ET.fromstring(render_svg(wheel))
    for link in root.iter(f"{SVG}a"):
        assert link.find(f"{SVG}title").text == link.get("aria-label")
        use = link.find(f"{SVG}use")
        assert use.get("href").startswith("#arshjul-s-")


def test_marks_that_share_a_lane_never_cover_the_same_days(big_plan):
    _plan, wheel = wheel_of(big_plan)
    plan = layout(wheel)
    taken: dict[tuple[int, int], dict[int, int]] = {}
    for mark in wheel.marks:
        lane = (mark.ring, plan.lanes[(mark.ring, mark.key)])
        taken.setdefault(lane, {})
        taken[lane][mark.key] = taken[lane].get(mark.key, 0) | _slots(2024, mark)
    for keys in taken.values():
        masks = list(keys.values())
        for i, first in enumerate(masks):
            for second in masks[i + 1 :]:
                assert not first & second


def test_rings_follow_the_goals_and_actions_without_a_goal_come_last(big_plan):
    _plan, wheel = wheel_of(big_plan)
    assert wheel.rings[:6] == list(
        big_plan.goals.order_by("position").values_list("text", flat=True)
    )
    assert wheel.rings[-1] == "Uten mål"


def test_rings_can_follow_channels_with_an_action_in_each_of_its_channels(big_plan):
    plan, wheel = wheel_of(big_plan, ring_by=RingBy.CHANNEL)
    assert wheel.rings == ["Nettsiden", "Facebook", "Lokalavisa", "Intranett", "Uten kanal"]
    item = next(i for i in plan.scheduled if i.action.channels.count() == 2)
    rings = {m.ring for m in wheel.marks if m.key == item.action.pk}
    assert len(rings) == 2


def test_today_is_marked_only_in_its_own_year(big_plan):
    _plan, wheel = wheel_of(big_plan, today=date(2024, 6, 1))
    assert 'class="yw-today"' in render_svg(wheel)
    _plan, wheel = wheel_of(big_plan, today=date(2025, 6, 1))
    assert 'class="yw-today"' not in render_svg(wheel)


def test_the_legend_names_every_status_and_every_ring(big_plan):
    _plan, wheel = wheel_of(big_plan)
    texts = [t.text for t in ET.fromstring(render_svg(wheel)).iter(f"{SVG}text")]
    for label in ("Ikke startet", "Pågår", "Fullført", "Forsinket", "Avlyst", "I dag"):
        assert label in texts
    for ring in wheel.rings:
        assert ring in texts


def test_every_status_has_its_own_shape():
    shapes = [(style.shape, style.hollow) for style in STATUS_STYLES.values()]
    assert len(set(shapes)) == len(shapes)


def test_text_in_titles_is_escaped():
    mark = WheelMark(
        0,
        1,
        date(2024, 3, 1),
        date(2024, 3, 1),
        False,
        "pagar",
        'Q&A <script>alert("x")</script>',
        "/t/1/?a=1&b=2",
    )
    svg = render_svg(Wheel(2024, ['Mål "1" & <2>'], [mark], LABELS))
    root = ET.fromstring(svg)
    link = next(root.iter(f"{SVG}a"))
    assert link.get("aria-label") == 'Q&A <script>alert("x")</script>'
    assert link.get("href") == "/t/1/?a=1&b=2"
    assert "<script>" not in svg


def test_an_export_has_no_links_but_names_every_mark(big_plan):
    _plan, wheel = wheel_of(big_plan)
    root = ET.fromstring(render_svg(wheel, interactive=False))
    assert list(root.iter(f"{SVG}a")) == []
    named = [g for g in root.iter(f"{SVG}g") if g.get("role") == "img"]
    assert len(named) == len(wheel.marks)


@pytest.mark.parametrize("image_format", ["png", "pdf"])
def test_the_wheel_renders_as_png_and_pdf(big_plan, image_format):
    _plan, wheel = wheel_of(big_plan)
    data = render_image(wheel, image_format)
    if image_format == "pdf":
        assert data.startswith(b"%PDF")
        assert len(data) > 20_000
        return
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.width > 1500 and image.height > image.width
    colours = {rgb for _count, rgb in image.getcolors(maxcolors=1 << 24)}
    # The status colours are there: the marks were drawn, not just the empty wheel.
    for hex_colour in ("#0062ba", "#117a3d", "#a3530d"):
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, hex_colour
