/// Refuses statements that write, and asks backends to enforce read-only execution.
///
/// Two layers, because text classification alone can be fooled (a SQL function
/// with side effects, a verb the classifier does not know): `validate` rejects
/// statements whose verb writes, and `process` marks the request
/// ``QueryOptions/readOnly`` so backends that can check a prepared statement
/// (SQLite's `sqlite3_stmt_readonly`) refuse anything the text hid.
public struct ReadOnlyGuard: DataProcessor {
    public let name = "read-only"
    public var summary: String { "refuses writes and schema changes" }

    /// Classifiers for languages other than SQL, keyed by language (adapters supply them).
    private let classifiers: [QueryLanguage: @Sendable (String) -> StatementKind]

    public init(classifiers: [QueryLanguage: @Sendable (String) -> StatementKind] = [:]) {
        self.classifiers = classifiers
    }

    public func validate(_ request: QueryRequest) throws {
        let statement = request.statement
        let kind: StatementKind
        if let classify = classifiers[statement.language] {
            kind = classify(statement.text)
        } else if statement.language == .sql {
            kind = StatementKind.classify(sql: statement.text)
        } else {
            kind = .unknown
        }
        // Unknown verbs pass to the backend, which enforces `options.readOnly` itself.
        guard kind.isReadOnly || kind == .unknown else {
            throw SwitchyardError(
                .readOnly, "refusing a \(kind.rawValue) statement in a read-only session", statement: statement.text,
                hint: "start without --read-only to change data")
        }
    }

    public func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        var request = request
        request.options.readOnly = true
        return try await next(request)
    }
}
