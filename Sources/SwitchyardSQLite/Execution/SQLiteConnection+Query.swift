import Switchyard

extension SQLiteConnection {
    /// Starts `statement` on this checked-out connection: prepares, binds and steps the
    /// first batch, so errors throw here.
    ///
    /// A read on a reader checked out of its pool whose text is in the statement cache
    /// starts on the caller's thread (``runInline(_:)``): a lookup then costs no thread
    /// hand-off at all. Anything else, and a read that does not reach its first row within the
    /// inline budget, starts on the connection thread. Either way, a read on a pooled reader
    /// reads its later batches on the caller's thread (``SQLiteCursor/nextBatchInline()``);
    /// other reads read them on the connection thread.
    ///
    /// Returns `nil` when `onReader` and the statement has to run on the writer; the
    /// connection has then been given back already.
    nonisolated(nonsending) func startQuery(_ statement: Statement, options: QueryOptions, owner: SQLiteCursor.Owner, onReader: Bool) async throws -> ResultSet? {
        let operation = SQLiteOperation(handle: handle, options: options)
        let cursor = SQLiteCursor(connection: self, operation: operation, owner: owner, text: statement.text, readOnly: options.readOnly)
        let bindings = statement.bindings
        var start = SQLiteCursor.Start.onThread
        if onReader, case .pool = owner {
            // Cancelled already: the start's job fails with the cancellation, as on the thread.
            if Task.isCancelled { operation.interrupt(because: .cancelled) }
            defer { cursor.endInline() }
            start = try runInline { try cursor.start(bindings: bindings, onReader: true, inline: true) }
        }
        if case .onThread = start {
            start = try await withTaskCancellationHandlerInPlace {
                try await run { try cursor.start(bindings: bindings, onReader: onReader) }
            } onCancel: {
                operation.interrupt(because: .cancelled)
            }
        }
        switch start {
        case .needsWriter:
            return nil
        case .started(let columns, let first):
            return ResultSet(columns: columns, stream: CursorRowStream(cursor: cursor, first: first))
        case .onThread:
            throw SwitchyardError(.database, "internal error: a statement did not start on its connection thread", backend: backendName, statement: statement.text)
        }
    }
}
