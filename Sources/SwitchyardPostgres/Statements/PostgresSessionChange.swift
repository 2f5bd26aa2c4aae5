/// Whether a statement leaves a setting on its connection's session for whoever uses the
/// connection next: `SET …` — not `SET LOCAL`, `SET TRANSACTION` or `SET CONSTRAINTS`, which
/// end with their transaction. A connection that ran one is reset (`DISCARD ALL`) before it
/// goes back to the pool (``PostgresSessionPin``).
///
/// Only the first keywords are read, in place: a statement not starting with `set` (after
/// blanks and comments) costs a few byte comparisons, and nothing is allocated.
/// Settings made another way — `set_config(…, false)`, a `SET` after another statement in
/// the same text — are not seen.
enum PostgresSessionChange {
    static func changesSession(_ text: String) -> Bool {
        guard mayStartWithSet(text.utf8) else { return false }
        var scanner = Scanner(text.utf8)
        guard scanner.skipWord("set") else { return false }
        return !scanner.skipWord("local") && !scanner.skipWord("transaction") && !scanner.skipWord("constraints")
    }

    /// False when the text plainly does not start with `set`: its first byte after blanks is
    /// neither `s` nor a comment's start, or it goes on `se` but not `set` (`SELECT`). The
    /// check every statement makes, so on the bytes themselves: the scanner's index walking
    /// cost ≈ 400 instructions a lookup.
    @inline(__always)
    private static func mayStartWithSet(_ utf8: String.UTF8View) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var index = 0
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || (9...13).contains(bytes[index]) { index += 1 }
            guard index < bytes.count else { return false }
            switch bytes[index] | 0x20 {
            case UInt8(ascii: "s"):
                // "se" then not "t": SELECT; anything else goes to the scanner.
                return index + 2 >= bytes.count || bytes[index + 1] | 0x20 != UInt8(ascii: "e") || bytes[index + 2] | 0x20 == UInt8(ascii: "t")
            case UInt8(ascii: "-") | 0x20, UInt8(ascii: "/") | 0x20:
                return true
            default:
                return false
            }
        } ?? true
    }

    /// Reads keywords from the start of a statement, skipping blanks and comments before each.
    private struct Scanner {
        let bytes: String.UTF8View
        var index: String.UTF8View.Index

        init(_ bytes: String.UTF8View) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        /// Moves past `keyword` (lowercase ASCII, matched in any case) when it comes next as a
        /// whole word; otherwise stays.
        mutating func skipWord(_ keyword: StaticString) -> Bool {
            skipBlanksAndComments()
            var at = index
            for expected in UnsafeBufferPointer(start: keyword.utf8Start, count: keyword.utf8CodeUnitCount) {
                guard at < bytes.endIndex, bytes[at] | 0x20 == expected else { return false }
                at = bytes.index(after: at)
            }
            if at < bytes.endIndex, Self.isWordByte(bytes[at]) { return false }
            index = at
            return true
        }

        private mutating func skipBlanksAndComments() {
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: " ") || (9...13).contains(byte) {
                    index = bytes.index(after: index)
                } else if starts("--") {
                    while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\n") { index = bytes.index(after: index) }
                } else if starts("/*") {
                    skipBlockComment()
                } else {
                    return
                }
            }
        }

        /// A `/* … */` comment, nested as PostgreSQL nests them.
        private mutating func skipBlockComment() {
            var depth = 0
            while index < bytes.endIndex {
                if starts("/*") {
                    depth += 1
                    index = bytes.index(index, offsetBy: 2)
                } else if starts("*/") {
                    depth -= 1
                    index = bytes.index(index, offsetBy: 2)
                    if depth == 0 { return }
                } else {
                    index = bytes.index(after: index)
                }
            }
        }

        private func starts(_ pair: StaticString) -> Bool {
            let second = bytes.index(after: index)
            return second < bytes.endIndex && bytes[index] == pair.utf8Start[0] && bytes[second] == pair.utf8Start[1]
        }

        private static func isWordByte(_ byte: UInt8) -> Bool {
            byte >= 0x80 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}
