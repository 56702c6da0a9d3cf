import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from kommplan.audit.models import AuditEntry, AuditEvent
from kommplan.organisations.models import MemberRole, Membership, Organisation


@pytest.fixture
def rana(demo):
    return Organisation.objects.get(name="Rana kommune")


def members_url(org):
    return reverse("organisations:members", args=[org.slug])


def test_an_administrator_invites_a_new_member_by_email(
    rana, login, django_capture_on_commit_callbacks
):
    client = login("rana-admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            members_url(rana),
            {"email": "Kari.Nordmann@rana.example", "first_name": "Kari", "role": "redaktor"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="kari.nordmann@rana.example")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, organisation=rana).role == MemberRole.REDAKTOR
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kari.nordmann@rana.example"]
    assert "Rana kommune" in mail.outbox[0].subject
    assert "/konto/reset/" in mail.outbox[0].body
    entry = AuditEntry.objects.get(event=AuditEvent.PERMISSION, organisation=rana)
    assert entry.changes["role"] == [None, "redaktor"]


def test_an_existing_user_is_added_without_a_new_account(rana, login):
    isk_reader = User.objects.get(username="isk-leser")
    users_before = User.objects.count()
    login("rana-admin").post(members_url(rana), {"email": isk_reader.email, "role": "leser"})
    assert User.objects.count() == users_before
    assert Membership.objects.filter(user=isk_reader, organisation=rana).exists()


def test_adding_someone_twice_is_refused_with_a_message(rana, login):
    response = login("rana-admin").post(
        members_url(rana), {"email": "rana-leser@kommplan.example", "role": "redaktor"}
    )
    assert response.status_code == 400
    assert "allerede medlem" in response.content.decode()
    leser = Membership.objects.get(user__username="rana-leser", organisation=rana)
    assert leser.role == MemberRole.LESER


def test_the_last_administrator_cannot_be_demoted_or_removed(rana, login):
    client = login("rana-admin")
    admin = Membership.objects.get(user__username="rana-admin", organisation=rana)
    response = client.post(
        reverse("organisations:member_edit", args=[rana.slug, admin.pk]), {"role": "leser"}
    )
    assert response.status_code == 400
    assert "minst én administrator" in response.content.decode()
    response = client.post(reverse("organisations:member_remove", args=[rana.slug, admin.pk]))
    assert response.status_code == 400
    admin.refresh_from_db()
    assert admin.role == MemberRole.ADMINISTRATOR


def test_removing_a_users_last_membership_deactivates_them_and_ends_their_sessions(
    rana, login, client
):
    from django.test import Client

    reader_client = Client()
    reader_client.force_login(User.objects.get(username="rana-leser"))
    assert reader_client.get(reverse("organisations:detail", args=[rana.slug])).status_code == 200
    membership = Membership.objects.get(user__username="rana-leser", organisation=rana)
    login("rana-admin").post(
        reverse("organisations:member_remove", args=[rana.slug, membership.pk])
    )
    assert not User.objects.get(username="rana-leser").is_active
    response = reader_client.get(reverse("organisations:detail", args=[rana.slug]))
    assert response.status_code == 302  # logged out: back to the log-in page


def test_changing_a_role_is_audited(rana, login):
    membership = Membership.objects.get(user__username="rana-leser", organisation=rana)
    login("rana-admin").post(
        reverse("organisations:member_edit", args=[rana.slug, membership.pk]),
        {"role": "bidragsyter"},
    )
    membership.refresh_from_db()
    assert membership.role == MemberRole.BIDRAGSYTER
    entry = AuditEntry.objects.filter(event=AuditEvent.PERMISSION).latest("pk")
    assert entry.changes == {"role": ["leser", "bidragsyter"]}


@pytest.mark.parametrize("username", ["rana-redaktor", "rana-bidragsyter", "rana-leser"])
def test_only_administrators_manage_members(rana, login, username):
    client = login(username)
    count = Membership.objects.count()
    assert client.get(members_url(rana)).status_code == 403
    response = client.post(members_url(rana), {"email": "x@rana.example", "role": "administrator"})
    assert response.status_code == 403
    assert Membership.objects.count() == count


def test_another_organisations_administrator_sees_nothing(rana, login):
    client = login("isk-admin")
    membership = Membership.objects.get(user__username="rana-leser", organisation=rana)
    assert client.get(members_url(rana)).status_code == 404
    response = client.post(
        reverse("organisations:member_edit", args=[rana.slug, membership.pk]),
        {"role": "administrator"},
    )
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.role == MemberRole.LESER


def test_a_membership_of_another_organisation_is_not_found_under_this_one(rana, login):
    isk = Organisation.objects.get(name="Innherred Samkommune")
    isk_reader = Membership.objects.get(user__username="isk-leser", organisation=isk)
    response = login("rana-admin").post(
        reverse("organisations:member_remove", args=[rana.slug, isk_reader.pk])
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=isk_reader.pk).exists()
