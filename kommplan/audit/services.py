"""Recording changes. Services call these inside their transaction, so a change and its log
entry are stored together or not at all."""

from __future__ import annotations

import ipaddress
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from .models import AuditEntry, AuditEvent


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The loggable values of `fields` (foreign keys by id, many-to-many as sorted ids)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(
                instance.pk and getattr(instance, name).values_list("pk", flat=True) or []
            )
        elif field.is_relation:
            values[name] = getattr(instance, field.attname)
        else:
            values[name] = _plain(getattr(instance, name))
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(
    *,
    actor,
    event: AuditEvent | str,
    obj: models.Model | None = None,
    organisation=None,
    strategy=None,
    changes: dict[str, list[Any]] | None = None,
    object_type: str = "",
    object_label: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    """Write one audit entry. `changes` maps field -> [before, after]."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_label = object_label or str(obj)[:300]
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_full_name() or actor.get_username())
        if getattr(actor, "pk", None)
        else "",
        organisation=organisation,
        strategy=strategy,
        event=event,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_label=object_label,
        changes=changes or {},
        ip_address=ip_address or None,
    )


def record_failed_login(*, username: str, address: str, step: str = "password") -> AuditEntry:
    """A failed log-in: the username tried and the client address, never the password."""
    try:
        ip_address = str(ipaddress.ip_address(address))
    except ValueError:
        ip_address = None
    return record(
        actor=None,
        event=AuditEvent.LOGIN_FAILED,
        object_type="auth.User",
        object_label=username[:300],
        changes={"step": [None, step]},
        ip_address=ip_address,
    )
