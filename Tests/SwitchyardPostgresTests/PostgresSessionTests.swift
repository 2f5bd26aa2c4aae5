import Switchyard
import SwitchyardPostgres
import Testing

/// `withSession`: a series of statements by one task on one held connection.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresSessionTests {
    static func backendPID(_ executor: some QueryExecutor) async throws -> Value? {
        try await executor.query("SELECT pg_backend_pid()").collect().first?[0]
    }

    @Test func statementsInASessionShareOneConnection() async throws {
        try await withBackend(options: "pool_min=2&pool_max=4") { backend in
            let (pids, leased) = try await backend.withSession {
                // A temporary table lives on one connection: later statements see it only there.
                try await backend.execute("CREATE TEMP TABLE session_scratch (id int)")
                try await backend.execute("INSERT INTO session_scratch VALUES (1), (2)")
                var pids: [Value?] = []
                for _ in 0..<5 { pids.append(try await Self.backendPID(backend)) }
                let count = try await backend.query("SELECT count(*) FROM session_scratch").collect().first?[0]
                #expect(count == .int(2))
                return (pids, backend.poolStatistics.leased)
            }
            #expect(Set(pids.map { "\(String(describing: $0))" }).count == 1)
            #expect(pids.first != nil)
            #expect(leased == 1)
            // The connection is back in the pool afterwards.
            #expect(backend.poolStatistics.leased == 0)
        }
    }

    /// The server drops the session's connection mid-body: the session cannot move to another
    /// (its temporary tables and settings went with it), so its later statements and transactions
    /// fail saying so, rather than libpq's bare "no connection to the server"; the next session
    /// works on a new connection.
    @Test func aSessionWhoseConnectionIsLostSaysSoAndTheNextSessionWorks() async throws {
        try await withBackend(options: "pool_min=1&pool_max=2") { backend in
            try await backend.withSession {
                try await backend.execute("CREATE TEMP TABLE lost_scratch (id int)")
                let killed = await #expect(throws: SwitchyardError.self) { try await backend.execute("SELECT pg_terminate_backend(pg_backend_pid())") }
                #expect(killed?.kind == .connection)
                let later = await #expect(throws: SwitchyardError.self) { try await backend.execute("SELECT count(*) FROM lost_scratch") }
                #expect(later?.kind == .connection)
                #expect(later?.message.contains("the session's connection was lost") == true, "\(later.map { "\($0)" } ?? "")")
                #expect(later?.hint?.contains("start another") == true)
                let transaction = await #expect(throws: SwitchyardError.self) {
                    try await backend.withTransaction { tx in try await tx.execute("SELECT 1") }
                }
                #expect(transaction?.message.contains("the session's connection was lost") == true, "\(transaction.map { "\($0)" } ?? "")")
            }
            let pid = try await backend.withSession { try await Self.backendPID(backend) }
            #expect(pid != nil)
            #expect(backend.poolStatistics.leased == 0)
            #expect(await backend.health().isHealthy)
        }
    }

    @Test func anOrchestratorAndATransactionInsideTheSessionUseTheHeldConnection() async throws {
        // One connection in the pool: a second checkout inside the body could only wait.
        try await withBackend(options: "pool_min=1&pool_max=1&acquire_timeout=2s") { backend in
            let table = PostgresTestServer.tableName("session")
            try await backend.execute("CREATE TABLE \(table) (id int PRIMARY KEY)")
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [RowLimitProcessor(limit: 100)])
            let (outside, inside) = try await backend.withSession {
                let outside = try await Self.backendPID(backend)
                try await backend.withTransaction { tx in
                    try await tx.execute(Statement("INSERT INTO \(table) VALUES (1)"))
                    try await backend.execute(Statement("INSERT INTO \(table) VALUES (2)"))
                }
                _ = try? await backend.withTransaction { tx in
                    try await tx.execute(Statement("INSERT INTO \(table) VALUES (3)"))
                    throw SwitchyardError(.invalidInput, "undo")
                }
                let inside = try await orchestrator.run("SELECT pg_backend_pid()").rows.collect().first?[0]
                return (outside, inside)
            }
            #expect(outside == inside)
            let ids = try await backend.query("SELECT id FROM \(table) ORDER BY id").collect().map { $0[0] }
            #expect(ids == [1, 2])
        }
    }

    @Test func resultsLeftOpenAreClosedAndTheConnectionGoesBack() async throws {
        try await withBackend(options: "pool_min=1&pool_max=1&acquire_timeout=2s") { backend in
            let unread = try await backend.withSession {
                try await backend.query("SELECT generate_series(1, 1000000000)")
            }
            // Reading on fails, rather than stopping early as if every row had come.
            do {
                _ = try await unread.collect()
                Issue.record("a result cut off by the end of the session read as complete")
            } catch let error as SwitchyardError {
                #expect(error.message.contains("the session ended before this result was read"))
            }
            // The single connection is free and usable.
            #expect(try await backend.query("SELECT 41 + 1").collect().first?[0] == .int(42))
        }
    }

    @Test func anErrorInTheBodyIsRethrownAndTheConnectionStaysUsable() async throws {
        try await withBackend(options: "pool_min=1&pool_max=1&acquire_timeout=2s") { backend in
            do {
                try await backend.withSession {
                    _ = try await backend.query("SELECT 1").collect()
                    _ = try await backend.query("SELECT * FROM no_such_table_here").collect()
                }
                Issue.record("the body's error was not rethrown")
            } catch let error as SwitchyardError {
                #expect(error.code == "42P01")
            }
            #expect(try await backend.query("SELECT 2").collect().first?[0] == .int(2))
        }
    }

    @Test func aTimeoutInsideTheSessionCancelsOnTheServerAndTheSessionGoesOn() async throws {
        try await withBackend { backend in
            try await backend.withSession {
                do {
                    _ = try await backend.query(Statement("SELECT pg_sleep(10)"), options: QueryOptions(timeout: .milliseconds(200))).collect()
                    Issue.record("the statement was not stopped")
                } catch let error as SwitchyardError {
                    #expect(error.kind == .timeout)
                }
                #expect(try await backend.query("SELECT 3").collect().first?[0] == .int(3))
            }
        }
    }

    @Test func cancellingTheTaskStopsAStatementInTheSession() async throws {
        try await withBackend { backend in
            let task = Task {
                try await backend.withSession {
                    _ = try await backend.query("SELECT pg_sleep(60)").collect()
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let clock = ContinuousClock()
            let start = clock.now
            let result = await task.result
            // Stopped on the server: far sooner than the statement would end by itself (the
            // margin is wide because a fully loaded two-core test run delays tasks by seconds).
            #expect(clock.now - start < .seconds(30))
            #expect(throws: SwitchyardError.self) { try result.get() }
            #expect(try await backend.query("SELECT 4").collect().first?[0] == .int(4))
        }
    }
}
