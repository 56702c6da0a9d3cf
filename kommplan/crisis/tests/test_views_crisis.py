"""The crisis pages: starting (with a confirm step), crisis mode on the dashboard and the strategy
overview, the live status, the log, ending, the history and the log as PDF."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.crisis import services
from kommplan.crisis.models import Acknowledgement, Contact, Crisis, CrisisLogEntry, LogKind
from kommplan.strategies.models import Strategy

RANA = "rana-kommune"


def start(rana, *, drill: bool = False, title: str = "Flom i Mo sentrum") -> Crisis:
    return services.start_crisis(
        organisation=rana,
        title=title,
        description="Elva går over sine bredder.",
        severity="high",
        actor=User.objects.get(username="rana-admin"),
        is_drill=drill,
    )


def detail_url(crisis: Crisis) -> str:
    return reverse("crisis:detail", args=[crisis.organisation.slug, crisis.pk])


START = {"title": "Brann i rådhuset", "description": "Røyk i 2. etasje.", "severity": "critical"}


# --- starting -------------------------------------------------------------------------------


def test_the_crisis_page_offers_to_start_a_crisis_or_a_drill_to_editors(rana, login):
    html = login("rana-redaktor").get(reverse("crisis:home", args=[RANA])).content.decode()
    assert "Ingen krise pågår" in html
    assert reverse("crisis:start", args=[RANA]) in html
    assert reverse("crisis:start_drill", args=[RANA]) in html


def test_readers_see_the_crisis_page_without_the_start_forms(rana, login):
    html = login("rana-leser").get(reverse("crisis:home", args=[RANA])).content.decode()
    assert reverse("crisis:start", args=[RANA]) not in html


def test_starting_a_crisis_asks_for_confirmation_before_anything_is_sent(rana, login):
    client = login("rana-redaktor")
    response = client.post(reverse("crisis:start", args=[RANA]), START)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ja, start krisen og varsle" in html and "Brann i rådhuset" in html
    assert 'name="confirm" value="yes"' in html
    assert not Crisis.objects.exists()

    response = client.post(reverse("crisis:start", args=[RANA]), {**START, "confirm": "yes"})
    crisis = Crisis.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(crisis)
    assert (crisis.title, crisis.severity, crisis.is_drill) == (
        "Brann i rådhuset",
        "critical",
        False,
    )
    assert crisis.started_by.username == "rana-redaktor"
    assert crisis.recipients.count() == 2  # Rana's two roles, each its holder
    assert crisis.deliveries.count() == 4  # e-mail and SMS each


def test_a_drill_is_started_as_a_drill(rana, login):
    login("rana-admin").post(
        reverse("crisis:start_drill", args=[RANA]), {**START, "confirm": "yes"}
    )
    assert Crisis.objects.get().is_drill


def test_a_start_without_a_title_names_the_field(rana, login):
    response = login("rana-admin").post(
        reverse("crisis:start", args=[RANA]), {**START, "title": "", "confirm": "yes"}
    )
    assert response.status_code == 400
    assert 'id="krise-title_error"' in response.content.decode()
    assert not Crisis.objects.exists()


def test_a_second_crisis_while_one_is_running_is_refused_with_a_message(rana, login):
    start(rana)
    response = login("rana-admin").post(
        reverse("crisis:start", args=[RANA]), {**START, "confirm": "yes"}
    )
    assert response.status_code == 400
    assert "Det pågår allerede en krise" in response.content.decode()
    assert Crisis.objects.count() == 1


@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter"])
def test_readers_and_contributors_may_not_start_a_crisis(rana, login, username):
    response = login(username).post(
        reverse("crisis:start", args=[RANA]), {**START, "confirm": "yes"}
    )
    assert response.status_code == 403
    assert not Crisis.objects.exists()


def test_another_organisations_administrator_may_not_start_one_here(rana, login):
    response = login("isk-admin").post(
        reverse("crisis:start", args=[RANA]), {**START, "confirm": "yes"}
    )
    assert response.status_code == 404
    assert not Crisis.objects.exists()


def test_fields_one_may_not_set_are_ignored_when_starting(rana, login):
    login("rana-admin").post(
        reverse("crisis:start", args=[RANA]),
        {**START, "confirm": "yes", "is_drill": "on", "state": "ended", "started_by": "1"},
    )
    crisis = Crisis.objects.get()
    assert (crisis.is_drill, crisis.state, crisis.started_by.username) == (
        False,
        "active",
        "rana-admin",
    )


def test_anonymous_visitors_are_sent_to_log_in(rana, client):
    crisis = start(rana)
    for url in (reverse("crisis:home", args=[RANA]), detail_url(crisis)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


# --- crisis mode ----------------------------------------------------------------------------


def rana_strategy(rana) -> Strategy:
    return Strategy.objects.filter(organisation=rana).order_by("pk").first()


def test_in_crisis_mode_the_dashboard_shows_a_danger_banner_linking_to_the_crisis(rana, login):
    strategy = rana_strategy(rana)
    url = reverse("followup:dashboard", args=[RANA, strategy.pk])
    client = login("rana-leser")
    assert "krisebanner" not in client.get(url).content.decode()
    crisis = start(rana)
    html = client.get(url).content.decode()
    banner = html[html.index('id="krisebanner"') - 60 :]
    assert 'data-color="danger"' in banner[:120]
    assert "Krise pågår" in banner and crisis.title in banner
    assert detail_url(crisis) in banner


def test_a_drill_banner_says_ovelse(rana, login):
    strategy = rana_strategy(rana)
    start(rana, drill=True, title="Høstøvelse")
    html = (
        login("rana-leser")
        .get(reverse("followup:dashboard", args=[RANA, strategy.pk]))
        .content.decode()
    )
    assert "ØVELSE" in html and "Høstøvelse" in html


def test_in_crisis_mode_the_strategy_overview_shows_its_crisis_section_first(rana, login):
    strategy = rana_strategy(rana)
    url = reverse("strategies:overview", args=[RANA, strategy.pk])
    client = login("rana-leser")
    html = client.get(url).content.decode()
    assert html.index('id="h-crisis"') > html.index('id="h-goals"')
    start(rana)
    html = client.get(url).content.decode()
    assert html.count('id="h-crisis"') == 1
    assert html.index('id="h-crisis"') < html.index('id="h-goals"')
    assert 'id="krisebanner"' in html


def test_a_member_organisations_reader_sees_no_crisis_of_the_council(crisis_demo, login):
    isk = Strategy.objects.get(organisation__slug="innherred-samkommune").organisation
    start(isk) if isk.notification_roles.exists() else None
    html = (
        login("levanger-leser")
        .get(reverse("followup:dashboard", args=[isk.slug, rana_strategy(isk).pk]))
        .content.decode()
    )
    assert "krisebanner" not in html


# --- the live status ------------------------------------------------------------------------


def test_the_crisis_page_shows_each_recipient_with_role_messages_and_acknowledgement(
    rana, login, drain
):
    crisis = start(rana)
    drain()
    holder = crisis.recipients.order_by("role_position").first()
    services.acknowledge(services.ack_token(holder))
    html = login("rana-leser").get(detail_url(crisis)).content.decode()
    row = html[html.index(f'id="mottaker-{holder.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-acknowledged="yes"' in row and "Mottatt" in row
    assert holder.role_name in row and holder.name in row
    assert "E-post" in row and "SMS" in row and "Sendt" in row
    assert 'hx-trigger="every 5s"' in html
    assert "Oppdater nå" in html  # the way to refresh without JavaScript


@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter"])
def test_the_crisis_page_hides_contact_details_from_readers(rana, login, username):
    crisis = start(rana)
    html = login(username).get(detail_url(crisis)).content.decode()
    for recipient in crisis.recipients.all():
        assert recipient.name in html
        assert recipient.phone not in html and recipient.email not in html


def test_editors_see_the_recipients_contact_details(rana, login):
    crisis = start(rana)
    html = login("rana-redaktor").get(detail_url(crisis)).content.decode()
    for recipient in crisis.recipients.all():
        assert recipient.phone in html and recipient.email in html


def test_a_poll_returns_the_status_fragment_and_announces_only_a_change(rana, login, drain):
    crisis = start(rana)
    client = login("rana-leser")
    first = client.get(detail_url(crisis), HTTP_HX_REQUEST="true")
    html = first.content.decode()
    assert "<h1" not in html and html.lstrip().startswith("<section")
    seen = html.split("?seen=", 1)[1].split('"', 1)[0]
    same = client.get(detail_url(crisis), {"seen": seen}, HTTP_HX_REQUEST="true")
    assert "HX-Trigger" not in same  # nothing changed: nothing read aloud
    drain()
    changed = client.get(detail_url(crisis), {"seen": seen}, HTTP_HX_REQUEST="true")
    message = json.loads(changed["HX-Trigger"])["announce"]["value"]
    assert "2 av 2 er nådd" in message


def test_an_ended_crisis_page_stops_polling(rana, login):
    crisis = start(rana)
    services.end_crisis(crisis=crisis, actor=User.objects.get(username="rana-admin"))
    html = login("rana-leser").get(detail_url(crisis)).content.decode()
    assert "hx-trigger" not in html
    assert "Loggen kan bare leses" in html


def test_the_crisis_page_costs_the_same_queries_for_many_recipients(
    rana, login, django_assert_num_queries
):
    role = rana.notification_roles.order_by("position").first()
    for n in range(12):
        extra = rana.notification_roles.create(position=10 + n, role=f"Rolle {n}")
        Contact.objects.create(role=extra, name=f"Person {n}", email=f"p{n}@varsling.example")
    assert role is not None
    crisis = start(rana)
    client = login("rana-redaktor")
    # session, user, organisation, memberships, crisis (+organisation, started/ended by),
    # recipients (+acknowledgement), deliveries, log (+author, recipient, delivery); then the
    # sliding session expiry is saved (savepoint, update, release)
    with django_assert_num_queries(11):
        assert client.get(detail_url(crisis)).status_code == 200


def test_an_editor_registers_that_someone_answered_the_phone(rana, login):
    crisis = start(rana)
    recipient = crisis.recipients.first()
    response = login("rana-redaktor").post(
        reverse("crisis:ack_manual", args=[RANA, crisis.pk, recipient.pk])
    )
    assert response.status_code == 302
    ack = Acknowledgement.objects.get(recipient=recipient)
    assert (ack.via, ack.registered_by.username) == ("manual", "rana-redaktor")


def test_a_reader_may_not_register_an_acknowledgement(rana, login):
    crisis = start(rana)
    recipient = crisis.recipients.first()
    response = login("rana-leser").post(
        reverse("crisis:ack_manual", args=[RANA, crisis.pk, recipient.pk])
    )
    assert response.status_code == 403
    assert not Acknowledgement.objects.exists()


# --- the log --------------------------------------------------------------------------------


def test_an_editor_writes_a_decision_in_the_log(rana, login):
    crisis = start(rana)
    client = login("rana-redaktor")
    response = client.post(
        reverse("crisis:log_add", args=[RANA, crisis.pk]),
        {"kind": "decision", "text": "Rådhuset evakueres.", "author": "1"},
    )
    entry = CrisisLogEntry.objects.get(kind=LogKind.DECISION)
    assert response.status_code == 302 and response["Location"].endswith(f"#logg-{entry.pk}")
    assert (entry.text, entry.author.username) == ("Rådhuset evakueres.", "rana-redaktor")
    html = client.get(detail_url(crisis)).content.decode()
    assert "Rådhuset evakueres." in html and "Beslutning" in html


def test_a_log_entry_without_text_names_the_field(rana, login):
    crisis = start(rana)
    before = CrisisLogEntry.objects.count()
    response = login("rana-redaktor").post(
        reverse("crisis:log_add", args=[RANA, crisis.pk]), {"kind": "event", "text": " "}
    )
    assert response.status_code == 400
    assert 'id="logg-text_error"' in response.content.decode()
    assert CrisisLogEntry.objects.count() == before


def test_people_may_not_write_system_entries(rana, login):
    crisis = start(rana)
    before = CrisisLogEntry.objects.count()
    response = login("rana-redaktor").post(
        reverse("crisis:log_add", args=[RANA, crisis.pk]), {"kind": "ack", "text": "Falsk"}
    )
    assert response.status_code == 400
    assert CrisisLogEntry.objects.count() == before


@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter"])
def test_readers_and_contributors_may_not_write_in_the_log(rana, login, username):
    crisis = start(rana)
    before = CrisisLogEntry.objects.count()
    response = login(username).post(
        reverse("crisis:log_add", args=[RANA, crisis.pk]), {"kind": "event", "text": "Hei"}
    )
    assert response.status_code == 403
    assert CrisisLogEntry.objects.count() == before


def test_another_organisations_administrator_finds_no_crisis(rana, login):
    crisis = start(rana)
    client = login("isk-admin")
    assert client.get(detail_url(crisis)).status_code == 404
    before = CrisisLogEntry.objects.count()
    response = client.post(
        reverse("crisis:log_add", args=[RANA, crisis.pk]), {"kind": "event", "text": "Hei"}
    )
    assert response.status_code == 404
    assert CrisisLogEntry.objects.count() == before


# --- ending ---------------------------------------------------------------------------------


def test_ending_asks_first_then_closes_the_log(rana, login):
    crisis = start(rana)
    client = login("rana-redaktor")
    url = reverse("crisis:end", args=[RANA, crisis.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Avslutt krisen" in page.content.decode()
    crisis.refresh_from_db()
    assert crisis.is_active
    assert client.post(url).status_code == 302
    crisis.refresh_from_db()
    assert not crisis.is_active and crisis.ended_by.username == "rana-redaktor"
    html = client.get(detail_url(crisis)).content.decode()
    assert reverse("crisis:log_add", args=[RANA, crisis.pk]) not in html  # no form any more


def test_after_the_end_the_log_refuses_new_entries(rana, login):
    crisis = start(rana)
    client = login("rana-redaktor")
    client.post(reverse("crisis:end", args=[RANA, crisis.pk]))
    before = list(CrisisLogEntry.objects.values_list("pk", "text"))
    response = client.post(
        reverse("crisis:log_add", args=[RANA, crisis.pk]), {"kind": "event", "text": "For sent"}
    )
    assert response.status_code == 409
    assert "loggen kan ikke endres" in response.content.decode()
    assert list(CrisisLogEntry.objects.values_list("pk", "text")) == before


def test_a_reader_may_not_end_a_crisis(rana, login):
    crisis = start(rana)
    response = login("rana-leser").post(reverse("crisis:end", args=[RANA, crisis.pk]))
    assert response.status_code == 403
    crisis.refresh_from_db()
    assert crisis.is_active


def test_the_history_lists_past_crises_and_drills(rana, login):
    crisis = start(rana)
    services.end_crisis(crisis=crisis, actor=User.objects.get(username="rana-admin"))
    start(rana, drill=True, title="Vårøvelse")
    html = login("rana-leser").get(reverse("crisis:history", args=[RANA])).content.decode()
    assert "Flom i Mo sentrum" in html and "Vårøvelse" in html
    assert html.index("Vårøvelse") < html.index("Flom i Mo sentrum")  # newest first
    assert "<caption" in html and 'scope="col"' in html


# --- the log as PDF -------------------------------------------------------------------------


def test_the_log_downloads_as_a_tagged_pdf_in_norwegian(rana, login, tmp_path):
    crisis = start(rana)
    services.add_log_entry(
        crisis=crisis,
        actor=User.objects.get(username="rana-admin"),
        kind="decision",
        text="Pressemelding sendes kl. 14.",
    )
    response = login("rana-leser").get(reverse("crisis:log_pdf", args=[RANA, crisis.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "logg.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "Flom i Mo sentrum" in text and "Pressemelding sendes kl. 14." in text
    recipient = crisis.recipients.first()
    assert recipient.email not in text  # contact details stay in kommplan
    assert catalog_language(pdf) == "nb"


def catalog_language(pdf: bytes) -> str:
    """The document language in the PDF catalog (/Lang), as screen readers get it."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(pdf)
    size = pdfium.FPDFCatalog_GetLanguage(document.raw, None, 0)
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium.FPDFCatalog_GetLanguage(document.raw, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le")
