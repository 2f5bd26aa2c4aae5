#!/usr/bin/env bash
# The test command: installs what the tests need, starts the test servers on
# 127.0.0.1, builds everything (library, REPL, examples), runs the whole test
# suite, and stops the servers again — whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-dependencies.sh --test

# Servers the tests use are started here and stopped on exit (none needed by SQLite).
cleanup() { :; }
trap cleanup EXIT

swift build --build-tests
scripts/check-scaffold.sh
swift test --skip-build
