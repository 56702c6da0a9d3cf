#!/usr/bin/env bash
# Load test: gunicorn (several workers, production settings) on 127.0.0.1 and locust headless
# with a mixed read/write workload (scripts/locustfile.py) against the national data set; the
# results go into docs/benchmarks.md ("Nasjonal skala", between the loadtest markers).
#
# Usage: scripts/loadtest.sh [sqlite|postgres] [USERS] [SECONDS] [SCALE]
#   defaults: sqlite, 40 simulated users, 60 seconds, scale 0.1 (45 organisations)
# SQLite reuses var/bench/national-SCALE.sqlite3 when scripts/bench-national.sh left one (else
# seeds it); PostgreSQL runs in a throwaway server (scripts/with-postgres.sh), seeded afresh.
# Exits non-zero when any request failed.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${1:-sqlite}"
USERS="${2:-40}"
DURATION="${3:-60}"
SCALE="${4:-0.1}"
WORKERS="${LOADTEST_WORKERS:-4}"
case "$DB" in sqlite | postgres) ;; *) echo "usage: $0 [sqlite|postgres] [USERS] [SECONDS] [SCALE]" >&2; exit 2 ;; esac
if [ "$DB" = postgres ] && [ -z "${LOADTEST_IN_POSTGRES:-}" ]; then
    exec env LOADTEST_IN_POSTGRES=1 scripts/with-postgres.sh "$0" "$@"
fi
BIN=.venv/bin
OUT="$PWD/var/bench"
mkdir -p "$OUT"
# Production settings, except that this plain-http server on 127.0.0.1 has no TLS in front.
export DEBUG=false SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0
export SECRET_KEY="loadtest-$(head -c 24 /dev/urandom | base64)" ALLOWED_HOSTS=127.0.0.1
export STATIC_ROOT="$OUT/static" DB_CONN_MAX_AGE=60
if [ "$DB" = sqlite ]; then
    file="$OUT/national-$SCALE.sqlite3"
    export DATABASE_URL="sqlite:///$file"
    if [ ! -f "$file" ]; then
        $BIN/kommplan migrate -v0
        $BIN/kommplan seed-national --scale "$SCALE"
    fi
else
    $BIN/kommplan migrate -v0
    $BIN/kommplan seed-national --scale "$SCALE"
fi
$BIN/kommplan collectstatic --noinput -v0
export LOADTEST_TARGETS="$OUT/loadtest-targets-$DB.json"
$BIN/python -m kommplan.national.loadtest prepare "$LOADTEST_TARGETS" --orgs 40

PORT=8765
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
$BIN/gunicorn kommplan.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning \
    --error-logfile "$OUT/loadtest-gunicorn-$DB.log" &
GUNICORN=$!
cleanup() {
    kill "$GUNICORN" 2>/dev/null && wait "$GUNICORN" 2>/dev/null
    $BIN/python -m kommplan.national.loadtest cleanup || true
}
trap cleanup EXIT
for _ in $(seq 1 60); do
    curl -fso /dev/null "http://127.0.0.1:$PORT/konto/login/" && break
    sleep 0.5
done

set +e
$BIN/locust -f scripts/locustfile.py --headless -u "$USERS" -r "$(( USERS / 4 + 1 ))" \
    -t "${DURATION}s" --host "http://127.0.0.1:$PORT" --csv "$OUT/loadtest-$DB" --only-summary \
    --loglevel WARNING
rc=$?
set -e
$BIN/python -m kommplan.national.loadtest summarise "$OUT/loadtest-${DB}_stats.csv" \
    --label "$DB, S=$SCALE, gunicorn $WORKERS workers, ${DURATION} s" --users "$USERS" \
    --out "$OUT/loadtest-$DB.json"
results=()
for name in sqlite postgres; do
    [ -f "$OUT/loadtest-$name.json" ] && results+=("$OUT/loadtest-$name.json")
done
$BIN/python -m kommplan.national.loadtest write-docs "${results[@]}"
exit "$rc"
