"""The strategy editor's pages, as an editor uses them (with and without HTMX)."""

from __future__ import annotations

import json
import re
from html import escape

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.audit.models import AuditEntry, AuditEvent
from kommplan.organisations.models import MemberRole, Membership
from kommplan.strategies import models as m
from kommplan.strategies import services

from .conftest import row_counts


def url(name: str, strategy: m.Strategy, *args) -> str:
    return reverse(f"strategies:{name}", args=[strategy.organisation.slug, strategy.pk, *args])


@pytest.fixture
def testby(small):
    """The small strategy, with a redaktør, a leser and an ISK-like stranger organisation."""
    organisation = small["strategy"].organisation
    for username, role in (("testby-redaktor", MemberRole.REDAKTOR), ("testby-leser", "leser")):
        user = User.objects.create(username=username)
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return small


@pytest.fixture
def editor_client(testby, client):
    client.force_login(User.objects.get(username="testby-redaktor"))
    return client


def text(value: str) -> str:
    return escape(value, quote=False)


# ---- adding, changing and deleting parts ----


def test_an_editor_adds_a_sub_goal_and_lands_on_it(editor_client, testby):
    strategy = testby["strategy"]
    g2 = testby["goals"][4]
    response = editor_client.post(
        url("goal_add", strategy),
        {"text": "Ansatte får vite det først", "description": "", "parent": g2.pk},
    )
    goal = strategy.goals.get(text="Ansatte får vite det først")
    assert response.status_code == 302
    assert response.url == url("edit_why", strategy) + f"#goal-{goal.pk}"
    assert (goal.parent, goal.ref, goal.position) == (g2, "g6", 5)
    entry = AuditEntry.objects.get()
    assert (entry.event, entry.actor.username) == (AuditEvent.CREATE, "testby-redaktor")
    page = editor_client.get(response.url).content.decode()
    assert "«Ansatte får vite det først» er lagt til." in page
    assert f'id="goal-{goal.pk}"' in page


def test_the_add_form_preselects_the_goal_named_in_the_address(editor_client, testby):
    strategy = testby["strategy"]
    g1 = testby["goals"][0]
    page = editor_client.get(url("approach_add", strategy) + f"?goal={g1.pk}").content.decode()
    assert re.search(rf'<option value="{g1.pk}" selected[ >]', page)
    page = editor_client.get(url("goal_add", strategy) + f"?parent={g1.pk}").content.decode()
    assert re.search(rf'<option value="{g1.pk}" selected[ >]', page)


def test_goal_choices_are_the_tree_without_the_goal_itself_and_its_sub_goals(editor_client, testby):
    strategy = testby["strategy"]
    g1, g1a, g1a1, g1b, g2 = testby["goals"]
    page = editor_client.get(url("goal_edit", strategy, g1a.pk)).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>\s*([^<]*)</option>', page)
    assert options == [
        ("", "Ingen – dette er et overordnet mål"),
        (str(g1.pk), "Innbyggerne vet"),
        (str(g1b.pk), "– Alle får vite tidlig"),
        (str(g2.pk), "Ansatte deler"),
    ]


def test_an_editor_changes_a_message_and_its_target_groups(editor_client, testby):
    strategy = testby["strategy"]
    core, support1, core2, support2 = testby["messages"]
    t1, t2, t3 = testby["groups"]
    response = editor_client.post(
        url("message_edit", strategy, support1.pk),
        {"text": "Spør oss, vi svarer.", "target_groups": [t2.pk]},
    )
    assert response.status_code == 302
    support1.refresh_from_db()
    assert support1.text == "Spør oss, vi svarer."
    assert not support1.core
    assert list(support1.target_groups.all()) == [t2]
    assert AuditEntry.objects.get().changes == {
        "target_groups": [[t1.pk, t3.pk], [t2.pk]],
        "text": ["Spør oss.", "Spør oss, vi svarer."],
    }


def test_the_message_form_offers_target_groups_as_a_fieldset_of_checkboxes(editor_client, testby):
    strategy = testby["strategy"]
    page = editor_client.get(url("message_add", strategy)).content.decode()
    fieldset = page[page.index('<fieldset class="ds-fieldset"') : page.index("</fieldset>")]
    assert '<legend class="ds-label">Målgrupper</legend>' in fieldset
    for group in testby["groups"]:
        assert f'value="{group.pk}"' in fieldset
        assert text(group.name) in fieldset


def test_invalid_input_is_shown_with_linked_errors_and_nothing_is_saved(editor_client, testby):
    strategy = testby["strategy"]
    counts = row_counts()
    response = editor_client.post(url("notification_add", strategy), {"role": "", "phone": "ring"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Feil i skjemaet" in page
    assert '<div class="ds-error-summary"' in page
    assert 'href="#id_role"' in page and 'href="#id_phone"' in page
    role_input = re.search(r"<input[^>]*name=\"role\"[^>]*>", page).group()
    assert 'aria-invalid="true"' in role_input
    assert "id_role_error" in role_input
    assert row_counts() == counts


def test_delete_asks_first_and_names_what_else_changes(editor_client, testby):
    strategy = testby["strategy"]
    g1, g1a, g1a1, g1b, g2 = testby["goals"]
    counts = row_counts()
    page = editor_client.get(url("goal_delete", strategy, g1a.pk)).content.decode()
    assert "<h1" in page and "Slette målet «Alle finner svar»?" in page
    assert "Delmålet «Nettsidene er klare» slettes også." in page
    assert "5 tiltak mister koblingen til målet." in page
    assert row_counts() == counts  # asking deletes nothing

    response = editor_client.post(url("goal_delete", strategy, g1a.pk))
    assert response.status_code == 302
    assert response.url == url("edit_why", strategy) + "#h-goals"
    assert list(strategy.goals.values_list("text", flat=True)) == [
        "Innbyggerne vet",
        "Alle får vite tidlig",
        "Ansatte deler",
    ]
    assert AuditEntry.objects.filter(event=AuditEvent.DELETE).count() == 2


def test_deleting_a_target_group_names_the_messages_and_actions_that_lose_it(editor_client, testby):
    strategy = testby["strategy"]
    t1 = testby["groups"][0]
    page = editor_client.get(url("target_group_delete", strategy, t1.pk)).content.decode()
    assert "5 tiltak mister koblingen til den." in page
    assert "1 budskap mister koblingen til den." in page


# ---- reordering ----


def test_a_move_without_javascript_redirects_back_to_the_moved_item(editor_client, testby):
    strategy = testby["strategy"]
    channels = list(strategy.channels.all())
    response = editor_client.post(
        url("channel_move", strategy, channels[2].pk), {"direction": "up"}
    )
    assert response.status_code == 302
    assert response.url == url("edit_how", strategy) + f"#channel-{channels[2].pk}"
    assert list(strategy.channels.values_list("name", flat=True)) == [
        "testby.no",
        "Lokalavisa",
        "Facebook",
    ]
    page = editor_client.get(response.url).content.decode()
    assert "«Lokalavisa» er flyttet opp, til plass 2 av 3." in page


def test_a_move_with_htmx_returns_the_list_keeps_focus_and_announces_it(editor_client, testby):
    strategy = testby["strategy"]
    channels = list(strategy.channels.all())
    response = editor_client.post(
        url("channel_move", strategy, channels[0].pk),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<h1" not in html  # the list only
    assert html.index("Facebook") < html.index("testby.no") < html.index("Lokalavisa")
    focused = re.findall(r"<button[^>]*data-focus-after-swap[^>]*>", html)
    assert len(focused) == 1
    assert f'id="move-channel-{channels[0].pk}-down"' in focused[0]
    trigger = json.loads(response.headers["HX-Trigger"])
    assert trigger == {"announce": {"value": "«testby.no» er flyttet ned, til plass 2 av 3."}}


def test_moving_to_the_top_gives_focus_to_the_other_button(editor_client, testby):
    strategy = testby["strategy"]
    channels = list(strategy.channels.all())
    html = editor_client.post(
        url("channel_move", strategy, channels[1].pk), {"direction": "up"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    up = re.search(rf'<button[^>]*id="move-channel-{channels[1].pk}-up"[^>]*>', html).group()
    down = re.search(rf'<button[^>]*id="move-channel-{channels[1].pk}-down"[^>]*>', html).group()
    assert "disabled" in up and "data-focus-after-swap" not in up
    assert "data-focus-after-swap" in down


def test_a_move_past_the_end_changes_nothing_and_says_so(editor_client, testby):
    strategy = testby["strategy"]
    first = strategy.roles.first()
    response = editor_client.post(
        url("role_move", strategy, first.pk), {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert json.loads(response.headers["HX-Trigger"]) == {
        "announce": {"value": "«Ordfører» står allerede øverst."}
    }
    assert list(strategy.roles.values_list("title", "position")) == [
        ("Ordfører", 0),
        ("Kommunedirektør", 1),
    ]
    assert AuditEntry.objects.count() == 0


def test_a_move_with_no_direction_changes_nothing(editor_client, testby):
    strategy = testby["strategy"]
    role = strategy.roles.last()
    response = editor_client.post(url("role_move", strategy, role.pk), {"direction": "sideways"})
    assert response.status_code == 302
    assert list(strategy.roles.values_list("title", flat=True)) == ["Ordfører", "Kommunedirektør"]
    assert AuditEntry.objects.count() == 0


def test_a_sub_goal_moves_among_its_siblings_in_the_goal_tree(editor_client, testby):
    strategy = testby["strategy"]
    g1, g1a, g1a1, g1b, g2 = testby["goals"]
    html = editor_client.post(
        url("goal_move", strategy, g1b.pk), {"direction": "up"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert html.index("Alle får vite tidlig") < html.index("Alle finner svar")
    assert html.index("Alle finner svar") < html.index("Nettsidene er klare")
    assert f'id="move-goal-{g1b.pk}-down" data-focus-after-swap' in html.replace(
        " data-focus-after-swap", " data-focus-after-swap"
    ) or re.search(rf'id="move-goal-{g1b.pk}-down"[^>]*data-focus-after-swap', html)


def test_every_move_button_is_a_labelled_form_submit(editor_client, testby):
    strategy = testby["strategy"]
    page = editor_client.get(url("edit_crisis", strategy)).content.decode()
    entry = strategy.notification_entries.get(role="Ordfører")
    form = re.search(
        rf'<form method="post" action="{url("notification_move", strategy, entry.pk)}"'
        r"[^>]*>.*?</form>",
        page,
        re.S,
    ).group()
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'hx-post="' in form
    assert re.search(
        r'type="submit" name="direction" value="up"[^>]*>Flytt opp'
        r'<span class="ds-sr-only"> «Ordfører Navn 1»</span></button>',
        form,
    )
    assert re.search(
        r'type="submit" name="direction" value="down"[^>]*>Flytt ned'
        r'<span class="ds-sr-only"> «Ordfører Navn 1»</span></button>',
        form,
    )


# ---- what may not be reached or set ----


def test_a_part_of_another_organisation_is_not_found_and_stays_unchanged(
    editor_client, testby, demo
):
    strategy = testby["strategy"]
    foreign = m.Strategy.objects.get(organisation__slug="rana-kommune")
    goal = foreign.goals.first()
    channel = foreign.channels.first()
    counts = row_counts()
    before = list(m.Goal.objects.filter(strategy=foreign).values())
    for name, pk, data in (
        ("goal_edit", goal.pk, {"text": "Kapret"}),
        ("goal_delete", goal.pk, {}),
        ("goal_move", goal.pk, {"direction": "down"}),
        ("channel_edit", channel.pk, {"name": "Kapret"}),
        ("channel_delete", channel.pk, {}),
    ):
        assert editor_client.get(url(name, strategy, pk)).status_code in (404, 405)
        assert editor_client.post(url(name, strategy, pk), data).status_code == 404, name
    assert row_counts() == counts
    assert list(m.Goal.objects.filter(strategy=foreign).values()) == before
    assert foreign.channels.first().name == channel.name


def test_a_part_of_another_strategy_of_the_same_organisation_is_not_found(editor_client, testby):
    strategy = testby["strategy"]
    sibling = services.roll_over_strategy(actor=None, source=strategy, title="Neste")
    goal = sibling.goals.first()
    assert editor_client.post(url("goal_edit", strategy, goal.pk), {"text": "X"}).status_code == 404
    goal.refresh_from_db()
    assert goal.text == "Innbyggerne vet"


def test_choices_from_another_strategy_are_refused(editor_client, testby, demo):
    strategy = testby["strategy"]
    rana = m.Strategy.objects.get(organisation__slug="rana-kommune")
    foreign_goal = rana.goals.first()
    foreign_group = m.TargetGroup.objects.create(strategy=rana, ref="tg9", name="Ranværinger")
    counts = row_counts()
    for name, data, field in (
        ("goal_add", {"text": "X", "parent": foreign_goal.pk}, "parent"),
        ("approach_add", {"title": "X", "goal": foreign_goal.pk}, "goal"),
        ("message_add", {"text": "X", "target_groups": [foreign_group.pk]}, "target_groups"),
        (
            "message_edit",
            {"text": "X", "target_groups": [foreign_group.pk]},
            "target_groups",
        ),
    ):
        target = (
            url(name, strategy, testby["messages"][0].pk)
            if name.endswith("edit")
            else url(name, strategy)
        )
        response = editor_client.post(target, data)
        assert response.status_code == 200, name
        assert response.context["form"].errors[field], name
    assert row_counts() == counts
    assert testby["messages"][0].target_groups.count() == 0


def test_fields_nobody_may_set_here_are_ignored(editor_client, testby, demo):
    strategy = testby["strategy"]
    rana = m.Strategy.objects.get(organisation__slug="rana-kommune")
    goal = testby["goals"][4]
    response = editor_client.post(
        url("goal_edit", strategy, goal.pk),
        {
            "text": "Ansatte deler alt",
            "strategy": rana.pk,
            "ref": "kapret",
            "position": 99,
            "organisation": rana.organisation.pk,
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.strategy, goal.ref, goal.position) == (
        "Ansatte deler alt",
        strategy,
        "g5",
        4,
    )
    response = editor_client.post(
        url("edit_details", strategy),
        {
            "title": "Ny tittel",
            "kind": "plan",
            "status": "utkast",
            "organisation": rana.organisation.pk,
            "created_at": "2000-01-01",
        },
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.title, strategy.organisation.slug) == ("Ny tittel", "testby")
    response = editor_client.post(
        reverse("strategies:create", args=["testby"]),
        {"title": "Kapret strategi", "kind": "strategi", "organisation": rana.organisation.pk},
    )
    assert response.status_code == 302
    assert m.Strategy.objects.get(title="Kapret strategi").organisation.slug == "testby"


# ---- the strategy's own texts ----


def test_purpose_and_vision_are_saved_and_the_klarsprak_hint_shows_after_the_save(
    editor_client, testby
):
    strategy = testby["strategy"]
    response = editor_client.post(
        url("edit_why", strategy),
        {"purpose": "Vi forteller. Vi lytter.", "vision": "Nær"},
        follow=True,
    )
    strategy.refresh_from_db()
    assert (strategy.purpose, strategy.vision) == ("Vi forteller. Vi lytter.", "Nær")
    page = response.content.decode()
    assert "Endringene er lagret." in page
    hint = re.search(r'<div class="klarsprak-hint" id="id_purpose_klarsprak".*?</div>', page, re.S)
    # 4 words, 2 sentences, 2 long words (forteller, lytter has 6): 4/2 + 100*1/4 = 27.
    assert "Lesbarhet (LIX): 27, svært lettlest." in hint.group()
    assert AuditEntry.objects.get().changes == {
        "purpose": ["Vi forteller hva kommunen gjør.", "Vi forteller. Vi lytter."],
        "vision": ["Åpen og nær", "Nær"],
    }


def test_the_crisis_page_saves_the_note_and_lists_who_is_alerted_in_order(editor_client, testby):
    strategy = testby["strategy"]
    page = editor_client.get(url("edit_crisis", strategy)).content.decode()
    order = [page.index(role) for role in ("Kommunedirektør", "Ordfører", "Kommunikasjonssjef")]
    assert order == sorted(order)
    assert '<ol class="editor-list">' in page
    assert 'href="tel:+4790000001"' in page
    response = editor_client.post(url("edit_crisis", strategy), {"crisis_note": "Ring 110."})
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.crisis_note == "Ring 110."


def test_the_details_page_refuses_a_period_that_ends_before_it_starts(editor_client, testby):
    strategy = testby["strategy"]
    response = editor_client.post(
        url("edit_details", strategy),
        {
            "title": "T",
            "kind": "strategi",
            "status": "utkast",
            "period_start": 2026,
            "period_end": 2025,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"]
    strategy.refresh_from_db()
    assert (strategy.title, strategy.period_end) == ("Kommunikasjonsstrategi 2024–2025", 2025)


def test_the_how_page_lists_channels_and_links_the_action_plan(editor_client, testby):
    strategy = testby["strategy"]
    page = editor_client.get(url("edit_how", strategy)).content.decode()
    assert reverse("actions:plan", args=["testby", strategy.pk]) in page
    assert "Strategien har 5 tiltak." in page
    for channel in testby["channels"]:
        assert text(channel.name) in page


def test_the_what_page_separates_core_and_supporting_messages(editor_client, testby):
    strategy = testby["strategy"]
    page = editor_client.get(url("edit_what", strategy)).content.decode()
    core_start, support_start = page.index("h-core-messages"), page.index("h-supporting-messages")
    assert core_start < page.index("Vi er her for deg.") < page.index("Vi lytter.") < support_start
    assert support_start < page.index("Spør oss.") < page.index("Del det du vet.")
    assert "Til: Innbyggere, Media" in page
    assert "Til alle målgrupper" in page


def test_the_start_page_walks_the_staircase_and_counts_the_parts(editor_client, testby):
    strategy = testby["strategy"]
    page = editor_client.get(url("edit", strategy)).content.decode()
    steps = [
        page.index(f"{n}. {title}")
        for n, title in enumerate(["Hvorfor", "Hvem", "Hva", "Hvordan"], 1)
    ]
    assert steps == sorted(steps)
    assert "5 mål, 4 strategier" in page
    assert "3 målgrupper" in page
    assert "3 kanaler, 5 tiltak" in page
    assert "3 på varslingslisten" in page


# ---- whole strategies ----


def test_an_editor_starts_a_new_strategy(editor_client, testby):
    response = editor_client.post(
        reverse("strategies:create", args=["testby"]),
        {"title": "Plan for valget", "kind": "plan", "period_start": 2027, "period_end": 2027},
    )
    strategy = m.Strategy.objects.get(title="Plan for valget")
    assert response.status_code == 302
    assert response.url == url("edit", strategy)
    assert (strategy.kind, strategy.status, strategy.period_label) == ("plan", "utkast", "2027")
    assert AuditEntry.objects.get().event == AuditEvent.CREATE


def test_a_reader_cannot_start_a_new_strategy(testby, client):
    client.force_login(User.objects.get(username="testby-leser"))
    counts = row_counts()
    response = client.post(
        reverse("strategies:create", args=["testby"]), {"title": "X", "kind": "plan"}
    )
    assert response.status_code == 403
    assert row_counts() == counts


def test_roll_over_proposes_the_next_period_and_creates_it(editor_client, testby):
    strategy = testby["strategy"]
    response = editor_client.get(url("roll_over", strategy))
    form = response.context["form"]
    assert (form.initial["period_start"], form.initial["period_end"]) == (2026, 2027)
    assert form.initial["title"] == "Kommunikasjonsstrategi 2026–2027"
    page = response.content.decode()
    assert "3 åpne tiltak (ikke fullført eller avlyst)" in page
    assert "2 fullførte eller avlyste tiltak blir igjen" in page
    response = editor_client.post(
        url("roll_over", strategy),
        {"title": "Kommunikasjonsstrategi 2026–2027", "period_start": 2026, "period_end": 2027},
        follow=True,
    )
    new = m.Strategy.objects.get(title="Kommunikasjonsstrategi 2026–2027")
    assert response.redirect_chain[-1][0] == url("edit", new)
    assert "med 3 åpne tiltak" in response.content.decode()
    assert new.actions.count() == 3 and strategy.actions.count() == 5


def test_the_overview_links_the_editor_for_editors_only(testby, client):
    strategy = testby["strategy"]
    overview = reverse("strategies:overview", args=["testby", strategy.pk])
    client.force_login(User.objects.get(username="testby-redaktor"))
    page = client.get(overview).content.decode()
    assert url("edit", strategy) in page and url("roll_over", strategy) in page
    client.force_login(User.objects.get(username="testby-leser"))
    page = client.get(overview).content.decode()
    assert url("edit", strategy) not in page and url("roll_over", strategy) not in page


# ---- plain language ----


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("edit_why", ["purpose", "vision"]),
        ("goal_add", ["text", "description"]),
        ("approach_add", ["title", "text", "description", "desired_results"]),
        ("message_add", ["text"]),
        ("edit_crisis", ["crisis_note"]),
    ],
)
def test_text_fields_carry_the_klarsprak_hint_linked_to_them(editor_client, testby, name, fields):
    page = editor_client.get(url(name, testby["strategy"])).content.decode()
    assert 'id="klarsprak-i18n"' in page
    for field in fields:
        widget = re.search(rf'<(?:textarea|input)[^>]*name="{field}"[^>]*>', page).group()
        assert "data-klarsprak" in widget, field
        described = re.search(r'aria-describedby="([^"]*)"', widget).group(1).split()
        assert f"id_{field}_klarsprak" in described, field
        assert f'<div class="klarsprak-hint" id="id_{field}_klarsprak" aria-live="polite"' in page


def test_the_klarsprak_hint_is_added_to_djangos_descriptions_not_instead_of_them(
    editor_client, testby
):
    strategy = testby["strategy"]
    page = editor_client.post(url("goal_add", strategy), {"text": ""}).content.decode()
    widget = re.search(r'<textarea[^>]*name="text"[^>]*>', page).group()
    described = re.search(r'aria-describedby="([^"]*)"', widget).group(1).split()
    assert described == ["id_text_error", "id_text_klarsprak"]
    widget = re.search(
        r'<textarea[^>]*name="vision"[^>]*>',
        editor_client.get(url("edit_why", strategy)).content.decode(),
    ).group()
    described = re.search(r'aria-describedby="([^"]*)"', widget).group(1).split()
    assert described == ["id_vision_helptext", "id_vision_klarsprak"]


# ---- queries ----


def test_the_why_page_needs_a_fixed_number_of_queries(
    editor_client, testby, django_assert_num_queries
):
    strategy = testby["strategy"]
    target = url("edit_why", strategy)
    editor_client.get(target)
    for i in range(5):
        services.add_goal(actor=None, strategy=strategy, text=f"Mål {i}", parent=testby["goals"][0])
    # session, user, organisation, membership, strategy, goals, their strategies (prefetch),
    # strategies without a goal, session save (savepoint, update, release)
    with django_assert_num_queries(11):
        editor_client.get(target)


def test_the_what_page_needs_a_fixed_number_of_queries(
    editor_client, testby, django_assert_num_queries
):
    strategy = testby["strategy"]
    target = url("edit_what", strategy)
    for i in range(5):
        services.add_key_message(
            actor=None, strategy=strategy, text=f"Budskap {i}", target_groups=testby["groups"]
        )
    # session, user, organisation, membership, strategy, messages, their target groups
    # (prefetch), session save (savepoint, update, release)
    with django_assert_num_queries(10):
        editor_client.get(target)


def test_the_proposed_title_moves_the_years_to_the_next_period(demo):
    from kommplan.strategies.views import next_period_title

    rana = m.Strategy.objects.get(organisation__slug="rana-kommune")
    assert next_period_title(rana, 2027, 2030) == "Kommunikasjonsstrategi 2027 - 2030"
    undated = m.Strategy(title="Kommunikasjonsplan")
    assert next_period_title(undated, None, None) == "Kommunikasjonsplan"
