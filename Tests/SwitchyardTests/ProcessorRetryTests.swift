import Switchyard
import Testing

@Suite struct ProcessorRetryTests {
    let retry = RetryProcessor(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))

    /// Fails the first `failures` calls with `kind`, then answers one row.
    func flaky(_ failures: Int, kind: SwitchyardError.Kind = .busy) -> ScriptedTerminal {
        ScriptedTerminal { call, _ in
            if call <= failures { throw SwitchyardError(kind, "attempt \(call) failed", backend: "test") }
            return tableResult(["n"], [[.int(1)]])
        }
    }

    @Test func aBusyReadIsRetriedUntilItSucceedsAndTheResultSaysSo() async throws {
        let terminal = flaky(2)
        let result = try await ProcessorChain([retry]).run(QueryRequest("SELECT n FROM t"), terminal: terminal.handler)
        #expect(try await result.rows.collect().map(\.values) == [[.int(1)]])
        #expect(terminal.calls == 3)
        #expect(result.notices.contains { $0.contains("attempt 3") })
    }

    @Test func attemptsAreBounded() async throws {
        let terminal = flaky(10, kind: .connection)
        let error = await processorError {
            _ = try await ProcessorChain([retry]).run(QueryRequest("SELECT n FROM t"), terminal: terminal.handler)
        }
        #expect(error?.kind == .connection)
        #expect(terminal.calls == 3)
    }

    @Test(arguments: ["INSERT INTO t VALUES (1)", "DELETE FROM t", "CREATE TABLE u (a)", "FROBNICATE"])
    func statementsThatMayWriteAreNeverRetried(sql: String) async throws {
        let terminal = flaky(1)
        let error = await processorError { _ = try await ProcessorChain([retry]).run(QueryRequest(Statement(sql)), terminal: terminal.handler) }
        #expect(error?.kind == .busy)
        #expect(terminal.calls == 1)
    }

    @Test func errorsThatWouldRepeatAreNotRetried() async throws {
        let terminal = flaky(1, kind: .syntax)
        let error = await processorError { _ = try await ProcessorChain([retry]).run(QueryRequest("SELECT x FROM t"), terminal: terminal.handler) }
        #expect(error?.kind == .syntax)
        #expect(terminal.calls == 1)
    }

    @Test func delaysGrowExponentiallyWithJitterUpToTheCap() {
        let retry = RetryProcessor(baseDelay: .milliseconds(100), maxDelay: .milliseconds(1000))
        for _ in 0..<50 {
            let first = retry.delay(afterAttempt: 1)
            let third = retry.delay(afterAttempt: 3)
            let tenth = retry.delay(afterAttempt: 10)
            #expect(first >= .milliseconds(50) && first <= .milliseconds(100))
            #expect(third >= .milliseconds(200) && third <= .milliseconds(400))
            #expect(tenth >= .milliseconds(500) && tenth <= .milliseconds(1000))
        }
        let spread = Set((0..<20).map { _ in retry.delay(afterAttempt: 2) })
        #expect(spread.count > 1)
    }
}
