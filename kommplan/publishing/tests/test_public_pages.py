"""The open pages: content, caching (ETag, Last-Modified, 304), language, the Atom feed, the
årshjul, and query counts that do not grow with the plan."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from zeal import zeal_ignore

from kommplan.actions.models import Action, StatusUpdate
from kommplan.actions.services import record_status_update
from kommplan.strategies.models import Strategy

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def rana(public_cast):
    return Strategy.objects.get(organisation__slug="rana-kommune", published=True)


def _page(strategy, suffix=""):
    return f"/apen/{strategy.organisation.slug}/strategi/{strategy.pk}/{suffix}"


def test_the_page_shows_the_strategy_and_the_public_actions_with_their_status(rana, client):
    page = client.get(_page(rana)).content.decode()
    assert page.count("<h1") == 1 and rana.title in page
    assert rana.vision in page
    for action in rana.actions.filter(public=True):
        assert f'id="tiltak-{action.pk}"' in page
        assert f"Offentlig kommentar {action.pk}" in page
    assert 'class="ds-skip-link" href="#main"' in page
    assert "<svg" in page and 'id="status-tabell"' in page  # the chart and its table
    assert 'name="lang"' in page  # the language choice
    assert "csrfmiddlewaretoken" not in page and "Innlogget" not in page


def test_the_yearwheel_shows_only_public_actions_and_links_to_their_rows(rana, client):
    page = client.get(_page(rana) + "?ar=2025").content.decode()
    assert 'id="arshjul"' in page and "apen-arshjul-title" in page
    for action in rana.actions.filter(public=True):
        assert f'href="#tiltak-{action.pk}"' in page
    for action in rana.actions.filter(public=False):
        assert f"#tiltak-{action.pk}" not in page


def test_without_any_dated_public_action_there_is_no_yearwheel(rana, client):
    rana.actions.update(due_date=None, timing="", start_date=None, end_date=None, rrule="")
    page = client.get(_page(rana)).content.decode()
    assert 'id="arshjul"' not in page


def test_answers_are_cacheable_and_the_same_for_everyone(rana, client):
    anonymous = client.get(_page(rana))
    assert anonymous["Cache-Control"] == "public, max-age=300"
    assert not anonymous.cookies  # no session, no CSRF cookie: a shared cache may keep it
    logged_in = Client()
    with zeal_ignore():  # a second client's session is loaded once more: no N+1
        logged_in.force_login(User.objects.get(username="rana-admin"))
        mine = logged_in.get(_page(rana))
    # The same page, but for the random ids matplotlib gives its chart's parts on every drawing.
    assert _without_chart(mine.content) == _without_chart(anonymous.content)
    assert "private" in mine["Cache-Control"] and "public" not in mine["Cache-Control"]


def _without_chart(content: bytes) -> bytes:
    return re.sub(rb'<figure class="chart-figure">.*?</figure>', b"", content, flags=re.S)


def test_a_repeated_request_gets_304_until_something_changes(rana, client):
    first = client.get(_page(rana))
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(_page(rana), headers={"if-none-match": etag}).status_code == 304
    assert client.get(_page(rana), headers={"if-modified-since": modified}).status_code == 304

    action = rana.actions.filter(public=True).first()
    editor = User.objects.get(username="rana-redaktor")
    record_status_update(action=action, author=editor, status="fullfort", comment="Ferdig")
    changed = client.get(_page(rana), headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag

    # An action that stops being public changes the page too.
    etag = changed["ETag"]
    Action.objects.filter(pk=action.pk).update(public=False)
    Action.objects.get(pk=action.pk).save()  # bumps updated_at, as the action form does
    assert client.get(_page(rana), headers={"if-none-match": etag}).status_code == 200


def test_each_language_is_its_own_address_and_etag(rana, client):
    english = client.get(_page(rana) + "?lang=en")
    assert '<html lang="en"' in english.content.decode()
    assert english["Content-Language"] == "en"
    assert english["ETag"] != client.get(_page(rana))["ETag"]
    unknown = client.get(_page(rana) + "?lang=xx")
    assert '<html lang="nb"' in unknown.content.decode()


def test_a_post_is_refused(rana, client):
    assert client.post(_page(rana)).status_code == 405


def test_the_atom_feed_is_valid_with_stable_ids_and_only_public_actions(rana, client):
    response = client.get(_page(rana, "status.atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") and feed.findtext(f"{ATOM}updated")
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Rana kommune"
    entries = feed.findall(f"{ATOM}entry")
    public = set(rana.actions.filter(public=True).values_list("pk", flat=True))
    # One entry per status report on a public action (the demo plan's history and the cast's).
    assert len(entries) == StatusUpdate.objects.filter(action__pk__in=public).count()
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("tag:kommplan,")
        assert entry.findtext(f"{ATOM}updated") and entry.findtext(f"{ATOM}title")
        link = entry.find(f"{ATOM}link").get("href")
        assert int(link.rsplit("#tiltak-", 1)[1]) in public
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]

    editor = User.objects.get(username="rana-redaktor")
    record_status_update(
        action=rana.actions.filter(public=True).first(), author=editor, status="forsinket"
    )
    again = ET.fromstring(client.get(_page(rana, "status.atom")).content)
    new_ids = [entry.findtext(f"{ATOM}id") for entry in again.findall(f"{ATOM}entry")]
    assert new_ids[1:] == ids  # the new report on top, the old ones keep their ids


def test_a_comment_with_markup_reaches_feed_readers_as_text(rana, client):
    editor = User.objects.get(username="rana-redaktor")
    action = rana.actions.filter(public=True).first()
    record_status_update(action=action, author=editor, status="pagar", comment="<b>x</b> & y")
    feed = ET.fromstring(client.get(_page(rana, "status.atom")).content)
    summary = feed.find(f"{ATOM}entry/{ATOM}summary").text
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in summary


def test_the_documents_are_served_as_files(rana, client):
    pdf = client.get(_page(rana, "strategi.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "public, max-age=300"
    docx = client.get(_page(rana, "strategi.docx"))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert 'filename="strategi-rana-kommune-' in docx["Content-Disposition"]


def test_the_index_and_organisation_pages_list_published_strategies(rana, client):
    index = client.get("/apen/").content.decode()
    for name in ("Rana kommune", "Askim kommune", "Osen kommune"):
        assert name in index
    organisation = client.get("/apen/rana-kommune/").content.decode()
    assert rana.title in organisation and organisation.count("<h1") == 1


def _extra_actions(strategy, count):
    with zeal_ignore():  # test data, built row by row on purpose
        _add_actions(strategy, count)


def _add_actions(strategy, count):
    goal = strategy.goals.first()
    channel = strategy.channels.first()
    editor = User.objects.get(username="rana-redaktor")
    for n in range(count):
        action = Action.objects.create(
            strategy=strategy,
            ref=f"ekstra{n}",
            position=100 + n,
            title=f"Ekstra tiltak {n}",
            goal=goal,
            public=True,
            due_date=date(2025, 1 + n % 12, 5),
            rrule="FREQ=MONTHLY" if n % 5 == 0 else "",
            start_date=date(2025, 1, 1) if n % 5 == 0 else None,
            end_date=date(2025, 12, 31) if n % 5 == 0 else None,
        )
        if n % 5 == 0:
            action.due_date = None
            action.save()
        action.channels.add(channel)
        record_status_update(action=action, author=editor, status="pagar", comment=f"Notat {n}")


# strategy with organisation; freshness (one query of subqueries); goals; their strategies;
# strategies without a goal; target groups; messages (+ their target groups when there are
# messages); channels; principles; challenges; roles; rules; public actions; their channels;
# their target groups; status reports of public actions.
PAGE_QUERIES = 16


def test_the_page_needs_the_same_queries_for_6_and_52_actions(rana, client):
    rana.actions.update(public=True)
    client.get(_page(rana))  # warm up caches outside the count (content types, languages)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_page(rana) + "?ar=2025").status_code == 200
        return len(queries)

    small = count()
    assert rana.actions.count() == 6
    _extra_actions(rana, 46)
    assert rana.actions.filter(public=True).count() == 52
    large = count()
    assert small == large == PAGE_QUERIES


def test_the_feed_needs_the_same_queries_for_6_and_52_actions(rana, client):
    rana.actions.update(public=True)
    client.get(_page(rana, "status.atom"))  # warm up caches outside the count

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(_page(rana, "status.atom"))
        return len(queries)

    small = count()
    _extra_actions(rana, 46)
    # freshness; strategy with organisation; status reports with their actions
    assert small == count() == 3
