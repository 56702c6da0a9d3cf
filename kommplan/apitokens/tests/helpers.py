"""Issuing demo tokens in tests: `issue("rana-redaktor", "rana-kommune", "write")`."""

from __future__ import annotations

from django.contrib.auth.models import User

from kommplan.apitokens.services import create_token
from kommplan.organisations.models import Organisation


def issue(username: str, org_slug: str, scope: str = "read") -> str:
    _, value = create_token(
        owner=User.objects.get(username=username),
        organisation=Organisation.objects.get(slug=org_slug),
        name="test",
        scope=scope,
    )
    return value


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}
