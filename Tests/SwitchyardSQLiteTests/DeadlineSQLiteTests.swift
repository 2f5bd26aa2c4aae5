import Switchyard
import SwitchyardSQLite
import Synchronization
import Testing

/// A `TimeoutProcessor`'s deadline on a real SQLite backend: enforced by the backend itself
/// (it declares `.deadlines`), and by the pipeline around whatever does not say it honours it.
@Suite struct DeadlineSQLiteTests {
    static let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c"

    @Test func sqliteStopsARequestAtItsDeadlineItself() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            #expect(backend.capabilities.supports(.deadlines))
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(200))])
            let start = ContinuousClock.now
            let error = await sqliteError { _ = try await orchestrator.run(QueryRequest(Statement(Self.endless))).rows.collect() }
            #expect(error?.kind == .timeout)
            // SQLite's interrupt, not the pipeline's watch ("did not finish within"): no child task was needed.
            #expect(error?.code == "SQLITE_INTERRUPT (9)")
            #expect(error?.message.contains("timeout of 200.000 ms") == true)
            #expect(ContinuousClock.now - start < .seconds(30))
            #expect(try await backend.scalar("SELECT 1") == .int(1))
        }
    }

    @Test func waitingForTheWriterEndsAtTheDeadlineAndWritesNothing() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(200))])
            let holding = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            // A transaction holds the writer until told to commit.
            let holder = Task {
                try await backend.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO t VALUES (1)")
                    holding.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in holding.stream { break }
            let start = ContinuousClock.now
            let error = await sqliteError { _ = try await orchestrator.run("INSERT INTO t VALUES (2)") }
            let waited = ContinuousClock.now - start
            release.continuation.yield()
            try await holder.value
            #expect(error?.kind == .timeout)
            #expect(error?.message.contains("no connection became free within the request's timeout of") == true)
            #expect(waited >= .milliseconds(150))
            #expect(waited < .seconds(20))
            // The holder's row committed; the timed-out insert never ran, even once the writer was free.
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await backend.values("SELECT id FROM t") == [[.int(1)]])
            // The writer is usable again.
            try await backend.execute("INSERT INTO t VALUES (3)")
        }
    }

    @Test func rowsReadPastTheDeadlineEndWithATimeout() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(300))])
            let result = try await orchestrator.run(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT i FROM n")
            var iterator = result.rows.makeAsyncIterator()
            #expect(try await iterator.next()?[0] == .int(1))
            try await Task.sleep(for: .milliseconds(500))
            let error = await sqliteError { while try await iterator.next() != nil {} }
            #expect(error?.kind == .timeout)
            #expect(try await backend.scalar("SELECT 1") == .int(1))
        }
    }

    @Test func aProcessorThatDoesNotHonourDeadlinesIsStillCutOff() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let orchestrator = Orchestrator(
                backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(200)), SleepingProcessor()])
            let start = ContinuousClock.now
            let error = await sqliteError { _ = try await orchestrator.run("SELECT 1") }
            #expect(error?.kind == .timeout)
            #expect(error?.message.contains("did not finish within") == true)
            #expect(ContinuousClock.now - start < .seconds(20))
        }
    }

    @Test func aRouterThatDoesNotHonourDeadlinesIsStillCutOff() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let orchestrator = Orchestrator(
                backends: BackendRegistry([backend]), router: SleepingRouter(), processors: [TimeoutProcessor(limit: .milliseconds(200))])
            let start = ContinuousClock.now
            let error = await sqliteError { _ = try await orchestrator.run("SELECT 1") }
            #expect(error?.kind == .timeout)
            #expect(ContinuousClock.now - start < .seconds(20))
        }
    }

    @Test func aBackendWithoutDeadlinesIsWatchedByThePipeline() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let slow = SlowStartingBackend(base: backend)
            #expect(!slow.capabilities.supports(.deadlines))
            let orchestrator = Orchestrator(backends: BackendRegistry([slow]), processors: [TimeoutProcessor(limit: .milliseconds(200))])
            let start = ContinuousClock.now
            let error = await sqliteError { _ = try await orchestrator.run("SELECT 1") }
            #expect(error?.kind == .timeout)
            #expect(error?.message.contains("did not finish within") == true)
            #expect(ContinuousClock.now - start < .seconds(20))
            // Without a deadline the same backend answers, late.
            let plain = Orchestrator(backends: BackendRegistry([SlowStartingBackend(base: backend, delay: .milliseconds(10))]))
            #expect(try await plain.run("SELECT 7").rows.collect().map { $0[0] } == [.int(7)])
        }
    }

    @Test func aRequestThatFinishesInTimeIsNotStoppedLater() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(200))])
            for id in 1...3 { _ = try await orchestrator.run("INSERT INTO t VALUES ($1)", [.int(Int64(id))]) }
            try await Task.sleep(for: .milliseconds(300))
            // Later statements on the same connections are not hit by the earlier deadlines.
            #expect(try await orchestrator.run("SELECT count(*) FROM t").rows.collect().map { $0[0] } == [.int(3)])
            try await backend.execute("INSERT INTO t VALUES (4)")
        }
    }
}

/// A processor that waits before passing the request on, without saying it honours deadlines.
private struct SleepingProcessor: DataProcessor {
    let name = "sleeping"
    func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        try await Task.sleep(for: .seconds(30))
        return try await next(request)
    }
}

/// A router that waits before deciding, without saying it honours deadlines.
private struct SleepingRouter: Router {
    func route(_ request: QueryRequest, context: RoutingContext) async throws -> Route {
        try await Task.sleep(for: .seconds(30))
        return Route(targets: [context.backends[0]], reason: "after a nap")
    }
}

/// A real backend whose queries wait before they start, and which does not declare `.deadlines`.
private final class SlowStartingBackend: ForwardingBackend {
    let base: any Backend
    let delay: Duration

    init(base: any Backend, delay: Duration = .seconds(30)) {
        self.base = base
        self.delay = delay
    }

    var capabilities: BackendCapabilities {
        var capabilities = base.capabilities
        capabilities.features.remove(.deadlines)
        return capabilities
    }

    func shutdown() async {}  // the test's backend is shut down by its owner

    func query(_ statement: Statement, options: QueryOptions) async throws -> ResultSet {
        try await Task.sleep(for: delay)
        return try await base.query(statement, options: options)
    }
}
