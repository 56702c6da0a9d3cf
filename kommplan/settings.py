"""Settings for kommplan, read from the environment.

Defaults give a working development set-up on a fresh clone (SQLite next to the code, DEBUG on
only when asked for). Production sets SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# pytest runs with DEBUG off, as production does, but over plain http and without a SECRET_KEY.
TESTING = "pytest" in sys.modules

# A development key is generated per checkout rather than committed, so no
# deployment can inherit a key that is public in the repository.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# Production (the WSGI app with DEBUG off) refuses to start with the per-checkout key, and
# `check --deploy` reports it: see kommplan/wsgi.py and kommplan/accounts/checks.py.
SECRET_KEY_FROM_ENVIRONMENT = bool(SECRET_KEY)
if not SECRET_KEY:
    _key_file = BASE_DIR / "var" / "dev-secret-key"
    if not _key_file.exists():
        from django.core.management.utils import get_random_secret_key

        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(get_random_secret_key())
    SECRET_KEY = _key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
# Origins (https://plan.example.kommune.no) whose POSTs pass the CSRF check behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "csp",
    "django_htmx",
    "huey.contrib.djhuey",
    "kommplan.accounts",
    "kommplan.organisations",
    "kommplan.strategies",
    "kommplan.actions",
    "kommplan.indicators",
    "kommplan.planfiles",
    "kommplan.audit",
    "kommplan.yearwheel",
    "kommplan.followup",
    "kommplan.about",
    "kommplan.documents",
    "kommplan.reminders",
    "kommplan.apitokens",
    "kommplan.spreadsheets",
    "kommplan.national",
    "kommplan.reports",
    "kommplan.backups",
    "kommplan.crisis",
    "kommplan.publishing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after the security headers, before sessions and log-in.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view needs a logged-in user unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# An N+1 query fails the tests (django-zeal): counted per request by the middleware and around
# every test by the root conftest. Not in production, where it would cost a few per cent.
if TESTING:
    INSTALLED_APPS.append("zeal")
    MIDDLEWARE.append("zeal.middleware.zeal_middleware")
    # Collected and reported at the end of the test (conftest.py), which tells application code
    # from test code by the call stacks; raising at once would also fail on a test's own loops.
    ZEAL_RAISE = False
    ZEAL_SHOW_ALL_CALLERS = True

ROOT_URLCONF = "kommplan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Widget templates come from templates/django/forms/ (Designsystemet classes) first.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "kommplan.wsgi.application"

# SQLite by default; PostgreSQL (or anything dj-database-url knows) via DATABASE_URL.
_default_sqlite = f"sqlite:///{BASE_DIR / 'var' / 'kommplan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
    # BEGIN, so concurrent writers wait (busy timeout) instead of failing with
    # "database is locked" when a read transaction tries to upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests use a file too, so they run with WAL and real locking as production does; one
    # per process, so that two test runs in one checkout do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# An idle session ends: the expiry moves forward on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- security headers (production is DEBUG off) ----------------------------------------------
# Redirect http to https here unless a proxy in front already does (SECURE_SSL_REDIRECT=false);
# behind a proxy, SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https says how to tell https.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _header, _, _value = os.environ["SECURE_PROXY_SSL_HEADER"].partition(",")
    if not _header.startswith("HTTP_") or not _value:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be HEADER,value, e.g. HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = (_header.strip(), _value.strip())
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading binds the whole domain to https in browsers for good: the operator opts in.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No script reads the CSRF cookie: HTMX sends the token from hx-headers on <body>.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): no inline script or style anywhere, nothing from other
# origins. Templates use classes and static files; SVG uses presentation attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kommplan <noreply@kommplan.example>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Long pass phrases are welcome; megabytes fed to argon2 are not (the log-in form refuses
    # them too, before hashing).
    {"NAME": "kommplan.accounts.validators.MaximumLengthValidator"},
]
PASSWORD_MAX_LENGTH = 1000

# Log-in attempts per hour, counted before the password is checked (kommplan.accounts).
LOGIN_ATTEMPTS_PER_ACCOUNT = env_int("LOGIN_ATTEMPTS_PER_ACCOUNT", 10)
LOGIN_ATTEMPTS_PER_ADDRESS = env_int("LOGIN_ATTEMPTS_PER_ADDRESS", 100)
# Behind a proxy every request comes from the proxy: name the header it puts the client's
# address in (e.g. HTTP_X_REAL_IP), so the per-address limit counts clients, not the proxy.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", "Norsk bokmål"),
    ("nn", "Norsk nynorsk"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "kommplan" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Production serves hashed, compressed copies from STATIC_ROOT (`kommplan collectstatic`);
# development and tests serve the files where they are, so they need no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if DEBUG or TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "kommplan" / "static"]

# Plan files: refuse anything larger before parsing it.
PLAN_FILE_MAX_BYTES = env_int("PLAN_FILE_MAX_BYTES", 5 * 1024 * 1024)
DEMO_PLANS_DIR = BASE_DIR / "demo" / "plans"

# Uploaded documents (kommplan.documents): refused above these limits, and read in a separate
# process that is stopped when it needs more memory or time than this.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)
DOCUMENT_MAX_PAGES = env_int("DOCUMENT_MAX_PAGES", 300)
DOCUMENT_MAX_ZIP_ENTRIES = env_int("DOCUMENT_MAX_ZIP_ENTRIES", 2000)
DOCUMENT_MAX_UNCOMPRESSED_BYTES = env_int("DOCUMENT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
DOCUMENT_PARSE_SECONDS = env_int("DOCUMENT_PARSE_SECONDS", 20)
DOCUMENT_PARSE_MEMORY_BYTES = env_int("DOCUMENT_PARSE_MEMORY_BYTES", 1024 * 1024 * 1024)

# Background work (Huey): SQLite storage next to the database by default, Redis when several
# machines share the work (HUEY_REDIS_URL). HUEY_IMMEDIATE runs tasks in-process (tests, demo).
if os.environ.get("HUEY_REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "kommplan",
        "url": os.environ["HUEY_REDIS_URL"],
        "immediate": env_bool("HUEY_IMMEDIATE", False),
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "kommplan",
        "filename": str(BASE_DIR / "var" / "huey.sqlite3"),
        "immediate": env_bool("HUEY_IMMEDIATE", False),
    }
HUEY["consumer"] = {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"}

# Absolute links in e-mails (reminders, digests) point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- crisis alerts (kommplan.crisis; see docs/crisis-alerts.md)
# SMS goes through a dotted-path backend; without a gateway URL it is only logged.
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)
SMS_BACKEND = os.environ.get(
    "SMS_BACKEND",
    "kommplan.crisis.sms.HttpJsonGateway"
    if SMS_GATEWAY_URL
    else "kommplan.crisis.sms.ConsoleBackend",
)
# Waits before each retry of a transient failure, in seconds; then the message has failed.
try:
    CRISIS_RETRY_DELAYS = [int(v) for v in env_list("CRISIS_RETRY_DELAYS", ["5", "30", "120"])]
except ValueError:
    raise ImproperlyConfigured(
        "CRISIS_RETRY_DELAYS must be comma-separated seconds, e.g. 5,30,120"
    ) from None
# A message a dead worker left "sending" is taken over after this many seconds.
CRISIS_SENDING_LEASE_SECONDS = env_int("CRISIS_SENDING_LEASE_SECONDS", 120)
# Per phone number / email address, across crises: at most COUNT messages in MINUTES.
CRISIS_RATE_LIMIT_COUNT = env_int("CRISIS_RATE_LIMIT_COUNT", 6)
CRISIS_RATE_LIMIT_MINUTES = env_int("CRISIS_RATE_LIMIT_MINUTES", 30)
