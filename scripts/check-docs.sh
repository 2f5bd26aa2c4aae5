#!/usr/bin/env bash
# Checks the DocC comments of every library module: a link that names no public symbol, a
# parameter an initialiser's or method's `- Parameters:` list leaves out, an ambiguous link.
# Runs `docc convert --analyze` on the symbol graphs of the current debug build (extracted, not
# rebuilt). DocC checks one module at a time, so an adapter's links to the core's symbols
# (``Value``, ``Backend``) cannot resolve there; those are accepted when the core has a public
# symbol of that name, and every other warning fails the check.
#
#   swift build && scripts/check-docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
docc="$(command -v docc || echo "$(dirname "$(readlink -f "$(command -v swift)")")/docc")"
[[ -x "$docc" ]] || { echo "check-docs: no docc beside the Swift toolchain ($docc)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift package dump-symbol-graph --minimum-access-level public >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
graphs="$(swift build --show-bin-path)/../symbolgraph"
[[ -f "$graphs/Switchyard.symbols.json" ]] || { echo "check-docs: no symbol graphs in $graphs" >&2; exit 1; }
failed=0
for module in Switchyard SwitchyardSQLite SwitchyardPostgres SwitchyardMongo SwitchyardREPL SwitchyardConformance SwitchyardLifecycle; do
    mkdir -p "$work/$module"
    cp "$graphs/$module".symbols.json "$work/$module/"
    cp "$graphs/$module"@*.symbols.json "$work/$module/" 2>/dev/null || true
    "$docc" convert --additional-symbol-graph-dir "$work/$module" --fallback-display-name "$module" \
        --fallback-bundle-identifier "switchyard.$module" --output-path "$work/$module.doccarchive" --analyze \
        >"$work/$module.log" 2>&1 || { cat "$work/$module.log" >&2; echo "check-docs: docc failed on $module" >&2; exit 1; }
    python3 - "$graphs/Switchyard.symbols.json" "$work/$module.log" "$module" <<'EOF' || failed=1
import json, re, sys
core = json.load(open(sys.argv[1]))
core_names = {s["pathComponents"][0] for s in core["symbols"]}
module = sys.argv[3]
blocks, current = [], None
for line in open(sys.argv[2]):
    if line.startswith(("warning:", "error:")):
        current = [line.rstrip()]
        blocks.append(current)
    elif current is not None and line.strip():
        current.append(line.rstrip())
bad = []
for block in blocks:
    m = re.match(r"warning: '([^']+)' doesn't exist at", block[0])
    if m and module != "Switchyard" and m.group(1).split("/")[0] in core_names:
        continue  # a link to the core, which DocC cannot follow from another module
    bad.append(block)
for block in bad:
    print("\n".join(block[:4]))
if bad:
    print(f"check-docs: {module}: {len(bad)} problem(s) in DocC comments", file=sys.stderr)
    sys.exit(1)
EOF
done
[[ $failed -eq 0 ]] && echo "check-docs: DocC comments of every module resolve"
exit $failed
