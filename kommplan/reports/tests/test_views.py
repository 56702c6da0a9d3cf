from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from .conftest import docx_text


@pytest.fixture(autouse=True)
def _sessions_per_request():
    # Each request loads its own session row; that is not an N+1.
    from zeal import zeal_ignore

    with zeal_ignore(
        [{"model": "sessions.Session", "field": "*"}, {"model": "auth.User", "field": "*"}]
    ):
        yield


def _urls(strategy):
    args = [strategy.organisation.slug, strategy.pk]
    return (
        reverse("reports:documents", args=args),
        reverse("reports:strategy", args=[*args, "pdf"]),
        reverse("reports:status", args=[*args, "docx"]),
    )


def test_a_reader_gets_the_page_and_downloads_with_good_file_names(strategy_of, login):
    strategy = strategy_of("rana-kommune")
    page, pdf, status = _urls(strategy)
    client = login("rana-leser")
    response = client.get(page)
    assert response.status_code == 200
    assert pdf.encode() in response.content
    response = client.get(pdf)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="rana-kommunikasjonsstrategi-2023-2026.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    response = client.get(status, {"fra": "2026-01-01", "til": "2026-06-30"})
    assert response.status_code == 200
    assert "rana-statusrapport-2026-01-01-2026-06-30.docx" in response["Content-Disposition"]
    Document(io.BytesIO(response.content))


def test_bad_dates_get_the_form_back_with_a_message(strategy_of, login):
    _page, _pdf, status = _urls(strategy_of("rana-kommune"))
    response = login("rana-leser").get(status, {"fra": "2026-06-30", "til": "2026-01-01"})
    assert response.status_code == 400
    assert "Til-datoen må være samme dag som eller etter fra-datoen." in response.content.decode()
    response = login("rana-leser").get(status, {"fra": "i går", "til": "2026-01-01"})
    assert response.status_code == 400


def test_an_unknown_format_is_not_found(strategy_of, login):
    strategy = strategy_of("rana-kommune")
    url = reverse("reports:strategy", args=[strategy.organisation.slug, strategy.pk, "odt"])
    assert login("rana-leser").get(url).status_code == 404


def test_another_organisations_admin_gets_404_and_anonymous_goes_to_log_in(
    strategy_of, client, login
):
    strategy = strategy_of("rana-kommune")
    for url in _urls(strategy):
        assert client.get(url).status_code == 302
        assert "login" in client.get(url)["Location"] or "logg-inn" in client.get(url)["Location"]
    other = login("isk-admin")
    for url in _urls(strategy):
        assert other.get(url).status_code == 404


def test_post_is_refused(strategy_of, login):
    client = login("rana-admin")
    for url in _urls(strategy_of("rana-kommune")):
        assert client.post(url).status_code == 405


def test_a_member_organisations_reader_gets_only_the_actions_assigned_to_them(strategy_of, login):
    strategy = strategy_of("innherred-samkommune")
    _page, _pdf, _status = _urls(strategy)
    url = reverse("reports:strategy", args=[strategy.organisation.slug, strategy.pk, "docx"])
    text = docx_text(login("levanger-leser").get(url).content)
    visible = strategy.actions.filter(assigned_organisation__slug="levanger-kommune")
    hidden = strategy.actions.exclude(assigned_organisation__slug="levanger-kommune")
    assert hidden.exists()
    for action in hidden:
        if not visible.filter(title=action.title).exists():
            assert action.title not in text
    for action in visible:
        assert action.title in text
