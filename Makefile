# Síťař — thin wrapper; the logic lives in scripts/.
#
#   make run     venv (requirements.txt), compilemessages, migrate, seed_demo,
#                then serve on http://127.0.0.1:8000 (DJANGO_DEBUG=1 by default)
#   make test    scripts/test.sh: throwaway PostgreSQL + Django checks + pytest
#                (pytest arguments: make test ARGS="-k api -x"; Redis: make test REDIS=1)
#   make lint    ruff: fix what it can (imports, formatting), then report the rest
#   make bench   benchmarks/run.sh: throwaway PostgreSQL + the measurements (results in benchmarks/results/)
#   make venv    create/refresh .venv with requirements-dev.txt (runtime + test deps)
#   make clean   remove .venv and db.sqlite3

SHELL := /bin/bash
.DEFAULT_GOAL := run
ARGS ?=

.PHONY: run test lint bench venv clean help

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh $(ARGS)

lint:
	@bash -c 'set -euo pipefail; source scripts/lib.sh; ensure_venv requirements-dev.txt; cd "$$SITAR_ROOT"; "$$SITAR_VENV/bin/ruff" check --fix .; "$$SITAR_VENV/bin/ruff" format .'

bench:
	@bash benchmarks/run.sh

venv:
	@bash -c 'set -euo pipefail; source scripts/lib.sh; ensure_venv requirements-dev.txt; log "venv ready: $$SITAR_VENV"'

clean:
	rm -rf .venv db.sqlite3 .pytest_cache

help:
	@sed -n '3,10p' Makefile
