extension SQLTokenizer {
    /// How to read the constructs SQL dialects disagree on. The default is SQLite's reading;
    /// PostgreSQL's turns both on (``SQLDialect/tokenizerReading``).
    public struct Reading: Sendable, Hashable {
        /// Reads `E'…'` (or `e'…'`) as PostgreSQL does, a string in which a backslash escapes the
        /// next character (`E'it\'s'`); otherwise, as SQLite and the SQL standard do, the `E` is a
        /// word and the string ends at the first lone quote.
        public var escapeStrings: Bool
        /// Reads block comments as nesting, as PostgreSQL (and the SQL standard) does:
        /// `/* a /* b */ c */` is one comment. Otherwise, as in SQLite, a comment ends at its first `*/`.
        public var nestedComments: Bool

        /// Creates a reading; by default SQLite's, with neither escape strings nor nested comments.
        public init(escapeStrings: Bool = false, nestedComments: Bool = false) {
            self.escapeStrings = escapeStrings
            self.nestedComments = nestedComments
        }
    }

    /// The ways `sql` may be read: the default reading first, then each other one that could
    /// split the text differently — with escape strings when the text holds a backslash and an
    /// `E'`, with nested comments when it holds `/*` twice, and with both when both can matter.
    /// Pass each to ``init(_:reading:)`` and act on the most cautious outcome.
    public static func readings(of sql: String) -> [Reading] {
        // One pass over the bytes, no copy of the text: processors call this per request.
        var hasBackslash = false
        var hasEscapeString = false
        var commentOpenings = 0
        var previous: UInt8 = 0
        for byte in sql.utf8 {
            if byte == UInt8(ascii: "\\") {
                hasBackslash = true
            } else if byte == UInt8(ascii: "'"), previous | 0x20 == UInt8(ascii: "e") {
                hasEscapeString = true
            } else if byte == UInt8(ascii: "*"), previous == UInt8(ascii: "/") {
                commentOpenings += 1
            }
            previous = byte
        }
        let escapes = hasBackslash && hasEscapeString
        // A comment can only nest when a second `/*` stands inside the first.
        let nests = commentOpenings > 1
        switch (escapes, nests) {
        case (false, false): return [Reading()]
        case (true, false): return [Reading(), Reading(escapeStrings: true)]
        case (false, true): return [Reading(), Reading(nestedComments: true)]
        case (true, true):
            return [
                Reading(), Reading(escapeStrings: true), Reading(nestedComments: true),
                Reading(escapeStrings: true, nestedComments: true),
            ]
        }
    }
}
