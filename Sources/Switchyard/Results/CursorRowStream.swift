import Synchronization

/// One batch of rows an adapter's cursor produced, and what the statement has done so far.
public struct RowBatch: Sendable {
    /// The rows read, in order.
    public var rows: [Row]
    /// No rows follow this batch.
    public var isFinished: Bool
    /// What the statement has done so far; final once ``isFinished`` is true.
    public var summary: ExecutionSummary

    /// Creates a batch; adapters' cursors return these from ``BatchCursor/readBatch()``.
    public init(rows: [Row], isFinished: Bool, summary: ExecutionSummary) {
        self.rows = rows
        self.isFinished = isFinished
        self.summary = summary
    }
}

/// An adapter's cursor over one running statement, as ``CursorRowStream`` drives it.
///
/// The cursor does the library work (on the adapter's own thread); the stream does
/// the bookkeeping every adapter needs: hand out the first batch, fetch the next
/// ones as the consumer pulls, interrupt on task cancellation, release exactly once.
public protocol BatchCursor: AnyObject, Sendable {
    /// Reads the next batch, running the library calls on the adapter's thread.
    func readBatch() async throws -> RowBatch
    /// Interrupts a ``readBatch()`` in progress; called from any thread when the reading task is cancelled.
    func interrupt()
    /// Stops the statement early and gives its connection back. The default is ``release()``.
    func cancel()
    /// Releases the statement and gives the connection back; called once, when the
    /// stream is dropped before it finished.
    func release()
}

extension BatchCursor {
    public func cancel() { release() }
}

/// The ``RowStream`` for a cursor: starts from the batch read when the statement
/// started (so errors surfaced in `query`), then reads on demand.
///
/// The cursor's connection stays checked out until the cursor finishes, fails, is
/// cancelled, or the stream is deinitialised.
public final class CursorRowStream: RowStream {
    // Not generic over the cursor, and a `Mutex` of a named struct: a stream is made per
    // statement, and a generic one looked its metadata up at run time each time.
    private struct State {
        var pending: [Row]?
        var isFinished: Bool
        var summary: ExecutionSummary
    }

    private let cursor: any BatchCursor
    private let state: Mutex<State>

    /// Creates a stream over `cursor` that hands out `first` (read when the statement started)
    /// before reading more.
    public init(cursor: any BatchCursor, first: RowBatch) {
        self.cursor = cursor
        self.state = Mutex(State(pending: first.rows, isFinished: first.isFinished, summary: first.summary))
    }

    public func nextBatch() async throws -> [Row] {
        let (pending, isFinished) = state.withLock { state in
            defer { state.pending = nil }
            return (state.pending, state.isFinished)
        }
        if let pending, !pending.isEmpty { return pending }
        if isFinished { return [] }
        let cursor = self.cursor
        do {
            let batch = try await withTaskCancellationHandler {
                try await cursor.readBatch()
            } onCancel: {
                cursor.interrupt()
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

    /// The first batch, read when the statement started.
    public func readyBatch() -> ReadyBatch? {
        state.withLock { state in
            guard let pending = state.pending else { return nil }
            state.pending = nil
            return ReadyBatch(rows: pending, isLast: state.isFinished)
        }
    }

    /// The first batch's rows while they are unread, once the statement has finished with them.
    public var bufferedRowCount: Int? {
        state.withLock { $0.isFinished ? $0.pending?.count ?? 0 : nil }
    }

    public func summary() -> ExecutionSummary { state.withLock { $0.summary } }

    /// Drops rows not yet handed out and, unless the statement already finished, stops it with
    /// ``BatchCursor/cancel()`` so its connection goes back. Safe to call more than once.
    public func cancel() {
        let wasFinished = state.withLock { state in
            defer {
                state.isFinished = true
                state.pending = nil
            }
            return state.isFinished
        }
        if !wasFinished { cursor.cancel() }
    }

    deinit {
        if !state.withLock({ $0.isFinished }) { cursor.release() }
    }
}
