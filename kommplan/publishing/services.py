"""Turning a strategy's public page on and off."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from kommplan.audit.models import AuditEvent
from kommplan.audit.services import record
from kommplan.strategies.models import Strategy


@transaction.atomic
def set_published(*, strategy: Strategy, published: bool, actor: User) -> Strategy:
    """Publish or unpublish `strategy`; one audit entry when the state changes, none otherwise.

    Publishing shows the strategy text and only the actions marked public; it changes nothing
    else, so turning it off again is always safe.
    """
    current = Strategy.objects.select_for_update().get(pk=strategy.pk)
    if current.published != published:
        before = current.published
        current.published = published
        current.save(update_fields=["published", "updated_at"])
        record(
            actor=actor,
            event=AuditEvent.UPDATE,
            obj=current,
            organisation=current.organisation,
            strategy=current,
            changes={"published": [before, published]},
        )
    strategy.published = current.published
    strategy.updated_at = current.updated_at
    return current
