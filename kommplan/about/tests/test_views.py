from datetime import UTC, datetime

import pytest
from django.urls import reverse

from kommplan.about.test_record import TestRecord, read_test_record, write_test_record

URL = "/tilgjengelighet/"


@pytest.fixture
def record_file(settings, tmp_path):
    settings.ACCESSIBILITY_TEST_RECORD = tmp_path / "run.json"
    return settings.ACCESSIBILITY_TEST_RECORD


def a_record() -> TestRecord:
    return TestRecord(
        finished_at=datetime(2026, 11, 20, 14, 5, tzinfo=UTC),
        axe_version="4.14.1",
        browser="Chromium 156",
        roles=["administrator", "redaktor", "bidragsyter", "leser", "anonymous"],
        page_visits=87,
        keyboard_flows=5,
    )


def test_the_statement_lives_at_tilgjengelighet():
    assert reverse("about:accessibility") == URL


@pytest.mark.django_db
def test_anyone_can_read_the_statement_without_logging_in(client, record_file):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "Tilgjengelighetserklæring for kommplan" in html
    assert "WCAG 2.1 nivå AA" in html


@pytest.mark.django_db
def test_it_says_how_it_was_tested_and_what_is_known_not_to_work(client, record_file):
    html = client.get(URL).content.decode()
    for text in ("axe-core", "320", "Tastatur", "Kjente begrensninger", "skjermleser"):
        assert text in html


@pytest.mark.django_db
def test_problems_are_reported_to_the_configured_address(client, settings, record_file):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "uu@rana.kommune.example"
    html = client.get(URL).content.decode()
    assert 'href="mailto:uu@rana.kommune.example"' in html
    assert "uutilsynet.no" in html


@pytest.mark.django_db
def test_it_shows_the_last_passing_test_run(client, record_file):
    write_test_record(a_record())
    html = client.get(URL).content.decode()
    assert "20. november 2026: axe-core 4.14.1 i Chromium 156" in html
    assert "87 sidevisninger" in html and "5 tastaturtester" in html
    assert "administrator, redaktør, bidragsyter, leser, ikke innlogget" in html


@pytest.mark.django_db
def test_without_a_test_run_it_says_none_is_recorded(client, record_file):
    html = client.get(URL).content.decode()
    assert "ikke registrert noen fullført testkjøring" in html


@pytest.mark.django_db
def test_it_only_answers_get(client, record_file):
    assert client.post(URL).status_code == 405


@pytest.mark.django_db
def test_every_page_links_to_the_statement_in_its_footer(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{URL}"' in html


def test_a_record_survives_the_round_trip_and_garbage_reads_as_none(tmp_path):
    path = tmp_path / "run.json"
    write_test_record(a_record(), path)
    assert read_test_record(path) == a_record()
    path.write_text("{not json")
    assert read_test_record(path) is None
    assert read_test_record(tmp_path / "missing.json") is None
