"""Project-wide pytest fixtures: the demo plans and users logged in with a given role.

pytest-django takes DJANGO_SETTINGS_MODULE from pyproject.toml; fixtures used by one app only
live next to its tests (for plan files: kommplan/planfiles/tests/conftest.py).
"""

from __future__ import annotations

import re
import sys
import threading
import warnings

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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a test whose code under test loads a relation row by row (an N+1, django-zeal).

    zeal watches the test body (and each request on its own, through its middleware); what it
    finds in test code itself (helpers logging in five users, a test reading its own rows) is
    left alone: the guard is for the application.
    """
    from zeal import zeal_context

    found: list[str] = []
    show = warnings.showwarning
    test_thread = threading.get_ident()

    def collect(message, category, filename, lineno, file=None, line=None):
        text = str(message)
        if not text.startswith("N+1 detected on "):
            return show(message, category, filename, lineno, file, line)
        # The browser tests' live server answers in threads of its own, outside any zeal
        # context, so its requests pile up as one "operation"; the same views are checked
        # request by request through the test client.
        if threading.get_ident() != test_thread:
            return None
        head, _, calls = text.partition(" with calls:\n")
        stacks = [block.strip().splitlines() for block in re.split(r"CALL \d+:\n", calls)[1:]]
        # Outside a request, each call a test makes into the application is its own operation:
        # the same .get() in three service calls, or one helper called from several lines of a
        # test, is not an N+1. Inside a request (one operation), every repeat counts.
        where = stacks[0][0].strip() if stacks and stacks[0] else "? in ?"
        if not _in_request():
            if head.endswith(".get()"):
                return
            if len({_test_frame(stack) for stack in stacks}) > 1:
                return
            if any(
                where.split(":")[0].endswith(f) and where.endswith(f" in {fn}")
                for f, fn in _benign()
            ):
                return
        found.append(f"{head} at {where}")

    with zeal_context(), warnings.catch_warnings():
        warnings.simplefilter("always", UserWarning)
        warnings.showwarning = collect
        result = yield
    in_application = sorted({m for m in found if not _ignored(m)})
    if in_application:
        pytest.fail(
            "N+1 queries (django-zeal):\n  "
            + "\n  ".join(in_application)
            + "\n"
            + _N_PLUS_ONE_HELP,
            pytrace=False,
        )
    return result


def _test_frame(stack: list[str]) -> str:
    return next((frame for frame in stack if _is_test_code(frame.split(":")[0].strip())), "")


def _is_test_code(path: str) -> bool:
    return "/tests/" in path or path.endswith("conftest.py") or "/test_" in path


def _in_request() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_filename.endswith("django/core/handlers/base.py"):
            return True
        frame = frame.f_back
    return False


# Repeats outside a request that are fine, each with why (application code cannot import
# zeal, a test-only package, so zeal_ignore is not available there). Inside a request these
# places are still watched.
_BENIGN_N_PLUS_ONE = {
    # One UPDATE per demo organisation (five), when the demo users are made.
    "kommplan/accounts/services.py in ensure_demo_users",
    # The audit log reads a part's many-to-many before and after a change: twice for one row.
    "kommplan/audit/services.py in snapshot",
    # Setting a new part's many-to-many, once per part a test adds in a loop.
    "kommplan/strategies/services.py in _create",
    # One plan file per strategy: `kommplan dump` writes an organisation's few strategies one
    # after another, each with its own complete set of queries.
    "kommplan/planfiles/dump.py in strategy_to_plan",
    "kommplan/planfiles/dump.py in _crisis",
}


def _ignored(message: str) -> bool:
    return _is_test_code(re.search(r" at (\S+):\d+ in \S+$", message).group(1))


def _benign() -> list[tuple[str, str]]:
    return [tuple(entry.split(" in ")) for entry in _BENIGN_N_PLUS_ONE]


_N_PLUS_ONE_HELP = """\
Each line names the relation that was loaded once per row and the line of application code
that did it. Fetch it with the list instead: select_related("field") for a foreign key,
prefetch_related("field") (or Prefetch(...)) for a reverse or many-to-many relation, in the
selector or view that builds the queryset; "Model.get()" means .get() called in a loop.
Only when the rows really are few and fixed (a false positive), wrap the narrowest spot in
    with zeal_ignore([{"model": "app.Model", "field": "field"}]):  # why it is fine
See "N+1-vakt" in docs/benchmarks.md."""


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
