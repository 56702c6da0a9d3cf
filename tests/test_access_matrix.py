"""Every URL pattern x every role x GET and POST: nobody reads or changes more than they may.

For each pattern of the project (admin and static files aside) the kwargs are filled from the demo
data of organisation A (Rana kommune); tests/url_catalogue.py says how, and what each URL needs.
The expected answer for each role is derived from that need (`expected` below):

    need of the URL     administrator..leser of A   anonymous          administrator of B
    PUBLIC              ok                          ok                 ok
    LOGGED_IN           ok                          login redirect     ok
    Need.X              ok if role >= X, else 403   login redirect     404
    NOT_ALLOWED         405                         login redirect*    405
    (* 405 for a public view; a bidragsyter passes REPORT only on an action they are responsible
    for, and gets 403 on the others)

"ok" is any answer that is not a refusal (403/404/405 or a redirect to log in). POSTs are sent
with CSRF checks on and a valid token, carrying the data of the form that posts to the URL (as
A's administrator sees it, with every field changed), so that a missing access check would really
write. After every request that must be refused, the rows of every kommplan model (and users) are
compared with the snapshot before it. Besides, for every pattern:

- a POST without a CSRF token (plain and as HTMX) by A's administrator is refused with 403;
- A's administrator on A's URL with B's objects in it (A's slug, B's strategy pk) gets 404;
- a bidragsyter gets 403 on REPORT URLs for an action someone else is responsible for.
"""

from __future__ import annotations

import hashlib
import re
import types
from dataclasses import dataclass
from datetime import date
from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, path, resolve, reverse

from kommplan.organisations.access import Need
from kommplan.organisations.models import Organisation

from .url_catalogue import (
    ACCESS,
    ADMIN_A,
    BIDRAGSYTER_A,
    FRAGMENTS,
    LOGIN,
    NOT_ALLOWED,
    OBJECTS,
    OK,
    ORG_A,
    ORG_B,
    POST_DATA,
    PUBLIC,
    ROLES,
    OrgData,
    Pattern,
    Role,
    Rule,
    UnfillablePattern,
    expected,
    fill_kwargs,
    is_org_bound,
    project_patterns,
)

PATTERNS = project_patterns()


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"])
        if location.path == reverse("login") and "next=" in location.query:
            return LOGIN
        return OK
    if code in (403, 404, 405) or code >= 500:
        return str(code)
    return OK


# --- rows before and after ----------------------------------------------------------------

# Fields that change by themselves when a user logs in.
_IGNORED_FIELDS = {"auth.User": {"last_login"}}


def database_state() -> dict[str, tuple[int, str]]:
    """model label -> (row count, hash of every row's values), for kommplan's models and users."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        if not (model._meta.app_config.name.startswith("kommplan.") or label == "auth.User"):
            continue
        ignored = _IGNORED_FIELDS.get(label, set())
        names = [f.attname for f in model._meta.concrete_fields if f.name not in ignored]
        rows = list(model._base_manager.order_by("pk").values_list(*names))
        state[label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


def changes(before: dict, after: dict) -> list[str]:
    found = []
    for label in sorted(before.keys() | after.keys()):
        (n0, h0), (n1, h1) = before.get(label, (0, "")), after.get(label, (0, ""))
        if n0 != n1:
            found.append(f"{label}: {n0} -> {n1} rows")
        elif h0 != h1:
            found.append(f"{label}: row values changed")
    return found


# --- what to POST ---------------------------------------------------------------------------


class _Forms(HTMLParser):
    """The forms of a page with their controls, including controls outside the form element
    that name it with form="id" (the checkboxes of a bulk edit in the table rows)."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self.by_id: dict[str, dict] = {}
        self.outside: list[tuple[str, dict]] = []
        self.current: dict | None = None
        self.select: dict | None = None
        self.textarea: dict | None = None
        self.feed(html)
        self.close()
        for form_id, control in self.outside:
            if form_id in self.by_id:
                self.by_id[form_id]["controls"].append(control)

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.current = {
                "method": a.get("method", "get").lower(),
                "action": a.get("action"),
                "controls": [],
            }
            self.forms.append(self.current)
            if a.get("id"):
                self.by_id[a["id"]] = self.current
        elif tag in ("input", "button", "select", "textarea"):
            control = {"tag": tag, **a, "options": [], "text": ""}
            if a.get("form"):
                self.outside.append((a["form"], control))
            elif self.current is not None:
                self.current["controls"].append(control)
            if tag == "select":
                self.select = control
            elif tag == "textarea":
                self.textarea = control
        elif tag == "option" and self.select is not None:
            self.select["options"].append({"value": a.get("value"), "selected": "selected" in a})

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def _changed(control: dict, kind: str, value: str) -> str:
    """Another valid-looking value for a field, so that saving it would change the row.

    Empty optional inputs stay empty (they often have a format: an RRULE, a phone number);
    required empty ones get a plausible value.
    """
    required = "required" in control
    if kind in ("date", "month", "time", "datetime-local", "email", "url", "color"):
        if value or not required:
            return value
        today = date.today()
        return {
            "date": today.isoformat(),
            "month": today.strftime("%Y-%m"),
            "time": "12:00",
            "datetime-local": f"{today.isoformat()}T12:00",
            "email": "matrise@kommplan.example",
            "url": "https://kommplan.example/",
            "color": "#123456",
        }[kind]
    if kind in ("number", "range"):
        if not value:
            return (control.get("min") or "1") if required else ""
        try:
            number = int(float(value)) + 1
        except ValueError:
            return value
        if control.get("max") and number > float(control["max"]):
            number -= 2
        return str(number)
    if not value:
        return "Endret av tilgangstesten" if required else ""
    changed = f"{value} (endret)"
    limit = int(control.get("maxlength") or 0)
    if limit and len(changed) > limit:
        changed = value[: limit - 1] + ("x" if value[-1:] != "x" else "y")
    return changed


def form_data(form: dict) -> dict[str, list[str]]:
    """The form's fields with values changed, so a successful POST would write something."""
    data: dict[str, list[str]] = {}
    ticked: set[str] = set()
    submits = []
    for c in form["controls"]:
        name, tag = c.get("name"), c["tag"]
        kind = c.get("type", "submit" if tag == "button" else "text").lower()
        if "disabled" in c or name == "csrfmiddlewaretoken":
            continue
        if tag in ("button", "input") and kind in ("submit", "image", "button", "reset"):
            if kind == "submit":
                submits.append(c)
            continue
        if not name:
            continue
        if tag == "textarea":
            # Free text has no format, so an empty optional one is filled in too.
            text = c["text"].strip()
            data.setdefault(name, []).append(_changed(c | {"required": ""}, "text", text))
        elif tag == "select":
            options = [o["value"] for o in c["options"] if o["value"] not in (None, "")]
            selected = [o["value"] for o in c["options"] if o["selected"]]
            others = [value for value in options if value not in selected]
            if "multiple" in c:
                data.setdefault(name, []).extend(selected + others[:1])
            else:
                data.setdefault(name, []).append((others or selected or [""])[0])
        elif kind in ("checkbox", "radio"):
            value = c.get("value", "on")
            if "checked" in c:
                if kind == "checkbox":
                    data.setdefault(name, []).append(value)
                else:
                    data.setdefault(name, [value])
            elif name not in ticked:
                # Tick the first unticked box (or choose another radio) of every group.
                ticked.add(name)
                if kind == "radio":
                    data[name] = [value]
                else:
                    data.setdefault(name, []).append(value)
        elif kind == "hidden":
            data.setdefault(name, []).append(c.get("value", ""))
        elif kind in ("file", "password"):
            continue
        else:
            if c.get("inputmode") in ("decimal", "numeric"):
                kind = "number"
            data.setdefault(name, []).append(_changed(c, kind, c.get("value", "")))
    # The button a click on "save" sends: an unnamed one if there is one (a named first button
    # is often a secondary action such as "preview").
    named = [b for b in submits if b.get("name")]
    if named and len(named) == len(submits):
        data.setdefault(named[0]["name"], []).append(named[0].get("value", ""))
    return data


def post_payload(client: Client, path: str) -> dict[str, list[str]]:
    """The fields of the first POST form, on the URL's page or a page above it, that posts to it."""
    candidates = [path]
    parts = path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        candidates.append("/".join(parts) + "/")
    for page in candidates:
        try:
            resolve(page)
        except Resolver404:
            continue
        try:
            response = client.get(page)
        except Exception:  # noqa: BLE001 - the GET checks report the crash
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in _Forms(response.content.decode()).forms:
            action = urlsplit(urljoin(page, form["action"] or page)).path
            if form["method"] == "post" and action == path:
                return form_data(form)
    return {}


# --- clients --------------------------------------------------------------------------------

_TOKEN = re.compile(r'csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def client_for(role: Role) -> tuple[Client, str]:
    """A client with CSRF checks on, logged in as `role`, and a valid CSRF token for it."""
    client = Client(enforce_csrf_checks=True)
    if role.username:
        client.force_login(User.objects.get(username=role.username))
    html = client.get(reverse("login"), follow=True).content.decode()
    match = _TOKEN.search(html)
    assert match, "the log-in page has no CSRF token"
    return client, match.group(1) or match.group(2)


# --- the matrix -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    role: Role
    method: str
    path: str
    allowed: frozenset[str]
    note: str = ""
    token: bool = True
    htmx: bool = False


class Matrix:
    """Sends the requests of one pattern and collects every answer that breaks the rules.

    Each request runs in a savepoint that is rolled back afterwards, so every check starts from
    the same demo data (an allowed delete does not turn the next role's request into a 404).
    """

    def __init__(self, pattern: Pattern, payload: dict[str, list[str]]):
        self.pattern = pattern
        self.payload = payload
        self.problems: list[str] = []
        self.baseline = database_state()

    def send(self, check: Check) -> str:
        client, csrf = client_for(check.role)
        headers = {"HX-Request": "true"} if check.htmx else {}
        try:
            if check.method == "GET":
                response = client.get(check.path, headers=headers)
            else:
                data = dict(self.payload)
                if check.token:
                    data["csrfmiddlewaretoken"] = [csrf]
                response = client.post(check.path, data, headers=headers)
        except Exception as error:  # noqa: BLE001 - a crash is an answer to report, too
            return f"exception {type(error).__name__}: {error}"
        return outcome(response)

    def run(self, check: Check) -> None:
        where = f"{check.method} {check.path} as {check.role.label}{check.note}"
        with transaction.atomic():
            got = self.send(check)
            if got not in check.allowed:
                expected_text = " or ".join(sorted(check.allowed))
                self.problems.append(f"{where}: got {got}, expected {expected_text}")
            if OK not in check.allowed:
                # A refused request must not have written anything.
                changed = changes(self.baseline, database_state())
                if changed:
                    self.problems.append(f"{where} was refused but changed rows: {changed}")
            transaction.set_rollback(True)

    def report(self) -> str:
        return f"{self.pattern.label} ({self.pattern.route}):\n  " + "\n  ".join(self.problems)


def _rule_for(pattern: Pattern) -> Rule:
    if pattern.name is None:
        pytest.fail(f"URL pattern {pattern.route!r} has no name; give it one (path(..., name=))")
    if pattern.name not in ACCESS:
        pytest.fail(
            f"{pattern.name} ({pattern.route}) is not in ACCESS in tests/url_catalogue.py: "
            "add it with the role it needs for GET and POST"
        )
    return ACCESS[pattern.name]


def _reverse(pattern: Pattern, data: OrgData) -> str:
    try:
        return reverse(pattern.name, kwargs=fill_kwargs(pattern, data))
    except (UnfillablePattern, NoReverseMatch) as error:
        pytest.fail(str(error))


def checks_for(pattern: Pattern, rule: Rule) -> list[Check]:
    """Every request to send for `pattern` and the answers allowed for it (see the top)."""
    org_a = Organisation.objects.get(slug=ORG_A)
    org_b = Organisation.objects.get(slug=ORG_B)
    path = _reverse(pattern, OrgData(org_a))
    checks = [
        Check(role, method, path, frozenset(expected(rule.for_method(method), role, pattern)))
        for method in ("GET", "POST")
        for role in ROLES
    ]
    # CSRF: a POST without a token is refused, from a form or from HTMX.
    for htmx in (False, True):
        note = " without a CSRF token" + (" (HTMX)" if htmx else "")
        checks.append(Check(ADMIN_A, "POST", path, frozenset({"403"}), note, False, htmx))

    # B's objects under A's slug: the view must look its objects up within the organisation.
    if is_org_bound(pattern):
        kwargs = fill_kwargs(pattern, OrgData(org_a))
        b_kwargs = fill_kwargs(pattern, OrgData(org_b))
        mixed = kwargs | {k: v for k, v in b_kwargs.items() if pattern.segment_before(k) != "org"}
        if mixed != kwargs:
            mixed_path = reverse(pattern.name, kwargs=mixed)
            note = " (organisation B's objects under A's slug)"
            for method in ("GET", "POST"):
                refused = {"404"} if rule.for_method(method) is not NOT_ALLOWED else {"404", "405"}
                checks.append(Check(ADMIN_A, method, mixed_path, frozenset(refused), note))

    # A bidragsyter reports only on actions they are responsible for.
    other_path = _reverse(pattern, OrgData(org_a, use_other_action=True))
    if other_path != path:
        note = " (an action someone else is responsible for)"
        for method in ("GET", "POST"):
            requirement = rule.for_method(method)
            if requirement == Need.REPORT:
                allowed = expected(requirement, BIDRAGSYTER_A, pattern, own_action=False)
                checks.append(Check(BIDRAGSYTER_A, method, other_path, frozenset(allowed), note))
    return checks


def run_matrix(pattern: Pattern, rule: Rule) -> Matrix:
    # Fill every URL first: fillers may create objects, which must not count as changes.
    checks = checks_for(pattern, rule)
    admin_client, _ = client_for(ADMIN_A)
    payload = post_payload(admin_client, checks[0].path) | POST_DATA.get(pattern.name, {})
    matrix = Matrix(pattern, payload)
    for check in checks:
        matrix.run(check)
    return matrix


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.label)
def test_every_role_gets_exactly_what_its_role_allows_and_refusals_change_nothing(demo, pattern):
    matrix = run_matrix(pattern, _rule_for(pattern))
    assert not matrix.problems, matrix.report()


def test_every_url_name_has_an_access_rule_and_every_rule_a_url():
    names = {p.name for p in PATTERNS}
    missing = sorted(p.label for p in PATTERNS if p.name not in ACCESS)
    stale = sorted(set(ACCESS) - names)
    assert not missing, f"add these to ACCESS in tests/url_catalogue.py: {missing}"
    assert not stale, f"these ACCESS entries have no URL any more: {stale}"
    assert names >= FRAGMENTS, f"FRAGMENTS names no URL: {sorted(FRAGMENTS - names)}"


def test_public_in_the_table_means_login_not_required_in_the_view():
    wrong = [
        f"{p.label}: table says {'PUBLIC' if not p.is_public else 'not public'}"
        for p in PATTERNS
        if p.name in ACCESS and (PUBLIC in (ACCESS[p.name].get, ACCESS[p.name].post)) != p.is_public
    ]
    assert not wrong, wrong


def test_organisation_roles_are_only_used_for_urls_of_an_organisation():
    wrong = [
        p.label
        for p in PATTERNS
        if p.name in ACCESS
        and not is_org_bound(p)
        and any(isinstance(r, Need) for r in (ACCESS[p.name].get, ACCESS[p.name].post))
    ]
    assert not wrong, f"these URLs name no organisation, so a role there means nothing: {wrong}"


def test_the_matrix_covers_the_project_pages_it_knows_today():
    # Guards the walker itself: if it found nothing, every parametrised test above would vanish.
    names = {p.name for p in PATTERNS}
    assert {"organisations:detail", "strategies:overview", "actions:plan", "login"} <= names
    assert not any(p.route.startswith(("admin/", "api/")) for p in PATTERNS)


def test_the_demo_bidragsyter_is_responsible_for_the_action_the_urls_are_filled_with(demo):
    data = OrgData(Organisation.objects.get(slug=ORG_A))
    assert data.action.responsible_user.username == BIDRAGSYTER_A.username
    assert data.other_action.responsible_user_id != data.action.responsible_user_id
    assert set(OBJECTS) >= {"org", "strategi", "tiltak"}


def test_a_refused_post_that_writes_is_caught(demo):
    # The matrix's own alarm: a row changed behind a refusal must be reported.
    before = database_state()
    org = Organisation.objects.get(slug=ORG_A)
    org.name = "Endret"
    org.save()
    assert changes(before, database_state()) == ["organisations.Organisation: row values changed"]


def _leaky_view(request, org_slug):
    # Forgets get_organisation_for_user: anyone logged in reads and renames any organisation.
    organisation = Organisation.objects.get(slug=org_slug)
    if request.method == "POST":
        organisation.name = request.POST["name"]
        organisation.save()
        return redirect(request.path)
    return HttpResponse(
        f'<form method="post"><input name="name" value="{escape(organisation.name)}">'
        "<button>Lagre</button></form>"
    )


def test_the_matrix_reports_a_view_that_forgets_its_access_check(demo, settings):
    import kommplan.urls

    leaky_urls = types.ModuleType("leaky_urls")
    leaky_urls.urlpatterns = [
        *kommplan.urls.urlpatterns,
        path("org/<slug:org_slug>/lekk/", _leaky_view, name="leaky"),
    ]
    settings.ROOT_URLCONF = leaky_urls
    pattern = next(p for p in project_patterns() if p.name == "leaky")

    report = run_matrix(pattern, Rule(get=Need.READ, post=Need.ADMIN)).report()

    url = "/org/rana-kommune/lekk/"
    assert f"GET {url} as administrator i organisasjon B: got ok, expected 404" in report
    assert f"POST {url} as leser: got ok, expected 403" in report
    assert f"POST {url} as leser was refused but changed rows: " in report
    assert "organisations.Organisation: row values changed" in report
    assert f"POST {url} as anonym:" not in report  # the log-in requirement still holds


def test_the_posted_form_changes_what_it_can_and_keeps_what_it_must():
    html = """
    <form method="get" action="/sok/"><input name="q" value="x"></form>
    <form id="edit" method="post" action="/lagre/">
      <input type="hidden" name="version" value="3">
      <input name="title" value="Tiltak" maxlength="200">
      <input name="rrule" value="">
      <input name="name" value="" required>
      <input type="number" name="year" value="" min="1900" required>
      <textarea name="note"></textarea>
      <select name="status">
        <option value="a" selected>A</option><option value="b">B</option>
      </select>
      <button name="preview" value="1">Forhåndsvis</button><button>Lagre</button>
    </form>
    <input type="checkbox" name="actions" value="7" form="edit">
    <input type="checkbox" name="actions" value="8" form="edit">
    """
    forms = _Forms(html).forms
    assert [f["method"] for f in forms] == ["get", "post"]
    assert form_data(forms[1]) == {
        "version": ["3"],
        "title": ["Tiltak (endret)"],
        "rrule": [""],
        "name": ["Endret av tilgangstesten"],
        "year": ["1900"],
        "note": ["Endret av tilgangstesten"],
        "status": ["b"],
        "actions": ["7"],
    }
