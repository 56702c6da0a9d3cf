import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.organisations.access import access_for
from kommplan.organisations.models import Membership
from kommplan.strategies.models import Strategy
from kommplan.yearwheel.selectors import plan_actions, year_plan

SVG = "{http://www.w3.org/2000/svg}"


def wheel_url(strategy, **query) -> str:
    url = reverse("yearwheel:wheel", args=[strategy.organisation.slug, strategy.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def list_url(strategy, **query) -> str:
    url = reverse("yearwheel:list", args=[strategy.organisation.slug, strategy.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def svg_of(html: str) -> ET.Element:
    return ET.fromstring(html[html.index("<svg") : html.index("</svg>") + len("</svg>")])


@pytest.mark.parametrize(
    ("slug", "year"),
    [
        ("askim-kommune", 2024),
        ("regionradet-for-fjellregionen", 2020),
        ("innherred-samkommune", 2004),
        ("osen-kommune", 2024),
        ("rana-kommune", 2023),
    ],
)
def test_the_wheel_of_every_demo_plan_shows_every_occurrence_of_the_year(reader_client, slug, year):
    strategy = Strategy.objects.get(organisation__slug=slug)
    html = reader_client.get(wheel_url(strategy, ar=year)).content.decode()
    assert html.count("<h1") == 1
    access = access_for(User.objects.get(username="demo"), strategy.organisation)
    plan = year_plan(
        strategy=strategy,
        actions=plan_actions(strategy, access),
        window_start=date(year, 1, 1),
        window_end=date(year, 12, 31),
    )
    marks = list(svg_of(html).iter(f"{SVG}a"))
    assert len(plan.scheduled) > 0
    assert len(marks) == sum(len(item.occurrences) for item in plan.scheduled)
    for item in plan.scheduled:
        assert f'href="{item.url}"' in html


def test_a_200_action_plan_names_every_occurrence_by_its_action_on_the_page(big_plan, client):
    user = User.objects.create_user("leser")
    Membership.objects.create(user=user, organisation=big_plan.organisation, role="leser")
    client.force_login(user)
    html = client.get(wheel_url(big_plan, ar=2024)).content.decode()
    links = list(svg_of(html).iter(f"{SVG}a"))
    titles = {a.title for a in big_plan.actions.all()}
    assert len(links) > 1000
    for link in links:
        name = link.get("aria-label")
        assert name.split(" – ")[0] in titles
    access = access_for(user, big_plan.organisation)
    plan = year_plan(
        strategy=big_plan,
        actions=plan_actions(big_plan, access),
        window_start=date(2024, 1, 1),
        window_end=date(2024, 12, 31),
    )
    for item in plan.scheduled:
        named = [a for a in links if a.get("aria-label").startswith(item.action.title + " – ")]
        assert len(named) == len(item.occurrences)


def test_the_wheel_has_a_table_with_the_same_actions_for_screen_readers(reader_client, demo):
    isk = Strategy.objects.get(organisation__slug="innherred-samkommune")
    html = reader_client.get(wheel_url(isk, ar=2004)).content.decode()
    table = html[html.index('<table class="ds-table"') : html.index("</table>")]
    assert '<caption id="yw-table-caption">' in table
    for header in ("Måned", "Dato", "Tiltak", "Mål", "Status"):
        assert f'<th scope="col">{header}</th>' in table
    assert "28. januar 2004" in table and "Møte ansatte Verdal og Levanger" in table
    assert "19.–25. januar 2004" in table  # "Uke 4 (5)" as stored by the plan file
    # What cannot be placed is listed with its text and why.
    assert "«F.møter»" in html and "fant ingen tidsangivelse" in html


def test_the_wheel_says_which_times_are_read_from_the_text(reader_client, osen):
    html = reader_client.get(wheel_url(osen, ar=2024)).content.decode()
    assert "tolket fra «Kvartalsvis»" in html
    assert "er tolket fra teksten i planen og ikke bekreftet" in html


def test_the_wheel_can_have_rings_per_channel(reader_client, demo):
    askim = Strategy.objects.get(organisation__slug="askim-kommune")
    html = reader_client.get(wheel_url(askim, ar=2024, ring="kanal")).content.decode()
    texts = [t.text for t in svg_of(html).iter(f"{SVG}text")]
    channels = list(askim.channels.filter(actions__timing__gt="").values_list("name", flat=True))
    assert channels and all(name in texts for name in channels)
    assert '<th scope="col">Kanal</th>' in html


def test_a_status_filter_leaves_out_the_other_statuses(client, big_plan):
    user = User.objects.create_user("leser")
    Membership.objects.create(user=user, organisation=big_plan.organisation, role="leser")
    client.force_login(user)
    html = client.get(wheel_url(big_plan, ar=2024, status="forsinket")).content.decode()
    names = [a.get("aria-label") for a in svg_of(html).iter(f"{SVG}a")]
    assert names and all(name.endswith(" – Forsinket") for name in names)


def test_a_bad_filter_value_falls_back_to_the_default(reader_client, rana):
    response = reader_client.get(wheel_url(rana, ar="tjuetjue", status="ukjent", mal="x"))
    assert response.status_code == 200
    assert response.context["year"] in range(2023, 2027)


def test_htmx_gets_only_the_results_and_hears_how_many(reader_client, rana):
    response = reader_client.get(wheel_url(rana, ar=2023), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<svg" in html and "<h1" not in html
    assert json.loads(response["HX-Trigger"]) == {"announce": {"value": "6 tiltak har noe i 2023."}}
    response = reader_client.get(list_url(rana, ar=2023, maned=""), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert json.loads(response["HX-Trigger"]) == {"announce": {"value": "6 forekomster vises."}}


def test_the_wheel_links_to_its_exports_with_the_same_choices(reader_client, rana):
    html = reader_client.get(wheel_url(rana, ar=2023, ring="kanal")).content.decode()
    export = reverse("yearwheel:export", args=[rana.organisation.slug, rana.pk, "pdf"])
    assert re.search(re.escape(export) + r"\?[^\"]*ring=kanal", html)


@pytest.mark.parametrize(
    ("image_format", "content_type", "magic"),
    [
        ("svg", "image/svg+xml", b"<?xml"),
        ("png", "image/png", b"\x89PNG"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_the_wheel_downloads_as_svg_png_and_pdf(
    reader_client, isk, image_format, content_type, magic
):
    url = reverse("yearwheel:export", args=[isk.organisation.slug, isk.pk, image_format])
    response = reader_client.get(url + "?ar=2004")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert response["Content-Disposition"] == (
        f'attachment; filename="arshjul-innherred-samkommune-{isk.pk}-2004.{image_format}"'
    )


def test_an_svg_download_names_its_marks_without_links(reader_client, isk):
    url = reverse("yearwheel:export", args=[isk.organisation.slug, isk.pk, "svg"])
    root = ET.fromstring(reader_client.get(url + "?ar=2004").content)
    assert list(root.iter(f"{SVG}a")) == []
    assert any(
        "Møte ansatte Verdal og Levanger" in (g.get("aria-label") or "")
        for g in root.iter(f"{SVG}g")
    )


def test_an_unknown_download_format_is_a_404(reader_client, rana):
    url = reverse("yearwheel:export", args=[rana.organisation.slug, rana.pk, "gif"])
    assert reader_client.get(url).status_code == 404


def test_the_list_groups_a_month_by_week(reader_client, isk):
    html = reader_client.get(list_url(isk, ar=2004, maned=1)).content.decode()
    assert html.count("<h1") == 1
    captions = re.findall(r'<caption id="yw-group-\d+">([^<]*)</caption>', html)
    assert captions[0].startswith("Uke 1 ")
    assert any(c.startswith("Uke 4 ") for c in captions)
    assert "Møte ansatte Verdal og Levanger" in html
    assert "Storledermøte" not in html  # 4 February


def test_the_list_groups_a_whole_year_by_month(reader_client, isk):
    html = reader_client.get(list_url(isk, ar=2004, maned="")).content.decode()
    captions = re.findall(r'<caption id="yw-group-\d+">([^<]*)</caption>', html)
    assert captions[:2] == ["Januar 2004", "Februar 2004"]
    assert "Storledermøte" in html


def test_the_list_filters_by_status(reader_client, isk):
    isk.actions.filter(timing="4.2.").update(status="fullfort")
    html = reader_client.get(list_url(isk, ar=2004, maned="", status="fullfort")).content.decode()
    assert "Storledermøte" in html
    assert "Møte ansatte Verdal og Levanger" not in html


def test_the_list_opens_on_this_month_when_it_shows_this_year(reader_client, rana):
    response = reader_client.get(list_url(rana))
    today = date.today()
    if rana.period_start <= today.year <= rana.period_end:
        assert response.context["month"] == today.month
    else:
        assert response.context["month"] is None


def test_a_member_organisations_reader_sees_only_its_own_actions(client_for, isk):
    client = client_for("levanger-leser")
    html = client.get(wheel_url(isk, ar=2004)).content.decode()
    visible = set(
        isk.actions.filter(assigned_organisation__slug="levanger-kommune").values_list(
            "title", flat=True
        )
    )
    hidden = set(
        isk.actions.exclude(assigned_organisation__slug="levanger-kommune").values_list(
            "title", flat=True
        )
    )
    names = {a.get("aria-label").split(" – ")[0] for a in svg_of(html).iter(f"{SVG}a")}
    assert names and names <= visible
    assert not names & hidden


PAGES = [
    lambda s: wheel_url(s),
    lambda s: list_url(s),
    lambda s: reverse("yearwheel:export", args=[s.organisation.slug, s.pk, "svg"]),
    lambda s: reverse("yearwheel:ical", args=[s.organisation.slug, s.pk]),
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter", "rana-admin"])
def test_every_member_of_the_organisation_may_read(client_for, rana, page, username):
    assert client_for(username).get(page(rana)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_another_organisations_administrator_gets_a_404(client_for, rana, page):
    assert client_for("isk-admin").get(page(rana)).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client_for, rana, page):
    response = client_for(None).get(page(rana))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_refuse_a_post(client_for, rana, page):
    assert client_for("rana-admin").post(page(rana)).status_code == 405


def test_a_strategy_is_not_found_under_another_organisations_address(reader_client, osen):
    url = reverse("yearwheel:wheel", args=["rana-kommune", osen.pk])
    assert reader_client.get(url).status_code == 404


def test_the_wheel_page_costs_the_same_queries_for_8_and_52_actions(
    reader_client, django_assert_num_queries
):
    # session, user, organisation, memberships, strategy, actions (+goal, approach's goal,
    # schedule options), the filter's choices (goals, target groups, channels); then the
    # sliding session expiry is saved (savepoint, update, release).
    for slug in ("innherred-samkommune", "askim-kommune"):
        strategy = Strategy.objects.select_related("organisation").get(organisation__slug=slug)
        with django_assert_num_queries(12):
            response = reader_client.get(wheel_url(strategy, ar=2004))
        assert response.status_code == 200
