import Switchyard

/// One connection held by one task for a series of statements: see
/// ``PostgresBackend/withSession(_:)``.
///
/// Published as a task-local while the body runs, so `query` on the backend (directly,
/// through a repository or an orchestrator) and `withTransaction` inside the body use the
/// held connection instead of taking one from the pool per statement.
final class PostgresHeldSession: Sendable {
    /// The session the current task holds, if any.
    @TaskLocal static var current: PostgresHeldSession?

    let connection: PostgresConnection
    let backendID: ObjectIdentifier
    /// The results open on the connection, closed when the session ends.
    let state = PostgresTransactionState(scope: "session")

    init(connection: PostgresConnection, backendID: ObjectIdentifier) {
        self.connection = connection
        self.backendID = backendID
    }

    /// Whether statements for the backend `id` names should run here.
    func serves(_ id: ObjectIdentifier) -> Bool { backendID == id && !state.hasEnded }

    nonisolated(nonsending) func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        try await connection.startQuery(statement, options: options, owner: .transaction(state), checkStale: false)
    }

    /// Closes what the body left open (on the connection thread).
    func end() async {
        _ = try? await connection.run { [state] in state.end() }
    }
}
