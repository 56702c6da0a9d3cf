"""Password rules: long pass phrases in, short, common, numeric and megabyte passwords out."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse


def _codes(password: str, user: User | None = None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.mark.django_db
def test_a_long_unusual_pass_phrase_is_accepted():
    assert _codes("fjorden frøs til is i mars") == set()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("kort-ord-11", "password_too_short"),
        ("password1234", "password_too_common"),
        ("738291047562", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    assert code in _codes(password)


@pytest.mark.django_db
def test_a_password_like_the_username_is_refused():
    user = User(username="kommunikasjonssjef", email="sjef@rana.kommune.no")
    assert "password_too_similar" in _codes("kommunikasjonssjef1", user)


@pytest.mark.django_db
def test_a_password_of_1000_characters_is_accepted_and_logs_in(client):
    password = ("tusen tegn er mye " * 60)[:1000]
    assert len(password) == 1000 and _codes(password) == set()
    User.objects.create_user("lang", password=password)
    response = client.post(reverse("login"), {"username": "lang", "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_a_password_of_1001_characters_is_refused_with_a_message():
    assert "password_too_long" in _codes("x" * 500 + "y" * 501)


@pytest.mark.django_db
def test_log_in_refuses_a_1001_character_password_before_hashing_it(client, monkeypatch):
    User.objects.create_user("lang", password="et helt vanlig passord")
    hashed = []
    monkeypatch.setattr(User, "check_password", lambda self, raw: hashed.append(raw) or False)
    response = client.post(reverse("login"), {"username": "lang", "password": "p" * 1001})
    assert response.status_code == 200
    assert "høyst 1000 tegn" in response.content.decode()
    assert hashed == []


def test_changing_the_password_applies_the_rules(demo, login):
    client = login("rana-leser")
    response = client.post(
        reverse("password_change"),
        {"old_password": "demo-kommplan", "new_password1": "a" * 1001, "new_password2": "a" * 1001},
    )
    assert response.status_code == 200
    assert "høyst 1000 tegn" in response.content.decode()
    assert User.objects.get(username="rana-leser").check_password("demo-kommplan")
