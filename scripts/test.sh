#!/usr/bin/env bash
# The test command: installs what the tests need, starts the test servers on
# 127.0.0.1 (a private PostgreSQL cluster and its streaming replica, a SecantusDB MongoDB-wire server),
# builds everything (library, REPL, examples), checks the DocC comments, runs the whole test suite, then the benchmark
# once in release mode as a smoke test, and stops the servers again — whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh --test

servers=()
for script in scripts/postgres-test-server.sh scripts/postgres-replica-test-server.sh scripts/mongo-test-server.sh; do
    [[ -x "$script" ]] && servers+=("$script")
done
cleanup() {
    local i
    # Last started, first stopped: the replica goes before its primary.
    for ((i = ${#servers[@]} - 1; i >= 0; i--)); do "${servers[$i]}" stop >/dev/null 2>&1 || true; done
    # Servers some tests start for themselves stop with their test; a test process that
    # crashed leaves them running. By now no test runs, so whatever is left is an orphan.
    if command -v pkill >/dev/null; then
        pkill -QUIT -f -- "/postgres -D .*/switchyard-(e2e-replica|pg-restart)-" 2>/dev/null || true
        pkill -f -- "secantusd-py .*--storage-path .*/switchyard-(mongo-private|e2e-secantus)-" 2>/dev/null || true
    fi
}
trap cleanup EXIT INT TERM

# Start the servers in the background while everything builds.
mkdir -p .test-servers
pids=()
for script in "${servers[@]}"; do
    "$script" start >".test-servers/$(basename "$script" .sh).log" 2>&1 &
    pids+=($!)
done
swift build --build-tests
scripts/check-scaffold.sh
scripts/check-doc-samples.sh                                             # the guides' Swift samples compile
scripts/check-docs.sh                                                    # DocC links and parameters resolve
"$(swift build --show-bin-path)/switchyard-quickstart" >/dev/null        # the embedding examples run
"$(swift build --show-bin-path)/switchyard-sharded-orders" >/dev/null
for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
        echo "test server ${servers[$i]} failed to start:" >&2
        cat ".test-servers/$(basename "${servers[$i]}" .sh).log" >&2
        exit 1
    fi
done

# The servers' URLs; with SWITCHYARD_REQUIRE_SERVERS a test that finds no server fails instead of skipping.
set -a
for envfile in .test-servers/*.env; do
    [[ -f "$envfile" ]] && source "$envfile"
done
set +a
export SWITCHYARD_REQUIRE_SERVERS=1
# libmongoc, loaded by every test binary and `switchyard` child, creates /dev/shm/mongoc-<pid>
# at load and removes it at a normal exit; the tests kill some children on purpose, and a
# later process given a leftover's pid then prints "Falling back to malloc for counters" on
# stderr (which CLI tests read). The counters only serve external monitoring: keep them off.
export MONGOC_DISABLE_SHM=1

# The tests run in parallel, so a failure's lines land anywhere in thousands of others, and a CI
# page shows only part of them: on failure, repeat what failed (and the servers' last complaints) at the end.
log=.test-servers/swift-test.log
status=0
swift test --skip-build 2>&1 | tee "$log" || status=$?
if ((status != 0)); then
    echo
    echo "==== the tests failed (exit $status); what failed, repeated from above ===="
    grep -E -A3 'recorded an issue|^✘ Test .* failed|error: |Fatal error|Test Case .* failed' "$log" | grep -v '^✔' | head -n 200 || true
    grep -q -E 'recorded an issue|✘' "$log" || tail -n 40 "$log"
    # A crash: Swift's backtrace of the crashed thread (the other threads' top frames run to
    # hundreds of lines, and the CI page would show only those).
    if grep -q -E 'Program crashed' "$log"; then
        echo "==== the crash: the crashed thread's backtrace ===="
        grep -E -A2 'Program crashed' "$log" | head -n 5 || true
        awk '/^Thread [0-9]+ .*crashed:/ { show = 1 } show && /^Thread [0-9]+/ && !/crashed:/ { show = 0 } show' "$log" | head -n 80 || true
    fi
    for server_log in "${SWITCHYARD_POSTGRES_DIR:-/tmp/switchyard-postgres-test}/server.log" \
        "${SWITCHYARD_POSTGRES_REPLICA_DIR:-/tmp/switchyard-postgres-replica}/server.log"; do
        [[ -f "$server_log" ]] || continue
        echo "==== $server_log: its last FATAL/PANIC lines ===="
        grep -E 'FATAL|PANIC' "$server_log" | tail -n 10 || true
    done
    exit "$status"
fi

# The benchmark once, built for release, on its own servers: the tests run a debug build, and
# Swift's optimiser has miscompiled code the debug build ran right. `--check` fails on a crash,
# a skipped backend or paths that read different data; nothing is timed or judged here.
smoke_results="$(mktemp -d)"
scripts/bench.sh --quick --rounds 1 --check --results "$smoke_results"
rm -rf "$smoke_results"
