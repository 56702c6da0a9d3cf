"""Project-wide pytest fixtures: the demo plans and users logged in with a given role.

pytest-django takes DJANGO_SETTINGS_MODULE from pyproject.toml; fixtures used by one app only
live next to its tests (for plan files: kommplan/planfiles/tests/conftest.py).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests log in often.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _huey_immediate():
    # Background tasks run in-process during tests, at the moment they are enqueued.
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


@pytest.fixture
def demo(db):
    """The five demo plans and the demo users, as `make run` has them."""
    from kommplan.accounts.services import ensure_demo_users
    from kommplan.planfiles.services import load_demo_plans

    load_demo_plans(settings.DEMO_PLANS_DIR)
    ensure_demo_users()


@pytest.fixture
def login(client):
    """login("rana-redaktor") logs the test client in as that demo user."""

    def _login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return _login


@pytest.fixture
def reader_client(demo, login):
    """A client logged in as the demo user who reads all five demo plans."""
    return login("demo")
