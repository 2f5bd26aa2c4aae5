import Switchyard
import Testing

@Suite struct ProcessorCircuitBreakerTests {
    let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 2, openDuration: .seconds(60)))
    var processor: CircuitBreakerProcessor { CircuitBreakerProcessor(breakers: breakers) }

    func request(_ backend: String) -> QueryRequest { QueryRequest("SELECT 1", target: .backend(backend)) }

    let down = ScriptedTerminal { _, request in
        throw SwitchyardError(.connection, "connection refused", backend: "a")
    }

    @Test func anOpenCircuitRefusesRequestsWithoutReachingTheBackend() async throws {
        for _ in 0..<2 {
            _ = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: down.handler) }
        }
        #expect(down.calls == 2)
        let error = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: down.handler) }
        #expect(down.calls == 2)
        #expect(error?.code == CircuitBreakerProcessor.openCircuitCode)
        #expect(error?.backend == "a")
        #expect(error?.message.contains("circuit open") == true)
    }

    @Test func otherBackendsAreUnaffected() async throws {
        for _ in 0..<2 {
            _ = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: down.handler) }
        }
        let up = ScriptedTerminal { _, _ in tableResult(["n"], [[.int(1)]], backend: "b") }
        let result = try await ProcessorChain([processor]).run(request("b"), terminal: up.handler)
        #expect(try await result.rows.collect().count == 1)
        #expect(breakers.state(of: "b") == .closed)
    }

    @Test func errorsThatProveTheBackendAnsweredDoNotOpenIt() async throws {
        let syntax = ScriptedTerminal { _, _ in throw SwitchyardError(.syntax, "near x", backend: "a") }
        for _ in 0..<5 {
            _ = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: syntax.handler) }
        }
        #expect(breakers.state(of: "a") == .closed)
        #expect(syntax.calls == 5)
    }

    @Test func aSuccessResetsTheFailureCount() async throws {
        _ = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: down.handler) }
        let up = ScriptedTerminal { _, _ in tableResult(["n"], [], backend: "a") }
        _ = try await ProcessorChain([processor]).run(request("a"), terminal: up.handler)
        _ = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: down.handler) }
        #expect(breakers.state(of: "a") == .closed)
    }

    @Test func afterTheOpenPeriodAProbeThatSucceedsClosesTheCircuit() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .milliseconds(50)))
        let processor = CircuitBreakerProcessor(breakers: breakers)
        _ = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: down.handler) }
        #expect(breakers.state(of: "a") != .closed)
        try await Task.sleep(for: .milliseconds(80))
        #expect(breakers.state(of: "a") == .halfOpen)
        let up = ScriptedTerminal { _, _ in tableResult(["n"], [], backend: "a") }
        _ = try await ProcessorChain([processor]).run(request("a"), terminal: up.handler)
        #expect(breakers.state(of: "a") == .closed)
        #expect(up.calls == 1)
    }

    @Test func automaticallyRoutedRequestsAreRecordedAfterRouting() async throws {
        let failing = ScriptedTerminal { _, _ in throw SwitchyardError(.timeout, "too slow", backend: "a") }
        for _ in 0..<2 {
            _ = await processorError { _ = try await ProcessorChain([processor]).run(QueryRequest("SELECT 1"), terminal: failing.handler) }
        }
        #expect(breakers.state(of: "a") != .closed)
    }

    @Test func anOpenCircuitsRefusalSaysWhenToRetryInTenthsOfASecond() async throws {
        for _ in 0..<2 {
            _ = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: down.handler) }
        }
        let error = await processorError { _ = try await ProcessorChain([processor]).run(request("a"), terminal: down.handler) }
        let detail = try #require(error?.detail)
        #expect(detail.wholeMatch(of: /retry in (59|60)\.\d s/) != nil, "\(detail)")
    }

    /// The caller's current backend is only where the router sends what no rule takes (a failover
    /// rule sends it elsewhere): the processor leaves such a request alone, and takes no probe.
    @Test func anAutomaticRequestIsNotRefusedByItsCurrentBackendsCircuit() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .milliseconds(50)))
        let processor = CircuitBreakerProcessor(breakers: breakers, recordsOutcomes: false)
        breakers.recordFailure("a")
        let routed = QueryRequest("SELECT 1", context: CallerContext(currentBackend: "a"))
        let standby = ScriptedTerminal { _, _ in tableResult(["n"], [[.int(1)]], backend: "b") }
        let result = try await ProcessorChain([processor]).run(routed, terminal: standby.handler)
        #expect(try await result.rows.collect().count == 1)
        try await Task.sleep(for: .milliseconds(80))
        _ = try await ProcessorChain([processor]).run(routed, terminal: standby.handler)
        #expect(breakers.state(of: "a") == .halfOpen)
        #expect(breakers.allowsRequest(to: "a"), "the processor took the half-open circuit's probe")
    }
}
