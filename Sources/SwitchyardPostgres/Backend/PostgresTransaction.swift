import CLibPQ
import Switchyard

/// The ``QueryExecutor`` handed to the body of ``PostgresBackend/withTransaction(_:)``:
/// every statement runs on the one connection the transaction holds.
///
/// It is also published as a task-local while the body runs, so that a
/// `backend.query(…)` or a nested `withTransaction` issued inside the body joins the
/// transaction (a nested one becomes a savepoint) instead of taking another
/// connection from the pool, which could deadlock a small pool.
public final class PostgresTransaction: QueryExecutor {
    /// The transaction the current task runs inside, if any.
    @TaskLocal static var current: PostgresTransaction?

    let connection: PostgresConnection
    /// The backend it belongs to, so another backend's queries do not join it.
    let backendID: ObjectIdentifier
    let state = PostgresTransactionState()
    private let savepoints = Locked(0)
    /// Set when the transaction runs inside one the session opened with a plain `BEGIN`:
    /// it is then a savepoint of that one, and the session's transaction stays open.
    private let enclosingSavepoint = Locked<String?>(nil)

    init(connection: PostgresConnection, backendID: ObjectIdentifier) {
        self.connection = connection
        self.backendID = backendID
    }

    nonisolated(nonsending) public func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        guard statement.language == .sql else {
            throw SwitchyardError(
                .unsupported, "PostgreSQL runs SQL, not \(statement.language)", backend: connection.backendName, statement: statement.text)
        }
        return try await connection.startQuery(statement, options: options, owner: .transaction(state), checkStale: false)
    }

    /// Loads `rows` into `table` with `COPY … FROM STDIN`, as part of this transaction.
    /// See ``PostgresBackend/copy(into:columns:rows:)``.
    @discardableResult
    public func copy(into table: String, columns: [String], rows: some Sequence<[Value]> & Sendable) async throws -> Int {
        try await connection.copy(into: table, columns: columns, rows: rows)
    }

    /// Runs `body` inside a savepoint: its writes are undone, and the transaction goes
    /// on, when it throws (the error is rethrown).
    public func withSavepoint<T: Sendable>(_ body: @Sendable (PostgresTransaction) async throws -> T) async throws -> T {
        let number = savepoints.withLock { count -> Int in
            count += 1
            return count
        }
        let name = "switchyard_savepoint_\(number)"
        try await connection.run { [connection, state] in
            if connection.isLost { throw connection.lostConnectionError(in: state.scope, statement: nil) }
            _ = try connection.executeSimple("SAVEPOINT \(name)")
        }
        do {
            let result = try await body(self)
            try await connection.run { [connection] in _ = try connection.executeSimple("RELEASE SAVEPOINT \(name)") }
            return result
        } catch {
            _ = try? await connection.run { [connection] in
                if connection.transactionStatus != PQTRANS_IDLE {
                    _ = try connection.executeSimple("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
                }
            }
            throw error
        }
    }

    // MARK: Beginning and ending

    /// Sends `BEGIN …` (first checking, when `checkStale`, that the server has not
    /// closed the idle connection: ``PostgresStaleConnection`` then, nothing sent). On a
    /// connection where the session's own transaction is open, sets a savepoint instead.
    func begin(_ options: PostgresTransactionOptions, checkStale: Bool) async throws {
        let savepoint = try await connection.run { [connection] () -> String? in
            if checkStale, connection.hasBeenClosedByServer() { throw PostgresStaleConnection() }
            // A session's connection, lost earlier in the session.
            if connection.isLost { throw connection.lostConnectionError(in: "session", statement: nil) }
            guard connection.transactionStatus == PQTRANS_IDLE else {
                try connection.executeSimple("SAVEPOINT switchyard_enclosed")
                return "switchyard_enclosed"
            }
            try connection.executeSimple(options.beginStatement)
            return nil
        }
        enclosingSavepoint.withLock { $0 = savepoint }
    }

    /// Closes the body's open results and commits. A transaction that a failed
    /// statement aborted (and the body went on from) is rolled back and reported, not
    /// silently "committed" (PostgreSQL answers such a `COMMIT` with `ROLLBACK`).
    func commit() async throws {
        let savepoint = enclosingSavepoint.value
        try await connection.run { [connection, state] in
            let cutResult = state.end()
            if connection.isLost {
                throw SwitchyardError(
                    .connection, "the connection was lost inside the transaction, so the server rolled it back: nothing was committed",
                    backend: connection.backendName, hint: "run the transaction again: it takes a new connection")
            }
            if let savepoint {
                try connection.executeSimple("RELEASE SAVEPOINT \(savepoint)")
                return
            }
            if connection.transactionStatus == PQTRANS_INERROR {
                _ = try? connection.executeSimple("ROLLBACK")
                if cutResult {
                    // Stopping a long result on the server (a cancel) aborts the transaction it runs in.
                    throw SwitchyardError(
                        .invalidInput, "the transaction was rolled back: its body returned while a result was still streaming, and stopping it on the server aborted the transaction",
                        backend: connection.backendName, hint: "read results inside the withTransaction body")
                }
                throw SwitchyardError(
                    .database, "the transaction was rolled back: a statement in it failed and the body went on", backend: connection.backendName,
                    hint: "rethrow the statement's error, or wrap the statement in withSavepoint")
            }
            _ = try connection.executeSimple("COMMIT")
        }
    }

    /// Closes the body's open results and rolls back.
    func rollback() async {
        let savepoint = enclosingSavepoint.value
        _ = try? await connection.run { [connection, state] in
            state.end()
            if let savepoint, connection.transactionStatus != PQTRANS_IDLE {
                _ = try? connection.executeSimple("ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
                return
            }
            // If ROLLBACK fails the connection is broken, and the pool will replace it;
            // the body's error is what the caller needs to see.
            if connection.transactionStatus != PQTRANS_IDLE { _ = try? connection.executeSimple("ROLLBACK") }
        }
    }

    var hasEnded: Bool { state.hasEnded }
}
