"""Background work of the document importer (Huey): thin shells around services."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import services


@db_task()
def read_import_job(job_id: int) -> None:
    """Read an uploaded document and store the proposed plan; a finished job is left alone."""
    services.run_import_job(job_id=job_id)
