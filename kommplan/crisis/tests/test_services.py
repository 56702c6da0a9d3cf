"""The notification list, starting and ending a crisis, the log, acknowledgements, personal
data requests and the selectors."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from zeal import zeal_ignore

from kommplan.audit.models import AuditEntry
from kommplan.crisis import selectors, services
from kommplan.crisis.access import can_see_contact_details, get_crisis_for_user
from kommplan.crisis.demo import DEMO_DOMAIN, ensure_demo_notification_lists
from kommplan.crisis.models import (
    Acknowledgement,
    Contact,
    Crisis,
    CrisisLogEntry,
    CrisisState,
    Delivery,
    DeliveryState,
    LogKind,
    NotificationRole,
    Recipient,
)
from kommplan.organisations.access import access_for
from kommplan.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def start(organisation, actor, **extra):
    return services.start_crisis(
        organisation=organisation,
        title=extra.pop("title", "Ras over E6"),
        description="Veien er stengt.",
        severity="high",
        actor=actor,
        **extra,
    )


# --- the list ----------------------------------------------------------------------------------


def test_the_demo_lists_come_from_the_plan_files_with_fictional_people(crisis_demo):
    osen = Organisation.objects.get(name="Osen kommune")
    roles = NotificationRole.objects.filter(organisation=osen).order_by("position")
    assert [r.role for r in roles] == ["Styreleder", "Daglig leder", "Ordfører", "Rådmann"]
    contacts = Contact.objects.filter(role__organisation=osen)
    assert contacts.count() == 8  # a holder and a deputy each
    assert all(c.email.endswith("@" + DEMO_DOMAIN) for c in contacts)
    # Norwegian subscriber numbers never start with 0: these reach nobody.
    assert all(c.phone.startswith("+470") and len(c.phone) == 11 for c in contacts)
    assert len({c.phone for c in Contact.objects.all()}) == Contact.objects.count()


def test_loading_the_demo_lists_twice_adds_nothing(crisis_demo):
    before = (NotificationRole.objects.count(), Contact.objects.count())
    assert ensure_demo_notification_lists() == []
    assert (NotificationRole.objects.count(), Contact.objects.count()) == before


def test_people_are_added_in_rank_order_and_moving_a_deputy_up_makes_them_the_holder(
    rana, rana_admin
):
    role = services.add_role(organisation=rana, actor=rana_admin, role="Kommunikasjonssjef")
    first = services.add_contact(
        notification_role=role, actor=rana_admin, name="Anne", phone="912 34 567"
    )
    second = services.add_contact(
        notification_role=role, actor=rana_admin, name="Bjørn", email="bjorn@varsling.example"
    )
    assert (first.rank, second.rank, first.phone) == (0, 1, "+4791234567")
    services.move_contact(contact=second, actor=rana_admin, direction=-1)
    assert list(role.contacts.order_by("rank").values_list("name", flat=True)) == ["Bjørn", "Anne"]
    services.delete_contact(contact=Contact.objects.get(name="Bjørn"), actor=rana_admin)
    assert list(role.contacts.values_list("name", "rank")) == [("Anne", 0)]
    assert role.position == NotificationRole.objects.filter(organisation=rana).count() - 1


def test_roles_move_up_and_down_and_stay_put_at_the_ends(rana, rana_admin):
    roles = list(NotificationRole.objects.filter(organisation=rana).order_by("position"))
    services.move_role(notification_role=roles[0], actor=rana_admin, direction=-1)
    services.move_role(notification_role=roles[1], actor=rana_admin, direction=-1)
    assert list(
        NotificationRole.objects.filter(organisation=rana)
        .order_by("position")
        .values_list("role", flat=True)
    ) == ["Ordfører", "Rådmann"]


def test_a_bad_phone_number_or_email_is_refused_naming_the_field(rana, rana_admin):
    role = NotificationRole.objects.filter(organisation=rana).first()
    with pytest.raises(ValidationError) as caught:
        services.add_contact(
            notification_role=role, actor=rana_admin, name="X", phone="12ab", email="nope"
        )
    assert set(caught.value.message_dict) == {"phone", "email"}
    assert "12ab" in caught.value.message_dict["phone"][0]


def test_list_changes_are_audited_without_the_personal_data(rana, rana_admin):
    role = NotificationRole.objects.filter(organisation=rana).first()
    contact = services.add_contact(
        notification_role=role, actor=rana_admin, name="Geir Hemmelig", phone="91234567"
    )
    services.update_contact(
        contact=contact, actor=rana_admin, name="Geir Hemmelig", phone="92345678", email=""
    )
    entries = AuditEntry.objects.filter(object_type="crisis.Contact")
    assert entries.count() == 2
    dumped = json.dumps(list(entries.values("changes", "object_label")))
    assert "Hemmelig" not in dumped and "9234" not in dumped


# --- crises ------------------------------------------------------------------------------------


def test_starting_a_crisis_stores_everything_in_one_go_and_audits_it(rana, rana_admin):
    crisis = start(rana, rana_admin)
    assert crisis.state == CrisisState.ACTIVE and crisis.started_by == rana_admin
    assert Recipient.objects.filter(crisis=crisis).count() == 2
    assert Delivery.objects.filter(crisis=crisis, state=DeliveryState.QUEUED).count() == 4
    assert AuditEntry.objects.filter(object_type="crisis.Crisis", event="create").count() == 1


def test_a_second_crisis_is_refused_while_one_runs_but_a_drill_may_run_beside_it(rana, rana_admin):
    start(rana, rana_admin)
    with pytest.raises(ValidationError, match="pågår allerede"):
        start(rana, rana_admin)
    drill = start(rana, rana_admin, is_drill=True)
    assert drill.is_drill
    assert Crisis.objects.count() == 2


def test_a_crisis_without_a_title_or_anyone_to_alert_is_refused_and_nothing_is_stored(
    rana, rana_admin
):
    with pytest.raises(ValidationError) as caught:
        start(rana, rana_admin, title=" ")
    assert "title" in caught.value.message_dict
    Contact.objects.filter(role__organisation=rana).update(phone="", email="")
    with pytest.raises(ValidationError, match="Fyll ut varslingslisten"):
        start(rana, rana_admin)
    assert Crisis.objects.count() == 0 and Recipient.objects.count() == 0


def test_an_organisation_without_a_list_gets_it_from_its_plan_at_the_start(demo):
    rana = Organisation.objects.get(name="Rana kommune")
    roles = NotificationRole.objects.filter(organisation=rana)
    assert not roles.exists()
    with pytest.raises(ValidationError, match="Fyll ut"):  # the plan names roles, not people
        start(rana, User.objects.get(username="rana-admin"))
    assert Crisis.objects.count() == 0
    services.seed_notification_list(organisation=rana)
    assert [r.role for r in roles.order_by("position")] == ["Rådmann", "Ordfører"]
    assert services.seed_notification_list(organisation=rana) == []


def test_the_log_takes_entries_while_the_crisis_runs_and_is_read_only_after(rana, rana_admin):
    crisis = start(rana, rana_admin)
    entry = services.add_log_entry(
        crisis=crisis, actor=rana_admin, kind=LogKind.DECISION, text="Evakuerer skolen."
    )
    assert entry.author_name
    services.end_crisis(crisis=crisis, actor=rana_admin)
    crisis.refresh_from_db()
    assert crisis.state == CrisisState.ENDED and crisis.ended_by == rana_admin
    count = CrisisLogEntry.objects.filter(crisis=crisis).count()
    with pytest.raises(ValidationError):
        services.add_log_entry(crisis=crisis, actor=rana_admin, kind="event", text="For sent")
    with pytest.raises(ValidationError):
        services.end_crisis(crisis=crisis, actor=rana_admin)
    entry.text = "Endret i ettertid"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert CrisisLogEntry.objects.filter(crisis=crisis).count() == count
    assert CrisisLogEntry.objects.get(pk=entry.pk).text == "Evakuerer skolen."


def test_people_may_not_write_system_entries_into_the_log(rana, rana_admin):
    crisis = start(rana, rana_admin)
    with pytest.raises(ValidationError) as caught:
        services.add_log_entry(crisis=crisis, actor=rana_admin, kind=LogKind.ACK, text="Falsk")
    assert "kind" in caught.value.message_dict


# --- acknowledgements --------------------------------------------------------------------------


def test_acknowledging_is_idempotent_and_logged_once(rana, rana_admin):
    crisis = start(rana, rana_admin)
    recipient = Recipient.objects.filter(crisis=crisis).first()
    token = services.ack_token(recipient)
    first = services.acknowledge(token)
    again = services.acknowledge(token, now=timezone.now() + timedelta(minutes=5))
    assert first.pk == again.pk and again.acknowledged_at == first.acknowledged_at
    assert CrisisLogEntry.objects.filter(crisis=crisis, kind=LogKind.ACK).count() == 1


def test_only_a_hash_of_the_token_is_stored_and_a_wrong_token_is_refused(rana, rana_admin):
    crisis = start(rana, rana_admin)
    recipient = Recipient.objects.filter(crisis=crisis).first()
    token = services.ack_token(recipient)
    assert len(token) == 32
    stored = json.dumps(list(Recipient.objects.values()), default=str)
    assert token not in stored
    assert recipient.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with pytest.raises(services.InvalidToken):
        services.acknowledge(token[:-1] + ("A" if token[-1] != "A" else "B"))
    with pytest.raises(services.InvalidToken):
        services.acknowledge("")
    assert Acknowledgement.objects.count() == 0
    assert selectors.recipient_for_token(token) == recipient


def test_after_the_end_a_new_acknowledgement_is_refused_but_an_old_one_is_returned(
    rana, rana_admin
):
    crisis = start(rana, rana_admin)
    first, second = Recipient.objects.filter(crisis=crisis)
    done = services.acknowledge(services.ack_token(first))
    services.end_crisis(crisis=crisis, actor=rana_admin)
    assert services.acknowledge(services.ack_token(first)).pk == done.pk
    with pytest.raises(services.CrisisClosed):
        services.acknowledge(services.ack_token(second))


def test_someone_else_may_register_an_acknowledgement(rana, rana_admin):
    crisis = start(rana, rana_admin)
    recipient = Recipient.objects.filter(crisis=crisis).first()
    ack = services.acknowledge_for(recipient=recipient, actor=rana_admin)
    assert ack.via == "manual" and ack.registered_by == rana_admin


# --- personal data -----------------------------------------------------------------------------


def test_a_persons_data_is_exported_as_json_and_the_export_is_audited(rana, rana_admin):
    crisis = start(rana, rana_admin)
    holder = Recipient.objects.filter(crisis=crisis).first()
    data = services.export_person_data(organisation=rana, actor=rana_admin, email=holder.email)
    json.dumps(data)
    assert [entry["name"] for entry in data["notification_list"]] == [holder.name]
    [alert] = data["alerts"]
    assert alert["crisis"] == crisis.title
    assert {m["channel"] for m in alert["messages"]} == {"email", "sms"}
    assert AuditEntry.objects.filter(object_type="crisis.person").count() == 1


def test_erasing_a_person_removes_them_from_the_list_and_anonymises_past_alerts(
    rana, rana_admin, drain
):
    crisis = start(rana, rana_admin)
    drain()
    holder = Recipient.objects.filter(crisis=crisis).first()
    name, phone, email = holder.name, holder.phone, holder.email
    assert services.erase_person_data(organisation=rana, actor=rana_admin, phone=phone) > 0
    assert not Contact.objects.filter(phone=phone).exists()
    holder.refresh_from_db()
    assert (holder.phone, holder.email, holder.name) == ("", "", services.ERASED_NAME)
    assert not Delivery.objects.filter(address__in=[phone, email]).exists()
    everything = json.dumps(
        [
            list(Recipient.objects.filter(crisis=crisis).values()),
            list(Contact.objects.filter(role__organisation=rana).values()),
            list(Delivery.objects.values("address")),
            list(AuditEntry.objects.values("changes", "object_label")),
        ],
        default=str,
    )
    assert phone not in everything, everything[everything.index(phone) - 300 :][:400]
    assert name not in everything
    # The log still says that someone in the role was alerted.
    assert CrisisLogEntry.objects.filter(recipient=holder, kind=LogKind.ALERT).count() == 2
    assert AuditEntry.objects.filter(object_type="crisis.person", event="delete").count() == 1


def test_a_personal_data_request_needs_an_email_or_a_phone(rana, rana_admin):
    with pytest.raises(ValidationError):
        services.erase_person_data(organisation=rana, actor=rana_admin)


# --- selectors and access ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("rana-admin", True),
        ("rana-redaktor", True),
        ("rana-bidragsyter", False),
        ("rana-leser", False),
    ],
)
def test_only_administrators_and_editors_see_phone_numbers_and_emails(rana, username, sees):
    access = access_for(User.objects.filter(username=username).first(), rana)
    assert can_see_contact_details(access) is sees
    roles = selectors.notification_list(organisation=rana, access=access)
    contacts = [c for role in roles for c in role.contacts_list]
    assert contacts and all(c.name for c in contacts)
    assert all(bool(c.phone) is sees and bool(c.email) is sees for c in contacts)
    crisis = Crisis.objects.filter(organisation=rana).first() or start(
        rana, User.objects.get(username="rana-admin")
    )
    rows = selectors.crisis_status(crisis=crisis, access=access).rows
    assert all(bool(r.phone) is sees and bool(r.email) is sees for r in rows)


def test_the_live_status_takes_the_same_queries_however_many_recipients(
    rana, rana_admin, django_assert_num_queries, drain
):
    crisis = start(rana, rana_admin)
    drain()
    later = timezone.now() + timedelta(minutes=10)
    services.escalate_due(later)
    drain(later)
    services.acknowledge(services.ack_token(Recipient.objects.filter(crisis=crisis).first()))
    access = access_for(rana_admin, rana)
    with django_assert_num_queries(2):  # recipients + acknowledgements, deliveries
        status = selectors.crisis_status(crisis=crisis, access=access)
    assert (status.recipients, status.reached, status.acknowledged, status.pending) == (4, 4, 1, 0)
    with django_assert_num_queries(1):  # log entries with author, recipient and delivery
        log = selectors.crisis_log(crisis=crisis)
        assert [e.recipient.name for e in log if e.recipient]
    with django_assert_num_queries(2):  # roles, contacts
        selectors.notification_list(organisation=rana, access=access)


def test_the_crisis_helper_answers_404_to_strangers_and_403_to_a_low_role(rana, rana_admin):
    crisis = start(rana, rana_admin)
    factory = RequestFactory()

    def ask(username, need):
        request = factory.get("/")
        request.user = User.objects.filter(username=username).first()
        # One request per call, as in the views; zeal would see the repeated lookups as a loop.
        with zeal_ignore():
            return get_crisis_for_user(request, rana.slug, crisis.pk, need)

    assert ask("rana-leser", 1).crisis == crisis
    with pytest.raises(PermissionDenied):
        ask("rana-leser", 3)
    with pytest.raises(Http404):
        ask("isk-admin", 1)
    with pytest.raises(Http404):  # a crisis id of one organisation under another's address
        request = factory.get("/")
        request.user = User.objects.filter(username="demo").first()
        with zeal_ignore():
            get_crisis_for_user(request, "osen-kommune", crisis.pk, 1)


def test_the_database_itself_refuses_changes_to_the_log_of_an_ended_crisis(rana, rana_admin):
    crisis = start(rana, rana_admin)
    entry = services.add_log_entry(crisis=crisis, actor=rana_admin, kind="event", text="Før")
    services.end_crisis(crisis=crisis, actor=rana_admin)
    with pytest.raises(DatabaseError), transaction.atomic():
        CrisisLogEntry.objects.filter(pk=entry.pk).update(text="Etter")
    with pytest.raises(DatabaseError), transaction.atomic():
        CrisisLogEntry.objects.bulk_create(
            [CrisisLogEntry(crisis=crisis, kind="event", text="Ny", created_at=timezone.now())]
        )
    assert CrisisLogEntry.objects.get(pk=entry.pk).text == "Før"
    # Deleting the author still works: only the author column changes.
    rana_admin.delete()
    assert CrisisLogEntry.objects.filter(pk=entry.pk, author=None).exists()
