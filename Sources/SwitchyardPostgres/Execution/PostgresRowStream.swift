import Switchyard

/// The ``RowStream`` of a PostgreSQL result: hands out the batch read when the query
/// started, then reads further batches on the connection thread as the consumer pulls.
///
/// The connection stays checked out until the cursor finishes, fails, is cancelled,
/// or this stream is deinitialised; then the rest of the result is drained (or
/// cancelled on the server) and the connection given back.
final class PostgresRowStream: RowStream {
    private struct State: Sendable {
        var pending: [Row]?
        var isFinished: Bool
        var summary: ExecutionSummary
    }

    private let cursor: PostgresCursor
    private let state: Locked<State>

    init(cursor: PostgresCursor, first: PostgresCursor.Batch) {
        self.cursor = cursor
        self.state = Locked(State(pending: first.rows, isFinished: first.isFinished, summary: first.summary))
    }

    func nextBatch() async throws -> [Row] {
        let (pending, isFinished) = state.withLock { state in
            defer { state.pending = nil }
            return (state.pending, state.isFinished)
        }
        if let pending, !pending.isEmpty { return pending }
        if isFinished { return [] }
        let cursor = self.cursor
        do {
            let batch = try await withTaskCancellationHandler {
                try await cursor.connection.run { try cursor.nextBatch() }
            } onCancel: {
                cursor.connection.operations.interrupt(cursor.operation, because: .cancelled)
            }
            state.withLock { state in
                state.isFinished = state.isFinished || batch.isFinished
                state.summary = batch.summary
            }
            return batch.rows
        } catch {
            state.withLock { $0.isFinished = true }
            throw error
        }
    }

    func summary() -> ExecutionSummary { state.withLock { $0.summary } }

    func cancel() {
        let wasFinished = state.withLock { state in
            defer {
                state.isFinished = true
                state.pending = nil
            }
            return state.isFinished
        }
        guard !wasFinished else { return }
        let cursor = self.cursor
        cursor.connection.thread.submit { cursor.close() }
    }

    deinit {
        guard !state.withLock({ $0.isFinished }) else { return }
        let cursor = self.cursor
        cursor.connection.thread.submit { cursor.close() }
    }
}
