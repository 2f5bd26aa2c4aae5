/// Refuses statements that write, and asks backends to enforce read-only execution.
///
/// Two layers, because text classification alone can be fooled (a SQL function
/// with side effects, a verb the classifier does not know): `validate` rejects
/// statements whose verb writes, and ``prepare(_:)`` marks the request
/// ``QueryOptions/readOnly`` so backends that can check a prepared statement
/// (SQLite's `sqlite3_stmt_readonly`) refuse anything the text hid.
public struct ReadOnlyGuard: InlineProcessor {
    public let name = "read-only"
    public var summary: String { "refuses writes and schema changes" }

    /// Classifiers for languages other than SQL, keyed by language (adapters supply them).
    private let classifiers: [QueryLanguage: @Sendable (String) -> StatementKind]
    /// A classifier given for SQL itself, found once: SQL requests then need no lookup by language.
    private let sqlClassifier: (@Sendable (String) -> StatementKind)?

    /// Creates a guard; SQL is classified by ``StatementKind/classify(sql:)`` unless `classifiers` has an
    /// entry for SQL, and a language with no classifier is left to the backend's own enforcement.
    public init(classifiers: [QueryLanguage: @Sendable (String) -> StatementKind] = [:]) {
        self.classifiers = classifiers
        sqlClassifier = classifiers[.sql]
    }

    /// Throws ``SwitchyardError`` of kind `.readOnly` when the statement's kind writes or changes the schema;
    /// statements of unknown kind pass, for the backend to refuse.
    public func validate(_ request: QueryRequest) throws {
        let statement = request.statement
        let kind: StatementKind
        if statement.language == .sql {
            kind = sqlClassifier?(statement.text) ?? StatementKind.classify(sql: statement.text)
        } else if let classify = classifiers[statement.language] {
            kind = classify(statement.text)
        } else {
            kind = .unknown
        }
        // Unknown verbs pass to the backend, which enforces `options.readOnly` itself.
        guard kind.isReadOnly || kind == .unknown else {
            throw SwitchyardError(
                .readOnly, "refusing a \(kind.rawValue) statement in a read-only session", statement: statement.text,
                hint: "the session is read-only (the --read-only option, readOnly in the configuration, or a ReadOnlyGuard): writes need a session without it")
        }
    }

    /// Marks the request ``QueryOptions/readOnly``, for backends that enforce it themselves.
    public func prepare(_ request: inout QueryRequest) {
        // Written only when it changes: a write copies a request whose storage is shared.
        if !request.options.readOnly { request.options.readOnly = true }
    }
}
