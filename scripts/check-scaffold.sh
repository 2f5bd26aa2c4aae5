#!/usr/bin/env bash
# Checks that the adapter scaffold plugin works and that what it writes compiles:
# runs `swift package switchyard-new-adapter` in a throwaway copy of the package
# (a SQL and a document-store adapter), then type-checks the generated sources
# and tests against the modules of the current debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
modules="$(swift build --show-bin-path)/Modules"
[[ -d "$modules" ]] || { echo "check-scaffold: build first (no $modules)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git ls-files -z --cached --others --exclude-standard | xargs -0 tar --ignore-failed-read -cf - 2>/dev/null | tar -C "$work" -xf -
mkdir -p "$work/generated-modules"

for variant in "ScaffoldSQL --sql" "ScaffoldDocs"; do
    set -- $variant
    name=$1; shift
    (cd "$work" && swift package --allow-writing-to-package-directory switchyard-new-adapter --name "$name" "$@" >/dev/null)
    swiftc -swift-version 6 -warnings-as-errors -emit-module -enable-testing -module-name "Switchyard$name" \
        -emit-module-path "$work/generated-modules/Switchyard$name.swiftmodule" -I "$modules" \
        "$work/Sources/Switchyard$name"/*.swift
    swiftc -swift-version 6 -warnings-as-errors -typecheck -I "$modules" -I "$work/generated-modules" \
        "$work/Tests/Switchyard${name}Tests"/*.swift
    echo "scaffold $name $*: generated files compile"
done
