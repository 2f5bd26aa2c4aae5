import Switchyard

/// Lets the core's ``CursorRowStream`` stream a SQLite result: batches are stepped on
/// the caller's thread when the read started there, on the connection's thread
/// otherwise; cancellation interrupts exactly this statement.
extension SQLiteCursor: BatchCursor {
    func readBatch() async throws -> RowBatch {
        if let batch = try nextBatchInline() {
            // Read inline, a long result would never suspend, and hold one of the cooperative
            // pool's few threads until its end: other tasks run every few batches (a few ms).
            // (Yielding after every batch cost what reading inline saved: the task went on on
            // another thread, away from its rows' memory.)
            if inlineBatchesRead.isMultiple(of: Self.inlineBatchesBetweenYields) { await Task.yield() }
            return batch
        }
        return try await connection.run { [self] in try nextBatch() }
    }

    func interrupt() { operation.interrupt(because: .cancelled) }

    func cancel() {
        interrupt()
        release()
    }

    /// Closes on the connection's thread — or, when the holder is reading a batch on its own
    /// thread right now, leaves the close to it (see ``releaseUnlessReading()``).
    func release() {
        if releaseUnlessReading() { connection.thread.submit { [self] in close() } }
    }
}
