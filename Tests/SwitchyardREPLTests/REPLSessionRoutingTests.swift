import Switchyard
import SwitchyardREPL
import Testing

/// The REPL over a configured router: caller settings, ownership refresh, backend status.
@Suite struct REPLSessionRoutingTests {
    @Test func setTenantRoutesTheSessionsRequestsByTheTenantRule() async throws {
        let f = try await SessionFixture.make(
            backends: ["main", "eu"], routing: RoutingConfiguration(rules: [RuleEntry(.tenant(nil))]), tenants: ["eu": ["acme"]])
        defer { Task { await f.tearDown() } }
        let before = await f.printed("\\route SELECT 1;")
        #expect(before.contains("tenant: the caller has no tenant"))
        #expect(before.hasPrefix("→ main"))

        let after = await f.printed("\\set tenant acme\n\\route SELECT 1;")
        #expect(after.contains("→ eu"))
        let settings = await f.printed("\\set")
        #expect(settings.contains("tenant") && settings.contains("acme"))

        let unset = await f.printed("\\unset tenant\n\\route SELECT 1;")
        #expect(unset.contains("→ main"))
    }

    @Test func refreshLetsOwnershipRouteATableCreatedDuringTheSession() async throws {
        let f = try await SessionFixture.make(backends: ["main", "side"], routing: RoutingConfiguration(rules: [RuleEntry(.ownership)]))
        defer { Task { await f.tearDown() } }
        // Created behind Switchyard's back (another client): only a refresh can know.
        _ = try await f.runtime.backends.backend(named: "side").execute(Statement("CREATE TABLE gadgets (id INTEGER)"))
        let stale = await f.printed("\\route SELECT * FROM gadgets;")
        #expect(stale.contains("→ main"))
        let fresh = await f.printed("\\refresh\n\\route SELECT * FROM gadgets;")
        #expect(fresh.contains("→ side"))
    }

    @Test func aTableCreatedThroughTheSessionIsRoutedToAtOnce() async throws {
        let f = try await SessionFixture.make(backends: ["main", "side"], routing: RoutingConfiguration(rules: [RuleEntry(.ownership)]))
        defer { Task { await f.tearDown() } }
        await f.run("@side CREATE TABLE widgets (id INTEGER);")
        let route = await f.printed("\\route INSERT INTO widgets VALUES (1);")
        #expect(route.hasPrefix("→ side"))
        let dropped = await f.printed("@side DROP TABLE widgets;\n\\route SELECT * FROM widgets;")
        #expect(dropped.contains("→ main"))
    }

    @Test func routeShowsEachRuleItLookedAtOnce() async throws {
        let f = try await SessionFixture.make(backends: ["main", "side"], routing: RoutingConfiguration(rules: [RuleEntry(.ownership)]))
        defer { Task { await f.tearDown() } }
        for statement in ["SELECT 1;", "@side SELECT 1;"] {
            let lines = await f.printed("\\route \(statement)").split(separator: "\n").map(String.init)
            let rules = lines.dropFirst().map { $0.dropFirst(4).prefix { $0 != ":" } }
            #expect(rules.count == Set(rules).count, "\(lines)")
            #expect(rules.first == "explicit target", "\(lines)")
        }
        let automatic = await f.printed("\\route SELECT 1;")
        #expect(automatic == """
            → main: the session's current backend 'main'
              · explicit target: the request names no backend
              · ownership: the statement names no table or collection
              ✓ session backend: the session uses 'main'

            """)
    }

    @Test func backendsShowsHealthAndCircuitState() async throws {
        let f = try await SessionFixture.make(backends: ["main", "side"])
        defer { Task { await f.tearDown() } }
        f.runtime.orchestrator.breakers?.recordFailure("side")
        for _ in 0..<5 { f.runtime.orchestrator.breakers?.recordFailure("side") }
        let text = await f.printed("\\backends")
        let lines = text.split(separator: "\n")
        #expect(lines.first?.contains("circuit") == true)
        #expect(lines.first { $0.hasPrefix(" main") }?.contains("closed") == true)
        #expect(lines.first { $0.hasPrefix(" side") }?.contains("open (retry in") == true)
        #expect(lines.first { $0.hasPrefix(" side") }?.contains("up (") == true)
    }
}
