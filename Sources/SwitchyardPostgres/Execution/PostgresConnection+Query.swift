import Switchyard

extension PostgresConnection {
    /// Starts `statement` on this checked-out connection: prepares, binds, sends and
    /// reads the first batch on the connection thread, so errors throw here. Task
    /// cancellation or `options.timeout` cancels the statement on the server.
    ///
    /// - Parameter checkStale: see ``PostgresCursor/start(bindings:checkStale:)``.
    func startQuery(_ statement: Statement, options: QueryOptions, owner: PostgresCursor.Owner, checkStale: Bool) async throws -> ResultSet {
        let operation = operations.begin(timeout: options.timeout)
        let cursor = PostgresCursor(connection: self, operation: operation, owner: owner, text: statement.text, readOnly: options.readOnly)
        let bindings = statement.bindings
        let (columns, first) = try await withTaskCancellationHandler {
            try await run { try cursor.start(bindings: bindings, checkStale: checkStale) }
        } onCancel: { [operations] in
            operations.interrupt(operation, because: .cancelled)
        }
        return ResultSet(columns: columns, stream: CursorRowStream(cursor: cursor, first: first))
    }
}
