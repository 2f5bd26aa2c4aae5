import Switchyard
import Testing

// Serialized: the process has one deadline timer, and other tests' deadlines firing would re-set it for this
// suite's too, hiding a timer that fails to re-set itself for an earlier deadline.
@Suite(.serialized) struct ProcessorTimeoutTests {
    @Test func theBackendIsToldTheTimeoutAndAShorterOneIsKept() async throws {
        let terminal = ScriptedTerminal { _, _ in tableResult(["n"], []) }
        let timeout = TimeoutProcessor(limit: .seconds(5))
        _ = try await runValues([timeout], QueryRequest("SELECT 1"), terminal)
        _ = try await runValues([timeout], QueryRequest(Statement("SELECT 1"), options: QueryOptions(timeout: .seconds(1))), terminal)
        #expect(terminal.received.value.map(\.options.timeout) == [.seconds(5), .seconds(1)])
    }

    @Test func theRequestCarriesItsDeadlineAndAnEarlierOneIsKept() async throws {
        let terminal = ScriptedTerminal { _, _ in tableResult(["n"], []) }
        let timeout = TimeoutProcessor(limit: .seconds(5))
        let before = ContinuousClock.now
        _ = try await runValues([timeout], QueryRequest("SELECT 1"), terminal)
        let after = ContinuousClock.now
        let early = before.advanced(by: .milliseconds(10))
        _ = try await runValues([timeout], QueryRequest(Statement("SELECT 1"), options: QueryOptions(deadline: early)), terminal)
        let deadlines = terminal.received.value.map(\.options.deadline)
        let first = try #require(deadlines[0])
        #expect(first >= before.advanced(by: .seconds(5)) && first <= after.advanced(by: .seconds(5)))
        #expect(deadlines[1] == early)
    }

    @Test func theStopInstantIsTheEarlierOfDeadlineAndTimeout() {
        let now = ContinuousClock.now
        #expect(QueryOptions().stopInstant(startingAt: now) == nil)
        #expect(QueryOptions(timeout: .seconds(2)).stopInstant(startingAt: now) == now.advanced(by: .seconds(2)))
        let soon = now.advanced(by: .seconds(1))
        #expect(QueryOptions(timeout: .seconds(2), deadline: soon).stopInstant(startingAt: now) == soon)
        #expect(QueryOptions(timeout: .milliseconds(500), deadline: soon).stopInstant(startingAt: now) == now.advanced(by: .milliseconds(500)))
        #expect(QueryOptions(deadline: soon).remainingTime(startingAt: now) == .seconds(1))
        // A deadline already past leaves no time, not a negative one.
        #expect(QueryOptions(deadline: now).remainingTime(startingAt: soon) == .zero)
    }

    @Test func aRetryWhosePauseWouldPassTheDeadlineGivesUpAtOnce() async throws {
        let terminal = ScriptedTerminal { _, _ in throw SwitchyardError(.connection, "connection refused", backend: "test") }
        let start = ContinuousClock.now
        let error = await processorError {
            _ = try await ProcessorChain([TimeoutProcessor(limit: .seconds(2)), RetryProcessor(maxAttempts: 5, baseDelay: .seconds(10), maxDelay: .seconds(10))])
                .run(QueryRequest("SELECT 1"), terminal: terminal.handler)
        }
        // The backend's own error, not a timeout after sleeping: a pause of 5–10 s cannot end before the deadline.
        #expect(error?.kind == .connection)
        #expect(terminal.calls == 1)
        #expect(ContinuousClock.now - start < .seconds(2))
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

    /// A terminal that waits up to 30 s, failing (as adapters do) when its task is cancelled.
    private static func sleeper() -> ScriptedTerminal {
        ScriptedTerminal { _, _ in
            try await Task.sleep(for: .seconds(30))
            return tableResult(["n"], [])
        }
    }

    @Test func requestsWithDifferentLimitsEachEndAtTheirOwnDeadlineNeverBefore() async throws {
        // Each starts once the one before is waiting in the terminal (its deadline watched), longest
        // limit first: the process's one timer must be set earlier for each.
        let limits: [Duration] = [.seconds(2), .seconds(1), .milliseconds(100)]
        // When each request's cancellation came, read in its cancellation handler: the timer's own
        // thread, not delayed by a busy test run as the request's task then is.
        let cancelledAt = Locked<[Duration: ContinuousClock.Instant]>([:])
        // When each reached the terminal: its deadline was set before, so it lies between the
        // request's start and this instant, plus its limit.
        let enteredAt = Locked<[Duration: ContinuousClock.Instant]>([:])
        let terminal = ScriptedTerminal { _, request in
            enteredAt.withLock { $0[request.options.timeout ?? .zero] = .now }
            return try await withTaskCancellationHandler {
                try await Task.sleep(for: .seconds(30))
                return tableResult(["n"], [])
            } onCancel: {
                cancelledAt.withLock { $0[request.options.timeout ?? .zero] = .now }
            }
        }
        let runs = try await withThrowingTaskGroup(of: (Duration, ContinuousClock.Instant, SwitchyardError?).self) { group in
            for (index, limit) in limits.enumerated() {
                let start = ContinuousClock.now
                group.addTask {
                    let error = await processorError {
                        _ = try await ProcessorChain([TimeoutProcessor(limit: limit)]).run(QueryRequest("SELECT 1"), terminal: terminal.handler)
                    }
                    return (limit, start, error)
                }
                while terminal.calls <= index { try await Task.sleep(for: .milliseconds(1)) }
            }
            var runs: [(limit: Duration, start: ContinuousClock.Instant, error: SwitchyardError?)] = []
            for try await run in group { runs.append(run) }
            return runs
        }
        for run in runs {
            #expect(run.error?.kind == .timeout, "limit \(run.limit)")
            let cancelled = try #require(cancelledAt.value[run.limit], "the request with limit \(run.limit) was never cancelled")
            #expect(cancelled - run.start >= run.limit, "a timeout of \(run.limit) fired after \(cancelled - run.start)")
        }
        // Each later, shorter request's deadline comes before the one started before it — unless a
        // busy test run held its task back past that (then the order proves nothing): each was
        // cancelled in deadline order, the shortest long before the next limit.
        let instants = limits.map { cancelledAt.value[$0] ?? .now }
        let entered = limits.map { enteredAt.value[$0] ?? .now }
        for later in 1..<limits.count {
            let earlier = later - 1
            let earlierStart = try #require(runs.first { $0.limit == limits[earlier] }).start
            guard entered[later] + limits[later] < earlierStart + limits[earlier] else { continue }
            #expect(instants[later] < instants[earlier], "limit \(limits[later]) was cancelled after limit \(limits[earlier])")
        }
        #expect(instants[2] - entered[2] < limits[1])
    }

    @Test func aRequestDoneInTimeLeavesTheCallerUncancelledAfterItsDeadline() async throws {
        let values = try await runValues(
            [TimeoutProcessor(limit: .milliseconds(100))], QueryRequest("SELECT 1"), ScriptedTerminal { _, _ in tableResult(["n"], [[1]]) })
        #expect(values == [[1]])
        // Past the deadline the caller's task is still not cancelled: sleeping would throw.
        try await Task.sleep(for: .milliseconds(300))
        #expect(!Task.isCancelled)
    }

    @Test func aLimitOfZeroTimesOutAtOnce() async throws {
        let start = ContinuousClock.now
        let error = await processorError {
            _ = try await ProcessorChain([TimeoutProcessor(limit: .zero)]).run(QueryRequest("SELECT 1"), terminal: Self.sleeper().handler)
        }
        #expect(error?.kind == .timeout)
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test func cancellingTheCallerIsACancellationNotATimeout() async throws {
        let request = Task {
            try await ProcessorChain([TimeoutProcessor(limit: .seconds(60))]).run(QueryRequest("SELECT 1"), terminal: Self.sleeper().handler)
        }
        try await Task.sleep(for: .milliseconds(100))
        request.cancel()
        do {
            _ = try await request.value
            Issue.record("the request finished although its caller was cancelled")
        } catch let error as SwitchyardError {
            #expect(error.kind != .timeout)
        } catch {
            #expect(error is CancellationError)
        }
    }
}
