"""Every URL of the project: who may use it, and how to fill its kwargs from the demo data.

Two generic tests walk the whole URLconf with this module: tests/test_access_matrix.py (every
pattern x role x method) and tests/browser/test_every_page.py (axe-core, reflow and focus on
every page for every role). Neither needs to change when a page is added; this module does.
When you add a URL, the tests fail and say which of these to do:

1. ACCESS: put its name here with what it needs for GET and for POST (PUBLIC, LOGGED_IN, a Need,
   NOT_ALLOWED). The expected answer for each role is derived from that (`expected`), so every
   new URL forces a decision.
2. OBJECTS: if it has a kwarg the walker cannot fill, add the URL segment in front of that kwarg
   (".../strategi/<int:pk>/rediger/maal/<int:item_pk>/": "maal" fills item_pk), or, for a kwarg
   with no segment of its own, the URL name to KWARGS_BY_NAME.

Optional: POST_DATA, for a POST-only URL whose form lives on another page (the matrix then posts
fields that would really change something); FRAGMENTS, for a GET URL that returns a piece of a
page for HTMX (the browser test then skips it; the matrix still checks it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kommplan.organisations.access import Need
from kommplan.organisations.models import Organisation

# --- who may use a URL --------------------------------------------------------------------

PUBLIC = "public"  # marked @login_not_required: anyone, logged in or not
LOGGED_IN = "logged-in"  # any logged-in user; the URL belongs to no organisation
NOT_ALLOWED = None  # the view refuses the method with 405

Requirement = Need | str | None


@dataclass(frozen=True)
class Rule:
    """What a URL needs for GET and for POST: PUBLIC, LOGGED_IN, a Need in the organisation of
    the URL's org_slug, or NOT_ALLOWED."""

    get: Requirement
    post: Requirement

    def for_method(self, method: str) -> Requirement:
        return self.get if method == "GET" else self.post


def read_only(need: Requirement) -> Rule:
    """A page that only shows something but has no @require_safe, so it answers a POST by
    rendering the page as for GET. Harmless (nothing is written), but a new page should say
    Rule(get=..., post=NOT_ALLOWED) and refuse POST with @require_safe."""
    return Rule(get=need, post=need)


# The parts of a strategy the guided editor adds, edits, deletes and moves (strategies:goal_add...).
STRATEGY_PARTS = (
    "goal",
    "approach",
    "target_group",
    "message",
    "channel",
    "principle",
    "challenge",
    "role",
    "rule",
    "notification",
)

ACCESS: dict[str, Rule] = {
    # django.contrib.auth and accounts
    "home": read_only(LOGGED_IN),  # a RedirectView answers every method
    "login": Rule(get=PUBLIC, post=PUBLIC),
    "logout": Rule(get=NOT_ALLOWED, post=LOGGED_IN),
    "password_change": Rule(get=LOGGED_IN, post=LOGGED_IN),
    "password_change_done": Rule(get=LOGGED_IN, post=NOT_ALLOWED),
    "password_reset": Rule(get=PUBLIC, post=PUBLIC),
    "password_reset_done": Rule(get=PUBLIC, post=NOT_ALLOWED),
    "password_reset_confirm": Rule(get=PUBLIC, post=PUBLIC),
    "password_reset_complete": Rule(get=PUBLIC, post=NOT_ALLOWED),
    "set_language": Rule(get=NOT_ALLOWED, post=PUBLIC),
    # two-factor log-in: enrol and turn off as oneself; the code step comes before log-in
    "totp_setup": Rule(get=LOGGED_IN, post=LOGGED_IN),
    "totp_verify": Rule(get=PUBLIC, post=PUBLIC),
    "totp_disable": Rule(get=NOT_ALLOWED, post=LOGGED_IN),
    # about
    "about:accessibility": Rule(get=PUBLIC, post=NOT_ALLOWED),
    # organisations
    "organisations:list": read_only(LOGGED_IN),
    "organisations:detail": read_only(Need.READ),
    "organisations:members": Rule(get=Need.ADMIN, post=Need.ADMIN),
    "organisations:member_edit": Rule(get=Need.ADMIN, post=Need.ADMIN),
    "organisations:member_remove": Rule(get=Need.ADMIN, post=Need.ADMIN),
    # strategies
    "strategies:overview": read_only(Need.READ),
    # strategies: the guided editor (steps without a form of their own only show their lists)
    "strategies:create": Rule(get=Need.EDIT, post=Need.EDIT),
    "strategies:roll_over": Rule(get=Need.EDIT, post=Need.EDIT),
    "strategies:edit": Rule(get=Need.EDIT, post=NOT_ALLOWED),
    "strategies:edit_details": Rule(get=Need.EDIT, post=Need.EDIT),
    "strategies:edit_why": Rule(get=Need.EDIT, post=Need.EDIT),
    "strategies:edit_crisis": Rule(get=Need.EDIT, post=Need.EDIT),
    **{
        f"strategies:edit_{step}": Rule(get=Need.EDIT, post=NOT_ALLOWED)
        for step in ("who", "what", "how", "principles", "challenges", "roles", "rules")
    },
    # strategies: every part of a strategy is added, edited, deleted and moved the same way
    **{
        f"strategies:{kind}_{operation}": rule
        for kind in STRATEGY_PARTS
        for operation, rule in {
            "add": Rule(get=Need.EDIT, post=Need.EDIT),
            "edit": Rule(get=Need.EDIT, post=Need.EDIT),
            "delete": Rule(get=Need.EDIT, post=Need.EDIT),
            "move": Rule(get=NOT_ALLOWED, post=Need.EDIT),
        }.items()
    },
    # actions
    "actions:plan": Rule(get=Need.READ, post=NOT_ALLOWED),
    "actions:create": Rule(get=Need.EDIT, post=Need.EDIT),
    "actions:bulk": Rule(get=NOT_ALLOWED, post=Need.EDIT),
    "actions:detail": Rule(get=Need.READ, post=NOT_ALLOWED),
    "actions:report": Rule(get=Need.REPORT, post=Need.REPORT),
    "actions:edit": Rule(get=Need.EDIT, post=Need.EDIT),
    "actions:delete": Rule(get=Need.EDIT, post=Need.EDIT),
    "actions:mine": Rule(get=LOGGED_IN, post=NOT_ALLOWED),
    # followup
    "followup:dashboard": Rule(get=Need.READ, post=NOT_ALLOWED),
    # indicators
    "indicators:list": read_only(Need.READ),
    "indicators:create": Rule(get=Need.EDIT, post=Need.EDIT),
    "indicators:detail": read_only(Need.READ),
    "indicators:edit": Rule(get=Need.EDIT, post=Need.EDIT),
    "indicators:delete": Rule(get=Need.EDIT, post=Need.EDIT),
    # REPORT: editors, and the person responsible for the indicator's action
    "indicators:measurement_create": Rule(get=Need.REPORT, post=Need.REPORT),
    "indicators:measurement_delete": Rule(get=Need.EDIT, post=Need.EDIT),
    # audit
    "audit:strategy_log": Rule(get=Need.ADMIN, post=NOT_ALLOWED),
    # reports
    "reports:documents": Rule(get=Need.READ, post=NOT_ALLOWED),
    "reports:strategy": Rule(get=Need.READ, post=NOT_ALLOWED),
    "reports:status": Rule(get=Need.READ, post=NOT_ALLOWED),
    # yearwheel
    "yearwheel:wheel": Rule(get=Need.READ, post=NOT_ALLOWED),
    "yearwheel:export": Rule(get=Need.READ, post=NOT_ALLOWED),
    "yearwheel:list": Rule(get=Need.READ, post=NOT_ALLOWED),
    "yearwheel:ical": Rule(get=Need.READ, post=NOT_ALLOWED),
    "yearwheel:schedule": Rule(get=Need.EDIT, post=Need.EDIT),
    "yearwheel:schedule_preview": Rule(get=Need.EDIT, post=NOT_ALLOWED),
    # every reader makes and revokes calendar addresses of their own
    "yearwheel:feeds": Rule(get=Need.READ, post=Need.READ),
    "yearwheel:feed_revoke": Rule(get=NOT_ALLOWED, post=Need.READ),
    "yearwheel:feed": Rule(get=PUBLIC, post=NOT_ALLOWED),  # the secret in the URL is the key
    # reminders: every user changes only their own settings
    "reminders:settings": Rule(get=LOGGED_IN, post=LOGGED_IN),
    # apitokens: every user lists, makes and revokes API tokens of their own
    "apitokens:list": Rule(get=LOGGED_IN, post=LOGGED_IN),
    "apitokens:revoke": Rule(get=NOT_ALLOWED, post=LOGGED_IN),
    # documents: importing a strategy from a document (the job page also answers HTMX polls)
    "documents:upload": Rule(get=Need.EDIT, post=Need.EDIT),
    "documents:job": Rule(get=Need.EDIT, post=NOT_ALLOWED),
    "documents:accept": Rule(get=NOT_ALLOWED, post=Need.EDIT),
    # crisis: everyone reads (contact details only editors up), editors start, end and write the
    # log and edit the notification list, administrators the settings and personal data requests
    "crisis:home": Rule(get=Need.READ, post=NOT_ALLOWED),
    "crisis:start": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:start_drill": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:history": Rule(get=Need.READ, post=NOT_ALLOWED),
    "crisis:detail": Rule(get=Need.READ, post=NOT_ALLOWED),
    "crisis:log_add": Rule(get=NOT_ALLOWED, post=Need.EDIT),
    "crisis:log_pdf": Rule(get=Need.READ, post=NOT_ALLOWED),
    "crisis:end": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:ack_manual": Rule(get=NOT_ALLOWED, post=Need.EDIT),
    "crisis:notification_list": Rule(get=Need.READ, post=NOT_ALLOWED),
    "crisis:role_add": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:role_edit": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:role_delete": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:role_move": Rule(get=NOT_ALLOWED, post=Need.EDIT),
    "crisis:contact_add": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:contact_edit": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:contact_delete": Rule(get=Need.EDIT, post=Need.EDIT),
    "crisis:contact_move": Rule(get=NOT_ALLOWED, post=Need.EDIT),
    "crisis:settings": Rule(get=Need.ADMIN, post=Need.ADMIN),
    "crisis:person_data": Rule(get=Need.ADMIN, post=Need.ADMIN),
    "crisis:acknowledge": Rule(get=PUBLIC, post=PUBLIC),  # the token in the URL is the key
    # spreadsheets: the action plan as XLSX; uploading and confirming an import need EDIT
    "spreadsheets:page": Rule(get=Need.READ, post=Need.EDIT),
    "spreadsheets:download": Rule(get=Need.READ, post=NOT_ALLOWED),
    "spreadsheets:confirm": Rule(get=NOT_ALLOWED, post=Need.EDIT),
    # publishing: open pages of published strategies (404 for the others), and the switch
    "publishing:index": Rule(get=PUBLIC, post=NOT_ALLOWED),
    "publishing:organisation": Rule(get=PUBLIC, post=NOT_ALLOWED),
    "publishing:strategy": Rule(get=PUBLIC, post=NOT_ALLOWED),
    "publishing:feed": Rule(get=PUBLIC, post=NOT_ALLOWED),
    "publishing:document_pdf": Rule(get=PUBLIC, post=NOT_ALLOWED),
    "publishing:document_docx": Rule(get=PUBLIC, post=NOT_ALLOWED),
    "publishing:control": Rule(get=Need.EDIT, post=Need.EDIT),
}


# GET URLs that answer with a piece of a page for HTMX to swap in, not a page of their own. The
# access matrix checks them like any URL; the browser checks the page they are swapped into.
FRAGMENTS = {
    "yearwheel:schedule_preview",
}


# --- the roles and what each may expect ---------------------------------------------------

ORG_A = "rana-kommune"  # the organisation whose URLs are tested
ORG_B = "innherred-samkommune"  # whose administrator must see nothing of A


@dataclass(frozen=True)
class Role:
    key: str  # as the accessibility test record names it
    label: str
    username: str | None  # None: not logged in
    level: Need | None  # in organisation A
    other_org_admin: bool = False


ADMIN_A = Role("administrator", "administrator", "rana-admin", Need.ADMIN)
REDAKTOR_A = Role("redaktor", "redaktør", "rana-redaktor", Need.EDIT)
BIDRAGSYTER_A = Role("bidragsyter", "bidragsyter", "rana-bidragsyter", Need.REPORT)
LESER_A = Role("leser", "leser", "rana-leser", Need.READ)
ANONYMOUS = Role("anonymous", "anonym", None, None)
ADMIN_B = Role("other-admin", "administrator i organisasjon B", "isk-admin", None, True)
ROLES = [ADMIN_A, REDAKTOR_A, BIDRAGSYTER_A, LESER_A, ANONYMOUS, ADMIN_B]

OK, LOGIN = "ok", "login"  # any answer but a refusal; a redirect to log in


def expected(requirement: Requirement, role: Role, pattern: Pattern, *, own_action=True) -> set:
    """The answers `role` may get from a URL that needs `requirement` (see test_access_matrix)."""
    if requirement == PUBLIC:
        return {OK}
    if role.username is None:
        return {"405"} if pattern.is_public else {LOGIN}
    if requirement is NOT_ALLOWED:
        # Refusing with 403/404 before looking at the method is as good as a 405.
        return {"405", "403", "404"}
    if requirement == LOGGED_IN:
        return {OK}
    if role.other_org_admin:
        return {"404"}
    if requirement == Need.REPORT and role.level == Need.REPORT:
        return {OK} if own_action else {"403"}
    return {OK} if role.level >= requirement else {"403"}


# --- the URL patterns ---------------------------------------------------------------------

# Not ours to test: Django's admin and static files. The JSON API answers 401/403/404 as JSON
# rather than redirecting to log in or rendering pages, so tests/test_api*.py check its access.
SKIPPED_PREFIXES = ("admin/", "api/", "static/", "media/", "__debug__/")

_KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Pattern:
    """One URL pattern of the project, with its full route and namespaced name."""

    name: str | None  # "actions:plan"; None when the pattern has no name
    route: str  # "org/<slug:org_slug>/strategi/<int:pk>/tiltak/"
    callback: Callable[..., Any] = field(compare=False, repr=False)

    @property
    def kwargs(self) -> list[str]:
        return [a or b for a, b in _KWARG.findall(self.route)]

    @property
    def is_public(self) -> bool:
        # LoginRequiredMiddleware skips views whose login_required attribute is False.
        return getattr(self.callback, "login_required", True) is False

    @property
    def label(self) -> str:
        return self.name or f"(no name) {self.route}"

    def segment_before(self, kwarg: str) -> str:
        """The literal URL segment just before <kwarg>: "strategi" in "strategi/<int:pk>/"."""
        match = re.search(rf"<(?:\w+:)?{kwarg}>|\(\?P<{kwarg}>", self.route)
        before = self.route[: match.start()] if match else ""
        return before.rstrip("/").rsplit("/", 1)[-1].lstrip("^")


def _walk(resolver: URLResolver, prefix: str, namespace: str | None) -> Iterator[Pattern]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.lstrip("^").startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern(name=name, route=route, callback=entry.callback)


def project_patterns() -> list[Pattern]:
    """Every URL pattern of the project except the admin and static files, in URLconf order."""
    return list(_walk(get_resolver(), "", None))


# --- filling kwargs from one organisation's demo data -------------------------------------


class OrgData:
    """One organisation's demo objects, found lazily: the objects kwargs are filled with.

    `action` is the first action of the first strategy: the demo bidragsyter is responsible for
    it. `other_action` is one they are not responsible for (for the REPORT checks).
    """

    def __init__(self, organisation: Organisation, *, use_other_action: bool = False):
        self.organisation = organisation
        self.use_other_action = use_other_action

    @cached_property
    def strategy(self):
        return self.organisation.strategies.order_by("pk").first()

    @cached_property
    def action(self):
        if self.use_other_action:
            return self.other_action
        return self.strategy.actions.order_by("position", "pk").first()

    @cached_property
    def other_action(self):
        actions = self.strategy.actions.order_by("position", "pk")
        own = actions.first()
        return actions.exclude(responsible_user=own.responsible_user).first()

    @cached_property
    def indicator(self):
        """An indicator on `action` (so REPORT means the same as for the action); the demo
        plans of most organisations have none, so one is made."""
        Indicator = apps.get_model("indicators.Indicator")
        found = Indicator.objects.filter(action=self.action).order_by("pk").first()
        if found is None:
            found = Indicator.objects.create(
                strategy=self.strategy,
                action=self.action,
                ref=f"besok-{self.action.pk}",
                name="Besøk på nettsiden",
                unit="besøk",
                target=1000,
            )
        return found

    @cached_property
    def measurement(self):
        Measurement = apps.get_model("indicators.Measurement")
        found = Measurement.objects.filter(indicator=self.indicator).order_by("pk").first()
        if found is None:
            for month, value in ((1, 400.0), (6, 700.0)):
                found = Measurement.objects.create(
                    indicator=self.indicator, date=date(2025, month, 1), value=value
                )
        return found

    def part(self, model: str, **defaults) -> Model:
        """The first object of `model` in the strategy, made from `defaults` if there is none."""
        found = self.first_of_strategy(model)
        if found is None:
            found = apps.get_model(model)._default_manager.create(
                strategy=self.strategy, **defaults
            )
        return found

    def first(self, model: str, **filters) -> Model | None:
        """The first object of a model named "app_label.Model" matching `filters`."""
        return apps.get_model(model)._default_manager.filter(**filters).order_by("pk").first()

    def first_of_strategy(self, model: str) -> Model | None:
        return self.first(model, strategy=self.strategy)


def _pk(obj: Model | None) -> int | None:
    return None if obj is None else obj.pk


def _part(model: str, **defaults) -> Callable[[OrgData], int]:
    """The first part of this kind in the strategy; made from `defaults` if it has none."""
    return lambda data: data.part(model, **defaults).pk


def _notification_role(data: OrgData) -> Model:
    """A role on the organisation's notification list with a holder and a deputy (the demo
    people where the plan has a list; made up where it has none)."""
    from kommplan.crisis.demo import ensure_demo_notification_lists

    found = data.first("crisis.NotificationRole", organisation=data.organisation)
    if found is None:
        ensure_demo_notification_lists()
        found = data.first("crisis.NotificationRole", organisation=data.organisation)
    if found is None:
        found = apps.get_model("crisis.NotificationRole").objects.create(
            organisation=data.organisation, position=0, role="Kommunedirektør"
        )
    if not found.contacts.exists():
        for rank, name in enumerate(("Kari Tilgang", "Ola Tilgang")):
            found.contacts.create(
                rank=rank, name=name, email=f"tilgang{found.pk}-{rank}@varsling.example"
            )
    return found


def _crisis(data: OrgData) -> Model:
    """A running drill of the organisation (started through the service, so it has
    recipients, messages and a log)."""
    from kommplan.crisis.services import start_crisis

    found = data.first("crisis.Crisis", organisation=data.organisation)
    if found is None:
        _notification_role(data)
        found = start_crisis(
            organisation=data.organisation,
            title="Varslingsøvelse (tilgangstest)",
            description="Øvelse",
            severity="low",
            actor=None,
            is_drill=True,
        )
    return found


def _recipient(data: OrgData) -> Model:
    return _crisis(data).recipients.order_by("pk").first()


def _acknowledge_link(data: OrgData) -> dict[str, str]:
    from kommplan.crisis.services import ack_token

    return {"token": ack_token(_recipient(data))}


def _import_job(data: OrgData) -> Model:
    """An import job of the organisation, read and ready for review (a tiny proposed plan)."""
    found = data.first("documents.ImportJob", organisation=data.organisation)
    if found is None:
        found = apps.get_model("documents.ImportJob").objects.create(
            organisation=data.organisation,
            filename="strategi.txt",
            content=b"Strategi\nTiltak: Nettside\n",
            status="done",
            progress=100,
            plan={
                "kommplan": 1,
                "organisation": {"name": data.organisation.name},
                "strategy": {"title": "Importert strategi (tilgangstest)"},
                "actions": [{"title": "Nettside"}],
            },
            sources={
                "actions[0]": {"page": 1, "line": 2, "start": 9, "end": 25, "confidence": 0.9}
            },
            lines=[
                {"page": 1, "line": 1, "text": "Strategi", "kind": "text"},
                {"page": 1, "line": 2, "text": "Tiltak: Nettside", "kind": "text"},
            ],
            pages=1,
            format="txt",
        )
    return found


# The URL segment in front of a kwarg -> how to get its value from an organisation's demo data.
# "segment/<kwarg>" is looked up before "segment", for a segment that means different things
# ("strategi/<int:pk>" is the strategy, ".../rediger/strategi/<int:item_pk>" a GoalStrategy).
OBJECTS: dict[str, Callable[[OrgData], object]] = {
    "org": lambda d: d.organisation.slug,
    "apen": lambda d: d.organisation.slug,  # the open pages (publishing)
    "strategi": lambda d: d.strategy.pk,
    "tiltak": lambda d: d.action.pk,
    "indikatorer": lambda d: d.indicator.pk,
    "maling": lambda d: d.measurement.pk,
    "maal": _part("strategies.Goal", ref="tilgangstest", text="Innbyggerne kjenner tjenestene"),
    "strategi/<item_pk>": _part("strategies.GoalStrategy", ref="tilgangstest", title="Klarspråk"),
    "malgruppe": _part("strategies.TargetGroup", ref="tilgangstest", name="Innbyggere"),
    "budskap": _part("strategies.KeyMessage", ref="tilgangstest", text="Vi er her for deg"),
    "kanal": _part("strategies.Channel", ref="tilgangstest", name="Nettsiden"),
    "prinsipp": _part("strategies.Principle", name="Åpenhet"),
    "utfordring": _part("strategies.Challenge", title="Tillit"),
    "rolle": _part("strategies.Role", title="Kommunikasjonsrådgiver"),
    "regel": _part("strategies.Rule", name="Offentleglova"),
    "varsling": _part("strategies.NotificationEntry", role="Kommunedirektør"),
    # The reader's membership: one the administrator may change or end.
    "medlemmer": lambda d: (
        d.first("organisations.Membership", organisation=d.organisation, role="leser").pk
    ),
    "import": lambda d: _import_job(d).pk,
    "krise": lambda d: _crisis(d).pk,
    "mottaker": lambda d: _pk(_recipient(d)),
    "varslingsliste": lambda d: _notification_role(d).pk,
    "person": lambda d: _notification_role(d).contacts.order_by("rank").first().pk,
}


def _password_reset_link(data: OrgData) -> dict[str, str]:
    # A valid link for the demo reader, so the page shows the set-password form.
    user = User.objects.get(username="demo")
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _calendar_feed(data: OrgData) -> dict[str, str]:
    # A live calendar address of the organisation's reader.
    from kommplan.yearwheel.services import create_feed_token

    organisation = data.organisation
    reader = User.objects.get(memberships__organisation=organisation, username__endswith="leser")
    _, secret = create_feed_token(owner=reader, organisation=organisation, scope="organisation")
    return {"token": secret}


# URL name -> kwargs that no URL segment explains.
KWARGS_BY_NAME: dict[str, Callable[[OrgData], dict[str, object]]] = {
    "password_reset_confirm": _password_reset_link,
    "yearwheel:export": lambda data: {"format": "svg"},
    "reports:strategy": lambda data: {"format": "pdf"},
    "reports:status": lambda data: {"format": "docx"},
    "yearwheel:feed": _calendar_feed,
    "crisis:acknowledge": _acknowledge_link,
}


# URL name -> fields to POST besides (or instead of) the ones of the form found for it. The
# matrix posts the fields of the form that posts to the URL, found on the URL's own page or a
# page above it; a URL whose form lives elsewhere gets its fields here, so that a POST from a
# role that should be refused would really change something if the access check were missing.
POST_DATA: dict[str, dict[str, list[str]]] = {
    **{f"strategies:{kind}_move": {"direction": ["down"]} for kind in STRATEGY_PARTS},
    "crisis:role_move": {"direction": ["down"]},
    "crisis:contact_move": {"direction": ["down"]},
}


class UnfillablePattern(Exception):
    pass


def fill_kwargs(pattern: Pattern, data: OrgData) -> dict[str, object]:
    """The kwargs to reverse `pattern` with, taken from `data`; UnfillablePattern if impossible."""
    by_name = KWARGS_BY_NAME[pattern.name](data) if pattern.name in KWARGS_BY_NAME else {}
    kwargs: dict[str, object] = {}
    for kwarg in pattern.kwargs:
        if kwarg in by_name:
            kwargs[kwarg] = by_name[kwarg]
            continue
        segment = pattern.segment_before(kwarg)
        filler = OBJECTS.get(f"{segment}/<{kwarg}>") or OBJECTS.get(segment)
        if filler is None:
            raise UnfillablePattern(
                f"{pattern.label} ({pattern.route}): cannot fill <{kwarg}>. Add "
                f"{segment!r} to OBJECTS or {pattern.name!r} to KWARGS_BY_NAME in "
                f"tests/url_catalogue.py."
            )
        value = filler(data)
        if value is None:
            raise UnfillablePattern(
                f"{pattern.label} ({pattern.route}): the demo data of "
                f"{data.organisation.name} has no object for <{kwarg}> (OBJECTS[{segment!r}]). "
                f"Make the filler create one."
            )
        kwargs[kwarg] = value
    return kwargs


def is_org_bound(pattern: Pattern) -> bool:
    """True when the URL names an organisation (its data is what the roles are about)."""
    return any(pattern.segment_before(k) == "org" for k in pattern.kwargs)
