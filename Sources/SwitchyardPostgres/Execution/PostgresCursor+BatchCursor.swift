import Switchyard

/// Lets the core's ``CursorRowStream`` stream a PostgreSQL result: batches are read on
/// the connection's thread; cancellation sends a cancel request for exactly this query.
extension PostgresCursor: BatchCursor {
    func readBatch() async throws -> RowBatch {
        try await connection.run { [self] in try nextBatch() }
    }

    func interrupt() { connection.operations.interrupt(operation, because: .cancelled) }

    /// Closes on the connection's thread, after any batch being read there — which is first
    /// stopped on the server (see ``releaseStopsReading()``).
    func release() {
        if releaseStopsReading() { interrupt() }
        connection.thread.submit { [self] in close() }
    }
}
