import Foundation
import Switchyard
import SwitchyardPostgres
import Testing

/// URL parameters, the pool, cancellation and timeouts against the real server.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresConnectionTests {
    @Test func libpqParametersInTheURLPassThrough() async throws {
        let appName = "sy_test_\(UUID().uuidString.prefix(8))"
        try await withBackend(options: "application_name=\(appName)&sslmode=disable&connect_timeout=5&target_session_attrs=read-write&pool_max=3") { backend in
            let rows = try await backend.query(
                Statement("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [.text(appName)])
            ).collect()
            #expect(rows.first?[0] == .int(1))
            #expect(backend.options.maximumConnections == 3)
            #expect(!backend.redactedURL.isEmpty)
        }
    }

    @Test func severalHostsAreTriedInTurn() async throws {
        do {
            let url = try PostgresTestServer.requireURL()
            // A first host that refuses connections, then the real one.
            let twoHosts = url.replacingOccurrences(of: "@127.0.0.1:", with: "@127.0.0.1:1,127.0.0.1:")
            #expect(twoHosts != url)
            let backend = try await PostgresBackend.open(name: "hosts", url: twoHosts)
            #expect(try await backend.query("SELECT 1").collect().count == 1)
            await backend.shutdown()
        }
    }

    @Test func sixtyFourTasksOnAPoolOfEightFinishWithoutLeaks() async throws {
        let appName = "sy_pool_\(UUID().uuidString.prefix(8))"
        try await withBackend(options: "pool_max=8&application_name=\(appName)") { backend in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<64 {
                    group.addTask {
                        for round in 0..<5 {
                            let rows = try await backend.query(Statement("SELECT $1::bigint * 2, pg_backend_pid()", [.int(Int64(task * 10 + round))])).collect()
                            #expect(rows.first?[0] == .int(Int64((task * 10 + round) * 2)))
                        }
                        try await backend.withTransaction { tx in _ = try await tx.query("SELECT 1").collect() }
                    }
                }
                try await group.waitForAll()
            }
            let statistics = backend.poolStatistics
            #expect(statistics.leased == 0)
            #expect(statistics.waiting == 0)
            #expect(statistics.open <= 8)
            let sessions = try await backend.query(
                Statement("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", [.text(appName)])).collect()
            #expect((Int(value: sessions.first?[0] ?? .null) ?? 99) <= 8)
        }
    }

    @Test func aCancelledQueryReturnsPromptlyAndTheConnectionStaysUsable() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            let clock = ContinuousClock()
            let start = clock.now
            let task = Task { try await backend.query("SELECT pg_sleep(30)").collect() }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let error = await #expect(throws: SwitchyardError.self) { _ = try await task.value }
            #expect(error?.kind == .cancelled)
            #expect(error?.code == "57014")
            #expect(clock.now - start < .seconds(15))
            // The one connection is usable, and a later statement is not cancelled by a late request.
            #expect(try await backend.query("SELECT 42").collect().first?[0] == .int(42))
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await backend.query("SELECT pg_sleep(0.2), 7").collect().first?[1] == .int(7))
        }
    }

    @Test func aTimeoutStopsTheStatementOnTheServer() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: SwitchyardError.self) {
                _ = try await backend.query(Statement("SELECT pg_sleep(20)"), options: QueryOptions(timeout: .milliseconds(300))).collect()
            }
            #expect(error?.kind == .timeout)
            #expect(clock.now - start < .seconds(12))
            let after = try await backend.query("SELECT 1").collect()
            #expect(after.count == 1)
        }
    }

    @Test func aTimeoutProcessorsDeadlineIsKeptByTheServerAndEndsTheWaitForAConnection() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            #expect(backend.capabilities.supports(.deadlines))
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(300))])
            // The server cancels the statement at the deadline: PostgreSQL's error, not the pipeline's watch.
            var start = ContinuousClock.now
            let running = await #expect(throws: SwitchyardError.self) { _ = try await orchestrator.run("SELECT pg_sleep(20)").rows.collect() }
            #expect(running?.kind == .timeout)
            #expect(running?.code == "57014")
            #expect(ContinuousClock.now - start < .seconds(12))
            // With the pool's one connection held by a result still streaming, the wait for it ends at the deadline.
            let held = try await backend.query("SELECT generate_series(1, 50000000)")
            start = ContinuousClock.now
            let waiting = await #expect(throws: SwitchyardError.self) { _ = try await orchestrator.run("SELECT 1").rows.collect() }
            let waited = ContinuousClock.now - start
            #expect(waiting?.kind == .timeout)
            #expect(waiting?.message.contains("no connection became free within the request's timeout of") == true)
            #expect(waited >= .milliseconds(250) && waited < .seconds(12))
            held.cancel()
            // The connection is usable again once the cancelled result is cleared (which may take longer than 300 ms).
            #expect(try await backend.query("SELECT 3").collect().first?[0] == .int(3))
        }
    }

    @Test func abandoningAHugeResultCancelsItAndFreesTheConnection() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            let clock = ContinuousClock()
            let start = clock.now
            var seen = 0
            for try await _ in try await backend.query("SELECT generate_series(1, 50000000)") {
                seen += 1
                if seen == 10 { break }
            }
            #expect(try await backend.query("SELECT 2").collect().first?[0] == .int(2))
            #expect(clock.now - start < .seconds(10))
        }
    }

    @Test func aMillionRowsStreamInBatches() async throws {
        try await withBackend { backend in
            var count = 0
            var sum: Int64 = 0
            let result = try await backend.query("SELECT g, 'row ' || g FROM generate_series(1, 1000000) AS g")
            for try await row in result {
                count += 1
                sum &+= Int64(value: row[0]) ?? 0
            }
            #expect(count == 1_000_000)
            #expect(sum == 500_000_500_000)
            #expect(result.currentSummary.rowsReturned == 1_000_000)
        }
    }

    @Test func afterShutdownQueriesThrow() async throws {
        do {
            let backend = try await PostgresTestServer.open()
            await backend.shutdown()
            let error = await #expect(throws: SwitchyardError.self) { _ = try await backend.query("SELECT 1").collect() }
            #expect(error?.kind == .connection)
            #expect(backend.poolStatistics.open == 0)
        }
    }

    @Test func ourOwnOptionsAreValidated() async throws {
        do {
            for bad in ["pool_max=0", "pool_min=5&pool_max=2", "acquire_timeout=soon", "statement_cache_size=-1"] {
                let error = await #expect(throws: SwitchyardError.self) { _ = try await PostgresTestServer.open(options: bad) }
                #expect(error?.kind == .invalidInput, "\(bad)")
            }
        }
    }

    @Test func theDriverServesBothSchemes() async throws {
        do {
            let drivers = DriverRegistry([PostgresDriver()])
            let url = try PostgresTestServer.requireURL()
            let other = "postgresql" + url.dropFirst("postgres".count)
            for text in [url, other] {
                let backend = try await drivers.makeBackend(url: text)
                #expect(backend.name == "switchyard_test")
                #expect(try await backend.query("SELECT 1").collect().count == 1)
                await backend.shutdown()
            }
        }
    }
}
