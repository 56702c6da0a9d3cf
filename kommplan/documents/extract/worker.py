"""The sandboxed reader: `python -m kommplan.documents.extract.worker PARAMS` reads a document
from stdin and writes the result as JSON to stdout.

It limits itself before touching the document: address space (RLIMIT_AS), CPU seconds
(RLIMIT_CPU, a backstop behind the parent's wall-clock limit) and no core files. It needs no
Django and no database, and it never opens a network connection: none of the readers fetches
what a document links to.

PARAMS is JSON: {"filename": ..., "limits": Limits as data, "tesseract": path or null}.
The answer is {"ok": true, "document": ExtractedDocument.to_data()} or
{"ok": false, "message": ..., "where": ...}.
"""

from __future__ import annotations

import json
import math
import resource
import sys
import time
import traceback


def _limit_self(memory_bytes: int, seconds: float) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = math.ceil(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _peak_rss() -> int:
    """This process's own peak resident memory (VmHWM). Unlike ru_maxrss it does not count
    the memory of the parent at the moment this process was started."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


# Time kept back from OCR for writing the answer before the parent's wall clock runs out.
_ANSWER_SECONDS = 1.5


def main(argv: list[str]) -> int:
    started = time.monotonic()
    params = json.loads(argv[1])
    limits_data = params["limits"]
    _limit_self(int(limits_data["memory_bytes"]), float(limits_data["parse_seconds"]))

    from ..errors import ImportProblem
    from .limits import Limits, mib
    from .parse import parse

    limits = Limits(**limits_data)
    content = sys.stdin.buffer.read()
    try:
        document = parse(
            content,
            filename=params["filename"],
            limits=limits,
            tesseract=params["tesseract"],
            deadline=started + limits.parse_seconds - _ANSWER_SECONDS,
        )
        answer = {"ok": True, "document": document.to_data()}
    except ImportProblem as problem:
        answer = {"ok": False, "message": problem.message, "where": problem.where}
    except MemoryError:
        answer = {
            "ok": False,
            "message": (
                f"Dokumentet krever mer minne enn grensen på {mib(limits.memory_bytes)} for å "
                "leses, og lesingen ble stoppet. Filen kan være skadet eller laget for å "
                "overbelaste systemet."
            ),
            "where": "",
        }
    except RecursionError:
        answer = {
            "ok": False,
            "message": "Dokumentet er bygd opp for dypt (nøstet) til å leses, og ble avvist.",
            "where": "",
        }
    except Exception:  # noqa: BLE001 - any failure on a hostile file is a refusal, not a crash
        traceback.print_exc(file=sys.stderr)
        answer = {
            "ok": False,
            "message": (
                "Dokumentet kan ikke leses: filen er skadet eller har en oppbygning vi ikke "
                "kjenner."
            ),
            "where": "",
        }
    answer["peak_rss_bytes"] = _peak_rss()
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
