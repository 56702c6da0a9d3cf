"""Personal API tokens: hashed, scoped to one organisation and to reading or writing."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command

from kommplan.actions.models import Action, StatusUpdate
from kommplan.apitokens.models import ApiToken
from kommplan.apitokens.services import create_token, revoke_token
from kommplan.audit.models import AuditEntry
from kommplan.organisations.models import Membership, Organisation

from .helpers import bearer, issue

RANA = "rana-kommune"


def test_a_new_token_is_stored_only_as_its_sha256_and_leaves_one_audit_entry(demo):
    owner = User.objects.get(username="rana-redaktor")
    before = AuditEntry.objects.count()
    token, value = create_token(
        owner=owner, organisation=Organisation.objects.get(slug=RANA), name="BI", scope="read"
    )
    token.refresh_from_db()
    assert token.token_hash == hashlib.sha256(value.encode()).hexdigest()
    assert len(value) >= 43  # token_urlsafe(32)
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert value not in [str(field) for field in stored.values()]
    assert token.prefix == value[:8]
    assert AuditEntry.objects.count() == before + 1


def test_a_token_can_only_be_made_for_an_organisation_one_is_member_of(demo):
    with pytest.raises(ValidationError):
        create_token(
            owner=User.objects.get(username="isk-admin"),
            organisation=Organisation.objects.get(slug=RANA),
            name="x",
            scope="read",
        )
    assert not ApiToken.objects.exists()


def test_a_valid_token_reads_its_organisation_and_marks_when_it_was_used(demo, api_client):
    value = issue("rana-leser", RANA)
    response = api_client.get("/api/organisations", headers=bearer(value))
    assert response.status_code == 200
    assert [o["slug"] for o in response.json()["items"]] == [RANA]
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_of_a_reader_of_every_plan_still_lists_only_its_own_organisation(demo, api_client):
    value = issue("demo", RANA)
    response = api_client.get("/api/organisations", headers=bearer(value))
    assert [o["slug"] for o in response.json()["items"]] == [RANA]


def test_a_revoked_token_gets_401(demo, api_client):
    value = issue("rana-leser", RANA)
    token = ApiToken.objects.get()
    revoke_token(token=token, actor=token.owner)
    response = api_client.get("/api/organisations", headers=bearer(value))
    assert response.status_code == 401
    assert response.json() == {"detail": "Logg inn eller bruk en gyldig API-nøkkel.", "errors": []}
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoking_twice_leaves_one_audit_entry(demo):
    issue("rana-leser", RANA)
    token = ApiToken.objects.get()
    before = AuditEntry.objects.count()
    revoke_token(token=token, actor=token.owner)
    revoke_token(token=token, actor=token.owner)
    assert AuditEntry.objects.count() == before + 1


def test_a_token_whose_owner_left_the_organisation_gets_401(demo, api_client):
    value = issue("rana-leser", RANA)
    Membership.objects.filter(user__username="rana-leser", organisation__slug=RANA).delete()
    assert api_client.get("/api/organisations", headers=bearer(value)).status_code == 401


def test_a_token_of_a_deactivated_user_gets_401(demo, api_client):
    value = issue("rana-leser", RANA)
    User.objects.filter(username="rana-leser").update(is_active=False)
    assert api_client.get("/api/organisations", headers=bearer(value)).status_code == 401


def test_an_unknown_token_gets_401_even_with_a_logged_in_session(demo, login):
    client = login("rana-admin")
    response = client.get("/api/organisations", headers=bearer("not-a-token"))
    assert response.status_code == 401


def test_a_read_token_posting_a_status_gets_403_and_changes_nothing(demo, api_client, own_action):
    value = issue("rana-redaktor", RANA, "read")
    status = own_action.status
    history = StatusUpdate.objects.filter(action=own_action).count()
    response = api_client.post(
        f"/api/actions/{own_action.pk}/status",
        {"status": "fullfort"},
        content_type="application/json",
        headers=bearer(value),
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "API-nøkkelen gir bare lesetilgang.", "errors": []}
    assert Action.objects.get(pk=own_action.pk).status == status
    assert StatusUpdate.objects.filter(action=own_action).count() == history


def test_a_write_token_reports_status_without_a_csrf_token(demo, api_client, own_action):
    value = issue("rana-redaktor", RANA, "write")
    response = api_client.post(
        f"/api/actions/{own_action.pk}/status",
        {"status": "fullfort", "comment": "Ferdig"},
        content_type="application/json",
        headers=bearer(value),
    )
    assert response.status_code == 201
    update = StatusUpdate.objects.get(pk=response.json()["id"])
    assert update.author.username == "rana-redaktor"
    assert Action.objects.get(pk=own_action.pk).status == "fullfort"


def test_a_token_gets_404_for_another_organisations_strategy_and_actions(demo, api_client, isk):
    value = issue("rana-admin", RANA, "write")
    isk_action = isk.actions.first()
    for url in (
        "/api/organisations/innherred-samkommune/strategies",
        f"/api/strategies/{isk.pk}",
        f"/api/strategies/{isk.pk}/actions",
        f"/api/actions/{isk_action.pk}",
    ):
        assert api_client.get(url, headers=bearer(value)).status_code == 404, url
    response = api_client.post(
        f"/api/actions/{isk_action.pk}/status",
        {"status": "avlyst"},
        content_type="application/json",
        headers=bearer(value),
    )
    assert response.status_code == 404
    assert Action.objects.get(pk=isk_action.pk).status == isk_action.status


def test_a_token_of_a_user_who_reads_another_organisation_by_web_cannot_read_it(
    demo, api_client, isk
):
    # "demo" reads all five plans on the web; a Rana token of theirs reaches Rana only.
    value = issue("demo", RANA)
    assert api_client.get(f"/api/strategies/{isk.pk}", headers=bearer(value)).status_code == 404
    assert api_client.get(f"/api/strategies/{isk.pk}").status_code == 401


def test_a_member_organisations_token_does_not_reach_the_council_it_belongs_to(
    demo, api_client, isk
):
    # levanger-leser reads ISK's plan on the web through Levanger; a Levanger token does not.
    value = issue("levanger-leser", "levanger-kommune")
    assert api_client.get(f"/api/strategies/{isk.pk}", headers=bearer(value)).status_code == 404


def test_the_create_api_token_command_prints_a_working_token_once(demo, api_client, capsys):
    call_command("create_api_token", "rana-leser", RANA, "--scope", "read")
    value = capsys.readouterr().out.strip()
    assert ApiToken.objects.get().token_hash == hashlib.sha256(value.encode()).hexdigest()
    assert api_client.get("/api/organisations", headers=bearer(value)).status_code == 200


def test_a_token_request_for_the_actions_list_takes_a_fixed_number_of_queries(
    demo, api_client, rana, django_assert_num_queries
):
    value = issue("rana-leser", RANA)
    url = f"/api/strategies/{rana.pk}/actions"
    # 1 token with owner and organisation, 2 the owner's role there, 3 last_used_at,
    # 4 the strategy's organisation slug, 5 organisation, 6 strategy (memberships come from
    # the token), 7 count, 8 the page of actions, 9 their target groups, 10 their channels.
    with django_assert_num_queries(10):
        assert api_client.get(url, headers=bearer(value)).status_code == 200
    # Used again within the minute: last_used_at is not written again.
    with django_assert_num_queries(9):
        assert api_client.get(url, headers=bearer(value)).status_code == 200
