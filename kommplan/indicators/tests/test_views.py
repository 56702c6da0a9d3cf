from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kommplan.audit.models import AuditEntry
from kommplan.followup.tests.support import assert_accessible_tables, table
from kommplan.indicators.models import Indicator, Measurement
from kommplan.strategies.models import Strategy

MEMBERS = ["rana-admin", "rana-redaktor", "rana-bidragsyter", "rana-leser"]
EDITORS = ["rana-admin", "rana-redaktor"]
BELOW_EDITOR = ["rana-bidragsyter", "rana-leser"]


def state(cast) -> dict:
    """Everything the indicator views could change, to compare before and after a request."""
    return {
        "indicators": list(
            Indicator.objects.order_by("pk").values_list(
                "pk",
                "strategy_id",
                "ref",
                "position",
                "name",
                "unit",
                "target",
                "direction",
                "period",
                "goal_id",
                "action_id",
            )
        ),
        "measurements": list(
            Measurement.objects.order_by("pk").values_list(
                "pk", "indicator_id", "position", "date", "value"
            )
        ),
        "log": AuditEntry.objects.count(),
    }


INDICATOR_POST = {
    "name": "Nytt navn",
    "owner": "",
    "unit": "stk",
    "target": "10",
    "direction": "increase",
    "period": "2026",
}


# -- read pages: list and detail ------------------------------------------------------------


@pytest.mark.parametrize("username", MEMBERS)
def test_every_member_reads_the_list_and_an_indicators_page(cast, login, username):
    client = login(username)
    response = client.get(cast.url("list"))
    assert response.status_code == 200
    names = [row[0] for row in table(response.content, "indikatorer")[1:]]
    assert names == ["Kjennskap til kommunens nettside", "Pressemeldinger", "Følgere"]
    response = client.get(cast.url("detail", cast.on_goal))
    assert response.status_code == 200
    assert "Kjennskap til kommunens nettside" in response.content.decode()


@pytest.mark.parametrize(
    "name, indicator",
    [
        ("list", None),
        ("create", None),
        ("detail", "on_goal"),
        ("edit", "on_goal"),
        ("delete", "on_goal"),
        ("measurement_create", "on_own_action"),
    ],
)
def test_another_organisations_administrator_gets_404_and_anonymous_must_log_in(
    cast, login, client, name, indicator
):
    url = cast.url(name, getattr(cast, indicator) if indicator else None)
    before = state(cast)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.post(url, INDICATOR_POST).status_code == 302
    other = login("isk-admin")
    assert other.get(url).status_code == 404
    assert (
        other.post(url, {**INDICATOR_POST, "date": "2024-01-01", "value": "1"}).status_code == 404
    )
    assert state(cast) == before


def test_a_measurement_cannot_be_deleted_by_anonymous_or_another_organisation(cast, login, client):
    measurement = cast.on_goal.measurements.first()
    url = cast.url("measurement_delete", cast.on_goal, measurement.pk)
    before = state(cast)
    assert client.post(url).status_code == 302
    assert login("isk-admin").post(url).status_code == 404
    assert state(cast) == before


def test_an_indicator_is_not_found_under_another_strategy_or_organisation(cast, login):
    client = login("rana-admin")
    askim = Strategy.objects.get(organisation__slug="askim-kommune")
    url = reverse("indicators:detail", args=["askim-kommune", askim.pk, cast.on_goal.pk])
    assert client.get(url).status_code == 404
    osen_indicator = Indicator.objects.get(strategy__organisation__slug="osen-kommune")
    url = reverse("indicators:detail", args=["rana-kommune", cast.strategy.pk, osen_indicator.pk])
    assert client.get(url).status_code == 404


def test_the_detail_page_shows_the_chart_and_the_measurements_table(cast, login):
    html = login("rana-leser").get(cast.url("detail", cast.on_goal)).content
    rows = table(html, f"indikator-{cast.on_goal.pk}-tabell")
    assert rows[0] == ["Dato", "Verdi", "Mot målverdi"]
    assert rows[1:] == [["1.1.2024", "42 %", "Ikke nådd"], ["1.6.2024", "58,5 %", "Ikke nådd"]]
    text = html.decode()
    assert (
        'role="img"' in text
        and 'aria-labelledby="indikator-graf-title indikator-graf-desc"' in text
    )
    assert "Mål: 75 %" in text
    assert_accessible_tables(html)


def test_an_indicator_without_measurements_says_so_and_draws_no_chart(cast, login):
    text = login("rana-leser").get(cast.url("detail", cast.on_own_action)).content.decode()
    assert "Ingen målinger er registrert ennå." in text
    assert "<svg" not in text


def test_readers_see_no_edit_links_or_measurement_form(cast, login):
    text = login("rana-leser").get(cast.url("detail", cast.on_goal)).content.decode()
    assert cast.url("edit", cast.on_goal) not in text
    assert cast.url("measurement_create", cast.on_goal) not in text
    text = login("rana-redaktor").get(cast.url("detail", cast.on_goal)).content.decode()
    assert cast.url("edit", cast.on_goal) in text
    assert cast.url("measurement_create", cast.on_goal) in text


def test_a_member_organisations_reader_sees_indicators_on_their_actions_only(demo, login):
    isk = Strategy.objects.get(organisation__slug="innherred-samkommune")
    assigned = isk.actions.get(assigned_organisation__slug="levanger-kommune")
    other = isk.actions.exclude(pk=assigned.pk).first()
    ours = Indicator.objects.create(strategy=isk, ref="i1", name="Vårt", action=assigned)
    theirs = Indicator.objects.create(strategy=isk, ref="i2", name="Deres", action=other)
    general = Indicator.objects.create(strategy=isk, ref="i3", name="Felles")
    client = login("levanger-leser")
    url = lambda name, *a: reverse(f"indicators:{name}", args=[isk.organisation.slug, isk.pk, *a])  # noqa: E731
    names = [row[0] for row in table(client.get(url("list")).content, "indikatorer")[1:]]
    assert names == ["Vårt", "Felles"]
    assert client.get(url("detail", ours.pk)).status_code == 200
    assert client.get(url("detail", general.pk)).status_code == 200
    assert client.get(url("detail", theirs.pk)).status_code == 404
    assert (
        client.post(
            url("measurement_create", ours.pk), {"date": "2024-01-01", "value": "1"}
        ).status_code
        == 403
    )


def test_the_list_costs_the_same_queries_for_three_and_thirty_indicators(
    cast, login, django_assert_num_queries
):
    client = login("rana-leser")
    url = cast.url("list")
    # session, user, organisation, memberships, strategy, indicators (+goal, action),
    # measurements; session expiry saved (savepoint, update, release).
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200
    for i in range(27):
        indicator = Indicator.objects.create(
            strategy=cast.strategy, ref=f"x{i}", name=f"X{i}", action=cast.other_action
        )
        Measurement.objects.create(indicator=indicator, date=date(2024, 1, 1), value=i)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(table(response.content, "indikatorer")) == 31


# -- creating, editing, deleting ------------------------------------------------------------


@pytest.mark.parametrize("username", EDITORS)
def test_editors_create_an_indicator_on_a_goal(cast, login, username):
    client = login(username)
    assert client.get(cast.url("create")).status_code == 200
    response = client.post(
        cast.url("create"), {**INDICATOR_POST, "name": "Besøk", "owner": f"goal-{cast.goal.pk}"}
    )
    indicator = cast.strategy.indicators.get(name="Besøk")
    assert response.status_code == 302 and response.url == cast.url("detail", indicator)
    assert (indicator.goal, indicator.action, indicator.target) == (cast.goal, None, 10)
    assert AuditEntry.objects.filter(object_id=str(indicator.pk)).count() == 1


def test_an_indicator_can_be_put_on_an_action_and_the_form_can_preselect_it(cast, login):
    client = login("rana-redaktor")
    owner = f"action-{cast.other_action.pk}"
    html = client.get(cast.url("create") + f"?til={owner}").content.decode()
    assert re.search(rf'<option value="{owner}" selected[ >]', html)
    client.post(cast.url("create"), {**INDICATOR_POST, "name": "På tiltak", "owner": owner})
    indicator = cast.strategy.indicators.get(name="På tiltak")
    assert (indicator.goal, indicator.action) == (None, cast.other_action)


def test_a_decimal_comma_is_accepted_in_the_target(cast, login):
    login("rana-redaktor").post(
        cast.url("create"), {**INDICATOR_POST, "name": "D", "target": "7,5"}
    )
    assert cast.strategy.indicators.get(name="D").target == 7.5


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize(
    "typed, value", [("66,5", 66.5), ("66.5", 66.5), ("12 500", 12500), ("−2,5", -2.5)]
)
def test_a_value_may_have_a_decimal_comma_or_point_on_a_page_in_any_language(
    cast, login, settings, language, typed, value
):
    client = login("rana-redaktor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        cast.url("measurement_create", cast.on_goal), {"date": "2024-09-01", "value": typed}
    )
    assert response.status_code == 302
    assert cast.on_goal.latest_measurement().value == value


def test_a_number_with_both_comma_and_point_is_refused_as_ambiguous(cast, login):
    before = state(cast)
    response = login("rana-redaktor").post(
        cast.url("measurement_create", cast.on_goal), {"date": "2024-09-01", "value": "1.234,5"}
    )
    assert response.status_code == 200 and "value" in response.context["form"].errors
    assert state(cast) == before


def test_posting_fields_one_may_not_set_changes_nothing_of_them(cast, login):
    askim = Strategy.objects.get(organisation__slug="askim-kommune")
    askim_goal = askim.goals.first()
    client = login("rana-redaktor")
    client.post(
        cast.url("create"),
        {
            **INDICATOR_POST,
            "name": "Lurt",
            "strategy": askim.pk,
            "ref": "hack",
            "position": 999,
            "goal": askim_goal.pk,
        },
    )
    indicator = Indicator.objects.get(name="Lurt")
    assert indicator.strategy == cast.strategy
    assert indicator.ref != "hack" and indicator.position != 999 and indicator.goal is None
    # A goal of another strategy is not a choice either.
    response = client.post(
        cast.url("edit", cast.on_goal), {**INDICATOR_POST, "owner": f"goal-{askim_goal.pk}"}
    )
    assert response.status_code == 200 and "owner" in response.context["form"].errors
    cast.on_goal.refresh_from_db()
    assert cast.on_goal.goal == cast.goal


@pytest.mark.parametrize("username", BELOW_EDITOR)
@pytest.mark.parametrize("name", ["create", "edit", "delete"])
def test_bidragsyter_and_leser_may_not_create_edit_or_delete(cast, login, username, name):
    client = login(username)
    url = cast.url(name, None if name == "create" else cast.on_own_action)
    before = state(cast)
    assert client.get(url).status_code == 403
    assert client.post(url, INDICATOR_POST).status_code == 403
    assert state(cast) == before


def test_editing_changes_the_indicator_and_redirects_to_it(cast, login):
    client = login("rana-redaktor")
    form = client.get(cast.url("edit", cast.on_goal)).context["form"]
    assert form.initial["owner"] == f"goal-{cast.goal.pk}"
    response = client.post(
        cast.url("edit", cast.on_goal),
        {**INDICATOR_POST, "name": "Nytt navn", "owner": f"goal-{cast.goal.pk}", "target": "80"},
    )
    assert response.status_code == 302
    cast.on_goal.refresh_from_db()
    assert (cast.on_goal.name, cast.on_goal.target, cast.on_goal.goal) == (
        "Nytt navn",
        80,
        cast.goal,
    )


def test_an_invalid_form_shows_errors_and_saves_nothing(cast, login):
    before = state(cast)
    response = login("rana-redaktor").post(
        cast.url("create"), {**INDICATOR_POST, "name": "", "target": "mange"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "target"}
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert state(cast) == before


def test_deleting_asks_first_and_then_deletes(cast, login):
    client = login("rana-admin")
    response = client.get(cast.url("delete", cast.on_goal))
    assert response.status_code == 200
    assert "2 målingene blir slettet" in response.content.decode()
    assert Indicator.objects.filter(pk=cast.on_goal.pk).exists()
    response = client.post(cast.url("delete", cast.on_goal))
    assert response.status_code == 302 and response.url == cast.url("list")
    assert not Indicator.objects.filter(pk=cast.on_goal.pk).exists()


# -- measurements ---------------------------------------------------------------------------


@pytest.mark.parametrize("username", EDITORS)
def test_editors_record_a_measurement_on_any_indicator(cast, login, username):
    client = login(username)
    response = client.post(
        cast.url("measurement_create", cast.on_goal), {"date": "2024-09-01", "value": "61,5"}
    )
    assert response.status_code == 302 and response.url == cast.url("detail", cast.on_goal)
    assert cast.on_goal.latest_measurement().value == 61.5


def test_a_bidragsyter_records_measurements_on_their_own_actions_indicator_only(cast, login):
    client = login("rana-bidragsyter")
    url = cast.url("measurement_create", cast.on_own_action)
    assert client.get(url).status_code == 200
    assert client.post(url, {"date": "2024-09-01", "value": "3"}).status_code == 302
    assert cast.on_own_action.measurements.get().value == 3
    html = client.get(cast.url("detail", cast.on_own_action)).content.decode()
    assert url in html  # the form is on the page for her
    assert cast.url("edit", cast.on_own_action) not in html

    before = state(cast)
    for indicator in (cast.on_goal, cast.on_other_action):
        other = cast.url("measurement_create", indicator)
        assert client.get(other).status_code == 403
        assert client.post(other, {"date": "2024-09-01", "value": "3"}).status_code == 403
    assert state(cast) == before


def test_a_leser_may_not_record_a_measurement(cast, login):
    client = login("rana-leser")
    before = state(cast)
    url = cast.url("measurement_create", cast.on_own_action)
    assert client.post(url, {"date": "2024-09-01", "value": "3"}).status_code == 403
    assert state(cast) == before


def test_posting_another_indicator_in_the_form_records_on_the_one_in_the_address(cast, login):
    login("rana-bidragsyter").post(
        cast.url("measurement_create", cast.on_own_action),
        {"date": "2024-09-01", "value": "3", "indicator": cast.on_goal.pk, "position": 0},
    )
    assert cast.on_goal.measurements.count() == 2
    assert cast.on_own_action.measurements.get().position == 0


def test_a_measurement_needs_a_number_and_a_date_that_is_not_in_the_future(cast, login):
    client = login("rana-redaktor")
    before = state(cast)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        cast.url("measurement_create", cast.on_goal), {"date": tomorrow, "value": "abc"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"date", "value"}
    assert state(cast) == before


def test_with_htmx_recording_swaps_the_section_and_announces_it(cast, login):
    client = login("rana-redaktor")
    response = client.post(
        cast.url("measurement_create", cast.on_goal),
        {"date": "2024-09-01", "value": "70"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" not in html and "<html" not in html  # a partial
    assert "data-focus-after-swap" in html
    rows = table(html, f"indikator-{cast.on_goal.pk}-tabell")
    assert rows[-1][:2] == ["1.9.2024", "70 %"]
    assert json.loads(response["HX-Trigger"]) == {"announce": {"value": "Målingen er registrert."}}


def test_with_htmx_an_invalid_measurement_comes_back_with_its_errors(cast, login):
    before = state(cast)
    response = login("rana-redaktor").post(
        cast.url("measurement_create", cast.on_goal),
        {"date": "", "value": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "ikke lagret" in json.loads(response["HX-Trigger"])["announce"]["value"]
    assert state(cast) == before


def test_editors_delete_a_measurement_after_confirming(cast, login):
    measurement = cast.on_goal.measurements.get(value=42)
    url = cast.url("measurement_delete", cast.on_goal, measurement.pk)
    client = login("rana-redaktor")
    assert client.get(url).status_code == 200
    assert Measurement.objects.filter(pk=measurement.pk).exists()
    assert client.post(url).status_code == 302
    assert not Measurement.objects.filter(pk=measurement.pk).exists()


def test_a_bidragsyter_may_not_delete_measurements_even_on_their_own_action(cast, login):
    measurement = Measurement.objects.create(
        indicator=cast.on_own_action, date=date(2024, 1, 1), value=1
    )
    before = state(cast)
    url = cast.url("measurement_delete", cast.on_own_action, measurement.pk)
    assert login("rana-bidragsyter").post(url).status_code == 403
    assert state(cast) == before


def test_a_measurement_is_not_found_under_another_indicator(cast, login):
    measurement = cast.on_goal.measurements.first()
    url = cast.url("measurement_delete", cast.on_own_action, measurement.pk)
    assert login("rana-admin").post(url).status_code == 404
    assert Measurement.objects.filter(pk=measurement.pk).exists()
