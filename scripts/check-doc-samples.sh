#!/usr/bin/env bash
# Type-checks the Swift samples of the guides against the modules of the current debug build,
# so a sample that no longer compiles (an API renamed, a type not Sendable) fails the test
# command instead of a reader. Each guide docs/<guide>.md with a file
# scripts/doc-samples/<guide>.swift is checked; that file declares the names the samples use
# without making them (`runtime`, `orchestrator`, …). Each ```swift block of a guide becomes
# the body of a function of its own, unless the line before it is
#   <!-- sample: declarations … -->   the block is compiled as it is, at file scope (types,
#                                     `public` members, `@Test` functions);
#   <!-- sample: … -->                any other: the block is not checked (a Package.swift
#                                     fragment, an outline with bodies left out).
# A line `// sample module: NAME` in the context file names the module a guide's samples
# write themselves (an adapter): their `import NAME` is dropped, the declarations being there.
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
for context in scripts/doc-samples/*.swift; do
    base=$(basename "$context" .swift)
    guide="docs/$base.md"
    own=$(sed -n 's|^// sample module: \([A-Za-z0-9_]*\).*|\1|p' "$context")
    # Imports first, then each block as `func sample_<line>() async throws { … }` (or as it is,
    # for declarations), with `#sourceLocation` so that an error names the guide's line.
    awk -v guide="$guide" -v own="$own" '
        /^```swift/ {
            if (prev ~ /^<!-- sample: declarations/) { inside = 1; declarations = 1 }
            else if (prev !~ /^<!-- sample:/) { inside = 1; declarations = 0 }
            start = NR; body = ""; next }
        /^```/ && inside { inside = 0
            located = "#sourceLocation(file: \"" guide "\", line: " start + 1 ")\n" body "#sourceLocation()\n"
            if (declarations) { samples = samples "// sample_" start "\n" located }
            else { samples = samples "func sample_" start "() async throws {\n" located "}\n" }
            next }
        inside && /^import / { if ($2 != own) imports[$0] = 1; body = body "\n"; next }
        inside { body = body $0 "\n"; next }
        { if ($0 != "") prev = $0 }
        END { for (i in imports) print i; printf "%s", samples }
    ' "$guide" >"$work/$base-samples.swift"
    if ! swiftc -swift-version 6 -typecheck -parse-as-library "${flags[@]}" "$context" "$work/$base-samples.swift" 2>"$work/$base.log"; then
        grep -E "error:" -A3 "$work/$base.log" >&2 || cat "$work/$base.log" >&2
        failed=1
        continue
    fi
    echo "doc samples: the $(grep -cE '^(func |// )sample_' "$work/$base-samples.swift") Swift samples of $guide compile"
done
exit "$failed"
