#!/usr/bin/env bash
# A private MongoDB-wire server (SecantusDB, from PyPI) for the test suite, on 127.0.0.1 only.
#
#   scripts/mongo-test-server.sh start   # create the venv and install SecantusDB if missing, start, wait until it answers
#   scripts/mongo-test-server.sh stop    # stop it and delete its storage
#   scripts/mongo-test-server.sh env     # print the lines to export (after start)
#
# `start` writes SWITCHYARD_TEST_MONGO_URL=… (and SWITCHYARD_TEST_MONGO_SERVER, the server
# executable, which the recovery test uses to run a private second instance) to
# .test-servers/mongo.env, which the test command sources.
#
# Settings (environment): SWITCHYARD_MONGO_PORT (default 27027),
# SWITCHYARD_MONGO_DIR (default /tmp/switchyard-mongo-test),
# SWITCHYARD_MONGO_VENV (default /tmp/switchyard-mongo-venv), SWITCHYARD_MONGO_ENV_FILE
# (default .test-servers/mongo.env) — a second instance needs its own port, directory and env file.
# Idempotent: `start` on a running server only rewrites the env file; `stop` on a stopped one does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

port="${SWITCHYARD_MONGO_PORT:-27027}"
base="${SWITCHYARD_MONGO_DIR:-/tmp/switchyard-mongo-test}"
venv="${SWITCHYARD_MONGO_VENV:-/tmp/switchyard-mongo-venv}"
storage="$base/storage"
pid_file="$base/server.pid"
log="$base/server.log"
env_file="${SWITCHYARD_MONGO_ENV_FILE:-.test-servers/mongo.env}"
url="mongodb://127.0.0.1:$port/switchyard_test"
server="$venv/bin/secantusd-py"

install_server() {
    [[ -x "$server" ]] && return 0
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        echo "Installing python3-venv from Debian…" >&2
        local sudo=""
        [[ $(id -u) -ne 0 ]] && sudo="sudo"
        export DEBIAN_FRONTEND=noninteractive
        $sudo apt-get update -qq
        $sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
    echo "Installing SecantusDB into $venv…" >&2
    "$venv/bin/pip" install -q secantusdb >&2
    [[ -x "$server" ]] || { echo "secantusd-py not found after installing secantusdb" >&2; exit 1; }
}

is_running() {
    [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

answers() {
    "$venv/bin/python" - "$port" <<'EOF' >/dev/null 2>&1
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1)
s.close()
EOF
}

write_env() {
    mkdir -p "$(dirname "$env_file")"
    printf 'SWITCHYARD_TEST_MONGO_URL=%s\nSWITCHYARD_TEST_MONGO_SERVER=%s\n' "$url" "$server" >"$env_file"
    cat "$env_file"
}

start() {
    install_server
    if is_running; then
        write_env
        return 0
    fi
    mkdir -p "$storage"
    nohup "$server" --host 127.0.0.1 --port "$port" --storage-path "$storage" --standalone >"$log" 2>&1 &
    echo $! >"$pid_file"
    local deadline=$((SECONDS + 60))
    until answers; do
        if ! is_running; then
            echo "SecantusDB exited while starting; its log:" >&2
            cat "$log" >&2
            exit 1
        fi
        if ((SECONDS > deadline)); then
            echo "SecantusDB did not answer on 127.0.0.1:$port within 60 s" >&2
            exit 1
        fi
        sleep 0.2
    done
    write_env
}

stop() {
    if is_running; then
        local pid
        pid="$(cat "$pid_file")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$base"
    rm -f "$env_file"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    env) [[ -f "$env_file" ]] && cat "$env_file" || { echo "not started: run scripts/mongo-test-server.sh start" >&2; exit 1; } ;;
    *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
