import Switchyard
import Testing

@Suite struct RoutingFailoverFanOutRuleTests {
    @Test func failoverListsTheBackendsInOrder() async throws {
        let rule = FailoverRule(backends: ["primary", "replica1", "replica2"], breakers: CircuitBreakers())
        guard case .match(let route) = try await rule.evaluate(routingRequest("SELECT 1"), context: routingContext)
        else { Issue.record("expected a match"); return }
        #expect(route.targets == ["primary", "replica1", "replica2"])
        #expect(route.strategy == .failover)
    }

    @Test func failoverSkipsABackendWhoseCircuitIsOpen() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1))
        breakers.recordFailure("primary")
        let router = RuleRouter(rules: [FailoverRule(backends: ["primary", "replica1"], breakers: breakers)])
        let route = try await router.explain(routingRequest("SELECT 1"), context: routingContext)
        #expect(route.targets == ["replica1"])
        #expect(route.trace.first?.note == "'replica1' is first in the failover order; skipped primary (circuit open)")
    }

    @Test func writesDoNotFailOverUnlessConfigured() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1))
        breakers.recordFailure("primary")
        let request = routingRequest("INSERT INTO t VALUES (1)")
        guard case .match(let plain) = try await FailoverRule(backends: ["primary", "replica1"], breakers: breakers).evaluate(request, context: routingContext),
            case .match(let configured) = try await FailoverRule(backends: ["primary", "replica1"], breakers: breakers, includeWrites: true)
                .evaluate(request, context: routingContext)
        else { Issue.record("expected matches"); return }
        #expect(plain.targets == ["primary"])
        #expect(configured.targets == ["replica1"])
    }

    @Test func everyCircuitOpenIsAConnectionError() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1))
        breakers.recordFailure("eu")
        breakers.recordFailure("us")
        let error = await #expect(throws: SwitchyardError.self) {
            try await FailoverRule(backends: ["eu", "us"], breakers: breakers).evaluate(routingRequest("SELECT 1"), context: routingContext)
        }
        #expect(error?.kind == .connection)
    }

    @Test func fanOutSendsReadsToEveryBackendWithItsStrategyAndPolicy() async throws {
        let rule = FanOutRule(
            backends: ["eu", "us"], strategy: .aggregate(groupBy: ["region"], aggregates: [.init(.sum, "total")]),
            legFailure: .partialResult)
        guard case .match(let route) = try await rule.evaluate(routingRequest("SELECT region, sum(x) AS total FROM t GROUP BY region"), context: routingContext)
        else { Issue.record("expected a match"); return }
        #expect(route.targets == ["eu", "us"])
        #expect(route.strategy == .aggregate(groupBy: ["region"], aggregates: [.init(.sum, "total")]))
        #expect(route.legFailure == .partialResult)
        #expect(route.description.contains("aggregated: sum(total) by region; a failing leg gives a partial result"))
    }

    @Test func fanOutLeavesWritesAndOtherTablesAlone() async throws {
        let rule = FanOutRule(backends: ["eu", "us"], tables: ["orders"])
        #expect(try await rule.evaluate(routingRequest("DELETE FROM orders"), context: routingContext) == .noMatch("a write statement does not fan out"))
        #expect(try await rule.evaluate(routingRequest("SELECT * FROM users"), context: routingContext) == .noMatch("the statement names none of orders"))
    }
}
