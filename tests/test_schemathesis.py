"""Schemathesis against the API: generated requests for every operation of the served schema.

The schema is loaded from the app itself (/api/openapi.json through WSGI; the committed copy is
checked to be the same in tests/test_api.py), and every operation gets a bounded, repeatable
number of examples (derandomized) with the demo organisation's real ids in the path, so the
requests reach the code rather than stop at 404. Every response must be a non-5xx answer that
matches the schema: its status documented, its content type and body as the schema says.

Writes run with an administrator's write token, reads also with a reader's read token (whose
notification list hides the contact details). Deletions run last so they do not starve the others.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)
from zeal import zeal_ignore

from kommplan.actions.models import Action
from kommplan.apitokens.tests.helpers import issue
from kommplan.strategies.models import Strategy

RANA = "rana-kommune"
MAX_EXAMPLES = 15
# Reads with a reader's token: fewer, the writes above already read every route with the same data.
READ_EXAMPLES = 5

# Every check that applies to generated positive data, except `positive_data_acceptance`: the
# schema cannot say everything the services validate (an adopted date's form, a start before an
# end, a web address), so a schema-valid body may rightly get 422.
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    ignored_auth,
    unsupported_method,
]

# The first part of each kind in Rana's strategy: item_id of /strategies/{id}/<kind>/{item_id}.
PART_RELATIONS = {
    "goals": "goals",
    "goal-strategies": "approaches",
    "target-groups": "target_groups",
    "messages": "messages",
    "channels": "channels",
    "principles": "principles",
    "challenges": "challenges",
    "roles": "roles",
    "rules": "rules",
    "notification-entries": "notification_entries",
}


@pytest.fixture
def api_schema(demo, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # As Django's test client does: the end of a request must not close the test's connection
    # (its transaction holds the demo data).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _path_parameters(operation, strategy: Strategy) -> dict:
    action = strategy.actions.order_by("position", "pk").first()
    values = {"slug": RANA, "strategy_id": strategy.pk, "action_id": action.pk}
    segments = operation.path.split("/")  # "", "api", "strategies", "{strategy_id}", kind...
    kind = segments[4] if len(segments) > 4 else ""
    relation = PART_RELATIONS.get(kind)
    if relation and "{item_id}" in operation.path:
        part = getattr(strategy, relation).order_by("position", "pk").first()
        # A kind the demo plan lacks: any id (the answer is then 404, as documented).
        values["item_id"] = part.pk if part else 1
    names = {parameter.name for parameter in operation.path_parameters}
    return {name: value for name, value in values.items() if name in names}


def _run(operation, path_parameters: dict, headers: dict, examples: int = MAX_EXAMPLES) -> None:
    @given(case=operation.as_strategy(path_parameters=path_parameters, headers=headers))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case) -> None:
        if operation.path == "/api/actions/{action_id}" and isinstance(case.body, dict):
            # The stored version, so that the change is tried rather than refused with 409.
            with zeal_ignore():  # the test's own look-up, once per example
                stored = Action.objects.values_list("version", flat=True).get(
                    pk=path_parameters["action_id"]
                )
            case.body["version"] = stored
        case.call_and_validate(checks=CHECKS)

    check()


def _operations(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # Deletions last, so the other operations still find the objects they are given.
    return sorted(operations, key=lambda op: op.method.upper() == "DELETE")


def test_every_operation_answers_within_its_schema_for_a_writer_and_a_reader(api_schema):
    # One test, so the demo plans are loaded once: the administrator's write token on every
    # operation, then a reader's read token on every read (its notification list has no
    # contact details, its writes would all be the same 403).
    strategy = Strategy.objects.get(organisation__slug=RANA)
    operations = _operations(api_schema)
    assert len(operations) > 70
    writer = {"Authorization": f"Bearer {issue('rana-admin', RANA, 'write')}"}
    for operation in operations:
        _run(operation, _path_parameters(operation, strategy), writer)
    reader = {"Authorization": f"Bearer {issue('rana-leser', RANA, 'read')}"}
    for operation in operations:
        if operation.method.upper() == "GET":
            _run(operation, _path_parameters(operation, strategy), reader, READ_EXAMPLES)
