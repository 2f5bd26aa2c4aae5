import Switchyard

/// Lets the core's ``CursorRowStream`` stream a SQLite result: batches are stepped on
/// the connection's thread; cancellation interrupts exactly this statement.
extension SQLiteCursor: BatchCursor {
    func readBatch() async throws -> RowBatch {
        try await connection.run { [self] in try nextBatch() }
    }

    func interrupt() { operation.interrupt(because: .cancelled) }

    func cancel() {
        interrupt()
        release()
    }

    func release() {
        connection.thread.submit { [self] in close() }
    }
}
