extension SQLTokenizer {
    /// How to read the constructs SQL dialects disagree on. The default is SQLite's reading;
    /// PostgreSQL's turns them all on (``SQLDialect/tokenizerReading``).
    public struct Reading: Sendable, Hashable {
        /// Reads `E'…'` (or `e'…'`) as PostgreSQL does, a string in which a backslash escapes the
        /// next character (`E'it\'s'`); otherwise, as SQLite and the SQL standard do, the `E` is a
        /// word and the string ends at the first lone quote.
        public var escapeStrings: Bool
        /// Reads block comments as nesting, as PostgreSQL (and the SQL standard) does:
        /// `/* a /* b */ c */` is one comment. Otherwise, as in SQLite, a comment ends at its first `*/`.
        public var nestedComments: Bool
        /// Reads `$$…$$` and `$tag$…$tag$` as strings, as PostgreSQL does. SQLite has no dollar
        /// quotes: there `$$` is a parameter's name, and a `;` after it ends the statement.
        public var dollarQuotes: Bool
        /// Ends a `--` comment at a carriage return as well as at a line feed, as PostgreSQL does;
        /// SQLite ends it only at a line feed. (Both end it at a `\r\n` line break.)
        public var lineCommentsEndAtCarriageReturn: Bool

        /// Creates a reading; by default SQLite's, with none of PostgreSQL's ways.
        public init(
            escapeStrings: Bool = false, nestedComments: Bool = false, dollarQuotes: Bool = false,
            lineCommentsEndAtCarriageReturn: Bool = false
        ) {
            self.escapeStrings = escapeStrings
            self.nestedComments = nestedComments
            self.dollarQuotes = dollarQuotes
            self.lineCommentsEndAtCarriageReturn = lineCommentsEndAtCarriageReturn
        }
    }

    /// The ways `sql` may be read: the default reading first, then each other one that could
    /// split the text differently — with escape strings when the text holds a backslash and an
    /// `E'`, with nested comments when it holds `/*` twice, with dollar quotes when it holds
    /// `$$` or `$tag`, with line comments ending at a carriage return when it holds `--` and a
    /// `\r` outside a `\r\n` — and every combination of those. Pass each to ``init(_:reading:)``
    /// and act on the most cautious outcome.
    public static func readings(of sql: String) -> [Reading] {
        // One pass over the bytes, no copy of the text: processors call this per request.
        var hasBackslash = false
        var hasEscapeString = false
        var commentOpenings = 0
        var hasDollarTag = false
        var hasLineComment = false
        var hasLoneCarriageReturn = false
        var previous: UInt8 = 0
        for byte in sql.utf8 {
            if previous == UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") {
                hasLoneCarriageReturn = true
            }
            if byte == UInt8(ascii: "\\") {
                hasBackslash = true
            } else if byte == UInt8(ascii: "'"), previous | 0x20 == UInt8(ascii: "e") {
                hasEscapeString = true
            } else if byte == UInt8(ascii: "*"), previous == UInt8(ascii: "/") {
                commentOpenings += 1
            } else if previous == UInt8(ascii: "$"), byte == UInt8(ascii: "$") || byte.isSQLWordStart {
                hasDollarTag = true
            } else if byte == UInt8(ascii: "-"), previous == UInt8(ascii: "-") {
                hasLineComment = true
            }
            previous = byte
        }
        let escapes = hasBackslash && hasEscapeString
        // A comment can only nest when a second `/*` stands inside the first.
        let nests = commentOpenings > 1
        let carriageReturns = hasLineComment && hasLoneCarriageReturn
        guard escapes || nests || hasDollarTag || carriageReturns else { return [Reading()] }
        let differences = [escapes, nests, hasDollarTag, carriageReturns]
        let bits = differences.indices.filter { differences[$0] }
        return (0..<(1 << bits.count)).map { combination in
            let on = Set(bits.indices.filter { combination & (1 << $0) != 0 }.map { bits[$0] })
            return Reading(
                escapeStrings: on.contains(0), nestedComments: on.contains(1), dollarQuotes: on.contains(2),
                lineCommentsEndAtCarriageReturn: on.contains(3))
        }
    }
}
