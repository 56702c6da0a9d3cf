#!/usr/bin/env bash
# National-scale benchmark: seed `kommplan seed-national` at each scale into a fresh SQLite file
# and a throwaway PostgreSQL 15 (scripts/with-postgres.sh), measure seeding time and database
# size, then p50/p95 latency and queries per request of the main pages and API routes
# (kommplan/national/benchmark.py), and write the table into docs/benchmarks.md
# ("Nasjonal skala").
#
# Usage: scripts/bench-national.sh [SCALES] [DATABASES]
#   SCALES     default "0.1 1" (1 = every public body: 202,500 actions, 2,025,000 updates)
#   DATABASES  default "sqlite postgres"
# Full size takes a while (about six minutes of seeding per database on 2 cores); the databases
# are kept in var/bench/ (SQLite) until the next run, PostgreSQL's are thrown away.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALES="${1:-0.1 1}"
DATABASES="${2:-sqlite postgres}"
PY="${PYTHON:-.venv/bin/python}"
OUT=var/bench
mkdir -p "$OUT"
# Production settings (DEBUG off) serve hashed static files: collect them once.
export STATIC_ROOT="$PWD/$OUT/static" DEBUG=false
.venv/bin/kommplan collectstatic --noinput -v0
results=()
for db in $DATABASES; do
    for scale in $SCALES; do
        json="$OUT/national-$db-$scale.json"
        echo "== $db, scale $scale"
        case "$db" in
        sqlite)
            file="$PWD/$OUT/national-$scale.sqlite3"
            rm -f "$file" "$file-wal" "$file-shm"
            DATABASE_URL="sqlite:///$file" "$PY" -m kommplan.national.benchmark --seed "$scale" --json "$json"
            ;;
        postgres)
            scripts/with-postgres.sh "$PY" -m kommplan.national.benchmark --seed "$scale" --json "$json"
            ;;
        *) echo "unknown database $db (sqlite or postgres)" >&2; exit 2 ;;
        esac
        results+=("$json")
    done
done
"$PY" -m kommplan.national.benchmark --write-docs "${results[@]}"
