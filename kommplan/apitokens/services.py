"""Issuing and revoking API tokens; each change leaves one audit entry."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kommplan.audit.models import AuditEvent
from kommplan.audit.services import record
from kommplan.organisations.models import Membership, Organisation

from .models import ApiToken, TokenScope, hash_token


@transaction.atomic
def create_token(
    *, owner: User, organisation: Organisation, name: str, scope: str
) -> tuple[ApiToken, str]:
    """A new token and its secret value: the value is shown once and never stored."""
    if scope not in TokenScope.values:
        raise ValidationError({"scope": "Ukjent tilgang."})
    if not Membership.objects.filter(user=owner, organisation=organisation).exists():
        raise ValidationError("Du kan bare lage API-nøkler for en organisasjon du er medlem av.")
    value = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner,
        organisation=organisation,
        name=name,
        scope=scope,
        token_hash=hash_token(value),
        prefix=value[:8],
    )
    record(
        actor=owner,
        event=AuditEvent.CREATE,
        obj=token,
        organisation=organisation,
        changes={"scope": [None, scope]},
    )
    return token, value


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: User) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            event=AuditEvent.UPDATE,
            obj=token,
            organisation=token.organisation,
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        )
    return token
