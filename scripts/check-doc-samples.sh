#!/usr/bin/env bash
# Type-checks the Swift samples of the guides against the modules of the current debug build,
# so a sample that no longer compiles (an API renamed, a type not Sendable) fails the test
# command instead of a reader. Each ```swift block of a guide becomes the body of a function
# of its own; scripts/doc-samples/<guide>.swift declares the names the samples use without
# making them (`runtime`, `orchestrator`, …). A block preceded by a line
# `<!-- sample: … -->` is not checked (a Package.swift fragment, say).
#
#   swift build && scripts/check-doc-samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
modules="$(swift build --show-bin-path)/Modules"
[[ -d "$modules" ]] || { echo "check-doc-samples: build first (no $modules)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The C modules the adapters' interfaces import, and their libraries' headers.
flags=(-I "$modules")
for c in CSQLite CLibPQ CMongoC; do flags+=(-Xcc "-fmodule-map-file=Sources/$c/module.modulemap"); done
for include in $(pkg-config --cflags-only-I sqlite3 libpq libmongoc-1.0 2>/dev/null); do flags+=(-Xcc "$include"); done

failed=0
for guide in docs/embedding.md; do
    base=$(basename "$guide" .md)
    context="scripts/doc-samples/$base.swift"
    # Imports first, then each block as `func sample_<line>() async throws { … }`, with
    # `#sourceLocation` so that an error names the guide's line.
    awk -v guide="$guide" '
        /^```swift/ { if (prev !~ /^<!-- sample:/) { inside = 1; start = NR; body = "" } ; next }
        /^```/ && inside { inside = 0
            samples = samples "func sample_" start "() async throws {\n#sourceLocation(file: \"" guide "\", line: " start + 1 ")\n" body "#sourceLocation()\n}\n"
            next }
        inside && /^import / { imports[$0] = 1; body = body "\n"; next }
        inside { body = body $0 "\n"; next }
        { if ($0 != "") prev = $0 }
        END { for (i in imports) print i; printf "%s", samples }
    ' "$guide" >"$work/$base-samples.swift"
    if ! swiftc -swift-version 6 -typecheck -parse-as-library "${flags[@]}" "$context" "$work/$base-samples.swift" 2>"$work/$base.log"; then
        grep -E "error:" -A3 "$work/$base.log" >&2 || cat "$work/$base.log" >&2
        failed=1
        continue
    fi
    echo "doc samples: the $(grep -c '^func sample_' "$work/$base-samples.swift") Swift samples of $guide compile"
done
exit "$failed"
