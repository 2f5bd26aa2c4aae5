import Switchyard
import Testing

/// Shared request builder for routing tests.
func routingRequest(
    _ text: String, _ bindings: [Value] = [], language: QueryLanguage = .sql, target: TargetHint = .automatic,
    tenant: String? = nil, attributes: [String: String] = [:]
) -> QueryRequest {
    QueryRequest(Statement(text, bindings, language: language), target: target, context: CallerContext(tenant: tenant, attributes: attributes))
}

let routingContext = RoutingContext(
    backends: ["primary", "replica1", "replica2", "docs", "eu", "us"],
    capabilities: ["docs": BackendCapabilities(features: [], languages: [.mongo])])

@Suite struct RoutingRuleRouterTests {
    @Test func theFirstMatchingRuleWinsAndTheTraceShowsEveryRuleTried() async throws {
        let router = RuleRouter(rules: [ExplicitTargetRule(), TenantRule(["acme": "eu"]), TenantRule(["acme": "us"])])
        let route = try await router.explain(routingRequest("SELECT 1", tenant: "acme"), context: routingContext)
        #expect(route.targets == ["eu"])
        #expect(route.trace.map(\.rule) == ["explicit target", "tenant"])
        #expect(route.trace.map(\.matched) == [false, true])
        #expect(route.trace[0].note == "the request names no backend")
        #expect(route.description.contains("✓ tenant"))
    }

    @Test func withNoMatchingRuleTheFallbackDecidesAndTheTraceKeepsBoth() async throws {
        let router = RuleRouter(rules: [TenantRule(["acme": "eu"])], fallback: TargetRouter(defaultBackend: "primary"))
        let route = try await router.route(routingRequest("SELECT 1"), context: routingContext)
        #expect(route.targets == ["primary"])
        #expect(route.trace.first == RuleDecision(rule: "tenant", matched: false, note: "the caller has no tenant"))
        #expect(route.trace.last?.rule == "default backend")
    }

    /// A rule that waits for something (a directory service, say) declares `evaluate` plainly
    /// `async`; it conforms beside the built-in `nonisolated(nonsending)` ones, and every
    /// decision, the fallback's included, is in the trace in order, each request's its own.
    @Test func aPlainlyAsyncRuleConformsAndEveryDecisionIsTraced() async throws {
        struct DirectoryRule: RoutingRule {
            var name: String { "directory" }
            func evaluate(_ request: QueryRequest, context: RoutingContext) async throws -> RuleOutcome {
                try await Task.sleep(for: .milliseconds(1))
                return request.context.tenant == "beta" ? .match(Route(targets: ["us"], reason: "beta tenants are in the US")) : .noMatch("not a beta tenant")
            }
        }
        let router = RuleRouter(rules: [ExplicitTargetRule(), DirectoryRule()], fallback: TargetRouter(defaultBackend: "primary"))
        let beta = try await router.route(routingRequest("SELECT 1", tenant: "beta"), context: routingContext)
        let other = try await router.route(routingRequest("SELECT 1", tenant: "acme"), context: routingContext)
        #expect(beta.targets == ["us"])
        #expect(beta.trace == [
            RuleDecision(rule: "explicit target", matched: false, note: "the request names no backend"),
            RuleDecision(rule: "directory", matched: true, note: "beta tenants are in the US"),
        ])
        #expect(other.targets == ["primary"])
        // The fallback's own look at an explicit target is the rule's: it is traced once.
        #expect(other.trace.map(\.rule) == ["explicit target", "directory", "session backend", "default backend"])
        #expect(other.trace.map(\.matched) == [false, false, false, true])
    }

    @Test func aRuleChoosingABackendThatIsNotOpenIsANotFoundError() async throws {
        let router = RuleRouter(rules: [TenantRule(["acme": "archive"])])
        let error = await #expect(throws: SwitchyardError.self) {
            try await router.route(routingRequest("SELECT 1", tenant: "acme"), context: routingContext)
        }
        #expect(error?.kind == .notFound)
        #expect(error?.message.contains("'archive'") == true)
    }

    @Test func aRuleChoosingABackendThatCannotRunTheLanguageIsUnsupported() async throws {
        let router = RuleRouter(rules: [FanOutRule(backends: ["primary", "docs"])])
        let error = await #expect(throws: SwitchyardError.self) {
            try await router.route(routingRequest("SELECT 1"), context: routingContext)
        }
        #expect(error?.kind == .unsupported)
        #expect(error?.backend == "docs")
    }

    @Test func anExplicitTargetRuleRoutesANamedBackend() async throws {
        let outcome = try await ExplicitTargetRule().evaluate(routingRequest("SELECT 1", target: .backend("replica1")), context: routingContext)
        #expect(outcome == .match(Route(targets: ["replica1"], reason: "the request names 'replica1'")))
    }

    @Test func explicitSeveralTargetsFanOutWithTheConfiguredStrategy() async throws {
        let rule = ExplicitTargetRule(fanOutStrategy: .mergeSorted(by: [Route.SortKey("id")]))
        guard case .match(let route) = try await rule.evaluate(routingRequest("SELECT 1", target: .backends(["eu", "us"])), context: routingContext)
        else { Issue.record("expected a match"); return }
        #expect(route.targets == ["eu", "us"])
        #expect(route.strategy == .mergeSorted(by: [Route.SortKey("id")]))
    }

    @Test func aTenantWithoutABackendDoesNotMatch() async throws {
        let outcome = try await TenantRule(["acme": "eu"]).evaluate(routingRequest("SELECT 1", tenant: "globex"), context: routingContext)
        #expect(outcome == .noMatch("no backend is configured for tenant 'globex'"))
    }
}
