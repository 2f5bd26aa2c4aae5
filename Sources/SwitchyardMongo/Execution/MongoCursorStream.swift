import Switchyard

/// Streams a cursor's documents as rows, a batch of up to 256 per hop to a worker.
///
/// Memory stays bounded by one batch however long the result is. Leaving early
/// (``cancel()``, or dropping the stream) closes the cursor on a worker thread, which
/// kills it on the server and returns its client to the pool.
final class MongoCursorStream: RowStream {
    static let batchSize = 256

    private let handle: MongoCursorHandle
    private let workers: MongoWorkerThreads
    private let builder: MongoRowBuilder
    private let context: (backend: String, statement: String)
    private let state: Locked<(pending: [Row]?, returned: Int)>

    init(handle: MongoCursorHandle, workers: MongoWorkerThreads, builder: MongoRowBuilder, first: [Row], backend: String, statement: String) {
        self.handle = handle
        self.workers = workers
        self.builder = builder
        self.context = (backend, statement)
        self.state = Locked((first, 0))
    }

    func nextBatch() async throws -> [Row] {
        if let first = state.withLock({ state -> [Row]? in
            defer { state.pending = nil }
            return state.pending
        }) {
            state.withLock { $0.returned += first.count }
            return first
        }
        guard handle.isOpen else { return [] }
        let (handle, builder, context) = (self.handle, self.builder, self.context)
        let rows = try await workers.run { () throws -> [Row] in
            do {
                return builder.rows(try handle.next(MongoCursorStream.batchSize))
            } catch let error as SwitchyardError {
                throw error.attributed(to: context.backend, statement: context.statement)
            }
        }
        state.withLock { $0.returned += rows.count }
        return rows
    }

    func summary() -> ExecutionSummary { ExecutionSummary(rowsReturned: state.withLock { $0.returned }) }

    func cancel() {
        state.withLock { $0.pending = [] }
        guard handle.isOpen else { return }
        let handle = self.handle
        if !workers.submit({ handle.close() }) { handle.close() }
    }

    deinit { cancel() }
}
