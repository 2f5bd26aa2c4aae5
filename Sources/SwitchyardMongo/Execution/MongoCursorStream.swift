import Switchyard
import Synchronization

/// Streams a cursor's documents as rows, a batch of up to 256 per hop to a worker.
///
/// While the consumer works through one batch, the next is already being read and
/// decoded on a worker (one batch ahead, never more), so decoding overlaps the
/// consumer's own work. Memory stays bounded by two batches however long the result
/// is. Leaving early (``cancel()``, or dropping the stream) closes the cursor on a
/// worker thread, which kills it on the server and returns its client to the pool.
final class MongoCursorStream: RowStream {
    static let batchSize = 256

    private struct State: Sendable {
        var first: [Row]?
        var ahead: Task<[Row], any Error>?
        var returned = 0
        var cancelled = false
    }

    private let handle: MongoCursorHandle
    private let workers: WorkerThreads
    private let builder: MongoRowBuilder
    private let context: (backend: String, statement: String)
    /// A `Mutex` of this module's, not the core's generic `Locked` class: one of those made and
    /// freed per statement looked up its generic metadata at run time, twice.
    private let state: Mutex<State>

    init(handle: MongoCursorHandle, workers: WorkerThreads, builder: MongoRowBuilder, first: [Row], backend: String, statement: String) {
        self.handle = handle
        self.workers = workers
        self.builder = builder
        self.context = (backend, statement)
        self.state = Mutex(State(first: first))
    }

    /// Starts reading the batch after the one being handed out, unless the cursor is done.
    private func fetchAhead() -> Task<[Row], any Error>? {
        guard handle.isOpen else { return nil }
        let (handle, workers, builder, context) = (self.handle, self.workers, self.builder, self.context)
        return Task {
            try await workers.runAbandoningOnCancel({ () throws -> [Row] in
                do {
                    return try handle.next(MongoCursorStream.batchSize, as: builder)
                } catch let error as SwitchyardError {
                    throw error.attributed(to: context.backend, statement: context.statement)
                }
            }, discard: { _ in })
        }
    }

    func nextBatch() async throws -> [Row] {
        let (first, ahead, cancelled) = state.withLock { state in
            defer { state.first = nil; state.ahead = nil }
            return (state.first, state.ahead, state.cancelled)
        }
        if cancelled { return [] }
        let rows: [Row]
        if let first {
            rows = first
        } else if let fetch = ahead ?? fetchAhead() {
            // The read runs in a task of its own: a cancelled reader cancels it, and it gives up
            // waiting for a server that does not answer (``OwnThreadsExecutor/runAbandoningOnCancel(_:discard:)``).
            rows = try await withTaskCancellationHandler { try await fetch.value } onCancel: { fetch.cancel() }
        } else {
            rows = []
        }
        handOut(rows, isLast: rows.isEmpty)
        return rows
    }

    /// Counts `rows` as returned and, unless they are the last, starts reading the next batch.
    private func handOut(_ rows: [Row], isLast: Bool) {
        let next = isLast ? nil : fetchAhead()
        state.withLock {
            $0.returned += rows.count
            $0.ahead = next
        }
    }

    /// The first batch, read when the statement ran; the last one when that exhausted the cursor.
    func readyBatch() -> ReadyBatch? {
        let first = state.withLock { state -> [Row]? in
            guard !state.cancelled else { return nil }
            defer { state.first = nil }
            return state.first
        }
        guard let first else { return nil }
        let isLast = first.isEmpty || !handle.isOpen
        handOut(first, isLast: isLast)
        return ReadyBatch(rows: first, isLast: isLast)
    }

    func summary() -> ExecutionSummary { ExecutionSummary(rowsReturned: state.withLock { $0.returned }) }

    /// The first batch's rows while unread, once the server has nothing more (a lookup's cursor
    /// is closed after its first batch).
    var bufferedRowCount: Int? {
        guard !handle.isOpen else { return nil }
        return state.withLock { $0.cancelled ? 0 : $0.ahead == nil ? $0.first?.count ?? 0 : nil }
    }

    func cancel() {
        state.withLock {
            $0.cancelled = true
            $0.first = nil
            $0.ahead = nil
        }
        guard handle.isOpen else { return }
        // Runs after any read in flight: the handle's lock orders them.
        let handle = self.handle
        if !workers.submit({ handle.close() }) { handle.close() }
    }

    deinit { cancel() }
}
