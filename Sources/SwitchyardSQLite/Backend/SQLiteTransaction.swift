import Switchyard
import Synchronization

/// The ``QueryExecutor`` handed to the body of ``SQLiteBackend/withTransaction(_:)``:
/// every statement runs on the writer connection the transaction holds.
///
/// It is also published as a task-local while the body runs, so that a
/// `backend.query(…)` or a nested `withTransaction` issued inside the body joins the
/// transaction (a nested one becomes a `SAVEPOINT`) instead of waiting for the writer
/// that the transaction itself holds.
final class SQLiteTransaction: QueryExecutor {
    /// The transaction the current task runs inside, if any.
    @TaskLocal static var current: SQLiteTransaction?

    let connection: SQLiteConnection
    /// The backend it belongs to, so another backend's queries do not join it.
    let backendID: ObjectIdentifier
    let state = SQLiteTransactionState()
    private let savepoints = Atomic<Int>(0)

    init(connection: SQLiteConnection, backendID: ObjectIdentifier) {
        self.connection = connection
        self.backendID = backendID
    }

    nonisolated(nonsending) func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        guard statement.language == .sql else {
            throw SwitchyardError(
                .unsupported, "SQLite runs SQL, not \(statement.language)", backend: connection.backendName, statement: statement.text)
        }
        guard let result = try await connection.startQuery(statement, options: options, owner: .transaction(state), onReader: false) else {
            throw SwitchyardError(.database, "internal error: a transaction statement asked for another connection", backend: connection.backendName)
        }
        return result
    }

    /// `BEGIN IMMEDIATE`: takes the write lock now, so the body never fails half-way
    /// with `SQLITE_BUSY` when it first writes.
    func begin() async throws {
        try await connection.run { [connection] in
            if connection.databaseFileHasMoved { throw connection.databaseFileMovedError(statement: nil) }
            try connection.execute("BEGIN IMMEDIATE")
        }
    }

    /// Closes the body's open results and commits.
    func commit() async throws {
        try await connection.run { [connection, state] in
            state.end()
            // Deleted or replaced while the body ran: its writes would be lost (the caller rolls back).
            if connection.databaseFileHasMoved { throw connection.databaseFileMovedError(statement: nil) }
            try connection.execute("COMMIT")
        }
    }

    /// Closes the body's open results and rolls back, unless SQLite already did (an
    /// interrupted write rolls the whole transaction back by itself).
    func rollback() async {
        _ = try? await connection.run { [connection, state] in
            state.end()
            // If ROLLBACK itself fails there is nothing better to do than leave SQLite's
            // own recovery to the next statement; the body's error is what the caller needs.
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
        }
    }

    /// Runs a nested transaction as a savepoint of this one.
    func withSavepoint<T: Sendable>(_ body: @Sendable (any QueryExecutor) async throws -> T) async throws -> T {
        let number = savepoints.wrappingAdd(1, ordering: .relaxed).newValue
        let name = "switchyard_savepoint_\(number)"
        try await connection.run { [connection] in try connection.execute("SAVEPOINT \(name)") }
        do {
            let result = try await body(self)
            try await connection.run { [connection] in try connection.execute("RELEASE \(name)") }
            return result
        } catch {
            _ = try? await connection.run { [connection] in
                if connection.isInTransaction {
                    try connection.execute("ROLLBACK TO \(name)")
                    try connection.execute("RELEASE \(name)")
                }
            }
            throw error
        }
    }

    var hasEnded: Bool { state.hasEnded }
}
