import Switchyard

/// Lets the core's ``CursorRowStream`` stream a PostgreSQL result: batches are read on
/// the connection's thread; cancellation sends a cancel request for exactly this query.
extension PostgresCursor: BatchCursor {
    func readBatch() async throws -> RowBatch {
        try await connection.run { [self] in try nextBatch() }
    }

    func interrupt() { connection.operations.interrupt(operation, because: .cancelled) }

    func release() {
        connection.thread.submit { [self] in close() }
    }
}
