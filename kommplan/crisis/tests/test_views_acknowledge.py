"""The page behind the acknowledge link in an alert: no log-in, GET only asks (mail scanners open
links), POST acknowledges once however often it is sent."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.crisis import services
from kommplan.crisis.models import Acknowledgement, CrisisLogEntry, LogKind


def start(rana, *, drill: bool = False):
    return services.start_crisis(
        organisation=rana,
        title="Strømbrudd",
        description="Hele sentrum er uten strøm.",
        severity="high",
        actor=User.objects.get(username="rana-admin"),
        is_drill=drill,
    )


def ack_url(recipient) -> str:
    return reverse("crisis:acknowledge", args=[services.ack_token(recipient)])


def test_opening_the_link_asks_but_does_not_acknowledge(rana, client):
    crisis = start(rana)
    recipient = crisis.recipients.order_by("pk").first()
    response = client.get(ack_url(recipient))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jeg har mottatt varselet" in html and "Strømbrudd" in html
    assert recipient.role_name in html
    assert not Acknowledgement.objects.exists()


def test_the_page_shows_nobody_elses_personal_data(rana, client):
    crisis = start(rana)
    recipient, other = crisis.recipients.order_by("pk")[:2]
    html = client.get(ack_url(recipient)).content.decode()
    for value in (other.name, other.email, other.phone, recipient.email, recipient.phone):
        assert value not in html


def test_confirming_acknowledges_once_and_says_thank_you(rana, client):
    crisis = start(rana)
    recipient = crisis.recipients.order_by("pk").first()
    url = ack_url(recipient)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    assert "Mottatt – takk" in client.get(url).content.decode()
    client.post(url)  # a second tap, or the same link from the SMS
    assert Acknowledgement.objects.filter(recipient=recipient).count() == 1
    assert CrisisLogEntry.objects.filter(kind=LogKind.ACK, recipient=recipient).count() == 1


def test_an_unknown_link_gets_a_clear_not_found_page(crisis_demo, client):
    for method in (client.get, client.post):
        response = method(reverse("crisis:acknowledge", args=["ikke-en-gyldig-lenke"]))
        assert response.status_code == 404
        assert "Lenken er ikke gyldig" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_after_the_end_the_link_says_so_and_acknowledges_nothing(rana, client):
    crisis = start(rana)
    recipient = crisis.recipients.order_by("pk").first()
    services.end_crisis(crisis=crisis, actor=User.objects.get(username="rana-admin"))
    client.post(ack_url(recipient))
    html = client.get(ack_url(recipient)).content.decode()
    assert "Krisen er avsluttet" in html and "Jeg har mottatt varselet" not in html
    assert not Acknowledgement.objects.exists()


def test_a_drill_link_says_ovelse(rana, client):
    crisis = start(rana, drill=True)
    html = client.get(ack_url(crisis.recipients.first())).content.decode()
    assert "ØVELSE" in html


def test_a_logged_in_user_acknowledges_for_the_link_not_for_themselves(rana, login):
    crisis = start(rana)
    recipient = crisis.recipients.order_by("pk").first()
    login("rana-leser").post(ack_url(recipient))
    ack = Acknowledgement.objects.get()
    assert (ack.recipient, ack.via, ack.registered_by) == (recipient, "link", None)
