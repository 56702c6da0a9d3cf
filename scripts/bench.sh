#!/usr/bin/env bash
# `make bench`: run the benchmarks and write their results into docs/benchmarks.md.
# The importer writes its own section; the raw output of the others replaces the section
# "Latest make bench run" at the end. Timings depend on the machine: the section says which.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN="python3 -m uv run --locked"
# Benchmarks run with production settings (DEBUG off), which serve hashed static files.
export STATIC_ROOT="$PWD/var/bench/static" DEBUG=false
mkdir -p var/bench
$RUN kommplan collectstatic --noinput -v0

$RUN python -m kommplan.documents.importer.benchmark --write

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
{
    echo "## Latest make bench run"
    echo
    echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(python3 --version)."
    echo
    echo '```'
    echo '$ python -m kommplan.documents.extract.bench'
    $RUN python -m kommplan.documents.extract.bench
    echo
    echo '$ python -m kommplan.yearwheel.benchmark 500'
    $RUN python -m kommplan.yearwheel.benchmark 500
    echo
    echo '$ python -m kommplan.reports.benchmark'
    $RUN python -m kommplan.reports.benchmark
    echo
    echo '$ python -m kommplan.crisis.benchmark 500'
    $RUN python -m kommplan.crisis.benchmark 500
    echo '```'
} > "$out"

python3 - "$out" <<'PY'
import re, sys
from pathlib import Path
doc = Path("docs/benchmarks.md")
text = doc.read_text(encoding="utf-8")
section = Path(sys.argv[1]).read_text(encoding="utf-8")
pattern = re.compile(r"^## Latest make bench run\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub("", text).rstrip("\n") + "\n\n" + section
doc.write_text(text, encoding="utf-8")
print("wrote docs/benchmarks.md")
PY
