from html import escape

import pytest
from django.conf import settings
from django.urls import reverse

from kommplan.actions.models import Action
from kommplan.planfiles.reader import read_plan
from kommplan.strategies.models import Strategy

DEMO_FILES = sorted(settings.DEMO_PLANS_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", DEMO_FILES, ids=lambda p: p.stem)
def test_every_action_of_a_demo_plan_is_in_its_action_plan_table(reader_client, path):
    client = reader_client
    plan = read_plan(path.read_bytes())
    strategy = Strategy.objects.get(
        organisation__name=plan.organisation.name, title=plan.strategy.title
    )
    url = reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk])
    html = client.get(url).content.decode()
    assert len(plan.actions) > 0
    for action in plan.actions:
        assert escape(action.title, quote=False) in html, action.title
        for text in (action.responsible, action.financing, action.when):
            if text:
                assert escape(text, quote=False) in html, text


def test_the_action_plan_table_has_the_columns_the_council_reads(reader_client):
    client = reader_client
    strategy = Strategy.objects.get(organisation__name="Regionrådet for Fjellregionen")
    response = client.get(reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk]))
    html = response.content.decode()
    headers = [
        f'<th scope="col">{name}</th>'
        for name in ("Tiltak", "Ansvarlig", "Finansiering", "Tid", "Status")
    ]
    positions = [html.index(header) for header in headers]
    assert positions == sorted(positions)
    assert "Regionrådets budsjett for 2019" in html


def test_a_strategy_is_not_found_under_another_organisations_address(reader_client):
    client = reader_client
    osen = Strategy.objects.get(organisation__name="Osen kommune")
    url = reverse("actions:plan", args=["rana-kommune", osen.pk])
    assert client.get(url).status_code == 404


def test_the_action_plan_page_costs_the_same_queries_for_8_and_52_actions(
    reader_client, django_assert_num_queries
):
    client = reader_client
    # session, user, organisation, memberships, strategy, actions (+goal, approach),
    # target groups, channels; then the sliding session expiry is saved (savepoint, update,
    # release).
    for name in ("Innherred Samkommune", "Askim kommune"):
        strategy = Strategy.objects.get(organisation__name=name)
        url = reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk])
        with django_assert_num_queries(11):
            response = client.get(url)
        assert response.status_code == 200


def test_overdue_actions_are_marked(reader_client):
    client = reader_client
    action = Action.objects.filter(due_date__isnull=False).first()
    assert action is not None  # Innherred's plan has dated actions in 2004
    strategy = action.strategy
    html = client.get(
        reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk])
    ).content.decode()
    assert "Forfalt" in html
