import Switchyard
import Synchronization

/// The ``RowStream`` of a SQLite result: hands out the batch stepped when the query
/// started, then steps further batches on the connection thread as the consumer pulls.
///
/// The connection stays checked out until the cursor finishes, fails, is cancelled, or
/// this stream is deinitialised; then the statement is reset and the connection given back.
final class SQLiteRowStream: RowStream {
    private struct State: Sendable {
        var pending: [Row]?
        var isFinished: Bool
        var summary: ExecutionSummary
    }

    private let cursor: SQLiteCursor
    private let state: Mutex<State>

    init(cursor: SQLiteCursor, first: SQLiteCursor.Batch) {
        self.cursor = cursor
        self.state = Mutex(State(pending: first.rows, isFinished: first.isFinished, summary: first.summary))
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
                cursor.operation.interrupt(because: .cancelled)
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
        cursor.operation.interrupt(because: .cancelled)
        cursor.connection.thread.submit { cursor.close() }
    }

    deinit {
        guard !state.withLock({ $0.isFinished }) else { return }
        let cursor = self.cursor
        cursor.connection.thread.submit { cursor.close() }
    }
}
