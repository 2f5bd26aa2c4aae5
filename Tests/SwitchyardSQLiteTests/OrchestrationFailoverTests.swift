import Switchyard
import SwitchyardSQLite
import Testing

@Suite struct OrchestrationFailoverTests {
    private let orders: KeyValuePairs<String, [(id: Int, region: String, amount: Int)]> = [
        "primary": [(1, "north", 10)],
        "standby": [(1, "north", 10)],
    ]

    @Test func aReadFailsOverToTheNextBackendWhenTheFirstIsDown() async throws {
        try await withOrderShards(orders) { registry in
            let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .seconds(60)))
            let orchestrator = Orchestrator(
                backends: registry, router: RuleRouter(rules: [FailoverRule(backends: ["primary", "standby"], breakers: breakers)]),
                breakers: breakers)
            await registry["primary"]?.shutdown()
            let result = try await orchestrator.run("SELECT amount FROM orders")
            #expect(try await result.rows.collect().map { $0["amount"] } == [.int(10)])
            #expect(result.route.targets == ["standby"])
            #expect(result.notices.first?.contains("backend 'primary' failed") == true)
            guard case .open = breakers.state(of: "primary") else { Issue.record("the primary's circuit should be open"); return }
        }
    }

    @Test func onceTheCircuitIsOpenTheRouterSkipsTheBackend() async throws {
        try await withOrderShards(orders) { registry in
            let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .seconds(60)))
            let orchestrator = Orchestrator(
                backends: registry, router: RuleRouter(rules: [FailoverRule(backends: ["primary", "standby"], breakers: breakers)]),
                breakers: breakers)
            await registry["primary"]?.shutdown()
            _ = try await orchestrator.run("SELECT amount FROM orders").rows.collect()
            let route = try await orchestrator.explain(QueryRequest("SELECT amount FROM orders"))
            #expect(route.targets == ["standby"])
            #expect(route.trace.first?.note.contains("skipped primary (circuit open)") == true)
            let result = try await orchestrator.run("SELECT amount FROM orders")
            #expect(result.notices.isEmpty)
            #expect(result.timings.map(\.backend) == ["standby"])
        }
    }

    @Test func aStatementErrorDoesNotFailOver() async throws {
        try await withOrderShards(orders) { registry in
            let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1))
            let orchestrator = Orchestrator(
                backends: registry, router: RuleRouter(rules: [FailoverRule(backends: ["primary", "standby"], breakers: breakers)]),
                breakers: breakers)
            let error = await #expect(throws: SwitchyardError.self) { _ = try await orchestrator.run("SELECT nope FROM orders") }
            #expect(error?.backend == "primary")
            #expect(breakers.state(of: "primary") == .closed)
        }
    }

    @Test func aProbeThatFailsOnItsStatementLeavesTheNextRequestToProbe() async throws {
        try await withOrderShards(orders) { registry in
            let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .milliseconds(300), halfOpenProbes: 1))
            let orchestrator = Orchestrator(
                backends: registry, router: RuleRouter(rules: [FailoverRule(backends: ["primary", "standby"], breakers: breakers)]),
                breakers: breakers)
            breakers.recordFailure("primary")  // as if it had been unreachable
            try await Task.sleep(for: .milliseconds(400))
            // The half-open circuit's one probe: a statement error, which says nothing about reachability.
            let error = await #expect(throws: SwitchyardError.self) { _ = try await orchestrator.run("SELECT nope FROM orders") }
            #expect(error?.backend == "primary")
            // The next request probes the primary at once, and its answer closes the circuit.
            let result = try await orchestrator.run("SELECT amount FROM orders")
            #expect(result.route.targets == ["primary"])
            #expect(breakers.state(of: "primary") == .closed)
        }
    }

    @Test func ownershipLearnedFromRealCatalogsRoutesToTheOwner() async throws {
        try await withOrderShards(orders) { registry in
            let map = OwnershipMap()
            let orchestrator = Orchestrator(backends: registry, router: RuleRouter(rules: [OwnershipRule(map: map)]))
            #expect(await orchestrator.refreshOwnership(map).isEmpty)
            #expect(map.owners(of: "orders") == ["primary", "standby"])
            try await registry["standby"]?.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
            #expect(map.owners(of: "invoices") == [])
            await orchestrator.refreshOwnership(map)
            let result = try await orchestrator.run("INSERT INTO invoices VALUES (7)")
            #expect(result.route.targets == ["standby"])
            #expect(result.route.trace.first == RuleDecision(rule: "ownership", matched: true, note: "'standby' owns invoices"))
        }
    }

    /// As the REPL sends them: routed automatically, with the caller's current backend the
    /// failover's first. The circuit-breaker processor must leave such requests to the router:
    /// refusing them by the current backend defeated the failover once the circuit opened, and
    /// its check took the half-open circuit's one probe, so the recovered backend was never
    /// tried again (every request skipped it, or was refused).
    @Test func aBackendThatComesBackIsProbedAndUsedAgainWithTheBreakerProcessorAndACurrentBackend() async throws {
        let shards: KeyValuePairs<String, [(id: Int, region: String, amount: Int)]> = [
            "primary": [(1, "north", 10)], "standby": [(1, "north", 20)],
        ]
        try await withOrderShards(shards) { shardRegistry in
            let primary = SwitchableBackend(base: try shardRegistry.backend(named: "primary"))
            let registry = BackendRegistry([primary, try shardRegistry.backend(named: "standby")])
            // Long enough open that a loaded machine's stalls do not turn it half-open between two steps.
            let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1, openDuration: .seconds(1)))
            let orchestrator = Orchestrator(
                backends: registry, router: RuleRouter(rules: [FailoverRule(backends: ["primary", "standby"], breakers: breakers)]),
                processors: [CircuitBreakerProcessor(breakers: breakers, recordsOutcomes: false)], breakers: breakers)
            func read() async throws -> (amount: Value?, result: QueryResult) {
                let request = QueryRequest("SELECT amount FROM orders", context: CallerContext(currentBackend: "primary"))
                let result = try await orchestrator.run(request)
                return (try await result.rows.collect().first?["amount"], result)
            }
            #expect(try await read().amount == .int(10))

            primary.isDown.withLock { $0 = true }
            #expect(try await read().amount == .int(20))
            #expect(breakers.state(of: "primary") != .closed)
            // Open: the failover answers, rather than the processor refusing the request.
            #expect(try await read().amount == .int(20))

            // Past the open time while still down: a probe goes to it, fails, and the circuit opens again.
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(breakers.state(of: "primary") != .closed)
            let probed = try await read()
            #expect(probed.amount == .int(20))
            #expect(breakers.state(of: "primary") != .closed)

            // Back up: once the open time is over, a probe succeeds, the circuit closes, and reads go to it again.
            primary.isDown.withLock { $0 = false }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(20)
            var recovered = try await read()
            while recovered.amount != .int(10), clock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                recovered = try await read()
            }
            #expect(recovered.amount == .int(10), "reads never went back to the primary: \(recovered.result.route.reason)")
            #expect(breakers.state(of: "primary") == .closed)
            for _ in 0..<3 { #expect(try await read().amount == .int(10)) }
        }
    }
}

/// A backend that answers as its base does until it is switched down: then every query fails
/// as a server that went away does (a `.connection` error), until it is switched up again.
private final class SwitchableBackend: ForwardingBackend {
    let base: any Backend
    let isDown = Locked(false)

    init(base: any Backend) { self.base = base }

    func shutdown() async {}  // the shards' owner shuts them down

    func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        if isDown.value { throw SwitchyardError(.connection, "connection refused (switched down)", backend: name) }
        return try await base.query(statement, options: options)
    }
}
