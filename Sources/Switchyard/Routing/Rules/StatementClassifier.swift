/// Tells rules what a statement does and which tables it names, using each language's own support.
public struct StatementClassifier: Sendable {
    /// Each known language's support, by language; SQL is always present.
    public var languages: [QueryLanguage: any QueryLanguageSupport]

    /// SQL is always known; pass adapters' language supports (from the `DriverRegistry`) for the rest.
    public init(_ supports: [any QueryLanguageSupport] = []) {
        var languages: [QueryLanguage: any QueryLanguageSupport] = [.sql: SQLLanguageSupport()]
        for support in supports { languages[support.language] = support }
        self.languages = languages
    }

    /// The statement's kind; `unknown` for a language nobody described.
    public func classify(_ statement: Statement) -> StatementKind {
        languages[statement.language]?.classify(statement.text) ?? .unknown
    }

    /// The tables or collections the statement names: its language's
    /// ``QueryLanguageSupport/tables(in:)`` when that knows, else ``TableNameExtractor``.
    public func tables(in statement: Statement) -> [String] {
        if statement.language != .sql, let tables = languages[statement.language]?.tables(in: statement.text) { return tables }
        return TableNameExtractor.tables(in: statement)
    }
}
