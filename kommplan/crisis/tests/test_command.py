"""`kommplan crisis drill|status|end`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kommplan.crisis.models import Crisis, CrisisState, Delivery, DeliveryState
from kommplan.crisis.sms import LocmemBackend

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("crisis", *args, stdout=out)
    return out.getvalue()


def test_a_drill_from_the_command_line_alerts_the_list_and_prints_who_was_reached(
    crisis_demo, smtp
):
    output = run("drill", "--org", "Osen kommune")
    crisis = Crisis.objects.get()
    assert crisis.is_drill and crisis.state == CrisisState.ACTIVE
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert len(smtp.received) == 4 and len(LocmemBackend.outbox) == 4
    assert all(sms["message"].startswith("ØVELSE") for sms in LocmemBackend.outbox)
    assert "Varslingsøvelse startet i Osen kommune" in output
    assert "Styreleder: Kari Nordvik – E-post runde 1 sendt, SMS runde 1 sendt" in output
    assert "ikke bekreftet" in output
    assert "Nådd: 4 av 4. Bekreftet: 0 av 4." in output


def test_status_shows_the_running_drill_and_end_ends_it(crisis_demo, smtp):
    run("drill", "--org", "osen-kommune")
    assert "Nådd: 4 av 4." in run("status", "--org", "Osen kommune")
    assert "Avsluttet" in run("end", "--org", "Osen kommune")
    assert Crisis.objects.get().state == CrisisState.ENDED
    assert "(avsluttet," in run("status", "--org", "Osen kommune")


def test_a_second_drill_unknown_organisation_and_negative_wait_are_clear_errors(crisis_demo, smtp):
    run("drill", "--org", "Osen kommune")
    with pytest.raises(CommandError, match="pågår allerede en øvelse"):
        run("drill", "--org", "Osen kommune")
    with pytest.raises(CommandError, match="Fant ingen organisasjon"):
        run("drill", "--org", "Atlantis")
    with pytest.raises(CommandError, match="--wait"):
        run("drill", "--org", "Rana kommune", "--wait", "-1")
    assert Crisis.objects.count() == 1


def test_status_of_an_organisation_without_crises_says_so(crisis_demo):
    assert "ingen kriser" in run("status", "--org", "Rana kommune")
