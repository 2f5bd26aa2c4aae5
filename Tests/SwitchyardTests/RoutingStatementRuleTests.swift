import Switchyard
import Testing

@Suite struct RoutingStatementRuleTests {
    @Test func writesGoToThePrimary() async throws {
        let rule = StatementKindRule(primary: "primary", replicas: ["replica1", "replica2"])
        guard case .match(let route) = try await rule.evaluate(routingRequest("UPDATE t SET a = 1"), context: routingContext)
        else { Issue.record("expected a match"); return }
        #expect(route.targets == ["primary"])
        #expect(route.reason.contains("write statement goes to the primary"))
    }

    @Test func readsGoToReplicasRoundRobin() async throws {
        let rule = StatementKindRule(primary: "primary", replicas: ["replica1", "replica2"])
        var targets: [String] = []
        for _ in 0..<4 {
            if case .match(let route) = try await rule.evaluate(routingRequest("SELECT * FROM t"), context: routingContext) {
                targets += route.targets
            }
        }
        #expect(targets == ["replica1", "replica2", "replica1", "replica2"])
    }

    @Test func leastBusyPicksTheReplicaWithFewestRequestsInFlight() async throws {
        let load = BackendLoad()
        load.begin("replica1")
        let rule = StatementKindRule(primary: "primary", replicas: ["replica1", "replica2"], balancing: .leastBusy(load))
        guard case .match(let route) = try await rule.evaluate(routingRequest("SELECT 1"), context: routingContext)
        else { Issue.record("expected a match"); return }
        #expect(route.targets == ["replica2"])
        #expect(route.reason.contains("least busy"))
    }

    @Test func readsSkipAReplicaWhoseCircuitIsOpen() async throws {
        let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 1))
        breakers.recordFailure("replica1")
        let rule = StatementKindRule(primary: "primary", replicas: ["replica1", "replica2"], breakers: breakers)
        for _ in 0..<2 {
            guard case .match(let route) = try await rule.evaluate(routingRequest("SELECT 1"), context: routingContext)
            else { Issue.record("expected a match"); return }
            #expect(route.targets == ["replica2"])
        }
    }

    @Test func theLanguagesOwnClassifierDecidesForOtherLanguages() async throws {
        struct ShoutSupport: QueryLanguageSupport {
            var language: QueryLanguage { .mongo }
            func isComplete(_ text: String) -> Bool { true }
            func classify(_ text: String) -> StatementKind { text.contains("find") ? .read : .write }
        }
        let rule = StatementKindRule(primary: "primary", replicas: ["replica1"], classifier: StatementClassifier([ShoutSupport()]))
        let read = try await rule.evaluate(routingRequest("db.users.find({})", language: .mongo), context: routingContext)
        let write = try await rule.evaluate(routingRequest("db.users.insertOne({})", language: .mongo), context: routingContext)
        guard case .match(let readRoute) = read, case .match(let writeRoute) = write else { Issue.record("expected matches"); return }
        #expect(readRoute.targets == ["replica1"])
        #expect(writeRoute.targets == ["primary"])
    }

    @Test func aRegexPatternMatchesTheText() async throws {
        let rule = try PatternRule(name: "reports", .regex("(?i)from\\s+report_"), targets: ["replica2"])
        guard case .match(let route) = try await rule.evaluate(routingRequest("select * FROM report_daily"), context: routingContext)
        else { Issue.record("expected a match"); return }
        #expect(route.targets == ["replica2"])
        #expect(route.reason.contains("matches"))
        #expect(try await rule.evaluate(routingRequest("SELECT * FROM users"), context: routingContext) == .noMatch("the text does not match /(?i)from\\s+report_/"))
    }

    @Test func keywordsMatchWholeWordsIgnoringCase() async throws {
        let rule = try PatternRule(.keywords(["vacuum", "analyze"]), targets: ["primary"])
        guard case .match = try await rule.evaluate(routingRequest("ANALYZE users"), context: routingContext) else {
            Issue.record("expected a match"); return
        }
        guard case .noMatch = try await rule.evaluate(routingRequest("SELECT analyzed FROM t"), context: routingContext) else {
            Issue.record("a longer word must not match"); return
        }
    }

    @Test func aRegexThatDoesNotCompileIsRejectedAtConfiguration() {
        #expect(throws: SwitchyardError.self) { try PatternRule(.regex("(unclosed"), targets: ["primary"]) }
    }
}
