"""Speed of text extraction on the 30-page text PDF (samples.strategy_pdf).

    uv run python -m kommplan.documents.extract.bench [--pages 30] [--runs 7]

Prints the median of several runs of: the sandboxed extract() (worker start-up included), the
readers alone in this process, and the worker start-up on a one-line text file; and the
worker's own peak memory. Needs fpdf2 (a development dependency) to make the PDF.
`time_extract()` is there for other benchmarks (the importer's) to call.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from .limits import Limits
from .ocr import find_tesseract
from .parse import parse
from .samples import strategy_pdf
from .sandbox import run_worker


def _median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def time_extract(content: bytes, *, filename: str, runs: int = 7) -> dict[str, float]:
    """Median seconds of the sandboxed extraction and of the readers alone, and peak MiB."""
    limits = Limits()
    tesseract = find_tesseract()
    first = run_worker(content, filename=filename, limits=limits, tesseract=tesseract)
    first.result()  # a file that does not extract is no benchmark
    return {
        "extract_seconds": _median_seconds(
            lambda: run_worker(content, filename=filename, limits=limits, tesseract=tesseract),
            runs,
        ),
        "readers_seconds": _median_seconds(
            lambda: parse(content, filename=filename, limits=limits, tesseract=tesseract), runs
        ),
        "worker_peak_mib": first.worker_peak_bytes / (1024 * 1024),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args(argv)

    content = strategy_pdf(pages=options.pages)
    pdf = time_extract(content, filename="strategi.pdf", runs=options.runs)
    startup = time_extract(b"Kommunikasjonsstrategi", filename="kort.txt", runs=options.runs)
    document = parse(content, filename="strategi.pdf", limits=Limits())
    print(
        f"{options.pages}-page text PDF: {len(content) / 1024:.0f} KiB, "
        f"{len(document.text)} characters, {len(document.lines)} lines"
    )
    print(f"  extract() in the sandbox:     {pdf['extract_seconds'] * 1000:6.0f} ms (median)")
    print(f"  readers alone, in process:    {pdf['readers_seconds'] * 1000:6.0f} ms")
    print(f"  worker start-up (short .txt): {startup['extract_seconds'] * 1000:6.0f} ms")
    print(f"  worker peak memory:           {pdf['worker_peak_mib']:6.0f} MiB")


if __name__ == "__main__":
    main()
