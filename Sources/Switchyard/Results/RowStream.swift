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
    /// The next batch when it is already at hand — read before the consumer asked for it, as
    /// an adapter's first batch is — and whether the stream ends with it; `nil` when the next
    /// batch means waiting (then call ``nextBatch()``).
    ///
    /// Lets a consumer read a short result (a lookup's one row) with no async call at all.
    /// A batch handed out here is not handed out again by ``nextBatch()``; after a batch with
    /// ``ReadyBatch/isLast`` the stream is finished, as after an empty batch, and
    /// ``summary()`` is final. A stream that wraps another passes the base's ready batch on,
    /// doing to it what it does to any batch. The default is `nil`.
    func readyBatch() -> ReadyBatch?
    /// How many rows are left when all of them are already in memory and the stream will
    /// read nothing more — its statement has finished, as a lookup's has by the time its
    /// first batch is read; `nil` while more may come. A wrapper that only acts at the end of
    /// a stream (a row limit the rows fit under, a timer) can then act at once instead of
    /// wrapping it. A stream that wraps another passes the base's answer on when it keeps
    /// every row. The default is `nil`.
    var bufferedRowCount: Int? { get }
}

extension RowStream {
    public func readyBatch() -> ReadyBatch? { nil }
    public var bufferedRowCount: Int? { nil }
}

/// A batch a ``RowStream`` has at hand (``RowStream/readyBatch()``).
public struct ReadyBatch: Sendable {
    /// The rows, in order.
    public var rows: [Row]
    /// Whether the stream ends after these rows.
    public var isLast: Bool

    /// Creates a ready batch; `isLast` says that no rows follow.
    public init(rows: [Row], isLast: Bool) {
        self.rows = rows
        self.isLast = isLast
    }
}

/// A finished, in-memory stream: for cache hits, merged results and tests.
public final class BufferedRowStream: RowStream {
    private let rows: [Row]
    private let result: ExecutionSummary
    private let delivered = Locked(false)

    /// Creates a stream of `rows`; without a `summary`, its summary gives only
    /// ``ExecutionSummary/rowsReturned``, the number of rows.
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

    /// Always at hand: every row not yet handed out (none after the first call), as the last batch.
    public func readyBatch() -> ReadyBatch? {
        delivered.withLock { done in
            defer { done = true }
            return ReadyBatch(rows: done ? [] : rows, isLast: true)
        }
    }

    public var bufferedRowCount: Int? { delivered.withLock { $0 ? 0 : rows.count } }
    public func summary() -> ExecutionSummary { result }
    /// Drops the rows not yet handed out.
    public func cancel() { delivered.withLock { $0 = true } }
}
