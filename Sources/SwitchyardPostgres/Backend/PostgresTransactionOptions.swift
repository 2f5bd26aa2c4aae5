/// How a PostgreSQL transaction runs: its isolation level, whether it may write,
/// and whether a serializable read-only one may wait for a safe snapshot.
///
/// ```swift
/// try await backend.withTransaction(PostgresTransactionOptions(isolation: .serializable)) { tx in … }
/// ```
public struct PostgresTransactionOptions: Sendable, Hashable {
    /// The SQL isolation levels PostgreSQL offers (`READ UNCOMMITTED` behaves as `READ COMMITTED` there);
    /// the raw value is the SQL spelling.
    public enum IsolationLevel: String, Sendable, Hashable, CaseIterable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// `nil` keeps the server's default (`default_transaction_isolation`, normally read committed).
    public var isolation: IsolationLevel?
    /// Writes fail with `.readOnly`; the server enforces it.
    public var readOnly: Bool
    /// With `serializable` and `readOnly`: wait for a snapshot that cannot fail with a serialization error.
    public var deferrable: Bool

    /// Creates options; by default a read-write transaction at the server's default isolation.
    public init(isolation: IsolationLevel? = nil, readOnly: Bool = false, deferrable: Bool = false) {
        self.isolation = isolation
        self.readOnly = readOnly
        self.deferrable = deferrable
    }

    /// The `BEGIN` that starts it. Always says `READ WRITE` or `READ ONLY`, so a
    /// connection left read-only by an earlier read-only request does not leak into it.
    var beginStatement: String {
        var sql = "BEGIN"
        if let isolation { sql += " ISOLATION LEVEL \(isolation.rawValue)" }
        sql += readOnly ? " READ ONLY" : " READ WRITE"
        if deferrable { sql += " DEFERRABLE" }
        return sql
    }
}
