/// How to write SQL for one database: everything the shared SQL translation asks
/// instead of checking which database it talks to.
///
/// Adapters describe their dialect once; ``SQLEntityStore`` and ``SQLPredicateTranslator``
/// do the rest.
public protocol SQLDialect: Sendable {
    /// A name for messages (`sqlite`, `postgresql`).
    var name: String { get }
    /// The placeholder for the `index`-th bound value (1-based): `?` or `$1`.
    func placeholder(_ index: Int) -> String
    /// `expression IS NOT value`, null-safe: true when either side is null and the other is not.
    func distinct(_ expression: String, _ placeholder: String) -> String
    /// A `LIKE`-style match of `expression` against the `%`/`_` pattern bound at `placeholder`.
    /// `pattern` is the original, so a dialect can rewrite it (SQLite turns a case-sensitive
    /// match into `GLOB`); returns the SQL and the value to bind.
    func like(_ expression: String, pattern: String, caseInsensitive: Bool, placeholder: String) -> (sql: String, binding: Value)
    /// Whether `ORDER BY … NULLS FIRST` is understood.
    var supportsNullsOrdering: Bool { get }
    /// ` LIMIT n OFFSET m`, either part optional; "" for neither.
    func limitClause(limit: Int?, offset: Int) -> String
    /// Whether `E'…'` is a string in which a backslash escapes the next character, as in
    /// PostgreSQL: tools splitting this dialect's scripts into statements read it so
    /// (``SQLTokenizer/Reading/escapeStrings``).
    var hasEscapeStrings: Bool { get }
    /// Whether block comments nest (`/* a /* b */ c */` is one comment), as in PostgreSQL:
    /// tools splitting this dialect's scripts into statements read them so
    /// (``SQLTokenizer/Reading/nestedComments``).
    var nestsBlockComments: Bool { get }
    /// Whether `$$…$$` and `$tag$…$tag$` are strings, as in PostgreSQL
    /// (``SQLTokenizer/Reading/dollarQuotes``).
    var hasDollarQuotes: Bool { get }
    /// Whether a carriage return ends a `--` comment, as in PostgreSQL
    /// (``SQLTokenizer/Reading/lineCommentsEndAtCarriageReturn``).
    var endsLineCommentsAtCarriageReturn: Bool { get }
}

extension SQLDialect {
    /// Double-quotes an identifier, doubling embedded quotes: safe for any name.
    /// (No Foundation: `replacingOccurrences` bridges to `NSString`, and a repository quotes
    /// every column of every statement it builds.)
    public func quote(_ identifier: String) -> String {
        guard identifier.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + identifier + "\"" }
        return "\"" + identifier.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    /// Quotes each part of a dotted `schema.table` name.
    public func quoteQualified(_ name: String) -> String {
        guard name.utf8.contains(UInt8(ascii: ".")) else { return quote(name) }
        return name.split(separator: ".", omittingEmptySubsequences: false).map { quote(String($0)) }.joined(separator: ".")
    }

    /// True by default; a dialect without `NULLS FIRST`/`NULLS LAST` says false.
    public var supportsNullsOrdering: Bool { true }

    /// False by default, as in SQLite and the SQL standard.
    public var hasEscapeStrings: Bool { false }

    /// False by default, as in SQLite.
    public var nestsBlockComments: Bool { false }

    /// False by default, as in SQLite, where `$$` is a parameter's name.
    public var hasDollarQuotes: Bool { false }

    /// False by default, as in SQLite: a `--` comment ends at a line feed only.
    public var endsLineCommentsAtCarriageReturn: Bool { false }

    /// How ``SQLTokenizer`` reads this dialect's text: its escape strings, nested comments,
    /// dollar quotes and line comments.
    public var tokenizerReading: SQLTokenizer.Reading {
        SQLTokenizer.Reading(
            escapeStrings: hasEscapeStrings, nestedComments: nestsBlockComments, dollarQuotes: hasDollarQuotes,
            lineCommentsEndAtCarriageReturn: endsLineCommentsAtCarriageReturn)
    }

    /// By default ` LIMIT n` (negative limits become 0) and ` OFFSET m` when `offset` is positive.
    public func limitClause(limit: Int?, offset: Int) -> String {
        var clause = limit.map { " LIMIT \(max(0, $0))" } ?? ""
        if offset > 0 { clause += " OFFSET \(offset)" }
        return clause
    }

    /// By default `LIKE`, or `ILIKE` when case-insensitive, with `\` as the escape character and
    /// `pattern` bound unchanged.
    public func like(_ expression: String, pattern: String, caseInsensitive: Bool, placeholder: String) -> (sql: String, binding: Value) {
        (caseInsensitive ? "\(expression) ILIKE \(placeholder) ESCAPE '\\'" : "\(expression) LIKE \(placeholder) ESCAPE '\\'", .text(pattern))
    }
}
