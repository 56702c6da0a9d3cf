"""Plain helpers and constants shared by the action tests."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Model

from kommplan.actions.models import Action, StatusUpdate
from kommplan.audit.models import AuditEntry

ROLES = ["rana-admin", "rana-redaktor", "rana-bidragsyter", "rana-leser"]
EDITORS = ["rana-admin", "rana-redaktor"]
HTMX_RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "plan-results"}


def user(username: str) -> User:
    return User.objects.get(username=username)


def counts() -> dict[str, int]:
    return {
        "actions": Action.objects.count(),
        "updates": StatusUpdate.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def values(obj: Model) -> dict:
    """Every column of a row, to prove a refused request changed nothing."""
    obj.refresh_from_db()
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}
