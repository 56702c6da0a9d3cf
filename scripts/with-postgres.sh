#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 server.
#
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
#
# Installs postgresql-15 with apt if its server binaries are missing (root
# only), creates a temporary cluster owned by the `postgres` system user (or by
# the current user when not root), starts it on 127.0.0.1 on a free port
# (default 54329, never the system cluster's 5432), creates role and database
# `kommplan`, exports
#   DATABASE_URL=postgres://kommplan@127.0.0.1:PORT/kommplan
# and runs COMMAND with it. The exit code of COMMAND is preserved. The server
# is stopped and the temporary directory removed on exit, also on failure or
# Ctrl-C. Any default cluster created by the Debian package is ignored.
#
# Environment:
#   WITH_POSTGRES_PORT  first port to try (default 54329)
set -euo pipefail

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/${PG_VERSION}/bin"
PG_SUPERUSER=postgres # bootstrap superuser name inside the throwaway cluster
DB_NAME=kommplan
DB_USER=kommplan
FIRST_PORT="${WITH_POSTGRES_PORT:-54329}"
PORT_ATTEMPTS=50

log() { printf 'with-postgres: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

# --- server binaries ------------------------------------------------------

if [ ! -x "$PG_BIN/postgres" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    [ "$(id -u)" -eq 0 ] ||
        die "PostgreSQL $PG_VERSION not found in $PG_BIN and not root; install package postgresql-$PG_VERSION"
    command -v apt-get >/dev/null || die "PostgreSQL $PG_VERSION not found in $PG_BIN and apt-get is not available"
    log "PostgreSQL $PG_VERSION not found, installing postgresql-$PG_VERSION with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -q update </dev/null >&2 || die "apt-get update failed"
    # The package's post-install may create and start a default cluster on
    # port 5432 (and fail if it cannot start it). We do not use that cluster,
    # so only the presence of the binaries matters.
    if ! apt-get -q install -y --no-install-recommends "postgresql-$PG_VERSION" </dev/null >&2; then
        log "warning: apt-get install reported an error (probably the default cluster); continuing if the binaries are present"
    fi
    [ -x "$PG_BIN/postgres" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] ||
        die "PostgreSQL $PG_VERSION server binaries still missing in $PG_BIN after installation"
fi

# Client tools: prefer the ones next to the server.
PSQL="$PG_BIN/psql"
PG_ISREADY="$PG_BIN/pg_isready"
[ -x "$PSQL" ] || PSQL="$(command -v psql)" || die "psql not found"
[ -x "$PG_ISREADY" ] || PG_ISREADY="$(command -v pg_isready)" || die "pg_isready not found"

# --- who runs the server --------------------------------------------------

if [ "$(id -u)" -eq 0 ]; then
    PG_OS_USER=postgres
    if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
        log "creating system user $PG_OS_USER"
        useradd --system --user-group --home-dir /var/lib/postgresql --no-create-home \
            --shell /bin/bash --comment "PostgreSQL administrator" "$PG_OS_USER" ||
            die "could not create system user $PG_OS_USER"
    fi
    TMP_BASE=/tmp # must be reachable by the postgres user
else
    PG_OS_USER="$(id -un 2>/dev/null || id -u)"
    TMP_BASE="${TMPDIR:-/tmp}"
fi

# --- temp dir + cleanup ---------------------------------------------------

PGTMP=""
PGDATA_DIR=""
SERVER_LOG=""

# Run a command as the server's OS user, from inside the temp dir (the
# caller's cwd may not be accessible to that user).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$PGTMP" && runuser -u "$PG_OS_USER" -- "$@")
    else
        (cd "$PGTMP" && "$@")
    fi
}

postmaster_pid() {
    [ -n "$PGDATA_DIR" ] && [ -f "$PGDATA_DIR/postmaster.pid" ] && head -n 1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null
}

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM HUP
    if [ -n "$PGTMP" ] && [ -d "$PGTMP" ]; then
        local pid
        pid="$(postmaster_pid)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
            log "stopping PostgreSQL (pid $pid)"
            as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" stop -s -m fast -w -t 20 >/dev/null 2>&1 ||
                as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" stop -s -m immediate -w -t 10 >/dev/null 2>&1
            if kill -0 "$pid" 2>/dev/null; then
                kill -KILL "$pid" 2>/dev/null
                for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            fi
        fi
        rm -rf "$PGTMP"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

PGTMP="$(mktemp -d "$TMP_BASE/kommplan-pg.XXXXXXXX")" || die "mktemp failed"
PGDATA_DIR="$PGTMP/data"
SERVER_LOG="$PGTMP/server.log"
if [ "$(id -u)" -eq 0 ]; then
    chown "$PG_OS_USER:" "$PGTMP" || die "could not chown $PGTMP to $PG_OS_USER"
fi

# --- initdb ---------------------------------------------------------------

LOCALE=C
if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
    LOCALE=C.UTF-8
fi

run_initdb() {
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U "$PG_SUPERUSER" --auth=trust \
        --encoding=UTF8 --locale="$1" --no-sync --no-instructions >"$PGTMP/initdb.log" 2>&1
}

log "initialising cluster in $PGDATA_DIR (locale $LOCALE, owner $PG_OS_USER)"
if ! run_initdb "$LOCALE"; then
    if [ "$LOCALE" != C ]; then
        log "initdb with locale $LOCALE failed, retrying with locale C"
        rm -rf "$PGDATA_DIR"
        LOCALE=C
        run_initdb C || { cat "$PGTMP/initdb.log" >&2; die "initdb failed"; }
    else
        cat "$PGTMP/initdb.log" >&2
        die "initdb failed"
    fi
fi

# Settings for a disposable test server. Single quotes in the socket path are
# doubled for postgresql.conf.
sq="'"
SOCKET_DIR_CONF="${PGTMP//$sq/$sq$sq}"
cat >>"$PGDATA_DIR/postgresql.conf" <<EOF

# --- added by with-postgres.sh (throwaway test cluster) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCKET_DIR_CONF'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

# --- start on a free port -------------------------------------------------

port_in_use() {
    # A successful connect means something is listening.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

PORT="$FIRST_PORT"
started=""
for _ in $(seq 1 "$PORT_ATTEMPTS"); do
    if port_in_use "$PORT"; then
        log "port $PORT is in use, trying $((PORT + 1))"
        PORT=$((PORT + 1))
        continue
    fi
    log "starting PostgreSQL $PG_VERSION on 127.0.0.1:$PORT"
    : >"$SERVER_LOG"
    [ "$(id -u)" -eq 0 ] && chown "$PG_OS_USER:" "$SERVER_LOG"
    if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$SERVER_LOG" -o "-p $PORT" -s -w -t 60 start >&2; then
        started=1
        break
    fi
    # Lost a race for the port (e.g. a parallel run)? Then try the next one.
    if grep -qE 'Address already in use|could not create any TCP/IP sockets' "$SERVER_LOG"; then
        log "port $PORT was taken while starting, trying $((PORT + 1))"
        PORT=$((PORT + 1))
        continue
    fi
    break
done

if [ -z "$started" ]; then
    log "PostgreSQL failed to start; server log ($SERVER_LOG):"
    cat "$SERVER_LOG" >&2 || true
    die "could not start PostgreSQL"
fi

ready=""
for _ in $(seq 1 120); do
    if "$PG_ISREADY" -q -h 127.0.0.1 -p "$PORT" -U "$PG_SUPERUSER" -d postgres; then
        ready=1
        break
    fi
    sleep 0.5
done
if [ -z "$ready" ]; then
    log "PostgreSQL does not accept connections; server log ($SERVER_LOG):"
    cat "$SERVER_LOG" >&2 || true
    die "PostgreSQL not ready on 127.0.0.1:$PORT"
fi

# --- role + database ------------------------------------------------------

"$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$PG_SUPERUSER" -d postgres \
    -c "CREATE ROLE $DB_USER LOGIN SUPERUSER" \
    -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2 ||
    die "could not create role/database $DB_USER/$DB_NAME"

export DATABASE_URL="postgres://$DB_USER@127.0.0.1:$PORT/$DB_NAME"
log "ready: DATABASE_URL=$DATABASE_URL"

# --- run the command ------------------------------------------------------

set +e
"$@"
rc=$?
set -e
log "command exited with status $rc"
exit "$rc"
