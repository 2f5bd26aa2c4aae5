#!/usr/bin/env bash
# The benchmark in one command: builds the harness in release mode, starts its own
# PostgreSQL and MongoDB-wire servers on loopback (or reuses them if they run), runs every
# workload, prints the table, writes it as Markdown and JSON to Benchmarks/results/, and
# stops the servers it used.
#
#   scripts/bench.sh            # quick mode: a tenth of the sizes, under two minutes
#   scripts/bench.sh --full     # the sizes the issue names, under fifteen minutes
#   scripts/bench.sh --quick --only sqlite,postgres   # a subset (sqlite, postgres, mongo, fanout, memory)
#
# The servers are private to the benchmark (ports 54339 and 27037, their own directories and
# env files under Benchmarks/.servers/), so the test suite's servers are never touched.
# Settings (environment): SWITCHYARD_BENCH_POSTGRES_PORT, SWITCHYARD_BENCH_MONGO_PORT,
# SWITCHYARD_BENCH_KEEP_SERVERS=1 (leave the servers running afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."

export SWITCHYARD_POSTGRES_PORT="${SWITCHYARD_BENCH_POSTGRES_PORT:-54339}"
export SWITCHYARD_POSTGRES_DIR=/tmp/switchyard-postgres-bench
export SWITCHYARD_POSTGRES_ENV_FILE=Benchmarks/.servers/postgres.env
export SWITCHYARD_POSTGRES_ENV_VAR=SWITCHYARD_BENCH_POSTGRES_URL
export SWITCHYARD_MONGO_PORT="${SWITCHYARD_BENCH_MONGO_PORT:-27037}"
export SWITCHYARD_MONGO_DIR=/tmp/switchyard-mongo-bench
export SWITCHYARD_MONGO_ENV_FILE=Benchmarks/.servers/mongo.env
# libmongoc's shared-memory counters leave /dev/shm/mongoc-<pid> behind; the benchmark needs none (as in scripts/test.sh).
export MONGOC_DISABLE_SHM=1

args=("$@")
wants() { # whether the run includes backend $1
    local previous=""
    for arg in "${args[@]}"; do
        if [[ "$previous" == "--only" ]]; then [[ ",$arg," == *",$1,"* ]]; return; fi
        previous="$arg"
    done
    return 0
}

echo "Building the benchmark (release)…" >&2
swift build -c release --scratch-path .build-bench-release --product switchyard-bench >&2

stop_servers() {
    if [[ "${SWITCHYARD_BENCH_KEEP_SERVERS:-0}" != 1 ]]; then
        scripts/postgres-test-server.sh stop >/dev/null 2>&1 || true
        scripts/mongo-test-server.sh stop >/dev/null 2>&1 || true
    fi
}
trap stop_servers EXIT

if wants postgres || wants fanout; then
    scripts/postgres-test-server.sh start >/dev/null
    set -a; source Benchmarks/.servers/postgres.env; set +a
fi
if wants mongo || wants fanout; then
    scripts/mongo-test-server.sh start >/dev/null
    # The Mongo script names its variable for the test suite; the harness reads its own.
    SWITCHYARD_BENCH_MONGO_URL="$(sed -n 's/^SWITCHYARD_TEST_MONGO_URL=//p' Benchmarks/.servers/mongo.env)"
    export SWITCHYARD_BENCH_MONGO_URL
fi

.build-bench-release/release/switchyard-bench "$@"
