import re
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
    # The table shows 25 actions a page.
    html = "".join(
        client.get(url, {"page": page}).content.decode()
        for page in range(1, len(plan.actions) // 25 + 2)
    )
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
        re.search(rf'<th scope="col"[^>]*>(<button[^>]*>)?{name}(</button>)?</th>', html)
        for name in ("Tiltak", "Ansvarlig", "Finansiering", "Tid", "Status")
    ]
    positions = [header.start() for header in headers]
    assert positions == sorted(positions)
    assert "Regionrådets budsjett for 2019" in html


def test_a_strategy_is_not_found_under_another_organisations_address(reader_client):
    client = reader_client
    osen = Strategy.objects.get(organisation__name="Osen kommune")
    url = reverse("actions:plan", args=["rana-kommune", osen.pk])
    assert client.get(url).status_code == 404


def test_overdue_actions_are_marked(reader_client):
    client = reader_client
    action = Action.objects.filter(due_date__isnull=False).first()
    assert action is not None  # Innherred's plan has dated actions in 2004
    strategy = action.strategy
    html = client.get(
        reverse("actions:plan", args=[strategy.organisation.slug, strategy.pk])
    ).content.decode()
    assert "Forfalt" in html
