#!/usr/bin/env bash
# Síťař national benchmark (make bench): a throwaway PostgreSQL with the national dataset, the app under gunicorn
# (2 workers), measured over HTTP from another process; results in benchmarks/results/ (latest.json, latest.md).
#
#   make bench                  everything (the dataset is built once and kept as a dump in benchmarks/cache/)
#   BENCH_FACTOR=0.1 make bench a smaller dataset for a quick try
#   BENCH_REQUESTS=100 BENCH_SCREEN_REQUESTS=15 BENCH_LOAD_SECONDS=20 BENCH_SERVICES=7000 (the defaults)
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$SITAR_ROOT"

GUNICORN_PID=""
stop_gunicorn() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID" 2>/dev/null || true
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    GUNICORN_PID=""
}
trap 'rc=$?; stop_gunicorn; (exit "$rc"); cleanup' EXIT   # cleanup reports the exit code it finds in $?
trap 'exit 130' INT
trap 'exit 143' TERM

FACTOR="${BENCH_FACTOR:-1}"
RESULTS=benchmarks/results
CACHE=benchmarks/cache
mkdir -p "$RESULTS" "$CACHE"

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)          # the mixed read load
[ -x "${SITAR_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)   # the tablet's offline copy (benchmarks/tablet.py)
start_throwaway_run "benchmark-key-only-for-make-bench-never-used-outside-a-benchmark-0123456789" "${missing[@]}"
PG_BIN="$(find_pg_bin)"
PG_ARGS=(-h 127.0.0.1 -p "$SITAR_PG_PORT" -U sitar)

export DJANGO_DEBUG=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DJANGO_CONN_MAX_AGE=600
# The token endpoint and writes are not what is measured.
export API_THROTTLE_AUTH=100000/minute API_THROTTLE_WRITES=100000/minute API_THROTTLE_PUBLIC=10000000/minute
# The pages are measured, not the sign-in: the demo's superuser and leads sign in without a second factor.
export SITAR_2FA_REQUIRED=0
compile_messages

step "the national dataset"
# The dump is valid for these migrations and this seed code at this factor.
# In a git pathspec and in find -path a * matches a / too: demo/*.py takes in demo's packages (catalogue/, national/).
stamp="$(cat $(git ls-files '*/migrations/*.py' 'demo/*.py' 2>/dev/null || find . -path ./.venv -prune -o \
    \( -path '*/migrations/*.py' -o -path './demo/*.py' \) -print) | sha1sum | cut -c1-12)"
dump="$CACHE/national-$FACTOR-$stamp.dump"
if [ -f "$dump" ]; then
    log "restoring $dump"
    "$PG_BIN/pg_restore" "${PG_ARGS[@]}" -d sitar --no-owner -j 2 "$dump"
else
    manage migrate --no-input -v 0
    manage seed_demo --scale national --national-factor "$FACTOR"
    rm -f "$CACHE"/national-*.dump   # dumps of older migrations or seed code are of no use any more
    "$PG_BIN/pg_dump" "${PG_ARGS[@]}" -Fc -f "$dump.part" sitar && mv "$dump.part" "$dump"
    log "kept the dataset as $dump"
fi
manage migrate --no-input -v 0   # a no-op unless the dump predates a migration
"$PG_BIN/psql" -h 127.0.0.1 -p "$SITAR_PG_PORT" -U postgres -d sitar -q -c "VACUUM ANALYZE" >/dev/null

step "registry import (empty database)"
"$PG_BIN/psql" "${PG_ARGS[@]}" -d postgres -q -c "CREATE DATABASE sitar_import OWNER sitar" >/dev/null
(
    export DATABASE_URL="postgres://sitar@127.0.0.1:$SITAR_PG_PORT/sitar_import"
    manage migrate --no-input -v 0
    "$SITAR_VENV/bin/python" -m benchmarks.rpss_import --services "${BENCH_SERVICES:-7000}" \
        --json "$RESULTS/rpss_import.json" >/dev/null
)

step "static files (collectstatic: WhiteNoise serves them as in production, the offline app's scripts among them)"
manage collectstatic --no-input -v 0

step "gunicorn (2 workers)"
port="$(free_port)"
"$SITAR_VENV/bin/gunicorn" config.wsgi --workers 2 --bind "127.0.0.1:$port" --log-level warning \
    >"$CACHE/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
for _ in $(seq 1 100); do
    "$SITAR_VENV/bin/python" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/accounts/login/')" \
        2>/dev/null && break
    kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$CACHE/gunicorn.log" >&2; die "gunicorn did not start"; }
    sleep 0.2
done

step "measurements over HTTP"
"$SITAR_VENV/bin/python" -m benchmarks.http --base "http://127.0.0.1:$port" \
    --requests "${BENCH_REQUESTS:-100}" --load-seconds "${BENCH_LOAD_SECONDS:-20}" \
    --screen-requests "${BENCH_SCREEN_REQUESTS:-15}" \
    --import-json "$RESULTS/rpss_import.json" --json "$RESULTS/latest.json" --markdown "$RESULTS/latest.md"
stop_gunicorn
