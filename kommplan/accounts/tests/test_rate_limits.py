"""Log-in rate limits: database buckets, counted before the password is checked."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from kommplan.accounts.models import AttemptBucket
from kommplan.accounts.services import DEMO_PASSWORD, take_attempt


def _post_login(client, username="rana-leser", password=DEMO_PASSWORD, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_eleventh_attempt_for_an_account_is_refused_even_with_the_right_password(demo, client):
    for _ in range(10):
        assert _post_login(client, password="feil passord").status_code == 200
    response = _post_login(client)
    assert response.status_code == 429
    assert "For mange forsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_limit_counts_the_account_whatever_the_case_of_the_username(demo, client):
    for index in range(10):
        _post_login(client, username="RANA-LESER" if index % 2 else "rana-leser", password="x")
    assert _post_login(client).status_code == 429


def test_a_refused_attempt_never_reaches_the_password_check(demo, client, monkeypatch):
    for _ in range(10):
        _post_login(client, password="feil")
    checked = []
    monkeypatch.setattr(User, "check_password", lambda self, raw: checked.append(raw) or True)
    assert _post_login(client).status_code == 429
    assert checked == []


def test_another_account_from_another_address_is_not_affected(demo, client):
    for _ in range(10):
        _post_login(client, password="feil")
    response = _post_login(client, username="rana-redaktor", address="10.0.0.2")
    assert response.status_code == 302


def test_one_address_is_limited_across_accounts_at_a_higher_limit(demo, client, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 15
    names = ["rana-leser", "rana-redaktor", "rana-admin", "isk-leser"]
    for index in range(15):
        assert _post_login(client, username=names[index % 4], password="feil").status_code == 200
    assert _post_login(client, username="isk-admin").status_code == 429
    # Another address still gets in.
    assert _post_login(client, username="isk-admin", address="10.9.9.9").status_code == 302


@pytest.mark.django_db
def test_a_new_hour_gives_new_attempts():
    hour = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for minute in range(10):
        assert take_attempt(scope="t", key="k", limit=10, now=hour + timedelta(minutes=minute))
    assert not take_attempt(scope="t", key="k", limit=10, now=hour + timedelta(minutes=59))
    assert take_attempt(scope="t", key="k", limit=10, now=hour + timedelta(hours=1))


@pytest.mark.django_db
def test_buckets_store_a_hash_not_the_username():
    take_attempt(scope="login-account", key="rana-leser", limit=10)
    bucket = AttemptBucket.objects.get()
    assert "rana" not in bucket.key and len(bucket.key) == 64


def test_password_reset_requests_are_limited_per_address(demo, client, settings, mailoutbox):
    for _ in range(10):
        response = client.post(
            reverse("password_reset"),
            {"email": "rana-leser@kommplan.example"},
            REMOTE_ADDR="1.2.3.4",
        )
        assert response.status_code == 302
    response = client.post(
        reverse("password_reset"), {"email": "rana-leser@kommplan.example"}, REMOTE_ADDR="1.2.3.4"
    )
    assert response.status_code == 429
    assert len(mailoutbox) == 10


def test_behind_a_proxy_the_configured_header_names_the_client(demo, client, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = 3
    for _ in range(3):
        client.post(
            reverse("login"), {"username": "a", "password": "b"}, HTTP_X_REAL_IP="192.0.2.7"
        )
    refused = client.post(
        reverse("login"), {"username": "c", "password": "d"}, HTTP_X_REAL_IP="192.0.2.7"
    )
    allowed = client.post(
        reverse("login"), {"username": "c", "password": "d"}, HTTP_X_REAL_IP="192.0.2.8"
    )
    assert (refused.status_code, allowed.status_code) == (429, 200)


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_at_once_let_exactly_ten_attempts_through():
    start = threading.Barrier(20)
    results: list[bool] = []
    errors: list[BaseException] = []

    def attempt():
        try:
            start.wait()
            results.append(take_attempt(scope="login-account", key="rana-admin", limit=10))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False] * 10 + [True] * 10
    assert AttemptBucket.objects.get().count == 10


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_log_ins_to_one_account_let_exactly_ten_through(client):
    from django.test import Client

    User.objects.create_user("maria", password="et langt og godt passord")
    start = threading.Barrier(20)
    statuses: list[int] = []

    def log_in():
        try:
            start.wait()
            response = Client().post(
                reverse("login"), {"username": "maria", "password": "et langt og godt passord"}
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=log_in) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] * 10 + [429] * 10
