from html import escape

import pytest
from django.conf import settings
from django.urls import reverse

from kommplan.planfiles.reader import read_plan
from kommplan.strategies.models import Strategy

DEMO_FILES = sorted(settings.DEMO_PLANS_DIR.glob("*.yaml"))


def text(value: str) -> str:
    return escape(value, quote=False)


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.stem)
def test_the_overview_shows_vision_goals_target_groups_channels_and_messages(reader_client, path):
    client = reader_client
    plan = read_plan(path.read_bytes())
    strategy = Strategy.objects.get(
        organisation__name=plan.organisation.name, title=plan.strategy.title
    )
    response = client.get(
        reverse("strategies:overview", args=[strategy.organisation.slug, strategy.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    if plan.strategy.vision:
        assert text(plan.strategy.vision) in html
    for goal in plan.strategy.goals:
        assert text(goal.text) in html
    for group in plan.strategy.target_groups:
        assert text(group.name) in html
    for channel in plan.strategy.channels:
        assert text(channel.name) in html
    for message in plan.strategy.messages:
        assert text(message.text) in html
    for entry in plan.strategy.crisis.notify if plan.strategy.crisis else []:
        assert text(entry.role) in html


def test_the_front_page_lists_the_five_demo_organisations(reader_client):
    client = reader_client
    html = client.get(reverse("organisations:list")).content.decode()
    for name in (
        "Askim kommune",
        "Innherred Samkommune",
        "Osen kommune",
        "Rana kommune",
        "Regionrådet for Fjellregionen",
    ):
        assert text(name) in html


def test_an_organisation_page_links_its_strategies_and_members(reader_client):
    client = reader_client
    html = client.get(reverse("organisations:detail", args=["innherred-samkommune"])).content
    html = html.decode()
    assert "Kommunikasjonsstrategi Innherred Samkommune" in html
    assert "Levanger kommune" in html and "Verdal kommune" in html


def test_an_unknown_organisation_is_a_404(reader_client):
    client = reader_client
    assert client.get(reverse("organisations:detail", args=["finnes-ikke"])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(demo, client):
    response = client.get(reverse("organisations:detail", args=["rana-kommune"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_overview_shows_a_goals_indicators_and_links_follow_up(reader_client):
    from django.contrib.auth.models import User

    from kommplan.indicators.services import create_indicator

    strategy = Strategy.objects.get(organisation__name="Rana kommune")
    goal = strategy.goals.first()
    create_indicator(
        actor=User.objects.get(username="rana-redaktor"),
        strategy=strategy,
        goal=goal,
        name="Andel innbyggere som finner det de leter etter",
        unit="prosent",
        target=80,
    )
    html = reader_client.get(
        reverse("strategies:overview", args=[strategy.organisation.slug, strategy.pk])
    ).content.decode()
    assert "Andel innbyggere som finner det de leter etter" in html
    assert reverse("followup:dashboard", args=[strategy.organisation.slug, strategy.pk]) in html
    # Only administrators see the link to the audit log.
    assert reverse("audit:strategy_log", args=[strategy.organisation.slug, strategy.pk]) not in html
