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
}
