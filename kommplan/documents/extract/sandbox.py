"""Running the worker: a separate process per document, with a memory limit it sets on itself
and a wall-clock limit enforced here by killing its whole process group.

The document goes in and the answer comes out through temporary files, so a large answer cannot
fill a pipe and stall either side. The worker is waited for with os.wait4, which also gives its
peak memory use (reported in WorkerRun, and used by the tests to prove the limits hold).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from ..errors import ImportProblem
from .document import ExtractedDocument
from .limits import Limits, mib

logger = logging.getLogger(__name__)

WORKER_MODULE = "kommplan.documents.extract.worker"


@dataclass(frozen=True)
class WorkerRun:
    """One run of the worker: its answer, how long it took and how much memory it used."""

    document: ExtractedDocument | None
    problem: ImportProblem | None
    seconds: float
    max_rss_bytes: int
    timed_out: bool
    exit_status: int
    # The worker's own peak (VmHWM) when it finished normally; max_rss_bytes (from wait4) also
    # counts the parent's memory at the moment the worker was started.
    worker_peak_bytes: int = 0

    def result(self) -> ExtractedDocument:
        if self.problem is not None:
            raise self.problem
        assert self.document is not None
        return self.document


def run_worker(
    content: bytes, *, filename: str, limits: Limits, tesseract: str | None
) -> WorkerRun:
    # Only the end of the name matters (its extension, and a name to show); a command-line
    # argument has a length limit.
    params = json.dumps(
        {"filename": filename[-255:], "limits": limits.to_data(), "tesseract": tesseract},
        ensure_ascii=True,
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "OMP_THREAD_LIMIT": "1",
    }
    with (
        tempfile.TemporaryFile() as stdin,
        tempfile.TemporaryFile() as stdout,
        tempfile.TemporaryFile() as stderr,
    ):
        stdin.write(content)
        stdin.seek(0)
        started = time.monotonic()
        try:
            process = subprocess.Popen(
                [sys.executable, "-E", "-s", "-m", WORKER_MODULE, params],
                stdin=stdin,
                stdout=stdout,
                stderr=stderr,
                env=env,
                cwd=_project_root(),
                start_new_session=True,
                close_fds=True,
            )
        except OSError:
            logger.exception("Could not start the document worker")
            raise ImportProblem(
                "Lesingen av dokumentet kunne ikke startes på serveren. Prøv igjen om litt."
            ) from None
        status, usage, timed_out = _wait(process, limits.parse_seconds)
        seconds = time.monotonic() - started
        # ru_maxrss is in KiB on Linux.
        max_rss = usage.ru_maxrss * 1024 if usage is not None else 0
        stdout.seek(0)
        output = stdout.read()
        stderr.seek(0)
        errors = stderr.read(64 * 1024).decode("utf-8", errors="replace")

    exit_status = os.waitstatus_to_exitcode(status) if status is not None else -signal.SIGKILL
    if errors.strip():
        logger.warning("Document worker for %r wrote to stderr:\n%s", filename, errors)
    document, problem, peak = None, None, 0
    if timed_out:
        problem = ImportProblem(
            f"Det tok for lang tid å lese dokumentet (grensen er {limits.parse_seconds:g} "
            "sekunder), så lesingen ble stoppet. Filen kan være skadet eller laget for å "
            "overbelaste systemet."
        )
    else:
        try:
            answer = json.loads(output)
        except ValueError:
            answer = None
        if isinstance(answer, dict):
            peak = int(answer.get("peak_rss_bytes") or 0)
        if isinstance(answer, dict) and answer.get("ok"):
            try:
                document = ExtractedDocument.from_data(answer["document"])
            except (KeyError, TypeError, ValueError):
                logger.error("Document worker for %r gave a malformed answer", filename)
                problem = ImportProblem("Lesingen av dokumentet ga et ugyldig svar.")
        elif isinstance(answer, dict):
            problem = ImportProblem(answer["message"], where=answer.get("where", ""))
        elif (
            "MemoryError" in errors
            or "Cannot allocate memory" in errors
            or "Out of memory" in errors
            # A library that aborts when an allocation fails (PDFium does) dies by a signal
            # with its memory use at the limit.
            or (exit_status < 0 and max_rss >= 0.8 * limits.memory_bytes)
        ):
            problem = ImportProblem(
                f"Dokumentet krever mer minne enn grensen på {mib(limits.memory_bytes)} for "
                "å leses, og lesingen ble stoppet. Filen kan være skadet eller laget for å "
                "overbelaste systemet."
            )
        else:
            logger.error("Document worker for %r ended with status %s", filename, exit_status)
            problem = ImportProblem(
                "Lesingen av dokumentet stoppet uventet. Filen kan være skadet; prøv å lagre "
                "den på nytt, eller som PDF."
            )
    return WorkerRun(document, problem, seconds, max_rss, timed_out, exit_status, peak)


def _wait(process: subprocess.Popen, seconds: float):
    """Wait for the worker at most `seconds`, then kill its process group; (status, rusage,
    timed_out). The reaping is done by os.wait4 so that its rusage is the worker's own."""
    reaped: dict[str, tuple] = {}

    def reap() -> None:
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        except ChildProcessError:
            return  # someone else reaped it; its answer is still in the output file
        reaped["result"] = (status, usage)

    waiter = threading.Thread(target=reap, name="document-worker-wait", daemon=True)
    waiter.start()
    waiter.join(seconds)
    timed_out = waiter.is_alive()
    if timed_out:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        waiter.join()
    status, usage = reaped.get("result", (None, None))
    # Popen must not wait for (or warn about) a process reaped here.
    process.returncode = os.waitstatus_to_exitcode(status) if status is not None else -9
    return status, usage, timed_out


def _project_root() -> str:
    # The directory holding the kommplan package, so that `-m` finds it even from a checkout
    # that is not installed.
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
