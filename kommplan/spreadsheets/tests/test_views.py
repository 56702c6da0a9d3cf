"""The spreadsheet page: download for readers, upload → preview → confirm for editors."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import unquote

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kommplan.actions.models import Action
from kommplan.spreadsheets.models import PendingImport
from kommplan.spreadsheets.services import export_action_plan

from .conftest import build_workbook, row_counts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _urls(strategy):
    args = [strategy.organisation.slug, strategy.pk]
    return (
        reverse("spreadsheets:page", args=args),
        reverse("spreadsheets:download", args=args),
        reverse("spreadsheets:confirm", args=args),
    )


def _changed_export(strategy, title: str) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(export_action_plan(strategy)))
    workbook["Tiltak"]["B2"] = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(client, strategy, data: bytes, name: str = "tiltaksplan.xlsx", **fields):
    page, _, _ = _urls(strategy)
    return client.post(page, {"spreadsheet": SimpleUploadedFile(name, data, XLSX), **fields})


def _token(response) -> str:
    assert response.status_code == 302
    return unquote(response["Location"].split("forhandsvis=", 1)[1])


@pytest.mark.django_db
def test_a_reader_downloads_the_action_plan_but_gets_no_upload_form(rana, login):
    page, download, _ = _urls(rana)
    client = login("rana-leser")
    response = client.get(page)
    assert response.status_code == 200
    assert download.encode() in response.content
    assert b'type="file"' not in response.content
    response = client.get(download)
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="tiltaksplan-rana-kommune-{rana.pk}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Tiltak"]
    assert sheet.max_row - 1 == rana.actions.count()


@pytest.mark.django_db
def test_a_member_organisations_reader_downloads_only_the_actions_they_may_see(isk, login):
    _, download, _ = _urls(isk)
    visible = set(
        isk.actions.filter(assigned_organisation__slug="levanger-kommune").values_list(
            "ref", flat=True
        )
    )
    assert 0 < len(visible) < isk.actions.count()
    client = login("levanger-leser")
    response = client.get(download)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Tiltak"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == visible
    page = client.get(_urls(isk)[0]).content.decode()
    assert f"de tiltakene du har tilgang til ({len(visible)} tiltak)" in page


@pytest.mark.django_db
def test_the_download_costs_a_fixed_number_of_queries(rana, login, django_assert_num_queries):
    _, download, _ = _urls(rana)
    client = login("rana-leser")
    # session, user, organisation, membership roles, strategy, actions, their target groups,
    # channels and status updates, the strategy's goals, strategies, target groups and
    # channels, and the session refreshed (savepoint, update, release)
    with django_assert_num_queries(16):
        client.get(download)


@pytest.mark.django_db
def test_an_editor_uploads_sees_the_changes_and_confirms_them(rana, login):
    page, _, confirm = _urls(rana)
    client = login("rana-redaktor")
    action = rana.actions.order_by("position", "pk").first()
    response = _upload(client, rana, _changed_export(rana, "Ny tittel fra Excel"))
    token = _token(response)
    assert Action.objects.get(pk=action.pk).title == action.title  # nothing yet
    preview = client.get(response["Location"])
    text = preview.content.decode()
    assert "Forhåndsvisning av «tiltaksplan.xlsx»" in text
    assert "Endrede tiltak" in text and "Ny tittel fra Excel" in text
    assert f"{action.title} blir Ny tittel fra Excel" in text
    done = client.post(confirm, {"token": token})
    assert done.status_code == 302 and done["Location"] == page
    assert Action.objects.get(pk=action.pk).title == "Ny tittel fra Excel"
    assert not PendingImport.objects.exists()
    assert "Regnearket er importert: 0 nye, 1 endret" in client.get(page).content.decode()
    # The token is spent: a second confirm changes nothing.
    again = client.post(confirm, {"token": token})
    assert again.status_code == 302
    assert Action.objects.get(pk=action.pk).version == action.version + 1


@pytest.mark.django_db
def test_a_sheet_with_errors_shows_them_located_and_cannot_be_confirmed(rana, login):
    client = login("rana-redaktor")
    data = build_workbook([["Tiltak", "Status"], ["Nettside", "ferdig?"]])
    preview = client.get(_upload(client, rana, data)["Location"])
    text = preview.content.decode()
    assert (
        "tiltaksplan.xlsx, ark «Tiltak», rad 2, kolonne «Status»: ukjent status «ferdig?»" in text
    )
    assert "Ingenting er lagret" in text
    assert "Lagre endringene" not in text


@pytest.mark.django_db
def test_a_file_that_is_no_spreadsheet_is_refused_at_upload(rana, login):
    counts = row_counts()
    response = _upload(login("rana-redaktor"), rana, b"%PDF-1.7\n", name="plan.xlsx")
    assert response.status_code == 400
    assert (
        "plan.xlsx: filen er ikke et Excel-regneark (XLSX); lagre den som .xlsx"
        in response.content.decode()
    )
    assert row_counts() == counts


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter"])
def test_readers_and_contributors_may_not_upload_or_confirm(rana, login, username, client):
    page, _, confirm = _urls(rana)
    data = _changed_export(rana, "Endret")
    token = _token(_upload(login("rana-redaktor"), rana, data))
    counts = row_counts()
    client = login(username)
    assert _upload(client, rana, data).status_code == 403
    assert client.post(confirm, {"token": token}).status_code == 403
    assert client.get(page, {"forhandsvis": token}).status_code == 403
    assert row_counts() == counts


@pytest.mark.django_db
def test_another_organisations_administrator_gets_404_everywhere(rana, login):
    page, download, confirm = _urls(rana)
    data = _changed_export(rana, "Endret")
    token = _token(_upload(login("rana-redaktor"), rana, data))
    counts = row_counts()
    client = login("isk-admin")
    assert client.get(page).status_code == 404
    assert client.get(download).status_code == 404
    assert _upload(client, rana, data).status_code == 404
    assert client.post(confirm, {"token": token}).status_code == 404
    assert row_counts() == counts


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(rana, login, client):
    page, download, confirm = _urls(rana)
    data = _changed_export(rana, "Endret")
    token = _token(_upload(login("rana-redaktor"), rana, data))
    client.logout()
    counts = row_counts()
    for response in (
        client.get(page),
        client.get(download),
        _upload(client, rana, data),
        client.post(confirm, {"token": token}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert row_counts() == counts


@pytest.mark.django_db
def test_an_upload_is_confirmed_only_by_its_uploader_into_its_strategy_while_fresh(
    rana, isk, login
):
    page, _, confirm = _urls(rana)
    token = _token(_upload(login("rana-redaktor"), rana, _changed_export(rana, "Endret")))
    counts = row_counts()
    # Another editor of the same organisation.
    admin = login("rana-admin")
    assert admin.post(confirm, {"token": token}).status_code == 302
    assert "utløpt" in admin.get(page, {"forhandsvis": token}).content.decode()
    # The uploader, but under another strategy's address (their own organisation's editor
    # there cannot exist: ISK's editor tries the token on ISK's plan).
    User.objects.get(username="isk-redaktor")
    isk_confirm = _urls(isk)[2]
    assert login("isk-redaktor").post(isk_confirm, {"token": token}).status_code == 302
    # A forged token.
    assert login("rana-redaktor").post(confirm, {"token": token + "x"}).status_code == 302
    assert row_counts() == counts
    # Expired.
    PendingImport.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert login("rana-redaktor").post(confirm, {"token": token}).status_code == 302
    assert row_counts() == counts


@pytest.mark.django_db
def test_replace_is_only_what_the_form_says_and_deletes_after_the_preview(rana, login):
    _, _, confirm = _urls(rana)
    client = login("rana-redaktor")
    keep = rana.actions.order_by("position", "pk").first()
    data = build_workbook([["ID", "Tiltak"], [keep.ref, keep.title]])
    token = _token(_upload(client, rana, data))  # no replace: nothing would be deleted
    client.post(confirm, {"token": token, "replace": "on"})  # ignored here
    assert rana.actions.count() > 1
    token = _token(_upload(client, rana, data, replace="on"))
    preview = client.get(_urls(rana)[0], {"forhandsvis": token}).content.decode()
    assert "Tiltak som slettes" in preview
    client.post(confirm, {"token": token})
    assert list(rana.actions.all()) == [keep]


@pytest.mark.django_db
def test_a_confirmation_that_no_longer_fits_the_plan_saves_nothing_and_says_why(rana, login):
    page, _, confirm = _urls(rana)
    client = login("rana-redaktor")
    channel = rana.channels.order_by("position", "pk").first()
    data = build_workbook([["Tiltak", "Kanaler"], ["Nytt tiltak", channel.name]])
    token = _token(_upload(client, rana, data))
    channel.delete()  # someone removes the channel before the confirmation
    counts = row_counts()
    response = client.post(confirm, {"token": token})
    assert response.status_code == 302
    assert unquote(response["Location"]).endswith(f"forhandsvis={token}")
    text = client.get(response["Location"]).content.decode()
    assert "Ingenting ble lagret. Rett feilene under og last opp igjen." in text
    assert f"kolonne «Kanaler»: ukjent kanal «{channel.name}»" in text
    assert row_counts() == counts


@pytest.mark.django_db
def test_the_upload_ignores_fields_it_does_not_offer(rana, isk, login):
    client = login("rana-redaktor")
    data = build_workbook([["Tiltak"], ["Nytt tiltak"]])
    extra = {"strategy": str(isk.pk), "uploaded_by": "1", "filename": "x.xlsx"}
    token = _token(
        client.post(
            _urls(rana)[0],
            {"spreadsheet": SimpleUploadedFile("tiltaksplan.xlsx", data, XLSX), **extra},
        )
    )
    pending = PendingImport.objects.get()
    assert (pending.strategy, pending.uploaded_by.username, pending.filename) == (
        rana,
        "rana-redaktor",
        "tiltaksplan.xlsx",
    )
    assert token


@pytest.mark.django_db
def test_the_page_costs_a_fixed_number_of_queries(rana, login, django_assert_num_queries):
    page, _, _ = _urls(rana)
    client = login("rana-leser")
    # session, user, organisation, membership roles, strategy, visible actions counted, all
    # actions counted, and the session refreshed (savepoint, update, release)
    with django_assert_num_queries(10):
        client.get(page)


@pytest.mark.django_db
def test_the_preview_has_one_heading_1_and_captioned_tables_in_scrollable_regions(rana, login):
    client = login("rana-redaktor")
    workbook = openpyxl.load_workbook(io.BytesIO(export_action_plan(rana)))
    workbook["Tiltak"]["B2"] = "Endret"
    workbook["Tiltak"].append([None, "Nytt tiltak"])
    out = io.BytesIO()
    workbook.save(out)
    html = client.get(_upload(client, rana, out.getvalue())["Location"]).content.decode()
    assert html.count("<h1") == 1
    assert html.count("<table") == html.count("<caption") == 2
    assert html.count('class="table-wrap" tabindex="0" role="region" aria-labelledby=') == 2
    assert 'style="' not in html.split("<main", 1)[1] and "<script>" not in html
