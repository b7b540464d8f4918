#!/usr/bin/env bash
# Quick start for a local demo (what `make run` does):
#   venv (requirements.txt) -> node_modules (package-lock.json) -> offline/build (npm run build)
#   -> compilemessages (if gettext is there) -> migrate -> seed_demo -> runserver on http://127.0.0.1:8000
#
# Uses SQLite (db.sqlite3 in the repo root) unless DATABASE_URL is set.
# DJANGO_DEBUG defaults to 1 here; HOST / PORT override 127.0.0.1 / 8000.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SITAR_ROOT"

export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
# The demo users sign in with their password alone; DEMO_2FA=1 makes two-factor sign-in required of the superuser and
# the regional leads, as in production (they enrol an authenticator at their first sign-in).
export SITAR_2FA_REQUIRED="${SITAR_2FA_REQUIRED:-${DEMO_2FA:-0}}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

step "virtualenv (requirements.txt)"
ensure_venv requirements.txt

step "front-end packages (package-lock.json) and the offline app's build"
ensure_frontend_build

[ -f manage.py ] || die "manage.py not found in $SITAR_ROOT"

step "compilemessages"
# The UI is Czech: the catalogue must be compiled, so gettext is installed (as root) or its install line printed.
command -v msgfmt >/dev/null 2>&1 || need_debian_packages gettext
# The PDF of the ORP report needs a font with Czech letters (DejaVu Sans).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_debian_packages fonts-dejavu-core
manage compilemessages -v 0 --ignore .venv --ignore .git --ignore node_modules

step "migrate"
manage migrate --no-input

step "seed_demo"
manage seed_demo

# The open data the nightly Celery beat writes (a quick start runs no beat): the catalogue's HSDS package and the
# evaluation's approved, suppressed aggregates, served at /hsds/data/ and /evaluation/data/.
step "open data"
manage export_hsds "${HSDS_EXPORT_DIR:-var/open-data/hsds}" >/dev/null
manage export_evaluation "${EVALUATION_EXPORT_DIR:-var/open-data/evaluation}" >/dev/null

url="http://$HOST:$PORT/"
printf '\n==> Síťař is starting at  %s   (Ctrl-C to stop)\n\n' "$url"
exec "$SITAR_VENV/bin/python" manage.py runserver "$HOST:$PORT"
