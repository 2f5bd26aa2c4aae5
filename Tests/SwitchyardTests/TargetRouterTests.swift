import Testing
import Switchyard

@Suite struct TargetRouterTests {
    let context = RoutingContext(
        backends: ["main", "local", "docs"],
        capabilities: [
            "main": BackendCapabilities(features: [], languages: [.sql]),
            "local": BackendCapabilities(features: [], languages: [.sql]),
            "docs": BackendCapabilities(features: [], languages: [.mongo]),
        ])

    private func request(_ target: TargetHint = .automatic, current: String? = nil, language: QueryLanguage = .sql) -> QueryRequest {
        QueryRequest(Statement("SELECT 1", language: language), target: target, context: CallerContext(currentBackend: current))
    }

    @Test func anExplicitTargetWins() async throws {
        let route = try await TargetRouter(defaultBackend: "main").route(request(.backend("local"), current: "main"), context: context)
        #expect(route.targets == ["local"])
        #expect(route.strategy == .single)
        #expect(route.reason.contains("explicit"))
    }

    @Test func severalExplicitTargetsAreConcatenated() async throws {
        let route = try await TargetRouter().route(request(.backends(["main", "local"])), context: context)
        #expect(route.targets == ["main", "local"])
        #expect(route.strategy == .concatenate)
    }

    @Test func anUnknownBackendErrorListsTheOpenOnes() async throws {
        let error = await #expect(throws: SwitchyardError.self) {
            try await TargetRouter().route(request(.backend("archive")), context: context)
        }
        #expect(error?.kind == .notFound)
        #expect(error?.message.contains("'archive'") == true)
        #expect(error?.message.contains("open: main, local, docs") == true)
    }

    @Test func theSessionBackendComesBeforeTheDefault() async throws {
        let route = try await TargetRouter(defaultBackend: "main").route(request(current: "local"), context: context)
        #expect(route.targets == ["local"])
        #expect(route.trace.map(\.matched) == [false, true])
    }

    @Test func theDefaultComesBeforeTheFirstBackend() async throws {
        let route = try await TargetRouter(defaultBackend: "local").route(request(), context: context)
        #expect(route.targets == ["local"])
    }

    @Test func theFirstBackendIsTheLastResort() async throws {
        let route = try await TargetRouter().route(request(), context: context)
        #expect(route.targets == ["main"])
        #expect(route.reason.contains("first"))
    }

    @Test func noOpenBackendIsAnError() async throws {
        let error = await #expect(throws: SwitchyardError.self) {
            try await TargetRouter().route(request(), context: RoutingContext(backends: []))
        }
        #expect(error?.kind == .notFound)
    }

    @Test func aBackendThatDoesNotSpeakTheLanguageIsRefused() async throws {
        let error = await #expect(throws: SwitchyardError.self) {
            try await TargetRouter().route(request(.backend("docs")), context: context)
        }
        #expect(error?.kind == .unsupported)
        #expect(error?.backend == "docs")
    }

    @Test func aRouteToANamedBackendIsMadeOnceButCheckedEveryTime() async throws {
        let router = TargetRouter()
        for _ in 0..<2 {
            let explicit = try await router.route(request(.backend("local")), context: context)
            #expect(explicit.targets == ["local"] && explicit.reason == "explicit target 'local'")
            let session = try await router.route(request(current: "local"), context: context)
            #expect(session.targets == ["local"] && session.reason == "the session's current backend 'local'")
            let both = try await router.route(request(.backends(["local", "main"])), context: context)
            #expect(both.targets == ["local", "main"] && both.strategy == .concatenate)
            #expect(both.reason == "explicit targets local, main")
        }
        // Kept or not, a route is checked against the context of each request: closed, or
        // asked for in a language it does not speak, a backend is refused.
        let closed = RoutingContext(backends: ["main"], capabilities: context.capabilities)
        for target in [TargetHint.backend("local"), .backends(["local", "main"])] {
            let error = await #expect(throws: SwitchyardError.self) { try await router.route(request(target), context: closed) }
            #expect(error?.kind == .notFound)
        }
        await #expect(throws: SwitchyardError.self) { try await router.route(request(current: "local"), context: closed) }
        let mongo = await #expect(throws: SwitchyardError.self) {
            try await router.route(request(.backend("local"), language: .mongo), context: context)
        }
        #expect(mongo?.kind == .unsupported)
        // More targets than the router keeps routes for: each still routed to its own backends.
        let many = RoutingContext(backends: (0..<50).map { "b\($0)" })
        for round in 0..<2 {
            for number in 0..<50 {
                let route = try await router.route(request(.backend("b\(number)")), context: many)
                #expect(route.targets == ["b\(number)"] && route.reason == "explicit target 'b\(number)'", "round \(round)")
            }
        }
    }

    @Test func explainGivesTheSameRouteWithoutRunning() async throws {
        let router = TargetRouter(defaultBackend: "local")
        #expect(try await router.explain(request(), context: context) == router.route(request(), context: context))
    }

    @Test func theContextSaysWhichLanguagesEachOpenBackendAccepts() {
        #expect(context.accepts(.sql, on: "main"))
        #expect(!context.accepts(.mongo, on: "main"))
        #expect(context.accepts(.mongo, on: "docs"))
        #expect(!context.accepts(.sql, on: "gone"))
        var changed = context
        // A backend whose capabilities are unknown answers for itself; changes to either list count.
        changed.backends.append("new")
        #expect(changed.accepts(.mongo, on: "new"))
        changed.capabilities["new"] = BackendCapabilities(features: [], languages: [.sql])
        #expect(!changed.accepts(.mongo, on: "new"))
        changed.capabilities["main"] = BackendCapabilities(features: [], languages: [.sql, .mongo])
        #expect(changed.accepts(.mongo, on: "main"))
        changed.backends.removeAll { $0 == "main" }
        #expect(!changed.accepts(.sql, on: "main"))
        // Many languages are looked up by hash rather than compared one by one.
        let many = Set((0..<12).map { QueryLanguage("l\($0)") })
        let wide = RoutingContext(backends: ["x"], capabilities: ["x": BackendCapabilities(features: [], languages: many)])
        #expect(wide.accepts("l11", on: "x") && !wide.accepts(.sql, on: "x"))
    }
}
