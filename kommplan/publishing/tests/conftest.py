"""A cast for the public pages: the demo plans (four published, Innherred not), status reports
on public and non-public actions, a crisis notification list with people in it, and an
unpublished second strategy of Rana that has an action marked public. Every text that must never
show carries a marker, so the leak tests look for something that cannot appear by chance."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from kommplan.actions.models import Action
from kommplan.actions.services import record_status_update
from kommplan.organisations.models import Organisation
from kommplan.strategies.models import NotificationEntry, Strategy

SECRET = "HEMMELIG"  # in every text of non-public things


@pytest.fixture
def public_cast(demo):
    editor = User.objects.get(username="rana-redaktor")
    for strategy in Strategy.objects.select_related("organisation"):
        NotificationEntry.objects.create(
            strategy=strategy,
            position=99,
            role="Beredskapsleder",
            name=f"Kari {SECRET}varsling",
            phone="+47 912 34 567",
            email=f"kari.{SECRET.lower()}@varsling.example",
        )
        actions = list(strategy.actions.order_by("position", "pk"))
        public = [a for a in actions if a.public]
        hidden = [a for a in actions if not a.public]
        for action in hidden:
            action.description = f"{action.description} {SECRET}-BESKRIVELSE-{action.pk}"
            action.due_date = date(2025, 3, 14)  # would be in the årshjul if it leaked
            action.save(update_fields=["description", "due_date"])
            record_status_update(
                action=action,
                author=editor,
                status="pagar",
                comment=f"{SECRET}-KOMMENTAR-{action.pk}",
                reported_on=date(2025, 3, 1),
            )
        for index, action in enumerate(public):
            action.due_date = date(2025, 1 + index % 12, 10)
            action.save(update_fields=["due_date"])
            record_status_update(
                action=action,
                author=editor,
                status="fullfort" if index % 2 else "pagar",
                comment=f"Offentlig kommentar {action.pk}: møtet er holdt.",
                reported_on=date(2025, 2, 1),
            )
    rana = Organisation.objects.get(slug="rana-kommune")
    draft = Strategy.objects.create(
        organisation=rana,
        title=f"Utkast {SECRET}-STRATEGI",
        vision=f"{SECRET}-VISJON",
        period_start=2027,
        period_end=2030,
    )
    Action.objects.create(
        strategy=draft,
        ref="x1",
        title=f"{SECRET}-TILTAK i utkast",
        public=True,
        due_date=date(2027, 5, 1),
    )
    return draft
