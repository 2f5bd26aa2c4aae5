#!/usr/bin/env bash
# A streaming replica of the test PostgreSQL cluster (scripts/postgres-test-server.sh), on 127.0.0.1 only,
# so the orchestration tests can send writes to a real primary and reads to a real hot standby.
#
#   scripts/postgres-replica-test-server.sh start   # wait for the primary, base-backup it, start the standby
#   scripts/postgres-replica-test-server.sh stop    # stop (fast mode) and delete the data directory
#   scripts/postgres-replica-test-server.sh env     # print the line to export (after start)
#
# `start` writes SWITCHYARD_TEST_POSTGRES_REPLICA_URL=… to .test-servers/postgres-replica.env, which
# the test command sources. The standby is made with `pg_basebackup -R -X stream` as the `postgres`
# user over the primary's unix socket directory, so it has the primary's roles and scram password
# for `switchyard`, and it refuses writes (hot_standby).
#
# The test command starts every server at once in the background: `start` waits (up to
# SWITCHYARD_POSTGRES_REPLICA_WAIT seconds, default 120) for the primary to answer first.
#
# Settings (environment): SWITCHYARD_POSTGRES_REPLICA_PORT (default 54330),
# SWITCHYARD_POSTGRES_REPLICA_DIR (default /tmp/switchyard-postgres-replica),
# SWITCHYARD_POSTGRES_REPLICA_ENV_FILE (default .test-servers/postgres-replica.env), and the primary's own
# SWITCHYARD_POSTGRES_PORT / SWITCHYARD_POSTGRES_DIR (to find it, as its script does).
# Idempotent: `start` on a running standby only rewrites the env file; `stop` on a stopped one does nothing.
# Stop it before the primary. Runs as root and drops to the `postgres` user for the server.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/postgres-cluster.sh
source scripts/lib/postgres-cluster.sh

port="${SWITCHYARD_POSTGRES_REPLICA_PORT:-54330}"
base="${SWITCHYARD_POSTGRES_REPLICA_DIR:-/tmp/switchyard-postgres-replica}"
data="$base/data"
sockets="$base/sockets"
log="$base/server.log"
primary_port="${SWITCHYARD_POSTGRES_PORT:-54329}"
primary_sockets="${SWITCHYARD_POSTGRES_DIR:-/tmp/switchyard-postgres-test}/sockets"
wait_seconds="${SWITCHYARD_POSTGRES_REPLICA_WAIT:-120}"
env_file="${SWITCHYARD_POSTGRES_REPLICA_ENV_FILE:-.test-servers/postgres-replica.env}"
env_var="SWITCHYARD_TEST_POSTGRES_REPLICA_URL"
url="postgres://$user:$password@127.0.0.1:$port/$database"





# The primary's script installs PostgreSQL, then starts the cluster, then creates the test
# database: wait for all three, since the base backup must contain the database.
wait_for_primary() {
    local deadline=$((SECONDS + wait_seconds))
    while true; do
        if find_bin && [[ -S "$primary_sockets/.s.PGSQL.$primary_port" ]] \
            && [[ "$(as_postgres "$bin/psql" -X -tA -h "$primary_sockets" -p "$primary_port" -U postgres -d postgres \
                -c "SELECT 1 FROM pg_database WHERE datname = '$database'" 2>/dev/null)" == "1" ]]; then
            return 0
        fi
        if ((SECONDS >= deadline)); then
            echo "the primary (port $primary_port, sockets $primary_sockets) did not answer within ${wait_seconds}s:" \
                "run scripts/postgres-test-server.sh start" >&2
            exit 1
        fi
        sleep 1
    done
}

start() {
    wait_for_primary
    if is_running; then
        write_env
        return 0
    fi
    if [[ ! -f "$data/standby.signal" ]]; then
        rm -rf "$base"
        mkdir -p "$base" "$sockets"
        if [[ $(id -u) -eq 0 ]]; then chown -R postgres:postgres "$base"; fi
        # -R writes primary_conninfo (the primary's socket directory and port) and standby.signal.
        as_postgres "$bin/pg_basebackup" -h "$primary_sockets" -p "$primary_port" -U postgres -D "$data" \
            -R -X stream -c fast >"$base/basebackup.log" 2>&1 \
            || { cat "$base/basebackup.log" >&2; exit 1; }
        chmod 700 "$data"
        # The copied postgresql.conf names the primary's port and sockets; later lines win.
        cat >>"$data/postgresql.conf" <<EOF
port = $port
unix_socket_directories = '$sockets'
hot_standby = on
EOF
    fi
    as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null \
        || { tail -n 30 "$log" >&2; exit 1; }
    write_env
}


case "${1:-}" in
start) start ;;
stop) stop ;;
env)
    find_bin && is_running || { echo "not running: run scripts/postgres-replica-test-server.sh start" >&2; exit 1; }
    echo "$env_var=$url"
    ;;
*)
    echo "usage: $0 start|stop|env" >&2
    exit 2
    ;;
esac
