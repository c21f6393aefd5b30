# A throwaway PostgreSQL cluster for the test suite. Source it, then call `start_test_postgres`
# (which does nothing when TEST_DATABASE_URL already names a server):
# it installs Debian's postgresql when no server binaries are found (as root, which CI is),
# initialises a cluster in a temporary folder as an unprivileged user, starts it on a free
# loopback port, exports TEST_DATABASE_URL and stops and removes the cluster when the shell exits.
#
# When CI is set, any failure exits non-zero: the PostgreSQL half of the suite must never be
# skipped silently there. Outside CI a failure is reported and the suite skips those tests.

_pg_log() { echo "postgres.sh: $*" >&2; }

# The folder holding initdb, pg_ctl and postgres (Debian keeps them off PATH).
_pg_bindir() {
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

_pg_install() {
    if [ "$(id -u)" != 0 ]; then
        _pg_log "PostgreSQL is not installed and this is not root: apt-get install postgresql"
        return 1
    fi
    _pg_log "installing PostgreSQL from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
}

# Run a command as the cluster's owner: an unprivileged user when we are root.
_pg_as_owner() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u "$_PG_USER" -- "$@")
    else
        (cd / && "$@")
    fi
}

_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

_pg_start() {
    local bindir
    bindir=$(_pg_bindir) || true
    if [ -z "$bindir" ]; then
        _pg_install || return 1
        bindir=$(_pg_bindir) || true
        [ -n "$bindir" ] || { _pg_log "no PostgreSQL binaries after installing"; return 1; }
    fi
    _PG_USER=$(id -un)
    if [ "$(id -u)" = 0 ]; then
        if id postgres >/dev/null 2>&1; then _PG_USER=postgres; else _PG_USER=nobody; fi
    fi
    _PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/hipthrust-pg.XXXXXX") || return 1
    [ "$(id -u)" = 0 ] && chown "$_PG_USER" "$_PG_DIR"
    _PG_BIN=$bindir
    local port
    port=$(_pg_free_port) || return 1
    # One line: pg_ctl hands -o to a shell, where a newline would end the command.
    local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    _pg_as_owner "$bindir/initdb" -D "$_PG_DIR/data" -U hipthrust --auth=trust -E UTF8 --locale=C \
        --no-sync >"$_PG_DIR/initdb.log" 2>&1 || { cat "$_PG_DIR/initdb.log" >&2; return 1; }
    # A test cluster: no durability needed, so no fsync; sockets in our own folder.
    _pg_as_owner "$bindir/pg_ctl" -D "$_PG_DIR/data" -l "$_PG_DIR/server.log" -w -t 60 start \
        -o "-p $port -k $_PG_DIR -c listen_addresses=127.0.0.1 $fast" >/dev/null \
        || { cat "$_PG_DIR/server.log" >&2; return 1; }
    _pg_as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U hipthrust hipthrust_test || return 1
    export TEST_DATABASE_URL="postgresql://hipthrust@127.0.0.1:$port/hipthrust_test"
    _pg_log "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port as $_PG_USER"
}

stop_test_postgres() {
    if [ -n "${_PG_DIR:-}" ] && [ -d "$_PG_DIR/data" ]; then
        _pg_as_owner "$_PG_BIN/pg_ctl" -D "$_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -n "${_PG_DIR:-}" ] && rm -rf "$_PG_DIR"
    _PG_DIR=
}

start_test_postgres() {
    if [ -n "${TEST_DATABASE_URL:-}" ]; then
        _pg_log "using the server in TEST_DATABASE_URL as given"
        return 0
    fi
    trap stop_test_postgres EXIT
    trap 'stop_test_postgres; exit 130' INT TERM
    if _pg_start; then
        return 0
    fi
    stop_test_postgres
    if [ -n "${CI:-}" ]; then
        _pg_log "CI is set and PostgreSQL could not start: failing (the suite must run on both backends)"
        exit 1
    fi
    _pg_log "PostgreSQL could not start; its tests will be skipped"
    unset TEST_DATABASE_URL
}
