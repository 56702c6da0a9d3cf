"""The publishing switch: editors and administrators turn a strategy's open page on and off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kommplan.audit.models import AuditEntry
from kommplan.publishing.services import set_published
from kommplan.strategies.models import Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def rana(demo):
    return Strategy.objects.get(organisation__slug="rana-kommune")


def _url(strategy):
    return reverse("publishing:control", args=[strategy.organisation.slug, strategy.pk])


def test_it_shows_what_becomes_public_and_how_many_actions_stay_hidden(rana, login):
    response = login("rana-redaktor").get(_url(rana))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for action in rana.actions.filter(public=True):
        assert action.title in page
    assert "2 tiltak er ikke merket som offentlige" in page
    assert "Fjern publiseringen" in page  # the demo plan is published


def test_an_editor_unpublishes_and_publishes_with_one_audit_entry_each(rana, login):
    client = login("rana-redaktor")
    before = AuditEntry.objects.count()
    response = client.post(_url(rana), {"published": "False"})
    assert response.status_code == 302 and response["Location"] == _url(rana)
    rana.refresh_from_db()
    assert rana.published is False
    assert client.get(f"/apen/rana-kommune/strategi/{rana.pk}/").status_code == 404
    client.post(_url(rana), {"published": "True"})
    rana.refresh_from_db()
    assert rana.published is True
    entries = AuditEntry.objects.order_by("pk")[before:]
    assert [e.changes for e in entries] == [
        {"published": [True, False]},
        {"published": [False, True]},
    ]
    assert {e.actor.username for e in entries} == {"rana-redaktor"}


def test_setting_the_same_state_again_records_nothing(rana, demo):
    admin = rana.organisation.memberships.get(role="administrator").user
    before = AuditEntry.objects.count()
    set_published(strategy=rana, published=True, actor=admin)
    assert AuditEntry.objects.count() == before


def test_fields_one_may_not_set_are_ignored(rana, login):
    title = rana.title
    login("rana-admin").post(_url(rana), {"published": "False", "title": "Kapret", "status": "x"})
    rana.refresh_from_db()
    assert rana.title == title and rana.published is False


@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter"])
def test_a_lower_role_gets_403_and_its_post_changes_nothing(rana, login, username):
    client = login(username)
    before = AuditEntry.objects.count()
    assert client.get(_url(rana)).status_code == 403
    assert client.post(_url(rana), {"published": "False"}).status_code == 403
    rana.refresh_from_db()
    assert rana.published is True and AuditEntry.objects.count() == before


def test_another_organisations_administrator_gets_404(rana, login):
    client = login("isk-admin")
    assert client.get(_url(rana)).status_code == 404
    assert client.post(_url(rana), {"published": "False"}).status_code == 404
    rana.refresh_from_db()
    assert rana.published is True


def test_anonymous_is_sent_to_log_in(rana, client):
    response = client.post(_url(rana), {"published": "False"})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    rana.refresh_from_db()
    assert rana.published is True
