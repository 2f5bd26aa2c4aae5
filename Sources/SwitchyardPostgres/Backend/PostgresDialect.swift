import Switchyard

/// How to write SQL for PostgreSQL, for ``SQLEntityStore`` and ``SQLPredicateTranslator``:
/// `$n` placeholders, `IS DISTINCT FROM` for null-safe inequality, and `LIKE`/`ILIKE`
/// with a backslash `ESCAPE` (the shared default).
public struct PostgresDialect: SQLDialect {
    /// Creates the dialect; it holds no state.
    public init() {}

    public var name: String { "postgresql" }
    /// True: `E'it\'s'` is one string.
    public var hasEscapeStrings: Bool { true }
    /// True: `/* a /* b */ c */` is one comment.
    public var nestsBlockComments: Bool { true }
    /// True: `$$a;b$$` is one string.
    public var hasDollarQuotes: Bool { true }
    /// True: `-- a` followed by a lone `\r` ends there.
    public var endsLineCommentsAtCarriageReturn: Bool { true }

    public func placeholder(_ index: Int) -> String { "$\(index)" }

    public func distinct(_ expression: String, _ placeholder: String) -> String {
        "\(expression) IS DISTINCT FROM \(placeholder)"
    }

    public var supportsNullsOrdering: Bool { true }
}
