"""Crisis pages: the notification list, starting and following a crisis (or a drill), the crisis
log and its PDF, and the public page behind the acknowledge link in an alert.

Who may do what:
* Everyone who reads the organisation sees the list (without phone numbers and e-mail
  addresses unless `can_see_contact_details`), the crisis page, its live status and its log.
* Redaktører and administrators (Need.EDIT) edit the list, start and end crises and drills and
  write in the log. The seed strategies say the rådmann or the head of communication decides
  that there is a crisis; in kommplan the person who presses the button is acting on that
  decision, and it is usually someone in the communication unit (redaktør). Requiring an
  administrator would leave the alert waiting for one at 3 a.m.; the confirm step, the log
  ("started by") and the audit log keep the start accountable.
* Administrators (Need.ADMIN) change the escalation settings and answer requests for a
  person's data (export and erasure, personopplysningsloven).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from kommplan.lib.htmx import announce
from kommplan.organisations.access import Access, Need
from kommplan.organisations.models import Organisation

from . import selectors, services
from .access import (
    can_see_contact_details,
    get_contact_for_user,
    get_crisis_for_user,
    get_crisis_organisation_for_user,
    get_notification_role_for_user,
)
from .forms import (
    ContactForm,
    CrisisSettingsForm,
    LogEntryForm,
    PersonDataForm,
    RoleForm,
    StartCrisisForm,
)
from .models import Contact, Crisis, NotificationRole, Recipient

# --- helpers --------------------------------------------------------------------------------


def _allow(request: HttpRequest, methods: list[str]) -> HttpResponse | None:
    # Checked after the access check, so other organisations get 404 whatever the method.
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


def _apply(form, service, **arguments: Any) -> Any:
    """Call `service` with the valid form's data; None when the form or the service refuses
    (the service's messages are put on the form, by field when it names one)."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return None


def _crumbs(organisation: Organisation, *trail: tuple[str, str | None]) -> list:
    return [
        (_("Organisasjoner"), reverse("organisations:list")),
        (organisation.name, reverse("organisations:detail", args=[organisation.slug])),
        *trail,
    ]


def _home_crumb(organisation: Organisation) -> tuple[str, str]:
    return (_("Krise"), reverse("crisis:home", args=[organisation.slug]))


def _list_crumb(organisation: Organisation) -> tuple[str, str]:
    return (_("Varslingsliste"), reverse("crisis:notification_list", args=[organisation.slug]))


def _list_url(organisation: Organisation, anchor: str = "") -> str:
    url = reverse("crisis:notification_list", args=[organisation.slug])
    return url + (f"#{anchor}" if anchor else "")


def _direction(request: HttpRequest) -> int | None:
    return {"up": -1, "opp": -1, "down": 1, "ned": 1}.get(request.POST.get("direction", ""))


def _form_page(
    request: HttpRequest, organisation, *, title: str, form, submit: str, cancel_url: str
) -> HttpResponse:
    """A form page under the notification list: title, breadcrumbs, submit and cancel."""
    context = {
        "organisation": organisation,
        "title": title,
        "form": form,
        "submit": submit,
        "cancel_url": cancel_url,
        "breadcrumbs": _crumbs(
            organisation, _home_crumb(organisation), _list_crumb(organisation), (title, None)
        ),
    }
    return render(request, "crisis/form.html", context, status=400 if form.errors else 200)


def _confirm_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "crisis/confirm.html", context)


# --- the notification list ------------------------------------------------------------------


def _list_context(access: Access) -> dict[str, Any]:
    organisation = access.organisation
    return {
        "organisation": organisation,
        "access": access,
        "roles": selectors.notification_list(organisation=organisation, access=access),
        "show_contacts": can_see_contact_details(access),
    }


@require_safe
def notification_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_crisis_organisation_for_user(request, org_slug, Need.READ)
    organisation = access.organisation
    context = _list_context(access)
    context.update(
        crisis_settings=selectors.get_crisis_settings(organisation),
        role_form=RoleForm(auto_id="ny-rolle-%s") if access.can_edit else None,
        breadcrumbs=_crumbs(organisation, _home_crumb(organisation), (_("Varslingsliste"), None)),
    )
    return render(request, "crisis/notification_list.html", context)


def role_add(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_crisis_organisation_for_user(request, org_slug, Need.EDIT)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    form = RoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        role = _apply(form, services.add_role, organisation=organisation, actor=request.user)
        if role is not None:
            messages.success(request, _("«%(role)s» er lagt til.") % {"role": role.role})
            return redirect(_list_url(organisation, f"rolle-{role.pk}"))
    title = _("Ny rolle på varslingslisten")
    return _form_page(
        request,
        organisation,
        title=title,
        form=form,
        submit=_("Legg til rollen"),
        cancel_url=_list_url(organisation),
    )


def role_edit(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    role, access = get_notification_role_for_user(request, org_slug, item_pk, Need.EDIT)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    if request.method == "POST":
        form = RoleForm(request.POST)
        if _apply(form, services.update_role, notification_role=role, actor=request.user):
            messages.success(request, _("Rollen er lagret."))
            return redirect(_list_url(organisation, f"rolle-{role.pk}"))
    else:
        form = RoleForm(initial={"role": role.role})
    title = _("Endre rollen «%(role)s»") % {"role": role.role}
    return _form_page(
        request,
        organisation,
        title=title,
        form=form,
        submit=_("Lagre"),
        cancel_url=_list_url(organisation, f"rolle-{role.pk}"),
    )


def role_delete(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    role, access = get_notification_role_for_user(request, org_slug, item_pk, Need.EDIT)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    if request.method == "POST":
        label = role.role
        services.delete_role(notification_role=role, actor=request.user)
        messages.success(request, _("«%(role)s» er fjernet fra varslingslisten.") % {"role": label})
        return redirect(_list_url(organisation))
    title = _("Fjerne «%(role)s» fra varslingslisten?") % {"role": role.role}
    count = role.contacts.count()
    return _confirm_page(
        request,
        {
            "organisation": organisation,
            "title": title,
            "text": ngettext(
                "Rollen og personen i den fjernes fra listen. Tidligere kriser beholder hvem "
                "som ble varslet.",
                "Rollen og de %(count)s personene i den fjernes fra listen. Tidligere kriser "
                "beholder hvem som ble varslet.",
                count,
            )
            % {"count": count},
            "submit": _("Fjern rollen"),
            "danger": True,
            "cancel_url": _list_url(organisation, f"rolle-{role.pk}"),
            "breadcrumbs": _crumbs(
                organisation, _home_crumb(organisation), _list_crumb(organisation), (title, None)
            ),
        },
    )


def _moved_response(
    request: HttpRequest, access: Access, message: str, moved: dict[str, Any], anchor: str
) -> HttpResponse:
    """After a move: the re-rendered list for HTMX (focus kept on the moved button, the move
    announced), else a redirect back to the item with the message."""
    if request.htmx:
        context = _list_context(access)
        context.update(moved)
        html = render_to_string("crisis/_list.html", context, request=request)
        return announce(HttpResponse(html), message)
    messages.success(request, message)
    return redirect(_list_url(access.organisation, anchor))


@require_POST
def role_move(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    role, access = get_notification_role_for_user(request, org_slug, item_pk, Need.EDIT)
    direction = _direction(request)
    if direction is None:
        message = _("Velg om «%(label)s» skal flyttes opp eller ned.") % {"label": role.role}
        moved = {}
    else:
        services.move_role(notification_role=role, actor=request.user, direction=direction)
        roles = list(
            NotificationRole.objects.filter(organisation=access.organisation)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
        place = roles.index(role.pk) + 1
        message = _("«%(label)s» står nå på plass %(place)s av %(count)s.") % {
            "label": role.role,
            "place": place,
            "count": len(roles),
        }
        moved = {"moved_kind": "rolle", "moved_pk": role.pk, "moved_up": direction < 0}
    return _moved_response(request, access, message, moved, f"rolle-{role.pk}")


def contact_add(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    role, access = get_notification_role_for_user(request, org_slug, item_pk, Need.EDIT)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        contact = _apply(form, services.add_contact, notification_role=role, actor=request.user)
        if contact is not None:
            messages.success(
                request,
                _("%(name)s er lagt til i «%(role)s».") % {"name": contact.name, "role": role.role},
            )
            return redirect(_list_url(organisation, f"person-{contact.pk}"))
    has_holder = role.contacts.exists()
    title = (
        _("Ny stedfortreder for «%(role)s»") if has_holder else _("Hvem har rollen «%(role)s»?")
    ) % {"role": role.role}
    return _form_page(
        request,
        organisation,
        title=title,
        form=form,
        submit=_("Legg til"),
        cancel_url=_list_url(organisation, f"rolle-{role.pk}"),
    )


def contact_edit(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    contact, access = get_contact_for_user(request, org_slug, item_pk, Need.EDIT)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    if request.method == "POST":
        form = ContactForm(request.POST)
        if _apply(form, services.update_contact, contact=contact, actor=request.user):
            messages.success(request, _("Personen er lagret."))
            return redirect(_list_url(organisation, f"person-{contact.pk}"))
    else:
        form = ContactForm(
            initial={"name": contact.name, "phone": contact.phone, "email": contact.email}
        )
    title = _("Endre %(name)s (%(role)s)") % {"name": contact.name, "role": contact.role.role}
    return _form_page(
        request,
        organisation,
        title=title,
        form=form,
        submit=_("Lagre"),
        cancel_url=_list_url(organisation, f"person-{contact.pk}"),
    )


def contact_delete(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    contact, access = get_contact_for_user(request, org_slug, item_pk, Need.EDIT)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    role = contact.role
    if request.method == "POST":
        name = contact.name
        services.delete_contact(contact=contact, actor=request.user)
        messages.success(
            request, _("%(name)s er fjernet fra «%(role)s».") % {"name": name, "role": role.role}
        )
        return redirect(_list_url(organisation, f"rolle-{role.pk}"))
    title = _("Fjerne %(name)s fra «%(role)s»?") % {"name": contact.name, "role": role.role}
    return _confirm_page(
        request,
        {
            "organisation": organisation,
            "title": title,
            "text": _(
                "Personen varsles ikke lenger i denne rollen. Den neste i rekken tar plassen."
            ),
            "submit": _("Fjern personen"),
            "danger": True,
            "cancel_url": _list_url(organisation, f"person-{contact.pk}"),
            "breadcrumbs": _crumbs(
                organisation, _home_crumb(organisation), _list_crumb(organisation), (title, None)
            ),
        },
    )


@require_POST
def contact_move(request: HttpRequest, org_slug: str, item_pk: int) -> HttpResponse:
    contact, access = get_contact_for_user(request, org_slug, item_pk, Need.EDIT)
    direction = _direction(request)
    if direction is None:
        message = _("Velg om «%(label)s» skal flyttes opp eller ned.") % {"label": contact.name}
        moved = {}
    else:
        contact = services.move_contact(contact=contact, actor=request.user, direction=direction)
        if contact.rank == 0:
            message = _("%(name)s har nå rollen «%(role)s».")
        else:
            message = _("%(name)s er nå stedfortreder nummer %(rank)s for «%(role)s».")
        message = message % {"name": contact.name, "role": contact.role.role, "rank": contact.rank}
        moved = {"moved_kind": "person", "moved_pk": contact.pk, "moved_up": direction < 0}
    return _moved_response(request, access, message, moved, f"person-{contact.pk}")


def crisis_settings(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_crisis_organisation_for_user(request, org_slug, Need.ADMIN)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    current = selectors.get_crisis_settings(organisation)
    if request.method == "POST":
        form = CrisisSettingsForm(request.POST, instance=current)
        if form.is_valid():
            try:
                services.update_crisis_settings(
                    organisation=organisation, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Innstillingene for varsling er lagret."))
                return redirect(_list_url(organisation, "h-innstillinger"))
    else:
        form = CrisisSettingsForm(instance=current)
    title = _("Innstillinger for varsling")
    return _form_page(
        request,
        organisation,
        title=title,
        form=form,
        submit=_("Lagre"),
        cancel_url=_list_url(organisation, "h-innstillinger"),
    )


def person_data(request: HttpRequest, org_slug: str) -> HttpResponse:
    """A person's right of access and erasure: export everything about them as JSON, or erase
    it (after a confirm step). They are found by e-mail address or phone number; the list's
    "Personopplysninger" links pass a person's id, never their address, in the URL."""
    access = get_crisis_organisation_for_user(request, org_slug, Need.ADMIN)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    title = _("Innsyn og sletting av personopplysninger")
    context: dict[str, Any] = {
        "organisation": organisation,
        "title": title,
        "breadcrumbs": _crumbs(
            organisation, _home_crumb(organisation), _list_crumb(organisation), (title, None)
        ),
    }
    if request.method != "POST":
        initial = {}
        contact_pk = request.GET.get("person", "")
        if contact_pk.isdigit():
            found = Contact.objects.filter(
                pk=int(contact_pk), role__organisation=organisation
            ).first()
            if found is not None:
                initial = {"email": found.email, "phone": found.phone}
        context["form"] = PersonDataForm(initial=initial)
        return render(request, "crisis/person_data.html", context)

    form = PersonDataForm(request.POST)
    context["form"] = form
    action = request.POST.get("action", "")
    if form.is_valid() and action in ("export", "erase"):
        who = {"email": form.cleaned_data["email"], "phone": form.cleaned_data["phone"]}
        try:
            if action == "export":
                data = services.export_person_data(
                    organisation=organisation, actor=request.user, **who
                )
                response = HttpResponse(
                    json.dumps(data, ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                stamp = timezone.localdate().isoformat()
                response["Content-Disposition"] = (
                    f'attachment; filename="personopplysninger-{organisation.slug}-{stamp}.json"'
                )
                return response
            if request.POST.get("confirm") != "yes":
                context["confirm_erase"] = True
                return render(request, "crisis/person_data.html", context)
            count = services.erase_person_data(organisation=organisation, actor=request.user, **who)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "Personopplysningene er slettet (%(count)s oppføring).",
                    "Personopplysningene er slettet (%(count)s oppføringer).",
                    count,
                )
                % {"count": count},
            )
            return redirect(_list_url(organisation))
    elif form.is_valid():
        form.add_error(None, _("Velg om opplysningene skal eksporteres eller slettes."))
    return render(request, "crisis/person_data.html", context, status=400)


# --- crises ---------------------------------------------------------------------------------


@require_safe
def crisis_home(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_crisis_organisation_for_user(request, org_slug, Need.READ)
    organisation = access.organisation
    active = selectors.active_crises(organisation)
    running = {crisis.is_drill for crisis in active}
    context = {
        "organisation": organisation,
        "access": access,
        "active": active,
        "recent": list(selectors.crises_for(organisation).filter(state="ended")[:5]),
        "breadcrumbs": _crumbs(organisation, (_("Krise"), None)),
    }
    if access.can_edit:
        if False not in running:
            context["crisis_form"] = StartCrisisForm(auto_id="krise-%s")
        if True not in running:
            context["drill_form"] = StartCrisisForm(
                auto_id="ovelse-%s", initial={"title": _("Varslingsøvelse")}
            )
    return render(request, "crisis/home.html", context)


def crisis_start(request: HttpRequest, org_slug: str, drill: bool) -> HttpResponse:
    """Step 1 (GET, or POST without `confirm`) shows what will happen; step 2 (POST with
    `confirm`) starts the crisis and sends the alerts. Nobody starts one by one stray click."""
    access = get_crisis_organisation_for_user(request, org_slug, Need.EDIT)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    prefix = "ovelse" if drill else "krise"
    title = _("Start varslingsøvelse") if drill else _("Start krise")
    form = StartCrisisForm(
        request.POST if request.method == "POST" else None,
        auto_id=f"{prefix}-%s",
        initial={"title": _("Varslingsøvelse")} if drill else None,
    )
    context: dict[str, Any] = {
        "organisation": organisation,
        "drill": drill,
        "title": title,
        "form": form,
        "roles": selectors.notification_list(organisation=organisation, access=access),
        "breadcrumbs": _crumbs(organisation, _home_crumb(organisation), (title, None)),
    }
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") != "yes":
            return render(request, "crisis/start_confirm.html", context)
        crisis = _apply(
            form,
            services.start_crisis,
            organisation=organisation,
            actor=request.user,
            is_drill=drill,
        )
        if crisis is not None:
            messages.success(
                request,
                _("Øvelsen er startet, og varslene sendes nå.")
                if drill
                else _("Krisen er startet, og varslene sendes nå."),
            )
            return redirect("crisis:detail", organisation.slug, crisis.pk)
    return render(request, "crisis/start.html", context, status=400 if form.errors else 200)


@require_safe
def crisis_history(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_crisis_organisation_for_user(request, org_slug, Need.READ)
    organisation = access.organisation
    return render(
        request,
        "crisis/history.html",
        {
            "organisation": organisation,
            "access": access,
            "crises": selectors.crises_for(organisation).select_related("started_by", "ended_by"),
            "breadcrumbs": _crumbs(
                organisation, _home_crumb(organisation), (_("Tidligere kriser og øvelser"), None)
            ),
        },
    )


def _status_signature(crisis: Crisis, status) -> str:
    return (
        f"{crisis.state}-{crisis.current_round}-{status.recipients}-{status.reached}-"
        f"{status.acknowledged}-{status.failed}-{status.pending}"
    )


def _status_message(crisis: Crisis, status) -> str:
    if not crisis.is_active:
        return _("Krisen er avsluttet.")
    return _(
        "Runde %(round)s: %(reached)s av %(total)s er nådd, %(acknowledged)s har bekreftet "
        "mottatt, %(failed)s feilet."
    ) % {
        "round": crisis.current_round,
        "reached": status.reached,
        "total": status.recipients,
        "acknowledged": status.acknowledged,
        "failed": status.failed,
    }


def _detail_context(request: HttpRequest, found, log_form=None) -> dict[str, Any]:
    crisis, access = found.crisis, found.access
    organisation = crisis.organisation
    status = selectors.crisis_status(crisis=crisis, access=access)
    can_write = access.can_edit and crisis.is_active
    return {
        "organisation": organisation,
        "access": access,
        "crisis": crisis,
        "status": status,
        "signature": _status_signature(crisis, status),
        "status_url": reverse("crisis:detail", args=[organisation.slug, crisis.pk]),
        "log": selectors.crisis_log(crisis=crisis),
        "log_form": (log_form or LogEntryForm(auto_id="logg-%s")) if can_write else None,
        "can_write": can_write,
        "show_contacts": can_see_contact_details(access),
        "breadcrumbs": _crumbs(organisation, _home_crumb(organisation), (crisis.title, None)),
    }


@require_safe
def crisis_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_crisis_for_user(request, org_slug, pk, Need.READ)
    if request.htmx:
        # A poll: the status fragment, announced only when something changed since the last.
        crisis = found.crisis
        status = selectors.crisis_status(crisis=crisis, access=found.access)
        signature = _status_signature(crisis, status)
        context = {
            "organisation": crisis.organisation,
            "access": found.access,
            "crisis": crisis,
            "status": status,
            "signature": signature,
            "status_url": request.path,
            "can_write": found.access.can_edit and crisis.is_active,
            "show_contacts": can_see_contact_details(found.access),
        }
        response = render(request, "crisis/_status.html", context)
        if request.GET.get("seen") != signature:
            announce(response, _status_message(crisis, status))
        return response
    return render(request, "crisis/detail.html", _detail_context(request, found))


@require_POST
def log_add(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_crisis_for_user(request, org_slug, pk, Need.EDIT)
    crisis = found.crisis
    form = LogEntryForm(request.POST, auto_id="logg-%s")
    if not crisis.is_active:
        # The form is gone from the page once the crisis ended; a stale page still posts here.
        messages.error(request, _("Krisen er avsluttet; loggen kan ikke endres."))
        return render(request, "crisis/detail.html", _detail_context(request, found), status=409)
    entry = _apply(form, services.add_log_entry, crisis=crisis, actor=request.user)
    if entry is None:
        return render(
            request, "crisis/detail.html", _detail_context(request, found, form), status=400
        )
    messages.success(request, _("Ført i loggen."))
    return redirect(
        reverse("crisis:detail", args=[crisis.organisation.slug, crisis.pk]) + f"#logg-{entry.pk}"
    )


def crisis_end(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_crisis_for_user(request, org_slug, pk, Need.EDIT)
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    crisis = found.crisis
    organisation = crisis.organisation
    detail_url = reverse("crisis:detail", args=[organisation.slug, crisis.pk])
    if not crisis.is_active:
        messages.info(request, _("Krisen er allerede avsluttet."))
        return redirect(detail_url)
    if request.method == "POST":
        try:
            services.end_crisis(crisis=crisis, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Øvelsen er avsluttet.") if crisis.is_drill else _("Krisen er avsluttet."),
            )
        return redirect(detail_url)
    title = (
        _("Avslutte øvelsen «%(title)s»?") if crisis.is_drill else _("Avslutte krisen «%(title)s»?")
    ) % {"title": crisis.title}
    return _confirm_page(
        request,
        {
            "organisation": organisation,
            "title": title,
            "text": _(
                "Varsler som ikke er sendt ennå, sendes ikke. Loggen lukkes og kan bare "
                "leses og lastes ned etterpå."
            ),
            "submit": _("Avslutt øvelsen") if crisis.is_drill else _("Avslutt krisen"),
            "danger": True,
            "cancel_url": detail_url,
            "breadcrumbs": _crumbs(
                organisation, _home_crumb(organisation), (crisis.title, detail_url), (title, None)
            ),
        },
    )


@require_POST
def acknowledge_manual(request: HttpRequest, org_slug: str, pk: int, item_pk: int) -> HttpResponse:
    """Register for someone that they have the alert (they answered the phone, say)."""
    found = get_crisis_for_user(request, org_slug, pk, Need.EDIT)
    crisis = found.crisis
    try:
        recipient = Recipient.objects.get(pk=item_pk, crisis=crisis)
    except Recipient.DoesNotExist:
        raise Http404(_("Ukjent mottaker")) from None
    try:
        services.acknowledge_for(recipient=recipient, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Registrert at %(name)s har mottatt varselet.") % {"name": recipient.name}
        )
    return redirect(
        reverse("crisis:detail", args=[crisis.organisation.slug, crisis.pk]) + "#h-status"
    )


@require_safe
def log_pdf(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    """The crisis log as a tagged PDF (PDF/UA), for the evaluation afterwards."""
    from weasyprint import HTML

    found = get_crisis_for_user(request, org_slug, pk, Need.READ)
    crisis = found.crisis
    status = selectors.crisis_status(crisis=crisis, access=found.access)
    html = render_to_string(
        "crisis/log_pdf.html",
        {
            "crisis": crisis,
            "organisation": crisis.organisation,
            "status": status,
            "log": selectors.crisis_log(crisis=crisis),
            "show_contacts": False,  # the PDF travels; contact details stay in kommplan
            "printed_at": timezone.now(),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        pdf_tags=True, pdf_variant="pdf/ua-1"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(crisis.title)[:60] or "krise"
    stamp = timezone.localtime(crisis.started_at).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="kriselogg-{stamp}-{name}.pdf"'
    return response


# --- the acknowledge link -------------------------------------------------------------------


@login_not_required
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button: mail scanners open links in alerts, and they must not
    acknowledge for anyone. POST acknowledges (idempotent) and shows the receipt."""
    if refused := _allow(request, ["GET", "HEAD", "POST"]):
        return refused
    recipient = selectors.recipient_for_token(token)
    if recipient is None:
        return render(request, "crisis/acknowledge_invalid.html", status=404)
    if request.method == "POST":
        try:
            services.acknowledge(token)
        except services.InvalidToken:
            return render(request, "crisis/acknowledge_invalid.html", status=404)
        except ValidationError:
            pass  # ended before they answered: the GET page says so
        return redirect("crisis:acknowledge", token=token)
    acknowledgement = getattr(recipient, "acknowledgement", None)
    return render(
        request,
        "crisis/acknowledge.html",
        {
            "recipient": recipient,
            "crisis": recipient.crisis,
            "organisation": recipient.crisis.organisation,
            "acknowledgement": acknowledgement,
        },
    )
