#!/usr/bin/env bash
# Builds and starts the switchyard REPL. With no arguments it opens the embedded
# SQLite demo database; any arguments go to switchyard (see `--help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build -c release --product switchyard >&2
exec .build/release/switchyard "$@"
