#!/usr/bin/env bash
# Síťař test run: system packages, venv, throwaway PostgreSQL, Django checks, pytest.
#
#   scripts/test.sh [PYTEST ARGS...]      (or: make test ARGS="...")
#
# Works from any directory. Exits non-zero on any failure, including when
# pytest collects no tests at all (its exit code 5).
#
# Redis: the Celery worker tests need a broker. A throwaway redis-server (and
# CELERY_BROKER_URL pointing at it) is started only when
#   REDIS=1                      is set in the environment, or
#   tests/.needs-redis           exists (commit that file once tests need Celery+Redis).
# REDIS=0 forces it off.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SITAR_ROOT"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

want_redis=""
case "${REDIS:-}" in
    1|yes|true) want_redis=1 ;;
    0|no|false) want_redis="" ;;
    *) [ -f tests/.needs-redis ] && want_redis=1 ;;
esac

# The packages of this run beyond those of every throwaway run (PostgreSQL, gettext).
missing=()
# Browser tests (tests/ui/browser/) drive Debian's Chromium through Playwright; `playwright install` cannot download here.
[ -x "${SITAR_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
# The PDF of the ORP report needs a font with Czech letters (DejaVu Sans).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ -n "$want_redis" ] && ! command -v redis-server >/dev/null 2>&1; then
    missing+=(redis-server)
fi
export SITAR_PG_NO_AUTOVACUUM=1
start_throwaway_run "test-key-only-for-scripts-test-sh-never-used-outside-a-test-run-0123456789" "${missing[@]}"

if [ -n "$want_redis" ]; then
    step "Redis"
    start_redis
    # The Celery worker tests (tests/celery_worker.py) fail instead of skipping when Redis is expected.
    export SITAR_REQUIRE_REDIS=1
fi

# Screenshots of the browser tests go to test-artifacts/screenshots/<this run>/.
export SITAR_TEST_RUN="${SITAR_TEST_RUN:-$(date +%Y%m%d-%H%M%S)}"

[ -f manage.py ] || die "manage.py not found in $SITAR_ROOT"

step "ruff (lint and format check; make lint fixes what it can)"
"$SITAR_VENV/bin/ruff" check .
"$SITAR_VENV/bin/ruff" format --check .

compile_messages

step "manage.py check"
manage check

step "manage.py makemigrations --check --dry-run"
manage makemigrations --check --dry-run

step "pytest${*:+ $*}"
rc=0
"$SITAR_VENV/bin/python" -m pytest "$@" || rc=$?
if [ "$rc" -eq 5 ]; then
    printf '\nERROR: pytest collected no tests (exit code 5). Check tests/ and the -k/-m/path arguments: %s\n' "${*:-(none)}" >&2
    exit 1
fi
exit "$rc"
