from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from kommplan.accounts.services import DEMO_PASSWORD, deactivate_user


def test_logging_in_gives_a_new_session_key(demo, client):
    client.get(reverse("login"))  # an anonymous session with a CSRF cookie
    session = client.session
    session["before"] = True
    session.save()
    before = session.session_key
    response = client.post(reverse("login"), {"username": "rana-leser", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_a_wrong_password_is_refused_with_a_message(demo, client):
    response = client.post(reverse("login"), {"username": "rana-leser", "password": "feil"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "oppgi korrekt" in response.content.decode()


def test_an_idle_session_expires_and_activity_extends_it(demo, login):
    client = login("rana-leser")
    url = reverse("organisations:detail", args=["rana-kommune"])
    assert client.get(url).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    # Each request moves the expiry forward by the idle limit (a sliding window).
    assert session.expire_date > timezone.now() + timedelta(
        seconds=settings.SESSION_COOKIE_AGE - 60
    )
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_deactivating_a_user_ends_every_session_they_have(demo, client):
    from django.contrib.auth.models import User
    from django.test import Client

    user = User.objects.get(username="rana-leser")
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    assert deactivate_user(user=user) == 2
    url = reverse("organisations:detail", args=["rana-kommune"])
    assert first.get(url).status_code == 302
    assert second.get(url).status_code == 302
