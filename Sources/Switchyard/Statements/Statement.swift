/// Native query text plus the values bound to its parameters.
///
/// Values are always bound by the backend's own parameter mechanism, never spliced
/// into the text: `Statement("SELECT * FROM users WHERE id = ?", [42])`.
/// Placeholder syntax is the backend's (`?` for SQLite, `$1` for PostgreSQL).
public struct Statement: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The statement as the backend reads it, placeholders included.
    public var text: String
    /// The language `text` is written in; routing sends it only to backends that accept it.
    public var language: QueryLanguage
    /// The values bound to the placeholders, in placeholder order.
    public var bindings: [Value]

    /// Creates a statement; bindings fill `text`'s placeholders in order, never spliced into the text.
    public init(_ text: String, _ bindings: [Value] = [], language: QueryLanguage = .sql) {
        self.text = text
        self.language = language
        self.bindings = bindings
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { text }
}
