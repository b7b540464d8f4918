#!/usr/bin/env bash
# Síťař benchmarks on a throwaway PostgreSQL (started and removed here), results in benchmarks/results/.
#
#   make bench
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$SITAR_ROOT"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step "system packages"
find_pg_bin >/dev/null || need_debian_packages postgresql

step "virtualenv (requirements-dev.txt)"
ensure_venv requirements-dev.txt

step "PostgreSQL"
start_postgres

export DJANGO_SETTINGS_MODULE=network.settings
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-insecure-benchmark-key}"
export DJANGO_SECURE_SSL=0
export PYTHONDONTWRITEBYTECODE=1

step "migrate"
manage migrate --no-input -v 0

mkdir -p benchmarks/results
step "registry import (7 000 services, first run and re-run)"
"$SITAR_VENV/bin/python" -m benchmarks.rpss_import --services "${BENCH_SERVICES:-7000}" \
    --json benchmarks/results/rpss_import.json
