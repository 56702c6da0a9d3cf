"""The reminder settings page: each user sees and changes only their own choices."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.reminders.models import ReminderSettings

URL = reverse("reminders:settings")


def test_it_shows_the_defaults_to_a_user_who_never_chose(login, demo):
    response = login("rana-leser").get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'name="days_before" value="3"' in html
    assert '<label class="ds-label" for="id_days_before">' in html
    assert ReminderSettings.objects.count() == 0  # showing the page stores nothing


def test_it_saves_the_users_own_choices_and_redirects(login, demo):
    response = login("rana-bidragsyter").post(
        URL,
        {"days_before": "5", "digest_weekday": "4"},  # digest box left unticked
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    chosen = ReminderSettings.objects.get(user__username="rana-bidragsyter")
    assert (chosen.days_before, chosen.weekly_digest, chosen.digest_weekday) == (5, False, 4)


def test_posting_another_users_id_changes_only_ones_own_settings(login, demo):
    other = User.objects.get(username="isk-bidragsyter")
    ReminderSettings.objects.create(user=other, days_before=3, weekly_digest=True)

    login("rana-leser").post(
        URL,
        {"user": other.pk, "user_id": other.pk, "days_before": "0", "digest_weekday": "1"},
    )

    theirs = ReminderSettings.objects.get(user=other)
    assert (theirs.days_before, theirs.weekly_digest, theirs.digest_weekday) == (3, True, 0)
    mine = ReminderSettings.objects.get(user__username="rana-leser")
    assert mine.days_before == 0
    assert ReminderSettings.objects.count() == 2


def test_an_invalid_number_of_days_is_refused_with_a_linked_error(login, demo):
    user = User.objects.get(username="rana-leser")
    ReminderSettings.objects.create(user=user, days_before=2)

    response = login("rana-leser").post(URL, {"days_before": "999", "digest_weekday": "0"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_days_before_error"' in html
    assert 'aria-invalid="true"' in html
    assert ReminderSettings.objects.get(user=user).days_before == 2


def test_anonymous_is_redirected_to_log_in_and_nothing_is_stored(client, demo):
    response = client.post(URL, {"days_before": "1", "digest_weekday": "0"})

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert ReminderSettings.objects.count() == 0
