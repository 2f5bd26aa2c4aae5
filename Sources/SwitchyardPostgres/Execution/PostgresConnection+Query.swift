import Switchyard

extension PostgresConnection {
    /// Starts `statement` on this (checked-out) connection and returns its streaming result;
    /// the first batch is read before returning, so errors surface here.
    ///
    /// `checkStale`: a connection straight from the pool is first checked for a server
    /// that closed it meanwhile (``PostgresStaleConnection`` is thrown before anything was sent).
    ///
    /// A statement of a pooled connection (`owner` `.backend`) starts directly on the calling
    /// task's thread when it can (see ``PostgresCursor/sendDirect(bindings:checkStale:)``);
    /// everything else runs on the connection's thread. A pooled connection's later batches
    /// are read by the holder from the rows that have arrived, and on the connection's thread
    /// when none has (``PostgresCursor/nextBatchInline()``).
    nonisolated(nonsending) func startQuery(
        _ statement: Statement, options: QueryOptions, owner: PostgresCursor.Owner, checkStale: Bool
    ) async throws -> ResultSet {
        if PostgresSessionChange.changesSession(statement.text) { changedSession.store(true, ordering: .relaxed) }
        let operation = operations.begin(options)
        let cursor = PostgresCursor(connection: self, operation: operation, owner: owner, text: statement.text, readOnly: options.readOnly)
        let bindings = statement.bindings
        let (columns, first) = try await withTaskCancellationHandlerInPlace {
            if let started = try await startDirectly(cursor, bindings: bindings, checkStale: checkStale) { return started }
            return try await run { try cursor.start(bindings: bindings, checkStale: checkStale) }
        } onCancel: { [operations] in
            operations.interrupt(operation, because: .cancelled)
        }
        return ResultSet(columns: columns, stream: CursorRowStream(cursor: cursor, first: first))
    }

    /// The first batch of a statement sent from the calling task's thread, waiting for the
    /// server on ``PostgresSocketPoller``; `nil` (nothing sent) when it cannot start that way.
    nonisolated(nonsending) private func startDirectly(
        _ cursor: PostgresCursor, bindings: [Value], checkStale: Bool
    ) async throws -> (Columns, RowBatch)? {
        #if canImport(Glibc)
        guard let poller = PostgresSocketPoller.shared else { return nil }
        var first: RowBatch?
        do {
            guard try cursor.sendDirect(bindings: bindings, checkStale: checkStale) else { return nil }
            // Straight to the poller: no reply is back the moment a request is sent, and
            // reading first cost each request a `recv` failing with EAGAIN.
            while first == nil, await poller.readable(cursor.socket) {
                first = try cursor.readWithoutWaiting()
            }
        } catch {
            // Close (and, sent, drain) on the connection thread: that may wait for the server.
            try? await run { cursor.close() }
            throw error
        }
        if let first, !cursor.directStartNeedsThread {
            return (cursor.columns, first)
        }
        // A failure, a retry, an interruption's cancel request, or a socket the poller
        // could not watch: finish on the connection thread.
        return try await run { [first] in try cursor.finishDirectStart(first, bindings: bindings) }
        #else
        return nil
        #endif
    }
}
