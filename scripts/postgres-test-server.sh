#!/usr/bin/env bash
# A private PostgreSQL cluster for the test suite, on 127.0.0.1 only.
#
#   scripts/postgres-test-server.sh start     # install if missing, init, start, create the test database
#   scripts/postgres-test-server.sh stop      # stop (fast mode) and delete the data directory
#   scripts/postgres-test-server.sh restart   # restart the running cluster (the recovery test uses this)
#   scripts/postgres-test-server.sh env       # print the line to export (after start)
#
# `start` writes SWITCHYARD_TEST_POSTGRES_URL=… to .test-servers/postgres.env, which the
# test command sources. Authentication is scram-sha-256 with a known test password, so
# the tests prove for real that the password never reaches an error.
#
# Settings (environment): SWITCHYARD_POSTGRES_PORT (default 54329),
# SWITCHYARD_POSTGRES_DIR (default /tmp/switchyard-postgres-test),
# SWITCHYARD_POSTGRES_ENV_FILE (default .test-servers/postgres.env),
# SWITCHYARD_POSTGRES_ENV_VAR (the variable it sets, default SWITCHYARD_TEST_POSTGRES_URL).
# Idempotent: `start` on a running cluster only rewrites the env file; `stop` on a
# stopped one does nothing. Runs as root and drops to the `postgres` user for the server.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/postgres-cluster.sh
source scripts/lib/postgres-cluster.sh

port="${SWITCHYARD_POSTGRES_PORT:-54329}"
base="${SWITCHYARD_POSTGRES_DIR:-/tmp/switchyard-postgres-test}"
data="$base/data"
sockets="$base/sockets"
log="$base/server.log"
env_file="${SWITCHYARD_POSTGRES_ENV_FILE:-.test-servers/postgres.env}"
env_var="${SWITCHYARD_POSTGRES_ENV_VAR:-SWITCHYARD_TEST_POSTGRES_URL}"
url="postgres://$user:$password@127.0.0.1:$port/$database"



install_server() {
    find_bin && return 0
    echo "Installing PostgreSQL from Debian…" >&2
    local sudo=""
    [[ $(id -u) -ne 0 ]] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # The Debian package would create and start a cluster of its own on 5432; ours is private.
    $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    find_bin || { echo "initdb not found after installing postgresql" >&2; exit 1; }
}



psql_admin() {
    as_postgres "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sockets" -p "$port" -U postgres -d postgres "$@"
}

start() {
    install_server
    if is_running; then
        write_env
        return 0
    fi
    if [[ ! -f "$data/PG_VERSION" ]]; then
        rm -rf "$base"
        mkdir -p "$data" "$sockets"
        if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$base"; fi
        chmod 700 "$data"
        local pwfile="$base/pw"
        echo "$password" >"$pwfile"
        [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$pwfile"
        # Local socket connections for the admin (peer/trust for the postgres OS user), scram over TCP.
        as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
            || { cat "$base/initdb.log" >&2; exit 1; }
        rm -f "$pwfile"
        cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sockets'
password_encryption = 'scram-sha-256'
max_connections = 400
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 128MB
log_min_messages = warning
# The streaming replicas (scripts/postgres-replica-test-server.sh) use no replication slot: keep
# enough WAL that a checkpoint, such as the one a test's private replica forces with its base
# backup, never recycles a segment a replica has still to read ("requested WAL segment … has
# already been removed", after which that replica never catches up again).
wal_keep_size = 512MB
EOF
    fi
    as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null \
        || { tail -n 30 "$log" >&2; exit 1; }
    psql_admin <<EOF
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN PASSWORD '$password';
  END IF;
END \$\$;
EOF
    if [[ -z "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]]; then
        psql_admin -c "CREATE DATABASE $database OWNER $user"
    fi
    write_env
}


restart() {
    install_server
    if ! is_running; then start; return; fi
    as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -m fast -w -t 60 restart >/dev/null \
        || { tail -n 30 "$log" >&2; exit 1; }
}

case "${1:-}" in
start) start ;;
stop) stop ;;
restart) restart ;;
env)
    find_bin && is_running || { echo "not running: run scripts/postgres-test-server.sh start" >&2; exit 1; }
    echo "$env_var=$url"
    ;;
*)
    echo "usage: $0 start|stop|restart|env" >&2
    exit 2
    ;;
esac
