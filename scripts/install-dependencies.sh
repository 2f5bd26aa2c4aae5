#!/usr/bin/env bash
# Installs the system packages Switchyard builds and tests against, on Debian 12.
# Idempotent: installs only what is missing. Needs root (or sudo) when something is missing.
#
#   scripts/install-dependencies.sh          # what building and the REPL need
#   scripts/install-dependencies.sh --test   # plus what the test suite needs
set -euo pipefail

packages=(pkg-config libsqlite3-dev libpq-dev libmongoc-dev libbson-dev)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(postgresql python3-venv procps)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
