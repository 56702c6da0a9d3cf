"""Production settings: `check --deploy` clean, and a live response carries the security
headers and cookie flags."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from kommplan.accounts.services import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kommplan.settings",
    "SECRET_KEY": "k9$Vq2!mZ7@xR4#tL8^wN1&pB6*hJ3(yF5)cD0-sG2_aE7+uK4=oI9",
    "ALLOWED_HOSTS": "plan.example.kommune.no",
    "CSRF_TRUSTED_ORIGINS": "https://plan.example.kommune.no",
}

STRICT_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def _kommplan(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # A clean environment, as a production service gets: no DEBUG, no test settings.
    clean = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [str(Path(sys.executable).parent / "kommplan"), *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_environment_runs_clean():
    result = _kommplan("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr and "ERROR" not in result.stderr


def test_check_deploy_without_a_secret_key_fails_and_says_why():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _kommplan("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "kommplan.E001" in result.stderr and "SECRET_KEY" in result.stderr


def test_the_wsgi_app_refuses_to_start_in_production_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    clean = {"PATH": os.environ.get("PATH", ""), **env}
    result = subprocess.run(
        [sys.executable, "-c", "import kommplan.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment" in result.stderr


def test_production_defaults_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.STORAGES['staticfiles']['BACKEND'].rsplit('.', 1)[1], s.ALLOWED_HOSTS)"
    )
    clean = {"PATH": os.environ.get("PATH", ""), **PRODUCTION_ENV}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        "False",
        "True",
        "31536000",
        "True",
        "True",
        "True",
        "CompressedManifestStaticFilesStorage",
        "['plan.example.kommune.no']",
    ], result.stderr


@pytest.fixture
def production(settings):
    """The security settings production has (tests run over http without the redirect)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    return settings


def test_plain_http_is_redirected_to_https(production, client):
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("login")


def test_a_live_response_carries_csp_hsts_and_the_other_security_headers(production, client):
    response = client.get(reverse("login"), secure=True)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Content-Security-Policy"].split(";")}
    assert directives == STRICT_CSP
    max_age = int(re.search(r"max-age=(\d+)", response["Strict-Transport-Security"])[1])
    assert max_age >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(production, demo, client):
    client.get(reverse("login"), secure=True)
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"), {"username": "rana-leser", "password": DEMO_PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_static_files_are_served_by_whitenoise_without_collectstatic(client):
    response = client.get("/static/kommplan/app.js")
    assert response.status_code == 200
    assert "Progressive enhancement" in b"".join(response.streaming_content).decode()


_SERVE_STATIC = """
import re, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="plan.example.kommune.no")
page = client.get("/konto/login/", secure=True)
script = re.search(r'src="(/static/kommplan/app\\.[0-9a-f]{12}\\.js)"', page.content.decode())[1]
static = client.get(script, secure=True)
print(page.status_code, static.status_code, static.headers["Cache-Control"])
"""


def test_production_serves_hashed_static_files_from_collectstatic(tmp_path):
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path / "static")}
    collected = _kommplan("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr
    clean = {"PATH": os.environ.get("PATH", ""), **env}
    result = subprocess.run(
        [sys.executable, "-c", _SERVE_STATIC],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    page, static, cache = result.stdout.split(" ", 2)
    assert (page, static) == ("200", "200")
    # Hashed names may be cached for good (WhiteNoise: ten years, immutable).
    assert "max-age=315360000" in cache and "immutable" in cache
