import Switchyard
import SwitchyardSQLite
import Testing

/// `Orchestrator.run` and a backend's `query` run on the caller's executor
/// (`nonisolated(nonsending)`): requests made from actors answer as from anywhere, each
/// actor's state stays its own, and a router declared plainly `async` still serves.
@Suite struct CallerIsolationTests {
    /// Routes everything to one backend; plainly `async`, so it runs on the global executor.
    private struct OneBackendRouter: Router {
        let name: String
        func route(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
            Route(targets: [name], reason: "always '\(name)'")
        }
        func explain(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
            try await route(request, context: context)
        }
    }

    private actor Reader {
        let orchestrator: Orchestrator
        private(set) var names: [String] = []
        init(_ orchestrator: Orchestrator) { self.orchestrator = orchestrator }

        func read(_ ids: [Int64]) async throws {
            for id in ids {
                let rows = try await orchestrator.run("SELECT name FROM users WHERE id = $1", [.int(id)]).rows.collect()
                names.append(try rows[0].decode("name", as: String.self))
            }
        }
    }

    @Test func requestsFromActorsAnswerAndEachActorKeepsItsOwnState() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let backend = try await SQLiteBackend.open(name: "local", url: directory.url("isolation.db"))
        let orchestrator = Orchestrator(
            backends: BackendRegistry([backend]), router: OneBackendRouter(name: "local"),
            processors: [RowLimitProcessor(limit: 10), MetricsProcessor()])
        _ = try await orchestrator.run("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)").rows.collect()
        for id in 1...40 {
            _ = try await orchestrator.run("INSERT INTO users VALUES ($1, $2)", [.int(Int64(id)), .text("user \(id)")]).rows.collect()
        }

        let readers = (0..<4).map { _ in Reader(orchestrator) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, reader) in readers.enumerated() {
                let ids = (1...40).filter { $0 % 4 == index }.map(Int64.init)
                group.addTask { try await reader.read(ids + ids) }
            }
            try await group.waitForAll()
        }
        for (index, reader) in readers.enumerated() {
            let expected = (1...40).filter { $0 % 4 == index }.map { "user \($0)" }
            #expect(await reader.names == expected + expected)
        }
        await backend.shutdown()
    }
}
