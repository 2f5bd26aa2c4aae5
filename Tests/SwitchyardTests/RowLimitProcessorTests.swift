import Testing
import Switchyard

@Suite struct RowLimitProcessorTests {
    private func run(limit: Int?, rows: Int) async throws -> (count: Int, summary: ExecutionSummary) {
        let terminal = RecordingTerminal(rows: rows)
        let result = try await RowLimitProcessor(limit: limit).process(QueryRequest("SELECT n"), next: terminal.handler)
        let collected = try await result.rows.collect()
        return (collected.count, result.rows.currentSummary)
    }

    @Test func cutsTheResultAtTheLimitAndSaysSo() async throws {
        let (count, summary) = try await run(limit: 3, rows: 10)
        #expect(count == 3)
        #expect(summary.truncatedAt == 3)
        #expect(summary.rowsReturned == 3)
    }

    @Test func aZeroLimitReturnsNothingAndSaysRowsWereHidden() async throws {
        let (count, summary) = try await run(limit: 0, rows: 4)
        #expect(count == 0)
        #expect(summary.truncatedAt == 0)
        let empty = try await run(limit: 0, rows: 0)
        #expect(empty.summary.truncatedAt == nil)
    }

    @Test func aResultExactlyAtTheLimitIsNotTruncated() async throws {
        let (count, summary) = try await run(limit: 5, rows: 5)
        #expect(count == 5)
        #expect(summary.truncatedAt == nil)
    }

    @Test func aSmallerResultIsUntouched() async throws {
        let (count, summary) = try await run(limit: 100, rows: 7)
        #expect(count == 7)
        #expect(summary.truncatedAt == nil)
        #expect(summary.rowsReturned == 7)
    }

    @Test func noLimitReturnsEverything() async throws {
        let (count, summary) = try await run(limit: nil, rows: 1_000)
        #expect(count == 1_000)
        #expect(summary.truncatedAt == nil)
    }

    @Test func theLimitCanChangeWhileRunning() async throws {
        let processor = RowLimitProcessor(limit: 10)
        #expect(processor.summary == "returns at most 10 rows")
        processor.limit = 2
        let result = try await processor.process(QueryRequest("SELECT n"), next: RecordingTerminal(rows: 5).handler)
        #expect(try await result.rows.collect().count == 2)
        processor.limit = nil
        #expect(processor.summary == "no row limit")
    }
}
