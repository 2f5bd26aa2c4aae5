# Shared by scripts/postgres-test-server.sh and scripts/postgres-replica-test-server.sh: where
# PostgreSQL's programs are, running them as the `postgres` user, and a cluster's lifecycle.
# The caller sets `data`, `env_file`, `env_var`, `url` and `base` before using these.

# The test role and database the primary creates (and a base backup copies).
user="switchyard"
password="switchyard-test-pw-5c1e"
database="switchyard_test"

bin=""
find_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -x "$dir/initdb" ]]; then bin="$dir"; return 0; fi
    done
    return 1
}

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [[ -f "$data/PG_VERSION" ]] && as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

write_env() {
    mkdir -p "$(dirname "$env_file")"
    echo "$env_var=$url" >"$env_file"
    echo "$env_var=$url"
}

# Stops the cluster (fast mode) if it runs, and deletes its directory and env file.
stop() {
    find_bin || return 0
    if is_running; then
        as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
    rm -rf "$base"
    rm -f "$env_file"
}
