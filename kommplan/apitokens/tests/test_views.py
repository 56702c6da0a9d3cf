"""The token page /konto/api-nokler/: list, create (the secret shown once) and revoke."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from kommplan.apitokens.models import ApiToken, hash_token
from kommplan.audit.models import AuditEntry

from .helpers import bearer, issue

URL = "/konto/api-nokler/"


def test_the_page_lists_only_ones_own_tokens(demo, login):
    issue("rana-leser", "rana-kommune")
    issue("rana-admin", "rana-kommune")
    client = login("rana-leser")
    response = client.get(URL)
    assert response.status_code == 200
    assert [t.owner.username for t in response.context["tokens"]] == ["rana-leser"]
    assert response.content.decode().count("<h1") == 1


def test_the_organisation_choice_holds_only_ones_own_memberships(demo, login):
    form = login("levanger-leser").get(URL).context["form"]
    # Reads Innherred through Levanger's membership, but is a member of Levanger only.
    assert [o.slug for o in form.fields["organisation"].queryset] == ["levanger-kommune"]


def test_creating_a_token_shows_the_secret_once_and_stores_only_its_hash(demo, login):
    client = login("rana-redaktor")
    organisation = User.objects.get(username="rana-redaktor").memberships.get().organisation
    before = AuditEntry.objects.count()
    response = client.post(
        URL, {"name": "Intranettet", "organisation": organisation.pk, "scope": "write"}
    )
    assert response.status_code == 302 and response["Location"] == URL
    token = ApiToken.objects.get()
    assert (token.name, token.scope, token.owner.username) == (
        "Intranettet",
        "write",
        "rana-redaktor",
    )
    assert AuditEntry.objects.count() == before + 1

    shown = client.get(URL)
    secret = shown.context["new_token"]["secret"]
    assert secret in shown.content.decode()
    assert token.token_hash == hash_token(secret)
    assert secret not in client.get(URL).content.decode()  # once
    # And it works against the API.
    api = client.__class__()
    assert api.get("/api/organisations", headers=bearer(secret)).status_code == 200


def test_a_token_for_an_organisation_one_is_not_member_of_is_refused(demo, login):
    from kommplan.organisations.models import Organisation

    other = Organisation.objects.get(slug="innherred-samkommune")
    response = login("rana-admin").post(
        URL, {"name": "x", "organisation": other.pk, "scope": "read"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"organisation": "", "scope": "read"}, "name"),
        ({"name": "x", "scope": "admin"}, "scope"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(demo, login, data, field):
    response = login("rana-admin").post(URL, data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_ones_token_stops_it_and_is_audited(demo, login):
    secret = issue("rana-leser", "rana-kommune")
    token = ApiToken.objects.get()
    client = login("rana-leser")
    before = AuditEntry.objects.count()
    response = client.post(reverse("apitokens:revoke"), {"token": token.pk})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.count() == before + 1
    assert client.__class__().get("/api/organisations", headers=bearer(secret)).status_code == 401


def test_someone_elses_token_cannot_be_revoked(demo, login):
    issue("rana-admin", "rana-kommune")
    token = ApiToken.objects.get()
    response = login("rana-leser").post(
        reverse("apitokens:revoke"), {"token": token.pk}, follow=True
    )
    assert "Fant ikke API-nøkkelen" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999"])
def test_a_nonsense_token_id_is_answered_with_a_message(demo, login, value):
    response = login("rana-leser").post(reverse("apitokens:revoke"), {"token": value}, follow=True)
    assert response.status_code == 200
    assert "Fant ikke API-nøkkelen" in response.content.decode()


def test_anonymous_is_sent_to_log_in_and_nothing_is_made(db, client):
    response = client.post(URL, {"name": "x", "scope": "read"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ApiToken.objects.exists()
