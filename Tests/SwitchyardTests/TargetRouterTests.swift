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

    @Test func explainGivesTheSameRouteWithoutRunning() async throws {
        let router = TargetRouter(defaultBackend: "local")
        #expect(try await router.explain(request(), context: context) == router.route(request(), context: context))
    }
}
