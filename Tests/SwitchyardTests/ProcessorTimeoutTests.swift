import Switchyard
import Testing

@Suite struct ProcessorTimeoutTests {
    @Test func theBackendIsToldTheTimeoutAndAShorterOneIsKept() async throws {
        let terminal = ScriptedTerminal { _, _ in tableResult(["n"], []) }
        let timeout = TimeoutProcessor(limit: .seconds(5))
        _ = try await runValues([timeout], QueryRequest("SELECT 1"), terminal)
        _ = try await runValues([timeout], QueryRequest(Statement("SELECT 1"), options: QueryOptions(timeout: .seconds(1))), terminal)
        #expect(terminal.received.value.map(\.options.timeout) == [.seconds(5), .seconds(1)])
    }

    @Test func aRequestThatRunsOverIsCancelledWithATimeoutError() async throws {
        let cancelled = Locked(false)
        let terminal = ScriptedTerminal { _, _ in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelled.withLock { $0 = true }
                throw error
            }
            return tableResult(["n"], [])
        }
        let start = ContinuousClock.now
        let error = await processorError {
            _ = try await ProcessorChain([TimeoutProcessor(limit: .milliseconds(100))]).run(QueryRequest("SELECT 1"), terminal: terminal.handler)
        }
        #expect(error?.kind == .timeout)
        #expect(cancelled.value)
        // Ended by the timeout, not by the 30 s sleep running out (a loose bound: loaded machines are slow).
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func aResultThatStreamsTooLongEndsWithATimeoutAndCancelsTheBackend() async throws {
        let columns = Columns(names: ["n"])
        // 100 batches of 60 ms: far longer than the 200 ms limit, however loaded the machine is.
        let stream = SlowRowStream(batches: (0..<100).map { [Row(columns: columns, values: [.int(Int64($0))])] }, delay: .milliseconds(60))
        let terminal = ScriptedTerminal { _, _ in
            QueryResult(rows: ResultSet(columns: columns, stream: stream), route: Route(targets: ["test"], reason: "scripted"))
        }
        let result = try await ProcessorChain([TimeoutProcessor(limit: .milliseconds(200))]).run(QueryRequest("SELECT n"), terminal: terminal.handler)
        var seen = 0
        let error = await processorError {
            for try await _ in result.rows { seen += 1 }
        }
        #expect(error?.kind == .timeout)
        #expect(seen < 100)
        #expect(stream.cancelled.value)
    }
}
