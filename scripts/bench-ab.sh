#!/usr/bin/env bash
# Compares the working tree with an earlier commit, interleaved — base, change, base,
# change … — so the machine's drift (2× between runs here) hits both alike. Prints, per
# workload and path, each run's ratio to raw C and the medians of ratio and CPU per operation.
#
#   scripts/bench-ab.sh --base HEAD~1 -- --full --only sqlite --workloads W1
#   scripts/bench-ab.sh --base main --runs 5 -- --quick --only postgres --paths "raw,in session"
#
# Arguments after `--` go to switchyard-bench for both versions. The base is checked out
# into a worktree under .build-ab/ and built there in release mode (the first build of a
# base takes several minutes); the working tree builds as scripts/bench.sh does. The servers
# are scripts/bench.sh's (started here, stopped afterwards unless SWITCHYARD_BENCH_KEEP_SERVERS=1).
set -euo pipefail
export MONGOC_DISABLE_SHM=1  # no /dev/shm/mongoc-<pid> left behind (see scripts/test.sh)
cd "$(dirname "$0")/.."

base=""
runs=3
while [[ $# -gt 0 ]]; do
    case "$1" in
        --base) base="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --) shift; break ;;
        *) echo "bench-ab: unknown argument '$1'; use --base REF [--runs N] -- BENCH-ARGUMENTS" >&2; exit 2 ;;
    esac
done
[[ -n "$base" ]] || { echo "bench-ab: --base REF is required (a commit to compare the working tree with)" >&2; exit 2; }
commit="$(git rev-parse --verify "$base^{commit}")" || { echo "bench-ab: '$base' is not a commit" >&2; exit 2; }

worktree=.build-ab/base
if [[ -d "$worktree" ]]; then
    git -C "$worktree" checkout --quiet --detach "$commit"
else
    mkdir -p .build-ab
    git worktree add --quiet --detach "$worktree" "$commit"
fi
echo "Building the base ($(git rev-parse --short "$commit")) and the working tree (release)…" >&2
swift build -c release --package-path "$worktree" --scratch-path .build-ab/scratch --product switchyard-bench >&2
swift build -c release --scratch-path .build-bench-release --product switchyard-bench >&2

# Servers: bench.sh starts those the `--only` list needs (all without one) and, kept, leaves
# them for the runs below; it runs no workload here.
only=()
previous=""
for arg in "$@"; do
    [[ "$previous" == "--only" ]] && only=(--only "$arg")
    previous="$arg"
done
SWITCHYARD_BENCH_KEEP_SERVERS=1 scripts/bench.sh --quick "${only[@]}" --workloads none >/dev/null
# The benchmark servers' directories and env files, so that stopping them leaves the test
# servers (scripts/*-test-server.sh's defaults, .test-servers/*.env) alone.
export SWITCHYARD_POSTGRES_DIR=/tmp/switchyard-postgres-bench SWITCHYARD_MONGO_DIR=/tmp/switchyard-mongo-bench
export SWITCHYARD_POSTGRES_ENV_FILE=Benchmarks/.servers/postgres.env SWITCHYARD_MONGO_ENV_FILE=Benchmarks/.servers/mongo.env
if [[ "${SWITCHYARD_BENCH_KEEP_SERVERS:-0}" != 1 ]]; then
    trap 'scripts/postgres-test-server.sh stop >/dev/null 2>&1 || true; scripts/mongo-test-server.sh stop >/dev/null 2>&1 || true' EXIT
fi
if [[ -f Benchmarks/.servers/postgres.env ]]; then set -a; source Benchmarks/.servers/postgres.env; set +a; fi
if [[ -f Benchmarks/.servers/mongo.env ]]; then
    SWITCHYARD_BENCH_MONGO_URL="$(sed -n 's/^SWITCHYARD_TEST_MONGO_URL=//p' Benchmarks/.servers/mongo.env)"
    export SWITCHYARD_BENCH_MONGO_URL
fi

results="$(mktemp -d)"
for run in $(seq "$runs"); do
    for version in base change; do
        binary=.build-bench-release/release/switchyard-bench
        [[ "$version" == base ]] && binary=.build-ab/scratch/release/switchyard-bench
        echo "run $run/$runs: $version" >&2
        "$binary" "$@" --results "$results/$version-$run" >/dev/null
    done
done

python3 - "$results" "$runs" <<'PY'
import glob, json, statistics, sys
folder, runs = sys.argv[1], int(sys.argv[2])
figures = {}  # (workload, backend, path) -> version -> [(ratio, cpu)]
for version in ("base", "change"):
    for run in range(1, runs + 1):
        files = glob.glob(f"{folder}/{version}-{run}/*.json")
        files = [f for f in files if "/latest-" not in f]
        for workload in json.load(open(files[0]))["workloads"]:
            for path in workload["paths"]:
                key = (f'{workload["id"]} {workload["title"]}', workload["backend"], path["name"])
                figures.setdefault(key, {}).setdefault(version, []).append(
                    (path.get("ratio"), path.get("cpuMicrosecondsPerOperation")))
def show(values):
    ratios = [r for r, _ in values if r is not None]
    cpus = [c for _, c in values if c is not None]
    each = ",".join(f"{r:.2f}" for r in ratios) or "-"
    median = f"{statistics.median(ratios):.2f}" if ratios else "-"
    cpu = "-"
    if cpus:
        c = statistics.median(cpus)
        cpu = f"{c:.3f}" if c < 1 else f"{c:.2f}" if c < 10 else f"{c:.1f}"
    return f"{each:<16} {median:>6} {cpu:>9}"
print(f'{"workload":<18} {"backend":<12} {"path":<34} {"base ratios":<16} {"median":>6} {"CPU µs":>9}   {"change ratios":<16} {"median":>6} {"CPU µs":>9}')
for key in sorted(figures):
    versions = figures[key]
    print(f"{key[0][:18]:<18} {key[1][:12]:<12} {key[2][:34]:<34} {show(versions.get('base', []))}   {show(versions.get('change', []))}")
PY
rm -rf "$results"
