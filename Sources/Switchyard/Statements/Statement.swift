/// Native query text plus the values bound to its parameters.
///
/// Values are always bound by the backend's own parameter mechanism, never spliced
/// into the text: `Statement("SELECT * FROM users WHERE id = ?", [42])`.
/// Placeholder syntax is the backend's (`?` for SQLite, `$1` for PostgreSQL).
public struct Statement: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var text: String
    public var language: QueryLanguage
    public var bindings: [Value]

    public init(_ text: String, _ bindings: [Value] = [], language: QueryLanguage = .sql) {
        self.text = text
        self.language = language
        self.bindings = bindings
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { text }
}
