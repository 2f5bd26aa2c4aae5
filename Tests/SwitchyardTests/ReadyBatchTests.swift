import Switchyard
import Testing

/// A cursor handing out numbered rows in batches, counting how often it was asked.
private final class CountingCursor: BatchCursor {
    private let batches: Locked<[[Int64]]>
    let reads = Locked(0)
    let released = Locked(false)
    private let columns = Columns(names: ["n"])

    init(_ batches: [[Int64]]) { self.batches = Locked(batches) }

    static func rows(_ numbers: [Int64], _ columns: Columns) -> [Row] { numbers.map { Row(columns: columns, values: [.int($0)]) } }

    /// The stream over this cursor, its first batch already read (as an adapter's start does).
    func stream(first: [Int64], finished: Bool) -> CursorRowStream {
        CursorRowStream(
            cursor: self,
            first: RowBatch(rows: Self.rows(first, columns), isFinished: finished, summary: ExecutionSummary(rowsReturned: first.count)))
    }

    func readBatch() async throws -> RowBatch {
        reads.withLock { $0 += 1 }
        let next = batches.withLock { $0.isEmpty ? [] : $0.removeFirst() }
        let left = batches.withLock { $0.count }
        return RowBatch(rows: Self.rows(next, columns), isFinished: next.isEmpty || left == 0, summary: ExecutionSummary())
    }

    func interrupt() {}
    func release() { released.withLock { $0 = true } }
}

/// A stream whose only batch is at hand, counting calls of `nextBatch()`.
private final class ReadyOnlyStream: RowStream {
    let nextBatchCalls = Locked(0)
    private let pending: Locked<[Row]?>

    init(_ rows: [Row]) { pending = Locked(rows) }

    func readyBatch() -> ReadyBatch? {
        pending.withLock { rows in
            defer { rows = nil }
            return rows.map { ReadyBatch(rows: $0, isLast: true) }
        }
    }

    func nextBatch() async throws -> [Row] {
        nextBatchCalls.withLock { $0 += 1 }
        return pending.withLock { rows in
            defer { rows = nil }
            return rows ?? []
        }
    }

    func summary() -> ExecutionSummary { ExecutionSummary() }
    func cancel() {}
}

/// `RowStream.readyBatch()`: a batch read before the consumer asked is handed over with no
/// async call, through the core's wrapping streams, and counts exactly once.
@Suite struct ReadyBatchTests {
    private func numbers(_ result: ResultSet) async throws -> [Int64] {
        try await result.collect().map { row in if case .int(let n) = row[0] { n } else { -1 } }
    }

    @Test func theIteratorTakesAReadyLastBatchWithoutCallingNextBatch() async throws {
        let columns = Columns(names: ["n"])
        let stream = ReadyOnlyStream([1, 2].map { Row(columns: columns, values: [.int($0)]) })
        #expect(try await numbers(ResultSet(columns: columns, stream: stream)) == [1, 2])
        #expect(stream.nextBatchCalls.value == 0)
    }

    @Test func aCursorStreamHandsItsFirstBatchOutOnce() async throws {
        let stream = CountingCursor([]).stream(first: [7], finished: true)
        let ready = try #require(stream.readyBatch())
        #expect(ready.rows.count == 1)
        #expect(ready.isLast)
        #expect(stream.readyBatch() == nil)
        #expect(try await stream.nextBatch().isEmpty)
        let unfinished = CountingCursor([[2]]).stream(first: [1], finished: false)
        #expect(unfinished.readyBatch()?.isLast == false)
        #expect(try await unfinished.nextBatch().count == 1)
    }

    @Test func aResultWholeInItsFirstBatchIsReadWithoutAskingTheCursor() async throws {
        let cursor = CountingCursor([])
        let result = ResultSet(columns: Columns(names: ["n"]), stream: cursor.stream(first: [7], finished: true))
        #expect(try await numbers(result) == [7])
        #expect(cursor.reads.value == 0)
        #expect(try await result.summary().rowsReturned == 1)
        #expect(cursor.reads.value == 0)
    }

    @Test func aLongerResultContinuesFromTheCursorAfterItsReadyBatch() async throws {
        let cursor = CountingCursor([[3, 4], [5]])
        let result = ResultSet(columns: Columns(names: ["n"]), stream: cursor.stream(first: [1, 2], finished: false))
        #expect(try await numbers(result) == [1, 2, 3, 4, 5])
        #expect(cursor.reads.value == 2)
    }

    @Test func aLimitInsideTheReadyBatchCutsItAndReleasesTheCursor() async throws {
        let cursor = CountingCursor([[4, 5]])
        let base = ResultSet(columns: Columns(names: ["n"]), stream: cursor.stream(first: [1, 2, 3], finished: false))
        let result = try await RowLimitProcessor(limit: 2).process(QueryRequest("SELECT n")) { _ in
            QueryResult(rows: base, route: Route(targets: ["t"], reason: "test"))
        }.rows
        #expect(try await numbers(result) == [1, 2])
        #expect(result.currentSummary.truncatedAt == 2)
        #expect(result.currentSummary.rowsReturned == 2)
        #expect(cursor.reads.value == 0)
        #expect(cursor.released.value)
    }

    @Test(arguments: [(more: [[Int64]]([[4]]), truncated: true), (more: [], truncated: false)])
    func aReadyBatchEndingAtTheLimitLooksForMoreRows(more: [[Int64]], truncated: Bool) async throws {
        let cursor = CountingCursor(more)
        let base = ResultSet(columns: Columns(names: ["n"]), stream: cursor.stream(first: [1, 2, 3], finished: false))
        let result = base.limited(to: 3)
        #expect(try await numbers(result) == [1, 2, 3])
        #expect(result.currentSummary.truncatedAt == (truncated ? 3 : nil))
        #expect(cursor.reads.value == 1)
    }

    @Test func aStreamSaysWhenItsRowsAreAllInMemory() async throws {
        let finished = CountingCursor([]).stream(first: [7, 8], finished: true)
        #expect(finished.bufferedRowCount == 2)
        _ = finished.readyBatch()
        #expect(finished.bufferedRowCount == 0)
        // More may come from the cursor: unknown.
        #expect(CountingCursor([[2]]).stream(first: [1], finished: false).bufferedRowCount == nil)
        let buffered = BufferedRowStream(rows: CountingCursor.rows([1, 2, 3], Columns(names: ["n"])))
        #expect(buffered.bufferedRowCount == 3)
        _ = try await buffered.nextBatch()
        #expect(buffered.bufferedRowCount == 0)
    }

    @Test func aLimitOverAFinishedResultCutsOnlyWhatExceedsIt() async throws {
        // Fits: nothing to cut or to report.
        let fits = ResultSet(columns: Columns(names: ["n"]), stream: CountingCursor([]).stream(first: [1, 2], finished: true)).limited(to: 2)
        #expect(try await numbers(fits) == [1, 2])
        #expect(fits.currentSummary.truncatedAt == nil)
        #expect(fits.currentSummary.rowsReturned == 2)
        // Exceeds: cut, and said so.
        let cursor = CountingCursor([])
        let cut = ResultSet(columns: Columns(names: ["n"]), stream: cursor.stream(first: [1, 2, 3], finished: true)).limited(to: 2)
        #expect(try await numbers(cut) == [1, 2])
        #expect(cut.currentSummary.truncatedAt == 2)
        #expect(cursor.reads.value == 0)
    }

    @Test func metricsCountAFinishedResultAtOnceAndAStreamingOneWhenItEnds() async throws {
        let metrics = RecordingMetrics()
        let chain = ProcessorChain([RowLimitProcessor(limit: 10), MetricsProcessor(factory: metrics)])
        func run(_ stream: CursorRowStream) async throws -> ResultSet {
            try await chain.run(QueryRequest("SELECT n")) { _ in
                QueryResult(rows: ResultSet(columns: Columns(names: ["n"]), stream: stream), route: Route(targets: ["a"], reason: "test"))
            }.rows
        }
        // The statement had finished: counted when the chain returned it, and only then.
        let cursor = CountingCursor([])
        let finished = try await run(cursor.stream(first: [1], finished: true))
        #expect(metrics.values("switchyard_queries_total backend=a") == [1])
        #expect(try await numbers(finished) == [1])
        _ = try await finished.summary()
        finished.cancel()
        #expect(metrics.values("switchyard_queries_total backend=a") == [1])
        #expect(metrics.values("switchyard_query_duration backend=a").count == 1)
        #expect(cursor.reads.value == 0)
        // Still streaming: counted once its end is read.
        let streaming = try await run(CountingCursor([[2]]).stream(first: [1], finished: false))
        #expect(metrics.values("switchyard_queries_total backend=a") == [1])
        #expect(try await numbers(streaming) == [1, 2])
        #expect(metrics.values("switchyard_queries_total backend=a") == [1, 1])
    }
}
