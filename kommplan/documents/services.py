"""Writes of the web import flow: upload a document, read it in the background, accept the plan.

The flow: `create_import_job` stores the upload and queues `tasks.read_import_job` after the
commit; the task calls `run_import_job`, which extracts the text, proposes a plan and keeps both
on the job; a reviewer edits or drops items and `accept_import` creates the strategy with
planfiles' `load_plan`, all in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError

from kommplan.audit.models import AuditEvent
from kommplan.audit.services import record
from kommplan.organisations.models import Organisation
from kommplan.planfiles.dump import plan_to_data
from kommplan.planfiles.errors import PlanFileError, Problem
from kommplan.planfiles.reader import format_path
from kommplan.planfiles.references import check_references
from kommplan.planfiles.schema import PlanFile
from kommplan.planfiles.services import load_plan
from kommplan.strategies.models import Strategy

from .errors import ImportProblem
from .models import ImportJob
from .review import ITEM_KINDS, split_path

logger = logging.getLogger(__name__)

# Progress shown while a job runs: the text is read, then the plan is proposed.
PROGRESS_STARTED = 10
PROGRESS_EXTRACTED = 60


class AlreadyAccepted(Exception):
    """The job's plan was accepted before (by another click or another editor)."""

    def __init__(self, strategy: Strategy | None) -> None:
        self.strategy = strategy
        super().__init__("already accepted")


def create_import_job(
    *, organisation: Organisation, uploaded_by, filename: str, content: bytes
) -> ImportJob:
    """Store an uploaded document and have it read in the background once the upload commits."""
    from . import tasks

    job = ImportJob.objects.create(
        organisation=organisation,
        uploaded_by=uploaded_by,
        filename=filename[:255],
        content=content,
        size=len(content),
    )
    transaction.on_commit(lambda: tasks.read_import_job(job.pk))
    return job


def run_import_job(*, job_id: int) -> ImportJob | None:
    """Read a queued job's document and store the proposed plan, or the reason it failed.

    Only a queued job is claimed (one UPDATE that checks the status), so a task delivered twice
    reads the document once and never overwrites a finished or accepted job.
    """
    from .extract import extract
    from .importer import propose_plan

    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, progress=PROGRESS_STARTED
    )
    job = ImportJob.objects.select_related("organisation").filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    try:
        document = extract(bytes(job.content), filename=job.filename)
        ImportJob.objects.filter(pk=job.pk).update(progress=PROGRESS_EXTRACTED)
        result = propose_plan(document, organisation=job.organisation.name)
    except ImportProblem as problem:
        return _fail(job, str(problem))
    except Exception:
        # The importer promises ImportProblem only; anything else is our bug, not the user's.
        logger.exception("Import job %s failed unexpectedly", job.pk)
        return _fail(
            job,
            _(
                "Dokumentet kunne ikke leses på grunn av en feil i kommplan. Prøv igjen senere, "
                "eller kontakt oss hvis det skjer igjen."
            ),
        )
    job.plan = plan_to_data(result.plan)
    job.sources = {
        path: {
            "page": source.page,
            "line": source.line,
            "start": source.start,
            "end": source.end,
            "confidence": source.confidence,
        }
        for path, source in result.sources.items()
    }
    job.lines = [
        {"page": line.page, "line": line.line, "text": line.text, "kind": line.kind}
        for line in document.lines
    ]
    job.pages = document.pages
    job.format = document.format
    job.warnings = list(result.warnings)
    job.status = ImportJob.Status.DONE
    job.progress = 100
    job.error = ""
    job.save()
    return job


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status = ImportJob.Status.FAILED
    job.error = message
    job.progress = 100
    job.save(update_fields=["status", "error", "progress", "updated"])
    return job


def edited_plan_data(
    plan: Mapping[str, Any],
    *,
    organisation: Organisation,
    title: str,
    texts: Mapping[str, str],
    dropped: Iterable[str],
) -> dict[str, Any]:
    """The proposed plan data with the reviewer's changes: a new title, edited item texts
    (keyed by plan path, "actions[3]"), dropped items left out along with references to them.

    The organisation is always the job's own: only its name is written, so loading the plan
    neither switches organisation nor changes what is known about it.
    """
    data = _deep_copy(plan)
    data["organisation"] = {"name": organisation.name}
    strategy = data.setdefault("strategy", {})
    strategy["title"] = title
    for path, text in texts.items():
        item = _item_at(data, path)
        if item is not None:
            item[_text_field(path, item)] = text
    dropped_ids: dict[str, set[str]] = {}
    by_list: dict[str, set[int]] = {}
    for path in dropped:
        parsed = split_path(path)
        if parsed is None or _item_at(data, path) is None:
            continue
        kind, index = parsed
        by_list.setdefault(kind, set()).add(index)
        item_id = _item_at(data, path).get("id")
        if item_id:
            dropped_ids.setdefault(kind, set()).add(item_id)
    for kind, indices in by_list.items():
        container, key = _list_of(data, kind)
        container[key] = [
            item for index, item in enumerate(container.get(key, [])) if index not in indices
        ]
    _drop_references(data, dropped_ids)
    return data


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _deep_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_deep_copy(item) for item in value]
    return value


def _list_of(data: dict[str, Any], kind: str) -> tuple[dict[str, Any], str]:
    if kind == "actions":
        return data, "actions"
    return data.setdefault("strategy", {}), kind


def _item_at(data: dict[str, Any], path: str) -> dict[str, Any] | None:
    parsed = split_path(path)
    if parsed is None:
        return None
    kind, index = parsed
    container, key = _list_of(data, kind)
    items = container.get(key, [])
    return items[index] if 0 <= index < len(items) else None


def _text_field(path: str, item: Mapping[str, Any]) -> str:
    kind = split_path(path)[0]
    return ITEM_KINDS[kind].text_field(item)


def _drop_references(data: dict[str, Any], dropped: Mapping[str, set[str]]) -> None:
    """Leave out references to dropped items, so dropping a goal does not strand its actions."""
    strategy = data.get("strategy", {})
    goals = dropped.get("goals", set())
    approaches = dropped.get("strategies", set())
    groups = dropped.get("target_groups", set())
    channels = dropped.get("channels", set())
    actions = dropped.get("actions", set())

    def clear(item: dict[str, Any], key: str, gone: set[str]) -> None:
        if item.get(key) in gone:
            del item[key]

    def prune(item: dict[str, Any], key: str, gone: set[str]) -> None:
        if key in item:
            item[key] = [ref for ref in item[key] if ref not in gone]

    for goal in strategy.get("goals", []):
        clear(goal, "parent", goals)
    for approach in strategy.get("strategies", []):
        clear(approach, "goal", goals)
    for message in strategy.get("messages", []):
        prune(message, "target_groups", groups)
    for indicator in strategy.get("indicators", []):
        clear(indicator, "goal", goals)
        clear(indicator, "action", actions)
    for action in data.get("actions", []):
        clear(action, "goal", goals)
        clear(action, "strategy", approaches)
        prune(action, "target_groups", groups)
        prune(action, "channels", channels)


def validate_plan_data(data: Mapping[str, Any]) -> PlanFile:
    """A PlanFile from plain data, checked as a plan file is when read: schema, then references."""
    try:
        plan = PlanFile.model_validate(data)
    except ValidationError as exc:
        raise PlanFileError(
            [
                Problem(format_path(error["loc"]), error["msg"])
                for error in exc.errors(include_url=False)
            ]
        ) from None
    problems = check_references(plan)
    if problems:
        raise PlanFileError(problems)
    return plan


def accept_import(
    *,
    job: ImportJob,
    actor,
    title: str,
    texts: Mapping[str, str],
    dropped: Iterable[str],
) -> Strategy:
    """Create the reviewed plan as a strategy of the job's organisation, in one transaction.

    Raises PlanFileError (nothing created) when the edited plan is not valid, AlreadyAccepted
    when the job was accepted before; the job row is locked so two clicks create one strategy.
    """
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().select_related("organisation").get(pk=job.pk)
        if locked.status == ImportJob.Status.ACCEPTED:
            raise AlreadyAccepted(locked.accepted_strategy)
        if locked.status != ImportJob.Status.DONE or locked.plan is None:
            raise PlanFileError([Problem("", _("Forslaget er ikke klart ennå."))])
        data = edited_plan_data(
            locked.plan,
            organisation=locked.organisation,
            title=title,
            texts=texts,
            dropped=dropped,
        )
        plan = validate_plan_data(data)
        strategy = load_plan(plan).strategy
        locked.status = ImportJob.Status.ACCEPTED
        locked.accepted_strategy = strategy
        locked.save(update_fields=["status", "accepted_strategy", "updated"])
        record(
            actor=actor,
            event=AuditEvent.CREATE,
            obj=strategy,
            organisation=locked.organisation,
            strategy=strategy,
            changes={"import": [None, locked.filename]},
        )
    job.refresh_from_db()
    return strategy
