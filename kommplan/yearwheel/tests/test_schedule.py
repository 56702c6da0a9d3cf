from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from kommplan.actions.models import Action
from kommplan.audit.models import AuditEntry
from kommplan.organisations.models import Membership
from kommplan.yearwheel.models import ScheduleOptions
from kommplan.yearwheel.services import StaleEdit, set_action_schedule


def schedule_url(action) -> str:
    return reverse("yearwheel:schedule", args=[action.strategy.organisation.slug, action.pk])


def preview_url(action) -> str:
    return reverse(
        "yearwheel:schedule_preview", args=[action.strategy.organisation.slug, action.pk]
    )


@pytest.fixture
def action(rana) -> Action:
    """A Rana action nobody is responsible for; the plan says "2023"."""
    found = rana.actions.order_by("position")[2]
    assert found.timing == "2023" and found.responsible_user_id is None
    return found


def stored(action) -> tuple:
    action.refresh_from_db()
    return (action.due_date, action.start_date, action.end_date, action.rrule, action.version)


def repeat(action, **changes) -> dict:
    data = {
        "kind": "gjentas",
        "start_date": "2024-01-01",
        "end_date": "2024-12-31",
        "interval": "3",
        "frequency": "MONTHLY",
        "first_working_day": "on",
        "version": str(action.version),
    }
    return data | changes


def test_a_monthly_rhythm_is_saved_as_an_rrule_with_one_audit_entry(client_for, action):
    before = AuditEntry.objects.count()
    response = client_for("rana-redaktor").post(schedule_url(action), repeat(action))
    assert response.status_code == 302 and response.url == schedule_url(action)
    assert stored(action) == (
        None,
        date(2024, 1, 1),
        date(2024, 12, 31),
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        2,
    )
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.first()
    assert entry.actor.username == "rana-redaktor" and entry.object_id == str(action.pk)
    assert entry.changes["rrule"] == ["", "FREQ=MONTHLY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1"]
    assert entry.changes["start_date"] == [None, "2024-01-01"]


def test_weekdays_make_a_weekly_rule(client_for, action):
    data = repeat(action, frequency="WEEKLY", interval="1", weekdays=["MO", "FR"])
    client_for("rana-redaktor").post(schedule_url(action), data)
    assert stored(action)[3] == "FREQ=WEEKLY;BYDAY=MO,FR"


def test_one_date_is_saved_as_the_due_date(client_for, action):
    data = {"kind": "dato", "due_date": "2024-05-17", "version": str(action.version)}
    client_for("rana-redaktor").post(schedule_url(action), data)
    assert stored(action)[:4] == (date(2024, 5, 17), None, None, "")


def test_ongoing_work_is_saved_as_the_whole_period(client_for, action):
    data = {"kind": "lopende", "version": str(action.version)}
    client_for("rana-redaktor").post(schedule_url(action), data)
    assert stored(action)[:4] == (None, date(2023, 1, 1), date(2026, 12, 31), "")


def test_moving_off_holidays_is_remembered(client_for, action):
    client_for("rana-redaktor").post(schedule_url(action), repeat(action, move_to_working_day="on"))
    assert ScheduleOptions.objects.get(action=action).move_to_working_day
    entry = AuditEntry.objects.first()
    assert entry.changes["move_to_working_day"] == [False, True]


def test_the_form_starts_from_what_the_plan_text_says(client_for, osen):
    action = osen.actions.get(timing="Kvartalsvis")
    # The demo reader becomes an editor in Osen, which has no editor of its own.
    Membership.objects.filter(user__username="demo", organisation=osen.organisation).update(
        role="redaktor"
    )
    response = client_for("demo").get(schedule_url(action))
    form = response.context["form"]
    assert form.initial["kind"] == "gjentas"
    assert (form.initial["frequency"], form.initial["interval"]) == ("MONTHLY", 3)
    assert form.initial["first_working_day"] is True
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "tolket fra teksten" in html
    assert 'id="yw-schedule-preview"' in html


def test_the_form_starts_from_a_stored_schedule(client_for, isk):
    action = isk.actions.get(timing="28.1.")
    response = client_for("isk-redaktor").get(schedule_url(action))
    assert response.context["form"].initial["kind"] == "dato"
    assert response.context["form"].initial["due_date"] == date(2004, 1, 28)
    # A plan in the past previews its own days.
    assert "28. januar 2004" in response.content.decode()


def test_the_preview_lists_the_next_occurrences_with_holidays(client_for, action):
    data = repeat(action, interval="1", start_date="2030-01-01", end_date="2030-12-31")
    response = client_for("rana-redaktor").get(preview_url(action), data)
    html = response.content.decode()
    assert "<html" not in html
    assert "1. januar 2030 (helligdag: Første nyttårsdag)" in html
    assert html.count("<li>") == 8


def test_the_preview_button_shows_occurrences_without_saving(client_for, action):
    before = stored(action)
    data = repeat(action, start_date="2030-01-01", end_date="2030-12-31", forhandsvis="1")
    response = client_for("rana-redaktor").post(schedule_url(action), data)
    assert response.status_code == 200
    assert "1. april 2030" in response.content.decode()
    assert stored(action) == before


def test_an_invalid_schedule_shows_errors_next_to_the_fields(client_for, action):
    before = stored(action)
    data = repeat(action, start_date="2024-12-31", end_date="2024-01-01")
    html = client_for("rana-redaktor").post(schedule_url(action), data).content.decode()
    assert 'id="id_end_date_error"' in html
    assert 'aria-describedby="id_end_date_helptext id_end_date_error"' in html
    assert stored(action) == before


def test_a_bad_rrule_is_refused(client_for, action):
    before = stored(action)
    data = {"kind": "rrule", "rrule": "FREQ=NOEN GANGER", "version": str(action.version)}
    html = client_for("rana-redaktor").post(schedule_url(action), data).content.decode()
    assert "Ugyldig RRULE" in html
    assert stored(action) == before


def test_a_stale_form_is_refused(client_for, action):
    Action.objects.filter(pk=action.pk).update(version=5)
    before = stored(action)
    response = client_for("rana-redaktor").post(schedule_url(action), repeat(action, version="1"))
    assert "endret av noen andre" in response.content.decode()
    assert stored(action) == before


def test_fields_outside_the_schedule_cannot_be_posted(client_for, action, rana):
    status = action.status  # the demo plan's own, from its status history
    data = repeat(action) | {
        "title": "Kapret",
        "status": "avlyst" if status != "avlyst" else "fullfort",
        "strategy": "1",
        "responsible_user": str(User.objects.get(username="rana-leser").pk),
        "timing": "aldri",
    }
    client_for("rana-redaktor").post(schedule_url(action), data)
    action.refresh_from_db()
    assert action.title != "Kapret" and action.status == status
    assert action.strategy_id == rana.pk and action.responsible_user_id is None
    assert action.timing == "2023"


@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter"])
def test_readers_and_contributors_may_not_change_a_schedule(client_for, action, username):
    before, entries = stored(action), AuditEntry.objects.count()
    client = client_for(username)
    assert client.get(schedule_url(action)).status_code == 403
    assert client.post(schedule_url(action), repeat(action)).status_code == 403
    assert client.get(preview_url(action)).status_code == 403
    assert stored(action) == before and AuditEntry.objects.count() == entries
    assert not ScheduleOptions.objects.filter(action=action).exists()


def test_another_organisations_administrator_gets_a_404(client_for, action):
    before = stored(action)
    client = client_for("isk-admin")
    assert client.get(schedule_url(action)).status_code == 404
    assert client.post(schedule_url(action), repeat(action)).status_code == 404
    assert stored(action) == before


def test_anonymous_visitors_are_sent_to_log_in(client_for, action):
    before = stored(action)
    response = client_for(None).post(schedule_url(action), repeat(action))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert stored(action) == before


def test_the_service_refuses_a_due_date_together_with_a_range(action):
    with pytest.raises(ValidationError):
        set_action_schedule(
            action=action,
            actor=User.objects.get(username="rana-redaktor"),
            due_date=date(2024, 1, 1),
            start_date=date(2024, 1, 1),
            end_date=None,
            rrule="",
        )


def test_the_service_checks_the_version(action):
    with pytest.raises(StaleEdit):
        set_action_schedule(
            action=action,
            actor=User.objects.get(username="rana-redaktor"),
            due_date=date(2024, 1, 1),
            start_date=None,
            end_date=None,
            rrule="",
            expected_version=action.version + 1,
        )


def test_saving_the_same_schedule_again_changes_and_logs_nothing(action):
    editor = User.objects.get(username="rana-redaktor")
    fields = {"due_date": date(2024, 1, 1), "start_date": None, "end_date": None, "rrule": ""}
    set_action_schedule(action=action, actor=editor, **fields)
    entries, version = AuditEntry.objects.count(), stored(action)[4]
    set_action_schedule(action=action, actor=editor, **fields)
    assert (AuditEntry.objects.count(), stored(action)[4]) == (entries, version)


def test_the_fields_can_sit_in_another_form_under_a_prefix(action):
    from kommplan.yearwheel.forms import schedule_form_for
    from kommplan.yearwheel.services import save_schedule_form

    data = {f"tidsplan-{key}": value for key, value in repeat(action, interval="6").items()}
    data |= {"due_date": "2099-01-01", "version": "77"}  # the host form's own fields
    form = schedule_form_for(action, data, prefix="tidsplan")
    assert form.is_valid(), form.errors
    save_schedule_form(form, action=action, actor=User.objects.get(username="rana-redaktor"))
    assert stored(action)[:4] == (
        None,
        date(2024, 1, 1),
        date(2024, 12, 31),
        "FREQ=MONTHLY;INTERVAL=6;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
    )
    html = schedule_form_for(action, prefix="tidsplan").as_div()
    assert 'name="tidsplan-kind"' in html and 'name="kind"' not in html


def test_the_preview_reads_prefixed_fields(client_for, action):
    dates = {"start_date": "2030-01-01", "end_date": "2030-12-31"}
    data = {f"tidsplan-{k}": v for k, v in repeat(action, **dates).items()}
    response = client_for("rana-redaktor").get(preview_url(action), data | {"prefix": "tidsplan"})
    assert "1. januar 2030" in response.content.decode()
