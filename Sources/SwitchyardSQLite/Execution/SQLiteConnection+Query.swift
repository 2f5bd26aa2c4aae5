import Switchyard

extension SQLiteConnection {
    /// Starts `statement` on this checked-out connection: prepares, binds and steps the
    /// first batch on the connection thread, so errors throw here.
    ///
    /// Returns `nil` when `onReader` and the statement has to run on the writer; the
    /// connection has then been given back already.
    func startQuery(_ statement: Statement, options: QueryOptions, owner: SQLiteCursor.Owner, onReader: Bool) async throws -> ResultSet? {
        let operation = SQLiteOperation(handle: handle, timeout: options.timeout)
        let cursor = SQLiteCursor(connection: self, operation: operation, owner: owner, text: statement.text, readOnly: options.readOnly)
        let bindings = statement.bindings
        let start = try await withTaskCancellationHandler {
            try await run { try cursor.start(bindings: bindings, onReader: onReader) }
        } onCancel: {
            operation.interrupt(because: .cancelled)
        }
        switch start {
        case .needsWriter:
            return nil
        case .started(let columns, let first):
            return ResultSet(columns: columns, stream: CursorRowStream(cursor: cursor, first: first))
        }
    }
}
