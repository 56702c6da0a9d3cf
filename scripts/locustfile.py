"""Mixed read/write load on kommplan with the national data set (scripts/loadtest.sh runs it).

Targets (organisations, strategies, actions, API tokens, the shared password) come from the
JSON that `python -m kommplan.national.loadtest prepare` writes; LOADTEST_TARGETS names it.

- members (weight 6) log in once and browse: the filtered action plan, an action, the
  dashboard, the årshjul;
- bidragsytere (weight 2) log in, open «mine tiltak» and report status on their own actions
  (the form's CSRF token read from the page, then POST and follow the redirect);
- other systems (weight 2) read the API with a bearer token;
- the public (weight 2) read the open page of a published strategy, without logging in.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

TARGETS = json.loads(Path(os.environ["LOADTEST_TARGETS"]).read_text(encoding="utf-8"))
PASSWORD = TARGETS["password"]
ORGS = TARGETS["targets"]
_next_org = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STATUSES = ["pagar", "forsinket", "fullfort", "pagar"]


def _org() -> dict:
    # Round the organisations, so each simulated user is another organisation's member.
    return ORGS[next(_next_org) % len(ORGS)]


def _log_in(user: HttpUser, username: str) -> None:
    page = user.client.get("/konto/login/", name="log in (form)")
    token = CSRF.search(page.text).group(1)
    with user.client.post(
        "/konto/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": user.host + "/konto/login/"},
        name="log in",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"log-in as {username} answered {response.status_code}")


class Member(HttpUser):
    weight = 6
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.org = _org()
        _log_in(self, self.org["editor"])

    def _base(self) -> str:
        return f"/org/{self.org['slug']}"

    @task(3)
    def plan(self) -> None:
        status = random.choice(["", "pagar", "ikke_startet", "fullfort"])
        self.client.get(
            f"{self._base()}/strategi/{self.org['strategy']}/tiltak/?status={status}&sort=title",
            name="tiltaksplan (filtrert)",
        )

    @task(2)
    def action(self) -> None:
        pk = random.choice(self.org["actions"])
        self.client.get(f"{self._base()}/tiltak/{pk}/", name="tiltak")

    @task(2)
    def dashboard(self) -> None:
        self.client.get(
            f"{self._base()}/strategi/{self.org['strategy']}/oversikt/", name="oversikt"
        )

    @task(1)
    def wheel(self) -> None:
        self.client.get(f"{self._base()}/strategi/{self.org['strategy']}/arshjul/", name="årshjul")


class Contributor(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.org = _org()
        _log_in(self, self.org["contributor"])

    @task(2)
    def mine(self) -> None:
        self.client.get("/mine-tiltak/", name="mine tiltak")

    @task(1)
    def report(self) -> None:
        if not self.org["own_actions"]:
            return
        pk = random.choice(self.org["own_actions"])
        url = f"/org/{self.org['slug']}/tiltak/{pk}/status/"
        form = self.client.get(url, name="statusrapport (skjema)")
        token = CSRF.search(form.text)
        if token is None:
            form.failure("no CSRF token in the report form")
            return
        with self.client.post(
            url,
            data={
                "status": random.choice(STATUSES),
                "comment": "Lasttest: status rapportert.",
                "csrfmiddlewaretoken": token.group(1),
            },
            headers={"Referer": self.host + url},
            name="statusrapport (lagre)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"report answered {response.status_code}")


class ApiClient(HttpUser):
    weight = 2
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.org = _org()
        self.client.headers["Authorization"] = f"Bearer {self.org['token']}"

    @task(2)
    def actions(self) -> None:
        page = random.randint(1, 3)
        self.client.get(
            f"/api/strategies/{self.org['strategy']}/actions?page={page}", name="API tiltaksliste"
        )

    @task(1)
    def action(self) -> None:
        pk = random.choice(self.org["actions"])
        self.client.get(f"/api/actions/{pk}", name="API tiltak")


class Public(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.org = _org()

    @task
    def open_page(self) -> None:
        if self.org["published"]:
            self.client.get(
                f"/apen/{self.org['slug']}/strategi/{self.org['strategy']}/", name="åpen side"
            )
