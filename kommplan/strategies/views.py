from __future__ import annotations

import copy
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommplan.actions.models import ActionStatus
from kommplan.lib.htmx import announce
from kommplan.organisations.access import Need, get_organisation_for_user

from . import services
from .access import StrategyAccess, get_part_for_user, get_strategy_for_user
from .forms import CrisisNoteForm, NewStrategyForm, PurposeForm, RollOverForm, StrategyForm
from .models import Strategy
from .parts import PARTS_BY_KEY, STAIRCASE, STEPS, STEPS_BY_KEY, consequences, section_context
from .selectors import goal_tree, messages_with_groups, part_counts


def strategy_breadcrumbs(strategy, current: str | None = None) -> list[tuple[str, str | None]]:
    organisation = strategy.organisation
    crumbs = [
        (_("Organisasjoner"), reverse("organisations:list")),
        (organisation.name, reverse("organisations:detail", args=[organisation.slug])),
    ]
    if current is None:
        crumbs.append((strategy.title, None))
    else:
        overview = reverse("strategies:overview", args=[organisation.slug, strategy.pk])
        crumbs += [(strategy.title, overview), (current, None)]
    return crumbs


def strategy_overview(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk)
    strategy = found.strategy
    return render(
        request,
        "strategies/overview.html",
        {
            "strategy": strategy,
            "organisation": strategy.organisation,
            "access": found.access,
            "goal_tree": goal_tree(strategy, with_indicators=True),
            "loose_approaches": strategy.approaches.filter(goal__isnull=True),
            "target_groups": strategy.target_groups.all(),
            # Not "messages": that name is the messages framework's (base.html shows them).
            "key_messages": messages_with_groups(strategy),
            "channels": strategy.channels.all(),
            "principles": strategy.principles.all(),
            "challenges": strategy.challenges.all(),
            "roles": strategy.roles.all(),
            "rules": strategy.rules.all(),
            "notification_entries": strategy.notification_entries.all(),
            "action_count": strategy.actions.count(),
            "breadcrumbs": strategy_breadcrumbs(strategy),
        },
    )


# ---- the editor: every view below needs the redaktør or administrator role ----


def _url(name: str, strategy: Strategy, *args: Any) -> str:
    return reverse(f"strategies:{name}", args=[strategy.organisation.slug, strategy.pk, *args])


def step_url(strategy: Strategy, step_key: str) -> str:
    return _url(f"edit_{step_key}", strategy)


def editor_breadcrumbs(
    strategy: Strategy, *trail: tuple[str, str | None]
) -> list[tuple[str, str | None]]:
    crumbs = strategy_breadcrumbs(strategy, "")[:-1]
    crumbs.append((_("Rediger"), _url("edit", strategy) if trail else None))
    return crumbs + list(trail)


def _editor_context(found: StrategyAccess, current_step: str | None = None) -> dict[str, Any]:
    strategy = found.strategy
    return {
        "strategy": strategy,
        "organisation": strategy.organisation,
        "access": found.access,
        "current_step": current_step,
        "steps": [
            {"step": step, "url": step_url(strategy, step.key), "staircase": step.key in STAIRCASE}
            for step in STEPS
        ],
    }


def _forbidden_method(request: HttpRequest, allowed: list[str]) -> HttpResponse | None:
    # Checked after the access check, so other organisations get 404 whatever the method.
    if request.method not in allowed:
        return HttpResponseNotAllowed(allowed)
    return None


def _save(form, service, **arguments: Any) -> Any:
    """Call a service with the valid form's data; None when it refuses (errors on the form)."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None


def editor_start(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    if refused := _forbidden_method(request, ["GET", "HEAD"]):
        return refused
    strategy = found.strategy
    n = part_counts(strategy)
    summaries = {
        "why": ngettext("%(count)s mål", "%(count)s mål", n["goals"]) % {"count": n["goals"]}
        + ", "
        + ngettext("%(count)s strategi", "%(count)s strategier", n["approaches"])
        % {"count": n["approaches"]},
        "who": ngettext("%(count)s målgruppe", "%(count)s målgrupper", n["target_groups"])
        % {"count": n["target_groups"]},
        "what": ngettext("%(count)s budskap", "%(count)s budskap", n["messages"])
        % {"count": n["messages"]},
        "how": ngettext("%(count)s kanal", "%(count)s kanaler", n["channels"])
        % {"count": n["channels"]}
        + ", "
        + ngettext("%(count)s tiltak", "%(count)s tiltak", n["actions"]) % {"count": n["actions"]},
        "principles": ngettext("%(count)s prinsipp", "%(count)s prinsipper", n["principles"])
        % {"count": n["principles"]},
        "challenges": ngettext("%(count)s utfordring", "%(count)s utfordringer", n["challenges"])
        % {"count": n["challenges"]},
        "roles": ngettext("%(count)s rolle", "%(count)s roller", n["roles"])
        % {"count": n["roles"]},
        "rules": ngettext("%(count)s lov eller regel", "%(count)s lover og regler", n["rules"])
        % {"count": n["rules"]},
        "crisis": ngettext(
            "%(count)s på varslingslisten",
            "%(count)s på varslingslisten",
            n["notification_entries"],
        )
        % {"count": n["notification_entries"]},
    }
    missing = {
        "why": [
            label
            for label, value in ((_("formål"), strategy.purpose), (_("visjon"), strategy.vision))
            if not value
        ],
        "crisis": [_("beskrivelse")] if not strategy.crisis_note else [],
    }
    context = _editor_context(found)
    for entry in context["steps"]:
        entry["summary"] = summaries[entry["step"].key]
        entry["missing"] = missing.get(entry["step"].key, [])
    context["breadcrumbs"] = editor_breadcrumbs(strategy)
    return render(request, "strategies/edit/start.html", context)


def edit_details(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    if refused := _forbidden_method(request, ["GET", "HEAD", "POST"]):
        return refused
    strategy = found.strategy
    # The form works on a copy: the service logs the change against the stored values.
    form = StrategyForm(request.POST or None, instance=copy.copy(strategy))
    saved = request.method == "POST" and _save(
        form, services.update_strategy, actor=request.user, strategy=strategy
    )
    if saved:
        messages.success(request, _("Opplysningene om strategien er lagret."))
        return redirect(_url("edit", strategy))
    context = _editor_context(found)
    context.update(
        form=form,
        breadcrumbs=editor_breadcrumbs(strategy, (_("Om strategien"), None)),
    )
    return render(request, "strategies/edit/details.html", context)


STEP_FORMS = {"why": PurposeForm, "crisis": CrisisNoteForm}


def edit_step(request: HttpRequest, org_slug: str, pk: int, step: str) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    form_class = STEP_FORMS.get(step)
    allowed = ["GET", "HEAD", "POST"] if form_class else ["GET", "HEAD"]
    if refused := _forbidden_method(request, allowed):
        return refused
    strategy = found.strategy
    current = STEPS_BY_KEY[step]
    form = None
    if form_class:
        form = form_class(request.POST or None, instance=copy.copy(strategy))
        saved = request.method == "POST" and _save(
            form, services.update_strategy, actor=request.user, strategy=strategy
        )
        if saved:
            messages.success(request, _("Endringene er lagret."))
            return redirect(step_url(strategy, step))
    context = _editor_context(found, step)
    context.update(
        step=current,
        form=form,
        sections=[section_context(strategy, name) for name in current.sections],
        breadcrumbs=editor_breadcrumbs(strategy, (str(current.title), None)),
    )
    if step == "how":
        context["action_count"] = strategy.actions.count()
    return render(request, "strategies/edit/step.html", context)


def _part_anchor(kind_key: str, part_pk: int) -> str:
    return f"#{kind_key}-{part_pk}"


def part_add(request: HttpRequest, org_slug: str, pk: int, kind: str) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    if refused := _forbidden_method(request, ["GET", "HEAD", "POST"]):
        return refused
    part_kind = PARTS_BY_KEY[kind]
    strategy = found.strategy
    if request.method == "POST":
        form = part_kind.form(request.POST, strategy=strategy)
        part = _save(form, part_kind.add, actor=request.user, strategy=strategy)
        if part is not None:
            messages.success(
                request,
                _("«%(label)s» er lagt til.") % {"label": services.part_label(part)},
            )
            return redirect(step_url(strategy, part_kind.step) + _part_anchor(kind, part.pk))
    else:
        # "Legg til delmål" and "Legg til strategi" under a goal preselect that goal.
        initial = {
            name: request.GET[name]
            for name in ("parent", "goal")
            if name in request.GET and request.GET[name].isdigit()
        }
        form = part_kind.form(initial=initial, strategy=strategy)
    return _part_form_page(request, found, part_kind, form, str(part_kind.new_title))


def part_edit(
    request: HttpRequest, org_slug: str, pk: int, item_pk: int, kind: str
) -> HttpResponse:
    part_kind = PARTS_BY_KEY[kind]
    part, found = get_part_for_user(request, org_slug, pk, item_pk, part_kind.model, Need.EDIT)
    if refused := _forbidden_method(request, ["GET", "HEAD", "POST"]):
        return refused
    strategy = found.strategy
    if request.method == "POST":
        form = part_kind.form(request.POST, instance=copy.copy(part), strategy=strategy)
        if _save(form, part_kind.update, actor=request.user, **{part_kind.arg: part}):
            messages.success(
                request, _("«%(label)s» er lagret.") % {"label": services.part_label(part)}
            )
            return redirect(step_url(strategy, part_kind.step) + _part_anchor(kind, part.pk))
    else:
        form = part_kind.form(instance=part, strategy=strategy)
    return _part_form_page(request, found, part_kind, form, str(part_kind.edit_title), part)


def _part_form_page(request, found, part_kind, form, title, part=None) -> HttpResponse:
    strategy = found.strategy
    step = STEPS_BY_KEY[part_kind.step]
    back = step_url(strategy, step.key)
    context = _editor_context(found, step.key)
    context.update(
        form=form,
        title=title,
        part=part,
        kind=part_kind,
        cancel_url=back + (_part_anchor(part_kind.key, part.pk) if part else ""),
        breadcrumbs=editor_breadcrumbs(strategy, (str(step.title), back), (title, None)),
    )
    return render(request, "strategies/edit/part_form.html", context)


def part_delete(
    request: HttpRequest, org_slug: str, pk: int, item_pk: int, kind: str
) -> HttpResponse:
    part_kind = PARTS_BY_KEY[kind]
    part, found = get_part_for_user(request, org_slug, pk, item_pk, part_kind.model, Need.EDIT)
    if refused := _forbidden_method(request, ["GET", "HEAD", "POST"]):
        return refused
    strategy = found.strategy
    step = STEPS_BY_KEY[part_kind.step]
    back = step_url(strategy, step.key)
    label = services.part_label(part)
    if request.method == "POST":
        part_kind.delete(actor=request.user, **{part_kind.arg: part})
        messages.success(request, _("«%(label)s» er slettet.") % {"label": label})
        return redirect(back + f"#h-{part_kind.section}")
    title = _("Slette %(noun)s «%(label)s»?") % {"noun": part_kind.noun, "label": label}
    context = _editor_context(found, step.key)
    context.update(
        part=part,
        kind=part_kind,
        title=title,
        consequences=consequences(part),
        cancel_url=back + _part_anchor(part_kind.key, part.pk),
        breadcrumbs=editor_breadcrumbs(strategy, (str(step.title), back), (title, None)),
    )
    return render(request, "strategies/edit/part_delete.html", context)


def part_move(
    request: HttpRequest, org_slug: str, pk: int, item_pk: int, kind: str
) -> HttpResponse:
    """Move a part one place up or down: a plain form post, or an HTMX request that gets the
    re-rendered list back with focus kept on the moved part's button and the move announced."""
    part_kind = PARTS_BY_KEY[kind]
    part, found = get_part_for_user(request, org_slug, pk, item_pk, part_kind.model, Need.EDIT)
    if refused := _forbidden_method(request, ["POST"]):
        return refused
    strategy = found.strategy
    direction = {"up": "up", "down": "down", "opp": "up", "ned": "down"}.get(
        request.POST.get("direction", "")
    )
    label = services.part_label(part)
    if direction is None:
        message = _("Velg om «%(label)s» skal flyttes opp eller ned.") % {"label": label}
        moved = False
    else:
        moved = services.move_part(actor=request.user, part=part, direction=direction)
        place, count = services.place_of(part)
        if moved:
            message = (
                _("«%(label)s» er flyttet opp, til plass %(place)s av %(count)s.")
                if direction == "up"
                else _("«%(label)s» er flyttet ned, til plass %(place)s av %(count)s.")
            ) % {"label": label, "place": place, "count": count}
        else:
            message = (
                _("«%(label)s» står allerede øverst.")
                if direction == "up"
                else _("«%(label)s» står allerede nederst.")
            ) % {"label": label}
    if request.htmx:
        data = section_context(strategy, part_kind.section)
        html = render_to_string(
            data["list_template"],
            {
                "data": data,
                "strategy": strategy,
                "organisation": strategy.organisation,
                "moved_kind": kind,
                "moved_pk": part.pk,
                "moved_direction": direction or "",
            },
            request=request,
        )
        return announce(HttpResponse(html), message)
    (messages.success if moved else messages.info)(request, message)
    return redirect(step_url(strategy, part_kind.step) + _part_anchor(kind, part.pk))


# ---- whole strategies ----


def strategy_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = get_organisation_for_user(request, org_slug, Need.EDIT)
    if refused := _forbidden_method(request, ["GET", "HEAD", "POST"]):
        return refused
    organisation = access.organisation
    form = NewStrategyForm(request.POST or None, instance=Strategy(organisation=organisation))
    if request.method == "POST":
        strategy = _save(
            form, services.create_strategy, actor=request.user, organisation=organisation
        )
        if strategy is not None:
            messages.success(
                request,
                _("Strategien «%(title)s» er opprettet. Bygg den opp steg for steg.")
                % {"title": strategy.title},
            )
            return redirect(_url("edit", strategy))
    return render(
        request,
        "strategies/new.html",
        {
            "organisation": organisation,
            "access": access,
            "form": form,
            "breadcrumbs": [
                (_("Organisasjoner"), reverse("organisations:list")),
                (organisation.name, reverse("organisations:detail", args=[organisation.slug])),
                (_("Ny strategi"), None),
            ],
        },
    )


def next_period_title(source: Strategy, start: int | None, end: int | None) -> str:
    """The title with its years moved to the new period ("… 2023–2026" -> "… 2027–2030")."""
    years = {}
    if source.period_start and start:
        years[str(source.period_start)] = str(start)
    if source.period_end and end:
        years[str(source.period_end)] = str(end)
    if not years:
        return source.title
    return re.sub(r"\b\d{4}\b", lambda m: years.get(m.group(), m.group()), source.title)


def strategy_roll_over(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    found = get_strategy_for_user(request, org_slug, pk, Need.EDIT)
    if refused := _forbidden_method(request, ["GET", "HEAD", "POST"]):
        return refused
    source = found.strategy
    length = (
        source.period_end - source.period_start
        if source.period_start and source.period_end
        else None
    )
    start = source.period_end + 1 if source.period_end else None
    end = start + length if start is not None and length is not None else None
    initial = {
        "title": next_period_title(source, start, end),
        "period_start": start,
        "period_end": end,
    }
    form = RollOverForm(request.POST or None, initial=initial)
    if request.method == "POST":
        strategy = _save(form, services.roll_over_strategy, actor=request.user, source=source)
        if strategy is not None:
            carried = strategy.actions.count()
            messages.success(
                request,
                ngettext(
                    "Den nye perioden er opprettet som utkast, med %(count)s åpent tiltak.",
                    "Den nye perioden er opprettet som utkast, med %(count)s åpne tiltak.",
                    carried,
                )
                % {"count": carried},
            )
            return redirect(_url("edit", strategy))
    closed = [ActionStatus.FULLFORT, ActionStatus.AVLYST]
    context = _editor_context(found)
    context.update(
        form=form,
        counts=part_counts(source),
        open_actions=source.actions.exclude(status__in=closed).count(),
        closed_actions=source.actions.filter(status__in=closed).count(),
        breadcrumbs=strategy_breadcrumbs(source, _("Ny periode")),
    )
    return render(request, "strategies/roll_over.html", context)
