import Foundation

/// One executed statement as the audit log keeps it: where it ran, what it was, who asked,
/// how long it took, how many rows, and how it ended. Binding values are never stored,
/// only how many there were.
public struct AuditRecord: Entity, Hashable {
    public static let storageName = "switchyard_audit"

    /// A random lower-case UUID unless one is given.
    public var id: String
    /// When the request entered the audit processor, ISO 8601 in UTC.
    public var startedAt: String
    /// The backend(s) it ran on, comma-separated; `-` when it failed before routing.
    public var backend: String
    /// The schema(s) the statement named (`sales` of `sales.orders`), comma-separated, or the
    /// caller's `schema` attribute; `nil` when it used the backend's default schema.
    public var schema: String?
    /// The statement text as sent; bindings are not substituted into it.
    public var statement: String
    /// The bindings with every value replaced by `***`: `[***, ***]`.
    public var bindings: String
    /// The caller's user, from ``CallerContext/user``.
    public var user: String?
    /// The caller's tenant, from ``CallerContext/tenant``.
    public var tenant: String?
    /// The request's correlation id, to match the record with log lines.
    public var correlationID: String
    /// How long the statement took, in microseconds: from the request entering the audit processor until
    /// its rows were read to the end, it failed, or the caller stopped reading.
    public var durationMicroseconds: Int64
    /// Rows returned, or rows affected for writes.
    public var rows: Int
    /// `ok`; `stopped` when the caller stopped reading early (a row limit, a closed cursor), `rows`
    /// then counting what was read; `cancelled`; or `error`.
    public var outcome: String
    /// The error's kind and message when the outcome is `error`.
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case id, backend, statement, bindings, tenant, rows, outcome, error
        // `user` is a reserved word in PostgreSQL.
        case user = "username"
        case schema = "schema_name"
        case startedAt = "started_at"
        case correlationID = "correlation_id"
        case durationMicroseconds = "duration_us"
    }

    /// Creates a record; `bindings` are reduced to ``redacted(_:)`` and `duration` to whole microseconds.
    public init(
        id: String = UUID().uuidString.lowercased(), startedAt: Date = Date(), backend: String, schema: String? = nil,
        statement: String, bindings: [Value], user: String?, tenant: String?, correlationID: String, duration: Duration,
        rows: Int, outcome: String, error: String? = nil
    ) {
        self.id = id
        self.startedAt = Timestamp(startedAt).description
        self.backend = backend
        self.schema = schema
        self.statement = statement
        self.bindings = Self.redacted(bindings)
        self.user = user
        self.tenant = tenant
        self.correlationID = correlationID
        self.durationMicroseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        self.rows = rows
        self.outcome = outcome
        self.error = error
    }

    /// How bindings are written to the log: their number and position only.
    public static func redacted(_ bindings: [Value]) -> String {
        "[" + bindings.map { _ in "***" }.joined(separator: ", ") + "]"
    }

    /// A table for the records on SQLite or PostgreSQL (columns named by its `CodingKeys`).
    public static let sqlTableDefinition = """
        CREATE TABLE IF NOT EXISTS switchyard_audit (
            id TEXT PRIMARY KEY, started_at TEXT NOT NULL, backend TEXT NOT NULL, schema_name TEXT, statement TEXT NOT NULL,
            bindings TEXT NOT NULL, username TEXT, tenant TEXT, correlation_id TEXT NOT NULL,
            duration_us BIGINT NOT NULL, rows BIGINT NOT NULL, outcome TEXT NOT NULL, error TEXT
        )
        """
}
