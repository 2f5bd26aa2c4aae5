#!/usr/bin/env bash
# Counts the client's instructions per operation of benchmark paths under valgrind's
# callgrind: a figure that repeats to within about 1% between runs, where timings on these
# machines drift by 2×. Use it to see changes too small for the interleaved A/B
# (scripts/bench-ab.sh) to resolve.
#
#   scripts/bench-instructions.sh --workload W1 --backend sqlite --paths "raw,=Backend,=Orchestrator"
#   scripts/bench-instructions.sh --binary .build-ab/scratch/release/switchyard-bench --workload W2 --backend postgres
#   scripts/bench-instructions.sh --keep DIR …   # keep the callgrind files, for callgrind_annotate
#
# Each path runs twice in quick mode, one round and three rounds, and the difference is divided
# by the operations of two rounds: start-up, loading and the first round's warm-up cancel out.
# Only user-space instructions count (the kernel's system calls do not), so a path that waits
# for a server shows the client's own work. PostgreSQL and MongoDB paths need the servers of
# scripts/bench.sh running (SWITCHYARD_BENCH_KEEP_SERVERS=1 scripts/bench.sh --quick --workloads none
# leaves them up; then source Benchmarks/.servers/*.env as that script prints).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=.build-bench-release/release/switchyard-bench
workload=W1
backend=sqlite
paths="raw,=Backend,=Orchestrator"
keep=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --workload) workload="$2"; shift 2 ;;
        --backend) backend="$2"; shift 2 ;;
        --paths) paths="$2"; shift 2 ;;
        --keep) keep="$2"; shift 2 ;;
        *) echo "bench-instructions: unknown argument '$1'; use [--binary B] [--workload W1|W2|W3] [--backend sqlite|postgres|mongo] [--paths LIST] [--keep DIR]" >&2; exit 2 ;;
    esac
done
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
[[ -x "$binary" ]] || { echo "bench-instructions: no benchmark binary at $binary (swift build -c release --scratch-path .build-bench-release --product switchyard-bench)" >&2; exit 2; }

# Operations per round in quick mode (Benchmarks/Harness/BenchSettings.swift).
case "$workload/$backend" in
    W1/sqlite | W1/postgres) ops=2000 ;;
    W1/mongo) ops=1000 ;;
    W2/*) ops=100000 ;;
    W3/sqlite | W3/postgres) ops=10000 ;;
    W3/mongo) ops=2000 ;;
    # Both W5 workloads have paths of the same names: name one with its backend, "PG+SQLite+Mongo/fan-out".
    W5/fanout) ops=100 ;;
    *) echo "bench-instructions: no operation count for $workload on $backend" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Debian 12's valgrind cannot read the DWARF 5 that Swift writes: count on a copy without it
# (function names stay, from the symbol table).
strip --strip-debug -o "$work/bench" "$binary"
# libdispatch parks the main thread in sigsuspend(2) with a mask in read-only memory, and
# valgrind 3.19 writes to the mask it is given (its own crash: "the 'impossible' happened"):
# hand it a copy on the stack instead.
cat > "$work/sigsuspend.c" <<'EOF'
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>
int sigsuspend(const sigset_t *mask) { sigset_t copy = *mask; return (int)syscall(SYS_rt_sigsuspend, &copy, 8); }
EOF
cc -O2 -shared -fPIC -o "$work/sigsuspend.so" "$work/sigsuspend.c"

count() { # path rounds → instructions
    local out="$work/callgrind.$2.out"
    LD_PRELOAD="$work/sigsuspend.so" valgrind --tool=callgrind --callgrind-out-file="$out" \
        "$work/bench" --quick --only "$backend" --workloads "$workload" --paths "$1" --rounds "$2" \
        --results "$work/results" >"$work/log" 2>&1 || { cat "$work/log" >&2; return 1; }
    if [[ -n "$keep" ]]; then
        mkdir -p "$keep"
        cp "$out" "$keep/$(echo "$1" | tr -c 'A-Za-z0-9\n' '_' | sed 's/^_*//').$2.out"
    fi
    sed -n 's/^summary: //p' "$out"
}

printf '%-40s %16s %8s\n' "$workload $backend path" "instructions/op" "vs raw"
raw=""
IFS=',' read -r -a list <<<"$paths"
for path in "${list[@]}"; do
    one="$(count "$path" 1)"
    three="$(count "$path" 3)"
    per=$(( (three - one) / (2 * ops) ))
    [[ "$path" == raw ]] && raw=$per
    ratio="-"
    [[ -n "$raw" && "$path" != raw ]] && ratio="$(awk -v r="$raw" -v p="$per" 'BEGIN { printf "%.2f", r / p }')"
    printf '%-40s %16s %8s\n' "$path" "$per" "$ratio"
done
