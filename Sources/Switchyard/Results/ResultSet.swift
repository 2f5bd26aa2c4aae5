import Synchronization
/// The rows of one statement, streamed: an `AsyncSequence` of ``Row``.
///
/// Rows are fetched from the backend batch by batch while you iterate, so a
/// million-row result never sits in memory whole. A result set is single-pass:
/// iterate it once, or call ``collect()`` for small results.
///
/// ```swift
/// let result = try await backend.query("SELECT id, name FROM users WHERE age > ?", [30])
/// for try await row in result {
///     print(try row.decode("name", as: String.self))
/// }
/// ```
///
/// Stopping early is fine: leaving the loop cancels the stream and releases the
/// backend's statement and connection.
public struct ResultSet: AsyncSequence, Sendable {
    public typealias Element = Row

    /// The result's columns; empty for statements that return no rows.
    public let columns: Columns
    /// Internal (not private) so processors in this module can wrap it (audit, cache, redaction).
    let stream: any RowStream

    /// Creates a result set reading `stream`, whose rows have `columns`; adapters and processors make these.
    public init(columns: Columns, stream: any RowStream) {
        self.columns = columns
        self.stream = stream
    }

    /// An already-complete result, for rows computed in memory.
    public init(columns: Columns, rows: [Row], summary: ExecutionSummary? = nil) {
        self.init(columns: columns, stream: BufferedRowStream(rows: rows, summary: summary))
    }

    /// A result with no columns and no rows, carrying what a write did.
    public static func empty(_ summary: ExecutionSummary = ExecutionSummary()) -> ResultSet {
        ResultSet(columns: Columns.empty, rows: [], summary: summary)
    }

    public func makeAsyncIterator() -> Iterator { Iterator(stream: stream) }

    /// Reads the stream batch by batch, handing out one row at a time; `for try await` makes one.
    /// A result set is single-pass: a second iterator gets only the rows the first did not take.
    public struct Iterator: AsyncIteratorProtocol, Sendable {
        // Internal but visible to inlinable code: handing out a row of the current batch is
        // inlined into the caller's loop, so a row costs no async call and no executor check
        // (each of which takes a lock in a task with an executor preference, as in a session).
        @usableFromInline let stream: any RowStream
        @usableFromInline var batch: [Row] = []
        @usableFromInline var position = 0
        @usableFromInline var finished = false

        init(stream: any RowStream) { self.stream = stream }

        @inlinable
        public mutating func next() async throws -> Row? {
            try await next(isolation: nil)
        }

        /// Runs in the caller's isolation (what `for try await` calls), so a consumer on an
        /// actor such as the main actor does not hop to the global executor for every row:
        /// only fetching the next batch leaves the caller's executor.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> Row? {
            if position < batch.count {
                defer { position += 1 }
                return batch[position]
            }
            // A batch the stream already holds (a lookup's one row): no async call either.
            if !finished, let ready = stream.readyBatch() {
                finished = ready.isLast
                if let row = begin(ready.rows) { return row }
            }
            // The end of a result read whole (a lookup's): no async call to learn it, which in a
            // task with an executor preference costs an executor check under a lock.
            if finished { return nil }
            return try await nextFromNewBatch(isolation: actor)
        }

        /// Makes `rows` the current batch and returns its first row, `nil` when it is empty.
        @usableFromInline
        mutating func begin(_ rows: [Row]) -> Row? {
            batch = rows
            position = rows.isEmpty ? 0 : 1
            return rows.first
        }

        /// Fetches the next batch and returns its first row; `nil` once the stream is done.
        @usableFromInline
        mutating func nextFromNewBatch(isolation actor: isolated (any Actor)?) async throws -> Row? {
            guard !finished else { return nil }
            // Let go of the batch read before: a cursor can then build the next one in its
            // buffer (``RowBatchRecycler``) when the consumer kept none of its rows.
            batch = []
            position = 0
            let rows: [Row]
            do {
                rows = try await stream.nextBatch()
            } catch {
                finished = true
                throw error
            }
            if let row = begin(rows) { return row }
            finished = true
            return nil
        }
    }

    /// Every row, in memory. Use for results you know are small.
    public func collect() async throws -> [Row] {
        var rows: [Row] = []
        for try await row in self { rows.append(row) }
        return rows
    }

    /// Reads the remaining rows (discarding them) and returns what the statement did.
    @discardableResult
    public func summary() async throws -> ExecutionSummary {
        while try await !stream.nextBatch().isEmpty {}
        return stream.summary()
    }

    /// Stops the statement and releases its backend resources.
    public func cancel() { stream.cancel() }

    /// Whether the statement has finished and every row left is in memory
    /// (``RowStream/bufferedRowCount``): nothing is waited for and nothing can fail any more,
    /// so what a wrapper would do at the end of the stream can be done at once.
    var hasAllRows: Bool { stream.bufferedRowCount != nil }

    /// A view of this result that ends after `limit` rows and reports that it did.
    public func limited(to limit: Int) -> ResultSet {
        // Rows already all in memory that fit under the limit: nothing to cut.
        if let left = stream.bufferedRowCount, left <= limit { return self }
        return ResultSet(columns: columns, stream: LimitedRowStream(base: stream, limit: limit))
    }

    /// The summary as it stands, without reading further (meaningful after iteration).
    public var currentSummary: ExecutionSummary { stream.summary() }
}

/// Ends a stream after a number of rows and cancels the rest of it.
final class LimitedRowStream: RowStream {
    private let base: any RowStream
    private let limit: Int
    private struct State {
        var delivered = 0
        var truncated = false
        /// Whether a batch ended exactly at the limit and the next call must look for more rows
        /// (a limit of zero looks before it hides anything).
        var mustPeek: Bool
    }

    // A Mutex of a plain struct, not `Locked` of a tuple: one wrapper per request, whose
    // generic metadata would otherwise be looked up at run time each time.
    private let state: Mutex<State>

    init(base: any RowStream, limit: Int) {
        self.base = base
        self.limit = limit
        state = Mutex(State(mustPeek: limit == 0))
    }

    func nextBatch() async throws -> [Row] {
        let remaining = state.withLock { limit - $0.delivered }
        guard remaining > 0 else {
            // The limit is reached: learn whether it hid any rows, once.
            if state.withLock({ $0.mustPeek }) {
                let hidden = try await !base.nextBatch().isEmpty
                base.cancel()
                state.withLock { $0.mustPeek = false; $0.truncated = hidden }
            }
            return []
        }
        var batch = try await base.nextBatch()
        if batch.count >= remaining {
            let more = batch.count > remaining
            batch.removeLast(batch.count - remaining)
            // Whether rows remain beyond the limit: peek only when the batch ended exactly there.
            var truncated = more
            if !more { truncated = try await !base.nextBatch().isEmpty }
            base.cancel()
            state.withLock { $0.truncated = truncated }
        }
        state.withLock { $0.delivered += batch.count }
        return batch
    }

    func readyBatch() -> ReadyBatch? {
        let remaining = state.withLock { limit - $0.delivered }
        guard remaining > 0, var ready = base.readyBatch() else { return nil }
        let cut = ready.rows.count > remaining
        // Ending exactly at the limit, whether more rows follow needs waiting for them: the next call looks.
        let mustPeek = ready.rows.count == remaining && !ready.isLast
        if cut {
            ready.rows.removeLast(ready.rows.count - remaining)
            ready.isLast = true
            base.cancel()
        }
        let count = ready.rows.count
        state.withLock { state in
            state.delivered += count
            if cut { state.truncated = true }
            if mustPeek { state.mustPeek = true }
        }
        return ready
    }

    func summary() -> ExecutionSummary {
        var summary = base.summary()
        let (delivered, truncated) = state.withLock { ($0.delivered, $0.truncated) }
        summary.rowsReturned = delivered
        if truncated { summary.truncatedAt = limit }
        return summary
    }

    /// The base's rows that are left under the limit.
    var bufferedRowCount: Int? {
        guard let left = base.bufferedRowCount else { return nil }
        return min(left, state.withLock { limit - $0.delivered })
    }

    func cancel() { base.cancel() }
}
