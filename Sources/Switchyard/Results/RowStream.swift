/// The adapter side of a ``ResultSet``: hands out rows in batches as the backend
/// produces them.
///
/// Batches amortise the hop from the adapter's own thread to the consumer's task;
/// an adapter picks a size that keeps memory bounded (a few hundred rows).
///
/// > Important: Implementations must release their backend resources (statement,
/// > cursor, connection) when ``cancel()`` is called, when the stream ends, or when
/// > the instance is deinitialised — a consumer may stop iterating at any time.
public protocol RowStream: AnyObject, Sendable {
    /// The next rows in order; an empty array means the stream is finished.
    func nextBatch() async throws -> [Row]
    /// What the statement did. Meaningful once ``nextBatch()`` has returned an empty array.
    func summary() -> ExecutionSummary
    /// Stops early and releases resources. Safe to call more than once.
    func cancel()
}

/// A finished, in-memory stream: for cache hits, merged results and tests.
public final class BufferedRowStream: RowStream {
    private let rows: [Row]
    private let result: ExecutionSummary
    private let delivered = Locked(false)

    public init(rows: [Row], summary: ExecutionSummary? = nil) {
        self.rows = rows
        self.result = summary ?? ExecutionSummary(rowsReturned: rows.count)
    }

    public func nextBatch() async throws -> [Row] {
        delivered.withLock { done in
            defer { done = true }
            return done ? [] : rows
        }
    }

    public func summary() -> ExecutionSummary { result }
    public func cancel() { delivered.withLock { $0 = true } }
}
