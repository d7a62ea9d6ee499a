#!/bin/sh
# Entry point of the Broadsheet image: secrets from files, wait for the database, then one role.
#
#   web      the web app (and, unless BROADSHEET_POLL=false, the in-process poller)
#   worker   an ingest worker on the shared PostgreSQL queue (start as many as you like)
#   demo     the bundled offline demo
#   anything else runs as given: `broadsheet backup /data/backup.db`, `sh`, ...
#
# BROADSHEET_<NAME>_FILE=/run/secrets/x sets BROADSHEET_<NAME> from that file's first line
# (the Docker/Podman secrets convention), so passwords need not sit in the environment.
set -eu

PYTHON="${BROADSHEET_PYTHON:-python3}"

log() { printf 'entrypoint: %s\n' "$*" >&2; }

# -- secrets from files ---------------------------------------------------------------------
for pair in $(env | sed -n 's/^\(BROADSHEET_[A-Z0-9_]*\)_FILE=.*/\1/p'); do
    name="$pair"
    file=$(printenv "${name}_FILE")
    if [ -n "$(printenv "$name" 2>/dev/null || true)" ]; then
        log "both $name and ${name}_FILE are set; use one"
        exit 64
    fi
    if [ ! -r "$file" ]; then
        log "${name}_FILE names $file, which cannot be read"
        exit 66
    fi
    value=$(head -n 1 "$file" | tr -d '\r\n')
    export "$name=$value"
    unset "${name}_FILE"
done

# -- the data folder ------------------------------------------------------------------------
data_dir="${BROADSHEET_DATA_DIR:-/data}"
export BROADSHEET_DATA_DIR="$data_dir"
mkdir -p "$data_dir" 2>/dev/null || true
if [ ! -w "$data_dir" ]; then
    log "the data folder $data_dir is not writable by uid $(id -u)"
    exit 73
fi

# -- wait for PostgreSQL ----------------------------------------------------------------------
wait_for_db() {
    case "${BROADSHEET_DB_URL:-}" in
        postgresql*|postgres:*) ;;
        *) return 0 ;;
    esac
    "$PYTHON" - "${BROADSHEET_WAIT_FOR_DB_S:-60}" <<'PY'
import socket, sys, time
from os import environ
from urllib.parse import urlsplit

url = urlsplit(environ["BROADSHEET_DB_URL"])
host, port = url.hostname or "localhost", url.port or 5432
deadline = time.monotonic() + float(sys.argv[1])
while True:
    try:
        socket.create_connection((host, port), timeout=2).close()
        sys.exit(0)
    except OSError as exc:
        if time.monotonic() >= deadline:
            print(f"entrypoint: database {host}:{port} unreachable: {exc}", file=sys.stderr)
            sys.exit(69)
        time.sleep(0.5)
PY
}

role="${1:-web}"
[ "$#" -gt 0 ] && shift

case "$role" in
    web)
        wait_for_db
        exec broadsheet serve --host "${BROADSHEET_HOST:-0.0.0.0}" \
            --port "${BROADSHEET_PORT:-8000}" "$@"
        ;;
    worker)
        if [ -z "${BROADSHEET_DB_URL:-}" ]; then
            log "workers share a PostgreSQL store: set BROADSHEET_DB_URL=postgresql://..."
            exit 64
        fi
        wait_for_db
        exec broadsheet worker --db "$BROADSHEET_DB_URL" "$@"
        ;;
    demo)
        exec broadsheet demo --port "${BROADSHEET_PORT:-8000}" "$@"
        ;;
    *)
        wait_for_db
        exec "$role" "$@"
        ;;
esac
