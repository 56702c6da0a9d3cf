"""The notification list pages: who sees contact details, editing, moving, and requests for a
person's data (export and erasure)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from kommplan.audit.models import AuditEntry
from kommplan.crisis.models import Contact, NotificationRole

RANA = "rana-kommune"


def list_url(slug: str = RANA) -> str:
    return reverse("crisis:notification_list", args=[slug])


def roles(rana) -> list[NotificationRole]:
    return list(NotificationRole.objects.filter(organisation=rana).order_by("position", "pk"))


def state(rana) -> list[tuple]:
    """Everything on Rana's list, to compare before and after a refused request."""
    people = Contact.objects.filter(role__organisation=rana).order_by("role", "rank")
    return [(r.pk, r.position, r.role) for r in roles(rana)] + [
        (c.pk, c.role_id, c.rank, c.name, c.phone, c.email) for c in people
    ]


def test_the_list_shows_the_roles_in_order_with_holder_and_deputies(rana, login):
    html = login("rana-leser").get(list_url()).content.decode()
    first, second = roles(rana)[:2]
    assert html.index(first.role) < html.index(second.role)
    holder, deputy = first.contacts.order_by("rank")
    assert html.index(holder.name) < html.index("Har rollen") < html.index(deputy.name)
    assert "Stedfortreder 1" in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter"])
def test_readers_and_contributors_see_no_phone_numbers_or_email_addresses(rana, login, username):
    html = login(username).get(list_url()).content.decode()
    contacts = Contact.objects.filter(role__organisation=rana)
    assert contacts.count() >= 4
    for contact in contacts:
        assert contact.name in html
        assert contact.phone and contact.phone not in html
        assert contact.email and contact.email not in html
    assert "varsling.example" not in html and "tel:" not in html


@pytest.mark.parametrize("username", ["rana-redaktor", "rana-admin"])
def test_editors_and_administrators_see_contact_details(rana, login, username):
    html = login(username).get(list_url()).content.decode()
    for contact in Contact.objects.filter(role__organisation=rana):
        assert contact.phone in html and contact.email in html


def test_the_list_costs_the_same_queries_however_many_people(
    rana, login, django_assert_num_queries
):
    client = login("rana-redaktor")
    # session, user, organisation, memberships, roles, contacts, settings; then the sliding
    # session expiry is saved (savepoint, update, release)
    with django_assert_num_queries(10):
        assert client.get(list_url()).status_code == 200
    role = roles(rana)[0]
    for n in range(10):
        role.contacts.create(rank=10 + n, name=f"Ekstra {n}", email=f"e{n}@varsling.example")
    with django_assert_num_queries(10):
        assert client.get(list_url()).status_code == 200


def test_an_editor_adds_a_role_and_its_holder(rana, login):
    client = login("rana-redaktor")
    audited = AuditEntry.objects.count()
    response = client.post(reverse("crisis:role_add", args=[RANA]), {"role": "Beredskapsleder"})
    role = NotificationRole.objects.get(organisation=rana, role="Beredskapsleder")
    assert response.status_code == 302 and response["Location"].endswith(f"#rolle-{role.pk}")
    assert role == roles(rana)[-1]
    response = client.post(
        reverse("crisis:contact_add", args=[RANA, role.pk]),
        {"name": "Berit Beredskap", "phone": "912 34 567", "email": "berit@varsling.example"},
    )
    contact = role.contacts.get()
    assert (contact.rank, contact.phone) == (0, "+4791234567")
    assert AuditEntry.objects.count() == audited + 2  # one entry per change


def test_a_bad_phone_number_is_named_on_its_field_and_nothing_is_saved(rana, login):
    role = roles(rana)[0]
    before = state(rana)
    response = login("rana-redaktor").post(
        reverse("crisis:contact_add", args=[RANA, role.pk]),
        {"name": "Feil Nummer", "phone": "12ab", "email": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "er ikke et telefonnummer" in html
    assert 'aria-invalid="true"' in html and 'id="id_phone_error"' in html
    assert state(rana) == before


def test_editing_a_person_ignores_fields_the_form_does_not_have(rana, login):
    role, other = roles(rana)[:2]
    holder = role.contacts.get(rank=0)
    login("rana-redaktor").post(
        reverse("crisis:contact_edit", args=[RANA, holder.pk]),
        {
            "name": "Nytt Navn",
            "phone": holder.phone,
            "email": holder.email,
            "rank": "7",
            "role": str(other.pk),
        },
    )
    holder.refresh_from_db()
    assert (holder.name, holder.rank, holder.role_id) == ("Nytt Navn", 0, role.pk)


def test_moving_a_role_down_changes_the_alerting_order(rana, login):
    first, second = roles(rana)[:2]
    response = login("rana-redaktor").post(
        reverse("crisis:role_move", args=[RANA, first.pk]), {"direction": "down"}
    )
    assert response.status_code == 302
    assert roles(rana)[:2] == [second, first]


def test_an_htmx_move_returns_the_list_keeps_focus_and_announces_the_place(rana, login):
    first = roles(rana)[0]
    holder, deputy = first.contacts.order_by("rank")
    response = login("rana-redaktor").post(
        reverse("crisis:contact_move", args=[RANA, deputy.pk]),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" not in html and f'id="person-{deputy.pk}"' in html
    # The deputy is now first, so its "up" button is disabled: focus goes to "down".
    assert f'id="flytt-person-{deputy.pk}-ned" data-focus-after-swap' in html
    announced = json.loads(response["HX-Trigger"])["announce"]["value"]
    assert deputy.name in announced and "har nå rollen" in announced
    holder.refresh_from_db()
    deputy.refresh_from_db()
    assert (deputy.rank, holder.rank) == (0, 1)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("crisis:role_add", {"role": "Ny"}),
        ("crisis:role_move", {"direction": "down"}),
        ("crisis:role_delete", {}),
        ("crisis:contact_delete", {}),
    ],
)
@pytest.mark.parametrize("username", ["rana-leser", "rana-bidragsyter"])
def test_readers_and_contributors_may_not_change_the_list(rana, login, username, name, data):
    role = roles(rana)[0]
    kwargs = {"org_slug": RANA}
    if name.startswith("crisis:role_") and name != "crisis:role_add":
        kwargs["item_pk"] = role.pk
    if name.startswith("crisis:contact_"):
        kwargs["item_pk"] = role.contacts.first().pk
    before = state(rana)
    response = login(username).post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 403
    assert state(rana) == before


def test_another_organisations_administrator_finds_nothing(rana, login):
    role = roles(rana)[0]
    client = login("isk-admin")
    assert client.get(list_url()).status_code == 404
    before = state(rana)
    response = client.post(reverse("crisis:role_delete", args=[RANA, role.pk]))
    assert response.status_code == 404
    assert state(rana) == before


def test_a_member_organisations_reader_does_not_see_the_councils_list(crisis_demo, login):
    # levanger-leser reads Innherred's plan, but its crisis list is for Innherred's own people.
    assert login("levanger-leser").get(list_url("innherred-samkommune")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(rana, client):
    response = client.get(list_url())
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_deleting_a_role_asks_first(rana, login):
    role = roles(rana)[0]
    client = login("rana-redaktor")
    page = client.get(reverse("crisis:role_delete", args=[RANA, role.pk]))
    assert page.status_code == 200 and "Fjern rollen" in page.content.decode()
    assert NotificationRole.objects.filter(pk=role.pk).exists()
    client.post(reverse("crisis:role_delete", args=[RANA, role.pk]))
    assert not NotificationRole.objects.filter(pk=role.pk).exists()


def test_an_administrator_exports_a_persons_data_as_json(rana, login):
    contact = roles(rana)[0].contacts.get(rank=0)
    client = login("rana-admin")
    form = client.get(reverse("crisis:person_data", args=[RANA]), {"person": contact.pk})
    assert contact.email in form.content.decode()  # prefilled from the list's link
    response = client.post(
        reverse("crisis:person_data", args=[RANA]), {"email": contact.email, "action": "export"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["notification_list"][0]["email"] == contact.email
    assert data["notification_list"][0]["name"] == contact.name


def test_an_editor_may_not_export_or_erase_personal_data(rana, login):
    contact = roles(rana)[0].contacts.get(rank=0)
    client = login("rana-redaktor")
    before = state(rana)
    for action in ("export", "erase"):
        response = client.post(
            reverse("crisis:person_data", args=[RANA]),
            {"email": contact.email, "action": action, "confirm": "yes"},
        )
        assert response.status_code == 403
    assert state(rana) == before


def test_erasing_a_persons_data_asks_first_then_removes_them(rana, login):
    contact = roles(rana)[0].contacts.get(rank=0)
    client = login("rana-admin")
    url = reverse("crisis:person_data", args=[RANA])
    page = client.post(url, {"email": contact.email, "action": "erase"})
    assert page.status_code == 200 and "Ja, slett opplysningene" in page.content.decode()
    assert Contact.objects.filter(pk=contact.pk).exists()
    response = client.post(url, {"email": contact.email, "action": "erase", "confirm": "yes"})
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_a_personal_data_request_without_an_address_says_what_is_missing(rana, login):
    response = login("rana-admin").post(
        reverse("crisis:person_data", args=[RANA]), {"email": "", "phone": "", "action": "export"}
    )
    assert response.status_code == 400
    assert "Oppgi e-postadresse eller telefonnummer" in response.content.decode()


def test_an_administrator_changes_the_escalation_settings(rana, login):
    response = login("rana-admin").post(
        reverse("crisis:settings", args=[RANA]),
        {"escalation_minutes": "5", "max_rounds": "2", "sms_enabled": ""},
    )
    assert response.status_code == 302
    rana.crisis_settings.refresh_from_db()
    assert (
        rana.crisis_settings.escalation_minutes,
        rana.crisis_settings.max_rounds,
        rana.crisis_settings.sms_enabled,
    ) == (5, 2, False)


def test_settings_out_of_range_are_refused_on_the_field(rana, login):
    response = login("rana-admin").post(
        reverse("crisis:settings", args=[RANA]),
        {"escalation_minutes": "0", "max_rounds": "2", "sms_enabled": "on"},
    )
    assert response.status_code == 400
    assert 'id="id_escalation_minutes_error"' in response.content.decode()
