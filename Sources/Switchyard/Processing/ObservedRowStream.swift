import Synchronization

/// How a streamed result ended, for processors that act once it has (audit, metrics, cache).
enum StreamOutcome: Sendable {
    /// Every row was read; the summary is final.
    case completed(ExecutionSummary)
    /// Reading the next batch threw.
    case failed(any Error, rowsSoFar: Int)
    /// The consumer stopped early (cancelled or dropped the result).
    case abandoned(rowsSoFar: Int)
}

/// Passes a stream's batches through unchanged while telling observers about each batch
/// and, exactly once, how the stream ended.
///
/// Processors cannot know a query's row count or duration when `next` returns: rows are
/// still streaming. Wrapping the stream lets them act when the consumer finishes.
final class ObservedRowStream: RowStream {
    private let base: any RowStream
    private let onBatch: @Sendable ([Row]) -> [Row]
    private let onFinish: @Sendable (StreamOutcome) -> Void
    private struct State {
        var rows = 0
        var finished = false
    }

    // A Mutex of a plain struct, not `Locked` of a tuple: see ``LimitedRowStream``.
    private let state = Mutex(State())

    /// `onBatch` may transform the rows (redaction); `onFinish` is called once.
    init(
        base: any RowStream, onBatch: @escaping @Sendable ([Row]) -> [Row] = { $0 },
        onFinish: @escaping @Sendable (StreamOutcome) -> Void = { _ in }
    ) {
        self.base = base
        self.onBatch = onBatch
        self.onFinish = onFinish
    }

    func nextBatch() async throws -> [Row] {
        let batch: [Row]
        do {
            batch = try await base.nextBatch()
        } catch {
            finish { .failed(error, rowsSoFar: $0) }
            throw error
        }
        if batch.isEmpty {
            let summary = base.summary()
            finish { _ in .completed(summary) }
            return []
        }
        state.withLock { $0.rows += batch.count }
        return onBatch(batch)
    }

    func readyBatch() -> ReadyBatch? {
        guard var ready = base.readyBatch() else { return nil }
        if !ready.rows.isEmpty {
            let count = ready.rows.count
            state.withLock { $0.rows += count }
            ready.rows = onBatch(ready.rows)
        }
        if ready.isLast {
            let summary = base.summary()
            finish { _ in .completed(summary) }
        }
        return ready
    }

    func summary() -> ExecutionSummary { base.summary() }

    /// The base's: observing (and `onBatch`, which maps rows one for one) keeps every row.
    var bufferedRowCount: Int? { base.bufferedRowCount }

    func cancel() {
        base.cancel()
        finish { .abandoned(rowsSoFar: $0) }
    }

    deinit { finish { .abandoned(rowsSoFar: $0) } }

    private func finish(_ outcome: (Int) -> StreamOutcome) {
        let (first, rows) = state.withLock { state in
            defer { state.finished = true }
            return (!state.finished, state.rows)
        }
        if first { onFinish(outcome(rows)) }
    }
}

extension ResultSet {
    /// This result with its stream observed (see ``ObservedRowStream``).
    func observed(
        onBatch: @escaping @Sendable ([Row]) -> [Row] = { $0 }, onFinish: @escaping @Sendable (StreamOutcome) -> Void = { _ in }
    ) -> ResultSet {
        ResultSet(columns: columns, stream: ObservedRowStream(base: stream, onBatch: onBatch, onFinish: onFinish))
    }
}
