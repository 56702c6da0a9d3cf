import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from icalendar import Calendar

from kommplan.audit.models import AuditEntry
from kommplan.organisations.models import Membership
from kommplan.yearwheel.models import FeedScope, FeedToken, hash_token
from kommplan.yearwheel.services import create_feed_token, revoke_feed_token


def feeds_url(org="rana-kommune") -> str:
    return reverse("yearwheel:feeds", args=[org])


def revoke_url(org="rana-kommune") -> str:
    return reverse("yearwheel:feed_revoke", args=[org])


def feed_summaries(response) -> set[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def isk_reader(demo) -> User:
    return User.objects.get(username="isk-leser")


def make_token(user, org_slug, scope, strategy=None):
    organisation = Membership.objects.get(user=user, organisation__slug=org_slug).organisation
    return create_feed_token(owner=user, organisation=organisation, scope=scope, strategy=strategy)


def test_a_token_is_stored_only_as_its_hash_and_the_creation_is_logged(isk_reader):
    token, secret = make_token(isk_reader, "innherred-samkommune", FeedScope.ORGANISATION)
    assert len(secret) >= 40 and secret not in token.token_hash
    assert token.token_hash == hash_token(secret)
    entry = AuditEntry.objects.first()
    assert (entry.event, entry.object_id, entry.actor) == ("create", str(token.pk), isk_reader)


def test_the_feed_needs_no_login_but_a_valid_token(client, isk, isk_reader):
    _token, secret = make_token(isk_reader, "innherred-samkommune", FeedScope.ORGANISATION)
    summaries = feed_summaries(client.get(reverse("yearwheel:feed", args=[secret])))
    assert "Møte ansatte Verdal og Levanger" in summaries
    assert client.get(reverse("yearwheel:feed", args=["gjettet"])).status_code == 404


def test_a_revoked_token_gets_a_404(client, isk_reader):
    token, secret = make_token(isk_reader, "innherred-samkommune", FeedScope.ORGANISATION)
    revoke_feed_token(token=token, actor=isk_reader)
    assert client.get(reverse("yearwheel:feed", args=[secret])).status_code == 404


def test_a_token_stops_working_when_its_owner_leaves_the_organisation(client, isk_reader):
    _token, secret = make_token(isk_reader, "innherred-samkommune", FeedScope.ORGANISATION)
    Membership.objects.filter(user=isk_reader).delete()
    assert client.get(reverse("yearwheel:feed", args=[secret])).status_code == 404


def test_a_token_stops_working_when_its_owner_is_deactivated(client, isk_reader):
    _token, secret = make_token(isk_reader, "innherred-samkommune", FeedScope.ORGANISATION)
    User.objects.filter(pk=isk_reader.pk).update(is_active=False)
    assert client.get(reverse("yearwheel:feed", args=[secret])).status_code == 404


def test_a_person_feed_has_only_the_owners_own_actions(client, rana):
    contributor = User.objects.get(username="rana-bidragsyter")
    rana.actions.update(timing="hver fredag")
    _token, secret = make_token(contributor, "rana-kommune", FeedScope.PERSON)
    summaries = feed_summaries(client.get(reverse("yearwheel:feed", args=[secret])))
    own = set(rana.actions.filter(responsible_user=contributor).values_list("title", flat=True))
    assert summaries == own and len(own) == 2


def test_a_strategy_feed_has_that_strategys_actions(client, rana):
    reader = User.objects.get(username="rana-leser")
    rana.actions.update(timing="månedlig")
    _token, secret = make_token(reader, "rana-kommune", FeedScope.STRATEGY, rana)
    summaries = feed_summaries(client.get(reverse("yearwheel:feed", args=[secret])))
    assert summaries == set(rana.actions.values_list("title", flat=True))


def test_a_member_organisations_reader_gets_only_the_actions_given_to_it(client, isk):
    from kommplan.organisations.models import Organisation

    dated = isk.actions.get(timing="28.1.")
    dated.assigned_organisation = Organisation.objects.get(slug="levanger-kommune")
    dated.save(update_fields=["assigned_organisation"])
    reader = User.objects.get(username="levanger-leser")
    _token, secret = create_feed_token(
        owner=reader, organisation=isk.organisation, scope=FeedScope.ORGANISATION
    )
    summaries = feed_summaries(client.get(reverse("yearwheel:feed", args=[secret])))
    # The other dated actions of the plan are not Levanger's; "Løpende" is never in a feed.
    assert summaries == {dated.title}


def test_the_feeds_page_makes_an_address_and_shows_it_once(client_for, rana):
    client = client_for("rana-leser")
    response = client.post(feeds_url(), {"scope": "strategy", "strategy": str(rana.pk)})
    assert response.status_code == 302
    html = client.get(feeds_url()).content.decode()
    url = re.search(r'id="yw-new-feed" type="text" readonly value="([^"]+)"', html).group(1)
    assert client.get(url).status_code == 200
    again = client.get(feeds_url()).content.decode()
    assert url not in again and "I bruk" in again
    token = FeedToken.objects.get()
    assert (token.owner.username, token.scope, token.strategy) == ("rana-leser", "strategy", rana)


def test_a_strategy_feed_needs_a_strategy(client_for):
    client = client_for("rana-leser")
    html = client.post(feeds_url(), {"scope": "strategy"}).content.decode()
    assert 'id="id_strategy_error"' in html
    assert not FeedToken.objects.exists()


def test_owner_and_organisation_cannot_be_posted(client_for, rana):
    other = User.objects.get(username="rana-admin")
    client = client_for("rana-leser")
    client.post(
        feeds_url(),
        {"scope": "organisation", "owner": str(other.pk), "organisation": "1", "token_hash": "x"},
    )
    token = FeedToken.objects.get()
    assert token.owner.username == "rana-leser"
    assert token.organisation == rana.organisation and token.token_hash != "x"


def test_the_owner_revokes_an_address_from_the_page(client_for):
    client = client_for("rana-leser")
    token, secret = make_token(User.objects.get(username="rana-leser"), "rana-kommune", "person")
    response = client.post(revoke_url(), {"token": str(token.pk)})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(reverse("yearwheel:feed", args=[secret])).status_code == 404


def test_nobody_can_revoke_someone_elses_address(client_for):
    token, secret = make_token(User.objects.get(username="rana-leser"), "rana-kommune", "person")
    entries = AuditEntry.objects.count()
    for username in ("rana-admin", "rana-redaktor"):
        client_for(username).post(revoke_url(), {"token": str(token.pk)})
    assert client_for("isk-admin").post(revoke_url(), {"token": str(token.pk)}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and AuditEntry.objects.count() == entries


def test_the_feeds_page_lists_only_ones_own_addresses(client_for):
    make_token(User.objects.get(username="rana-admin"), "rana-kommune", "organisation")
    html = client_for("rana-leser").get(feeds_url()).content.decode()
    assert "Du har ingen kalenderadresser her ennå." in html
    assert html.count("<h1") == 1


def test_another_organisations_administrator_gets_a_404(client_for):
    client = client_for("isk-admin")
    assert client.get(feeds_url()).status_code == 404
    assert client.post(feeds_url(), {"scope": "organisation"}).status_code == 404
    assert not FeedToken.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client_for, demo):
    client = client_for(None)
    for response in (client.get(feeds_url()), client.post(feeds_url(), {"scope": "person"})):
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not FeedToken.objects.exists()


def test_the_logged_in_download_has_the_strategys_calendar(client_for, isk):
    response = client_for("isk-leser").get(
        reverse("yearwheel:ical", args=[isk.organisation.slug, isk.pk])
    )
    summaries = feed_summaries(response)
    assert "Møte ansatte Verdal og Levanger" in summaries
    assert response["Content-Disposition"].startswith("attachment;")
