"""Creating, editing (with optimistic locking) and deleting actions."""

import re
from datetime import date

import pytest
from django.urls import reverse

from kommplan.actions.models import Action, ActionStatus
from kommplan.actions.services import record_status_update
from kommplan.audit.models import AuditEntry, AuditEvent
from kommplan.organisations.models import Organisation

from .helpers import EDITORS, counts, user, values


def create_url(strategy) -> str:
    return reverse("actions:create", args=[strategy.organisation.slug, strategy.pk])


def edit_url(action) -> str:
    return reverse("actions:edit", args=[action.strategy.organisation.slug, action.pk])


def delete_url(action) -> str:
    return reverse("actions:delete", args=[action.strategy.organisation.slug, action.pk])


def form_data(action: Action, **changes) -> dict:
    """What the edit form posts for `action` when nothing is changed."""
    data = {
        "title": action.title,
        "description": action.description,
        "purpose": action.purpose,
        "desired_result": action.desired_result,
        "goal": action.goal_id or "",
        "approach": action.approach_id or "",
        "target_groups": [g.pk for g in action.target_groups.all()],
        "channels": [c.pk for c in action.channels.all()],
        "responsible": action.responsible,
        "responsible_user": action.responsible_user_id or "",
        "assigned_organisation": action.assigned_organisation_id or "",
        "financing": action.financing,
        "timing": action.timing,
        "due_date": action.due_date or "",
        "start_date": action.start_date or "",
        "end_date": action.end_date or "",
        "rrule": action.rrule,
        "status": action.status,
        "version": action.version,
    }
    if action.public:
        data["public"] = "on"
    data.update(changes)
    return data


# --- create ----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", EDITORS)
def test_editors_create_an_action(client_for, rana, username):
    channel = rana.channels.first()
    goal = rana.goals.first()
    response = client_for(username).post(
        create_url(rana),
        {
            "title": "Klarspråkkurs for saksbehandlere",
            "description": "To kurs i året",
            "goal": goal.pk,
            "channels": [channel.pk],
            "responsible": "Kommunikasjonsenheten",
            "responsible_user": user("rana-bidragsyter").pk,
            "due_date": "2025-06-30",
            "status": "ikke_startet",
            "public": "on",
        },
    )
    action = rana.actions.get(title="Klarspråkkurs for saksbehandlere")
    assert response.status_code == 302
    assert response.url == reverse("actions:detail", args=["rana-kommune", action.pk])
    assert action.goal == goal and list(action.channels.all()) == [channel]
    assert action.responsible_user.username == "rana-bidragsyter"
    assert action.due_date == date(2025, 6, 30) and action.public and action.version == 1
    entry = AuditEntry.objects.get(object_id=str(action.pk))
    assert entry.event == AuditEvent.CREATE and entry.actor.username == username


def test_the_create_form_has_every_field_and_a_plain_language_hint(client_for, rana):
    response = client_for("rana-redaktor").get(create_url(rana))
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    for name in (
        "title",
        "description",
        "purpose",
        "desired_result",
        "goal",
        "approach",
        "responsible",
        "responsible_user",
        "financing",
        "timing",
        "due_date",
        "start_date",
        "end_date",
        "rrule",
        "status",
        "public",
    ):
        assert re.search(rf'<label class="ds-label" for="id_{name}"', html), name
    for name in ("title", "description", "purpose", "desired_result"):
        assert re.search(rf'<textarea name="{name}"[^>]*data-klarsprak', html), name
    assert '<legend class="ds-label">Kanaler</legend>' in html
    # Rana has no member organisations: nothing to assign to.
    assert 'name="assigned_organisation"' not in html
    assert 'name="version"' not in html


def test_the_form_offers_only_the_strategys_own_parts_and_the_organisations_members(
    client_for, isk, rana
):
    html = client_for("isk-redaktor").get(create_url(isk)).content.decode()
    for group in isk.target_groups.all():
        assert f'value="{group.pk}"' in html
    select = re.search(r'<select name="responsible_user".*?</select>', html, re.S).group(0)
    assert "Ida Bidragsyter" in select and "Berit Bidragsyter" not in select
    assigned = re.search(r'<select name="assigned_organisation".*?</select>', html, re.S).group(0)
    assert "Levanger kommune" in assigned and "Verdal kommune" in assigned
    assert "Rana kommune" not in assigned


def test_parts_of_another_strategy_are_refused(client_for, rana, isk):
    before = counts()
    response = client_for("isk-redaktor").post(
        create_url(isk),
        {
            "title": "Feil",
            "status": "ikke_startet",
            "goal": rana.goals.first().pk,
            "responsible_user": user("rana-bidragsyter").pk,
            "assigned_organisation": Organisation.objects.get(slug="rana-kommune").pk,
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('aria-invalid="true"') >= 3 and "ds-error-summary" in html
    assert counts() == before


def test_create_ignores_fields_an_editor_may_not_set(client_for, rana, isk):
    client_for("rana-redaktor").post(
        create_url(rana),
        {
            "title": "Nytt tiltak",
            "status": "ikke_startet",
            "strategy": isk.pk,
            "ref": "a1",
            "version": 7,
            "position": 0,
            "organisation": isk.organisation.pk,
            "assigned_organisation": Organisation.objects.get(name="Levanger kommune").pk,
        },
    )
    action = Action.objects.get(title="Nytt tiltak")
    assert action.strategy == rana and action.version == 1
    assert action.ref != "a1" and action.position > 0
    assert action.assigned_organisation is None


def test_the_dates_of_a_period_must_be_in_order(client_for, rana):
    before = counts()
    response = client_for("rana-redaktor").post(
        create_url(rana),
        {
            "title": "Baklengs",
            "status": "ikke_startet",
            "start_date": "2025-05-01",
            "end_date": "2025-04-01",
        },
    )
    assert response.status_code == 400
    assert "Til-datoen kan ikke være før fra-datoen." in response.content.decode()
    assert counts() == before


# --- edit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", EDITORS)
def test_editors_edit_an_action(client_for, own_action, username):
    client = client_for(username)
    html = client.get(edit_url(own_action)).content.decode()
    assert 'name="version" value="1"' in html
    response = client.post(
        edit_url(own_action), form_data(own_action, title="Større åpenhet og innsyn")
    )
    assert response.status_code == 302
    own_action.refresh_from_db()
    assert own_action.title == "Større åpenhet og innsyn" and own_action.version == 2
    entry = AuditEntry.objects.get(object_id=str(own_action.pk))
    assert entry.changes == {"title": ["Større åpenhet", "Større åpenhet og innsyn"]}


def test_edit_ignores_fields_an_editor_may_not_set(client_for, own_action, isk):
    before = values(own_action)
    client_for("rana-redaktor").post(
        edit_url(own_action),
        form_data(
            own_action,
            title="Nytt navn",
            strategy=isk.pk,
            ref="z9",
            position=77,
            created_at="2001-01-01T00:00",
        ),
    )
    after = values(own_action)
    assert after["title"] == "Nytt navn" and after["version"] == before["version"] + 1
    for name in ("strategy_id", "ref", "position", "created_at"):
        assert after[name] == before[name], name


def test_two_people_editing_the_same_action_the_second_save_is_refused(client_for, own_action):
    first = client_for("rana-admin")
    first_form = first.get(edit_url(own_action)).content.decode()
    assert 'name="version" value="1"' in first_form
    first_data = form_data(own_action, title="Admins tittel", financing="Kr 10 000")
    second_data = form_data(own_action, title="Redaktørens tittel", responsible="Rådmannen")

    assert first.post(edit_url(own_action), first_data).status_code == 302

    second = client_for("rana-redaktor")
    audit_before = AuditEntry.objects.count()
    response = second.post(edit_url(own_action), second_data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Noen andre har lagret tiltaket mens du redigerte" in html
    assert "Du startet fra versjon 1, men nå er versjon 2 lagret." in html
    # Both versions side by side: the field, theirs, the stored one.
    rows = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="pre-line">([^<]*)</td>'
        r'<td class="pre-line">([^<]*)</td></tr>',
        html,
    )
    assert ("Tiltak", "Redaktørens tittel", "Admins tittel") in rows
    assert ("Ansvarlig", "Rådmannen", "–") in rows
    assert ("Finansiering", "–", "Kr 10 000") in rows
    # Nothing was overwritten or logged.
    own_action.refresh_from_db()
    assert own_action.title == "Admins tittel" and own_action.responsible == ""
    assert own_action.version == 2 and AuditEntry.objects.count() == audit_before
    # Their text stays in the form, now based on the stored version: saving again is deliberate.
    assert "Redaktørens tittel</textarea>" in html
    assert 'name="version" value="2"' in html and "Lagre min versjon" in html
    assert second.post(edit_url(own_action), {**second_data, "version": 2}).status_code == 302
    own_action.refresh_from_db()
    assert own_action.title == "Redaktørens tittel" and own_action.version == 3


def test_a_status_report_while_editing_is_not_overwritten(client_for, own_action):
    data = form_data(own_action, title="Ny tittel")
    record_status_update(
        action=own_action, author=user("rana-bidragsyter"), status=ActionStatus.FULLFORT
    )
    response = client_for("rana-redaktor").post(edit_url(own_action), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert ("Status", "Ikke startet", "Fullført") in re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="pre-line">([^<]*)</td>'
        r'<td class="pre-line">([^<]*)</td></tr>',
        html,
    )
    assert "Berit Bidragsyter" in html  # the latest reports are shown with the conflict
    own_action.refresh_from_db()
    assert own_action.status == ActionStatus.FULLFORT and own_action.title == "Større åpenhet"


def test_an_edit_without_a_version_is_refused(client_for, own_action):
    data = form_data(own_action, title="Uten versjon")
    del data["version"]
    response = client_for("rana-redaktor").post(edit_url(own_action), data)
    assert response.status_code == 400
    own_action.refresh_from_db()
    assert own_action.title == "Større åpenhet"


# --- delete ----------------------------------------------------------------------------------


@pytest.mark.parametrize("username", EDITORS)
def test_editors_delete_an_action_after_confirming(client_for, own_action, username):
    client = client_for(username)
    page = client.get(delete_url(own_action))
    html = page.content.decode()
    assert page.status_code == 200 and "Slette tiltaket?" in html
    assert Action.objects.filter(pk=own_action.pk).exists()  # GET deletes nothing
    pk = own_action.pk
    response = client.post(delete_url(own_action))
    assert response.status_code == 302
    assert response.url == reverse("actions:plan", args=["rana-kommune", own_action.strategy_id])
    assert not Action.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.get(object_id=str(pk)).event == AuditEvent.DELETE


# --- the role matrix for the editing views ---------------------------------------------------


@pytest.mark.parametrize(
    ("username", "expected"),
    [("rana-bidragsyter", 403), ("rana-leser", 403), ("isk-admin", 404), ("levanger-leser", 404)],
)
@pytest.mark.parametrize("view", ["create", "edit", "delete"])
def test_editing_views_refuse_lower_roles_and_other_organisations(
    client_for, rana, own_action, username, expected, view
):
    url = {
        "create": create_url(rana),
        "edit": edit_url(own_action),
        "delete": delete_url(own_action),
    }[view]
    client = client_for(username)
    before, row = counts(), values(own_action)
    assert client.get(url).status_code == expected
    response = client.post(url, form_data(own_action, title="Overtatt"))
    assert response.status_code == expected
    assert counts() == before and values(own_action) == row


@pytest.mark.parametrize("view", ["create", "edit", "delete"])
def test_editing_views_send_anonymous_visitors_to_log_in(client, rana, own_action, view):
    url = {
        "create": create_url(rana),
        "edit": edit_url(own_action),
        "delete": delete_url(own_action),
    }[view]
    before = counts()
    for response in (client.get(url), client.post(url, form_data(own_action))):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert counts() == before


def test_the_isk_editor_can_assign_an_action_to_a_member_municipality(client_for, isk):
    action = isk.actions.order_by("position")[1]
    verdal = Organisation.objects.get(name="Verdal kommune")
    response = client_for("isk-redaktor").post(
        edit_url(action), form_data(action, assigned_organisation=verdal.pk)
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.assigned_organisation == verdal
