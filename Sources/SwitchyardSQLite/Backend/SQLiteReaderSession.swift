import Switchyard

/// One reader connection held by one task for a series of reads: see
/// ``SQLiteBackend/withReader(_:)``.
///
/// Statements run on the held reader through the same cursor machinery as a
/// transaction's (the session keeps the connection between statements and closes what is
/// left open when it ends). Those that need the writer — they write, or use a temporary
/// table only the writer has — come back `nil`, and the backend sends them to the writer
/// as it would outside a session.
final class SQLiteReaderSession: QueryExecutor {
    /// The session the current task holds, so `query` on the backend inside the body runs
    /// its reads here (as `query` inside `withTransaction` joins the transaction).
    @TaskLocal static var current: SQLiteReaderSession?

    let connection: SQLiteConnection
    let backendID: ObjectIdentifier
    let state = SQLiteTransactionState()
    /// The backend, for statements that need the writer.
    private let backend: SQLiteBackend

    init(connection: SQLiteConnection, backend: SQLiteBackend) {
        self.connection = connection
        self.backend = backend
        self.backendID = ObjectIdentifier(backend)
    }

    /// Runs `statement` on the backend: a read on the held reader, anything else on the writer.
    nonisolated(nonsending) func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        // Reads go straight to the held reader; binding the task-local costs more than the read.
        if let result = try await backend.readOnHeldReader(self, statement, options: options) { return result }
        return try await SQLiteReaderSession.$current.withValue(self) {
            try await backend.query(statement, options: options)
        }
    }

    /// The statement started on the held reader, or `nil` when it needs the writer.
    func startRead(_ statement: Statement, options: QueryOptions) async throws -> ResultSet? {
        try await connection.startQuery(statement, options: options, owner: .transaction(state), onReader: true)
    }

    /// On the connection thread: closes what the body left open and leaves no transaction
    /// behind (a `BEGIN` sent to a reader must not pin an old snapshot for its next user).
    func end() {
        state.end()
        if connection.isInTransaction { try? connection.execute("ROLLBACK") }
    }

    var hasEnded: Bool { state.hasEnded }
}
