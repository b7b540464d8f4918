# shellcheck shell=bash
# Shared helpers for Síťař's set-up, test and CI scripts.
#
# Source it, don't run it:   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It deliberately contains no `set -e` / `set -u`: the calling script decides
# its own shell options (scripts/test.sh uses `set -euo pipefail`).
#
# Functions:
#   log / warn / die MSG          messages on stderr
#   step NAME                     announce a step (remembered for the summary)
#   ensure_venv [REQ_FILE...]     create/refresh .venv (stamp keyed on requirement hashes)
#   ensure_node_modules           npm ci when node_modules is missing or older than package-lock.json
#   ensure_frontend_build         npm run build when offline/build/ is missing or older than its sources
#   need_debian_packages PKG...   install missing Debian packages (root) or say how to
#   start_postgres / stop_postgres    throwaway PostgreSQL cluster -> DATABASE_URL
#   start_redis / stop_redis          throwaway redis-server       -> CELERY_BROKER_URL
#   start_throwaway_run KEY [PKG...]  the prelude of make test and make bench: packages, venv,
#                                     throwaway PostgreSQL, the settings of a local run
#   compile_messages              compilemessages over the tree's .po files
#   cleanup                       EXIT trap: stop services, show their logs on failure,
#                                 print a one-line summary, keep the exit code
#
# Services are started as *children* of the calling shell (not daemonised): a
# daemon re-parented to PID 1 can linger as a zombie on these machines, and a
# child can be reaped with `wait`.

SITAR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SITAR_VENV="${SITAR_VENV:-$SITAR_ROOT/.venv}"
SITAR_SCRIPT_NAME="${SITAR_SCRIPT_NAME:-$(basename "${0:-sitar}")}"
SITAR_STEP="start"
SITAR_T0="$(date +%s)"

# ---------------------------------------------------------------- messages --
log()  { printf '==> %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

step() {
    SITAR_STEP="$*"
    log "$*"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# A TCP port on 127.0.0.1 that is free right now (the kernel picks it).
free_port() {
    local py
    for py in "$SITAR_VENV/bin/python" python3 python; do
        if command -v "$py" >/dev/null 2>&1; then
            "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' \
                && return 0
        fi
    done
    # No Python at all: probe random high ports with bash's /dev/tcp.
    local port
    for _ in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# ------------------------------------------------------- Debian packages --
_SITAR_APT_UPDATED=""

# need_debian_packages PKG...
# Installs the packages that dpkg does not report as installed. As root:
# `apt-get update` (once per script run) and `apt-get install`. Otherwise:
# prints the exact command to run and exits 1.
need_debian_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if command -v dpkg-query >/dev/null 2>&1 \
            && dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            continue
        fi
        missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0

    if ! command -v apt-get >/dev/null 2>&1; then
        die "missing system packages (Debian names): ${missing[*]} — install their equivalents for your system"
    fi
    if ! is_root; then
        printf 'ERROR: missing Debian packages: %s\nRun:\n    sudo apt-get install -y --no-install-recommends %s\n' \
            "${missing[*]}" "${missing[*]}" >&2
        exit 1
    fi

    local aptlog
    aptlog="$(mktemp "${TMPDIR:-/tmp}/sitar-apt.XXXXXX")"
    if [ -z "$_SITAR_APT_UPDATED" ]; then
        log "apt-get update"
        if ! DEBIAN_FRONTEND=noninteractive apt-get update >"$aptlog" 2>&1; then
            cat "$aptlog" >&2; rm -f "$aptlog"
            die "apt-get update failed"
        fi
        _SITAR_APT_UPDATED=1
    fi
    log "apt-get install ${missing[*]}"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" </dev/null >"$aptlog" 2>&1; then
        cat "$aptlog" >&2; rm -f "$aptlog"
        die "apt-get install ${missing[*]} failed"
    fi
    rm -f "$aptlog"
}

# ---------------------------------------------------------------- venv --
# The interpreter to build the venv with: $PYTHON, else python3.11, else
# python3 if it is 3.11.
find_python311() {
    local py
    for py in ${PYTHON:-} python3.11 python3; do
        if command -v "$py" >/dev/null 2>&1 \
            && "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            command -v "$py"
            return 0
        fi
    done
    return 1
}

# Prints the requirement file and, recursively, every file it pulls in with
# -r/-c (paths relative to the including file), one per line.
_requirement_closure() {
    local file="$1" depth="${2:-0}" line inc
    echo "$file"
    [ -f "$file" ] && [ "$depth" -lt 10 ] || return 0
    while IFS= read -r line || [ -n "$line" ]; do
        if [[ $line =~ ^[[:space:]]*(-r|-c|--requirement|--constraint)[[:space:]=]*([^[:space:]#]+) ]]; then
            inc="${BASH_REMATCH[2]}"
            case "$inc" in /*) ;; *) inc="$(dirname "$file")/$inc";; esac
            _requirement_closure "$inc" $((depth + 1))
        fi
    done <"$file"
}

# ensure_venv [REQ_FILE...]   (default: requirements.txt; paths relative to the repo root)
# Creates $SITAR_VENV with Python 3.11 if it is missing or broken, then runs
# `pip install -r REQ_FILE` for each requirement file whose content (including
# files it includes with -r) changed since the last successful install. The
# hash of the last install is kept in $SITAR_VENV/.sitar-stamp-<file name>.
ensure_venv() {
    local reqs=("$@") py req stamp want have pip_log
    [ "${#reqs[@]}" -eq 0 ] && reqs=(requirements.txt)

    if [ -x "$SITAR_VENV/bin/python" ] \
        && ! "$SITAR_VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
        warn "$SITAR_VENV is broken or not Python 3.11: recreating it"
        rm -rf "$SITAR_VENV"
    fi

    if [ ! -x "$SITAR_VENV/bin/python" ]; then
        py="$(find_python311)" || die "Python 3.11 not found (tried \$PYTHON, python3.11, python3). On Debian 12: apt-get install python3 python3-venv"
        if ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then
            case "$py" in
                /usr/bin/*) need_debian_packages python3-venv python3.11-venv ;;
                *) die "$py has no venv/ensurepip module" ;;
            esac
        fi
        log "creating virtualenv $SITAR_VENV with $py"
        rm -rf "$SITAR_VENV"
        "$py" -m venv "$SITAR_VENV" || { rm -rf "$SITAR_VENV"; die "python -m venv failed"; }
    fi

    for req in "${reqs[@]}"; do
        case "$req" in /*) ;; *) req="$SITAR_ROOT/$req";; esac
        [ -f "$req" ] || die "requirement file not found: $req"
        # Key: content of the file and of everything it includes + the interpreter version.
        want="$(
            { _requirement_closure "$req" | while IFS= read -r f; do
                  printf '%s\n' "$(basename "$f")"; cat "$f" 2>/dev/null; done
              "$SITAR_VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1
        )"
        stamp="$SITAR_VENV/.sitar-stamp-$(basename "$req")"
        have="$(cat "$stamp" 2>/dev/null || true)"
        if [ "$want" = "$have" ]; then
            continue
        fi
        log "pip install -r $(basename "$req") (log: $SITAR_VENV/pip-install.log)"
        pip_log="$SITAR_VENV/pip-install.log"
        if ! PIP_DISABLE_PIP_VERSION_CHECK=1 "$SITAR_VENV/bin/python" -m pip install --no-input -r "$req" \
                >"$pip_log" 2>&1; then
            tail -n 60 "$pip_log" >&2
            rm -f "$stamp"
            die "pip install -r $req failed (full log: $pip_log)"
        fi
        printf '%s\n' "$want" >"$stamp"
    done
    export VIRTUAL_ENV="$SITAR_VENV"
    case ":$PATH:" in *":$SITAR_VENV/bin:"*) ;; *) export PATH="$SITAR_VENV/bin:$PATH";; esac
}

# ---------------------------------------------------------- node_modules --
# ensure_node_modules
# The front-end packages pinned in package-lock.json (served as static files, config/settings.py STATICFILES_DIRS):
# `npm ci` when node_modules is missing or older than the lock. Node.js and npm come from Debian when missing.
ensure_node_modules() {
    local lock="$SITAR_ROOT/package-lock.json" stamp="$SITAR_ROOT/node_modules/.sitar-stamp" npm_log
    [ -f "$lock" ] || die "package-lock.json not found in $SITAR_ROOT"
    if [ -f "$stamp" ] && ! [ "$lock" -nt "$stamp" ]; then
        return 0
    fi
    command -v npm >/dev/null 2>&1 || need_debian_packages nodejs npm
    npm_log="$(mktemp "${TMPDIR:-/tmp}/sitar-npm.XXXXXX")"
    log "npm ci (package-lock.json)"
    if ! (cd "$SITAR_ROOT" && npm ci --no-audit --no-fund) </dev/null >"$npm_log" 2>&1; then
        tail -n 60 "$npm_log" >&2
        rm -f "$npm_log"
        die "npm ci failed"
    fi
    rm -f "$npm_log"
    touch "$stamp"
}

# ensure_frontend_build
# The offline app's bundles (offline/build/offline/app.js and sw-lib.js, served as /static/offline/…; not committed):
# `npm run build` (offline/build.mjs, esbuild) when they are missing or older than a file of offline/src/, the build
# script, package.json or the lock. Runs ensure_node_modules first.
ensure_frontend_build() {
    local out="$SITAR_ROOT/offline/build/offline" stamp newer npm_log
    ensure_node_modules
    stamp="$SITAR_ROOT/offline/build/.sitar-stamp"  # beside the served directory, not in it
    if [ -f "$stamp" ] && [ -f "$out/app.js" ] && [ -f "$out/sw-lib.js" ]; then
        newer="$(find "$SITAR_ROOT/offline/src" "$SITAR_ROOT/offline/build.mjs" "$SITAR_ROOT/package.json" \
            "$SITAR_ROOT/package-lock.json" -newer "$stamp" -print -quit 2>/dev/null)"
        [ -z "$newer" ] && return 0
    fi
    npm_log="$(mktemp "${TMPDIR:-/tmp}/sitar-npm.XXXXXX")"
    log "npm run build (offline/src -> offline/build/offline)"
    if ! (cd "$SITAR_ROOT" && npm run build) </dev/null >"$npm_log" 2>&1; then
        tail -n 60 "$npm_log" >&2
        rm -f "$npm_log"
        die "npm run build failed"
    fi
    rm -f "$npm_log"
    touch "$stamp"
}

# manage ARGS...   runs manage.py with the venv's Python from the repo root
manage() {
    (cd "$SITAR_ROOT" && "$SITAR_VENV/bin/python" manage.py "$@")
}

# ------------------------------------------------------------ PostgreSQL --
# State, in shell variables of the sourcing script (not exported):
#   SITAR_PG_DIR  temp dir (data/, socket, server.log)   SITAR_PG_PID  postmaster PID
#   SITAR_PG_PORT port on 127.0.0.1                       SITAR_PG_BIN  server binaries
# (Never inherited from the environment: a nested script must not stop its
# parent's services.)
SITAR_PG_DIR=""
SITAR_PG_PID=""
SITAR_PG_PORT=""

# The newest /usr/lib/postgresql/*/bin with initdb (or $PG_BIN, or initdb on PATH).
find_pg_bin() {
    local d best=""
    if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return 0; fi
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
        [ -x "$d/initdb" ] && [ -x "$d/postgres" ] && best="$d"
    done
    if [ -z "$best" ] && command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
        best="$(dirname "$(command -v initdb)")"
    fi
    [ -n "$best" ] && echo "$best"
}

# Runs a command as the cluster owner: the `postgres` user when we are root
# (PostgreSQL refuses to run as root), the current user otherwise. setpriv
# exec()s the command (no extra process in between), so a server started in
# the background with it is a direct child we can `wait` for.
_as_pg_owner() {
    if is_root; then
        setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
    else
        "$@"
    fi
}

# start_postgres
# Creates a throwaway cluster in a fresh temp dir, starts it on a free port
# on 127.0.0.1 (fsync off), creates role `sitar` (LOGIN CREATEDB: pytest-django
# creates test_sitar) and database `sitar`, and exports
#   DATABASE_URL=postgres://sitar@127.0.0.1:PORT/sitar
start_postgres() {
    local pg_bin attempt port
    pg_bin="$(find_pg_bin)" || die "PostgreSQL server binaries not found (Debian package: postgresql)"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to own the cluster"
        command -v setpriv >/dev/null 2>&1 || die "setpriv (util-linux) is needed to run PostgreSQL as 'postgres'"
    fi

    # /tmp rather than $TMPDIR: the dir must be reachable by the postgres user
    # and the socket path must stay short (< 108 bytes).
    SITAR_PG_DIR="$(mktemp -d /tmp/sitar-pg.XXXXXX)" || die "mktemp failed"
    is_root && chown postgres:postgres "$SITAR_PG_DIR"
    SITAR_PG_BIN="$pg_bin"

    if ! _as_pg_owner "$pg_bin/initdb" -D "$SITAR_PG_DIR/data" -U postgres -A trust -E UTF8 \
            --locale=C.UTF-8 >"$SITAR_PG_DIR/initdb.log" 2>&1; then
        cat "$SITAR_PG_DIR/initdb.log" >&2
        die "initdb failed"
    fi

    # The port is free when picked but could be taken before the server binds
    # it: retry with another port.
    for attempt in 1 2 3; do
        port="$(free_port)" || die "could not find a free TCP port"
        # A plain command in the background (not a shell function, which
        # would add a subshell): $! is then the postmaster itself.
        local server=("$pg_bin/postgres" -D "$SITAR_PG_DIR/data" -p "$port" -k "$SITAR_PG_DIR"
            -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off
            -c log_min_duration_statement=10s)
        # The test run's planner statistics come from its migrations and tests alone (SITAR_PG_NO_AUTOVACUUM=1), the
        # same on every run: a fresh clone's run once spent minutes on one query of tests/core/test_bench_screens.py
        # (2 s alone, and in the same modules run again), as if autovacuum had sampled rows some test had committed.
        # Statements of 10 s or more are in the server's log, which a failed run prints.
        if [ -n "${SITAR_PG_NO_AUTOVACUUM:-}" ]; then server+=(-c autovacuum=off); fi
        if is_root; then
            setpriv --reuid=postgres --regid=postgres --init-groups -- "${server[@]}" \
                </dev/null >>"$SITAR_PG_DIR/server.log" 2>&1 &
        else
            "${server[@]}" </dev/null >>"$SITAR_PG_DIR/server.log" 2>&1 &
        fi
        SITAR_PG_PID=$!
        SITAR_PG_PORT="$port"
        if _wait_postgres_ready; then
            break
        fi
        _stop_postgres_process
        [ "$attempt" -eq 3 ] && { tail -n 30 "$SITAR_PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
        warn "PostgreSQL did not start on port $port, retrying"
    done

    if ! "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$SITAR_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
            -c "CREATE ROLE sitar LOGIN CREATEDB" -c "CREATE DATABASE sitar OWNER sitar" >/dev/null; then
        die "could not create role/database sitar"
    fi
    export DATABASE_URL="postgres://sitar@127.0.0.1:$SITAR_PG_PORT/sitar"
    log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$SITAR_PG_PORT (pid $SITAR_PG_PID, dir $SITAR_PG_DIR)"
}

_wait_postgres_ready() {
    for _ in $(seq 1 150); do     # up to ~30 s
        if ! kill -0 "$SITAR_PG_PID" 2>/dev/null; then
            return 1
        fi
        if "$SITAR_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$SITAR_PG_PORT" -U postgres 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

# True while PID runs (a dead but not yet reaped child -- a zombie -- counts
# as gone; plain `kill -0` would still succeed on it).
_pid_running() {
    local state
    if [ -r "/proc/$1/stat" ]; then
        state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)"
        [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
    else
        kill -0 "$1" 2>/dev/null
    fi
}

# Stops the postmaster (fast shutdown) and reaps it.
_stop_postgres_process() {
    local pid="$SITAR_PG_PID"
    [ -n "$pid" ] || return 0
    if _pid_running "$pid"; then
        kill -INT "$pid" 2>/dev/null || true  # fast shutdown
        for _ in $(seq 1 75); do              # up to ~15 s
            _pid_running "$pid" || break
            sleep 0.2
        done
        if _pid_running "$pid"; then
            warn "PostgreSQL (pid $pid) did not stop: immediate shutdown"
            kill -QUIT "$pid" 2>/dev/null || true
            for _ in $(seq 1 25); do          # up to ~5 s
                _pid_running "$pid" || break
                sleep 0.2
            done
        fi
        if _pid_running "$pid"; then
            warn "PostgreSQL (pid $pid) still running: killing it"
            pkill -KILL -P "$pid" 2>/dev/null || true
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
    SITAR_PG_PID=""
    return 0
}

# stop_postgres: stops the server and removes the cluster dir.
stop_postgres() {
    _stop_postgres_process
    if [ -n "$SITAR_PG_DIR" ] && [ -d "$SITAR_PG_DIR" ]; then
        rm -rf "$SITAR_PG_DIR"
    fi
    SITAR_PG_DIR=""
    return 0
}

# ----------------------------------------------------------------- Redis --
SITAR_REDIS_DIR=""
SITAR_REDIS_PID=""
SITAR_REDIS_PORT=""

# start_redis: redis-server as a child on a free port, nothing persisted;
# exports CELERY_BROKER_URL=redis://127.0.0.1:PORT/0
start_redis() {
    local attempt port ok
    command -v redis-server >/dev/null 2>&1 || die "redis-server not found (Debian package: redis-server)"
    SITAR_REDIS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sitar-redis.XXXXXX")" || die "mktemp failed"
    for attempt in 1 2 3; do
        port="$(free_port)" || die "could not find a free TCP port"
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
            --dir "$SITAR_REDIS_DIR" </dev/null >>"$SITAR_REDIS_DIR/redis.log" 2>&1 &
        SITAR_REDIS_PID=$!
        SITAR_REDIS_PORT="$port"
        ok=""
        for _ in $(seq 1 100); do     # up to ~10 s
            kill -0 "$SITAR_REDIS_PID" 2>/dev/null || break
            if _redis_ping "$port"; then ok=1; break; fi
            sleep 0.1
        done
        [ -n "$ok" ] && break
        stop_redis_process
        [ "$attempt" -eq 3 ] && { tail -n 30 "$SITAR_REDIS_DIR/redis.log" >&2; die "redis-server did not start"; }
        warn "redis-server did not start on port $port, retrying"
    done
    export CELERY_BROKER_URL="redis://127.0.0.1:$SITAR_REDIS_PORT/0"
    log "Redis on 127.0.0.1:$SITAR_REDIS_PORT (pid $SITAR_REDIS_PID)"
}

_redis_ping() {
    local port="$1"
    if command -v redis-cli >/dev/null 2>&1; then
        [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]
        return
    fi
    (
        exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
        printf 'PING\r\n' >&3
        IFS= read -r -t 2 reply <&3 || exit 1
        [ "${reply%$'\r'}" = "+PONG" ]
    ) 2>/dev/null
}

stop_redis_process() {
    local pid="$SITAR_REDIS_PID"
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    SITAR_REDIS_PID=""
    return 0
}

stop_redis() {
    stop_redis_process
    if [ -n "$SITAR_REDIS_DIR" ] && [ -d "$SITAR_REDIS_DIR" ]; then
        rm -rf "$SITAR_REDIS_DIR"
    fi
    SITAR_REDIS_DIR=""
    return 0
}

# ------------------------------------------------------- a throwaway run --
# start_throwaway_run SECRET_KEY [PACKAGE...]
# The prelude that scripts/test.sh and benchmarks/run.sh share, as steps: the Debian packages (PostgreSQL, gettext
# and the PACKAGEs the caller found missing for its own needs), the venv with requirements-dev.txt, a throwaway
# PostgreSQL (DATABASE_URL), then the settings of a run on it: DJANGO_SETTINGS_MODULE, DJANGO_SECRET_KEY (SECRET_KEY,
# a key for this kind of run only), plain HTTP (DJANGO_SECURE_SSL=0: the test client and the benchmark speak no
# HTTPS), no .pyc files. Anything already set in the environment wins.
start_throwaway_run() {
    local secret_key="$1" missing
    shift
    step "system packages"
    missing=("$@")
    find_pg_bin >/dev/null || missing+=(postgresql)
    command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
    if [ "${#missing[@]}" -gt 0 ]; then
        need_debian_packages "${missing[@]}"
    fi

    step "virtualenv (requirements-dev.txt)"
    ensure_venv requirements-dev.txt

    step "front-end packages (package-lock.json) and the offline app's build"
    ensure_frontend_build

    step "PostgreSQL"
    start_postgres

    export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings}"
    export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$secret_key}"
    export DJANGO_SECURE_SSL="${DJANGO_SECURE_SSL:-0}"
    export PYTHONDONTWRITEBYTECODE="${PYTHONDONTWRITEBYTECODE:-1}"
}

# compile_messages: the .mo catalogues from the tree's .po files (none found: a warning).
compile_messages() {
    step "compilemessages"
    if (cd "$SITAR_ROOT" && find . \( -name .venv -o -name .git -o -name node_modules \) -prune -o -name '*.po' -print -quit) \
            | grep -q .; then
        manage compilemessages -v 0 --ignore .venv --ignore .git --ignore node_modules
    else
        warn "no .po files found: skipping compilemessages"
    fi
}

# --------------------------------------------------------------- cleanup --
# Use as `trap cleanup EXIT`. Keeps the exit code; on failure prints the tail
# of the service logs; stops services; prints a one-line summary with timing.
cleanup() {
    local rc=$? elapsed
    set +e
    trap - EXIT
    if [ "$rc" -ne 0 ]; then
        if [ -n "$SITAR_PG_DIR" ] && [ -s "$SITAR_PG_DIR/server.log" ]; then
            printf '\n----- PostgreSQL log (last 40 lines: %s/server.log) -----\n' "$SITAR_PG_DIR" >&2
            tail -n 40 "$SITAR_PG_DIR/server.log" >&2
        fi
        if [ -n "$SITAR_REDIS_DIR" ] && [ -s "$SITAR_REDIS_DIR/redis.log" ]; then
            printf '\n----- Redis log (last 40 lines) -----\n' >&2
            tail -n 40 "$SITAR_REDIS_DIR/redis.log" >&2
        fi
    fi
    stop_redis
    stop_postgres
    elapsed=$(( $(date +%s) - SITAR_T0 ))
    if [ "$rc" -eq 0 ]; then
        printf '%s: OK in %ss\n' "$SITAR_SCRIPT_NAME" "$elapsed" >&2
    else
        printf '%s: FAILED (exit %s) at step "%s" after %ss\n' "$SITAR_SCRIPT_NAME" "$rc" "$SITAR_STEP" "$elapsed" >&2
    fi
    exit "$rc"
}
