import Switchyard

/// Lets the core's ``CursorRowStream`` stream a PostgreSQL result: a pooled connection's
/// batches are read by the holder from the rows that have arrived, and on the connection's
/// thread when it has to wait for them; cancellation sends a cancel request for exactly this query.
extension PostgresCursor: BatchCursor {
    func readBatch() async throws -> RowBatch {
        if let batch = try nextBatchInline() {
            // Read inline, a long result the server keeps up with would never suspend, and hold
            // one of the cooperative pool's few threads until its end: other tasks run every few batches.
            if inlineBatchesRead.isMultiple(of: Self.inlineBatchesBetweenYields) { await Task.yield() }
            return batch
        }
        return try await connection.run { [self] in try nextBatch() }
    }

    func interrupt() { connection.operations.interrupt(operation, because: .cancelled) }

    /// Closes on the connection's thread, after any batch being read there — which is first
    /// stopped on the server —, or leaves the close to the holder reading a batch on its own
    /// thread (see ``noteRelease()``).
    func release() {
        let release = noteRelease()
        if release.stopsReading { interrupt() }
        if release.closes { connection.thread.submit { [self] in close() } }
    }
}
