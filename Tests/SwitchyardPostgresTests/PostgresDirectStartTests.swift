import Switchyard
import SwitchyardConformance
import Testing

@testable import SwitchyardPostgres

/// Statements started on the calling task's thread (`PostgresCursor.sendDirect`): a cached
/// statement on a pooled connection is sent and read there, waiting for the server on the
/// process's socket poller instead of the connection's thread.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresDirectStartTests {
    static let single = "pool_min=1&pool_max=1&acquire_timeout=5s"

    /// The pool's only connection.
    private func onlyConnection(of backend: PostgresBackend) async throws -> PostgresConnection {
        let connection = try await backend.pool.acquire()
        backend.pool.release(connection)
        return connection
    }

    private func withItems(_ body: @Sendable (PostgresBackend, _ table: String) async throws -> Void) async throws {
        try await withBackend(options: Self.single) { backend in
            let table = PostgresTestServer.tableName("direct")
            try await backend.execute("CREATE TABLE \(table) (id bigint PRIMARY KEY, name text NOT NULL)")
            try await backend.execute("INSERT INTO \(table) SELECT i, 'item ' || i FROM generate_series(1, 5) AS i")
            try await body(backend, table)
        }
    }

    @Test func aCachedStatementRunsWhileTheConnectionsThreadIsBusy() async throws {
        try await withItems { backend, table in
            let lookup = "SELECT name FROM \(table) WHERE id = $1"
            // The first run prepares the statement on the connection's thread and caches it.
            #expect(try await backend.query(lookup, [.int(2)]).collect().map { $0[0] } == [.text("item 2")])
            let connection = try await onlyConnection(of: backend)
            let (names, threadWasBusy) = try await whileThreadIsBusy(connection.thread, seconds: 20) {
                var names: [Value] = []
                for id in 1...5 { names += try await backend.query(lookup, [.int(Int64(id))]).collect().map { $0[0] } }
                return names
            }
            #expect(names == (1...5).map { .text("item \($0)") })
            #expect(threadWasBusy, "the lookups waited for the connection's thread")
        }
    }

    @Test func aLongResultStartedDirectlyContinuesOnTheThreadInOrder() async throws {
        try await withBackend(options: Self.single) { backend in
            let series = "SELECT generate_series(1, $1::int) AS n"
            #expect(try await backend.query(series, [.int(3)]).collect().count == 3)
            // Far more rows than a first batch: the first ones are read directly, the rest on the thread.
            let expected = try await countingRows(of: try await backend.query(series, [.int(100_000)]))
            #expect(expected == 100_001, "rows out of order or missing from \(expected)")
        }
    }

    @Test func laterBatchesAreReadFromTheRowsThatHaveArrivedWhileTheThreadIsBusy() async throws {
        try await withBackend(options: Self.single) { backend in
            let series = "SELECT generate_series(1, $1::int) AS n"
            #expect(try await backend.query(series, [.int(3)]).collect().count == 3)
            let connection = try await onlyConnection(of: backend)
            // 5,000 small rows fit the socket's buffers: once they have arrived, every batch
            // after the first is read by this task, none waits for the connection's thread.
            let result = try await backend.query(series, [.int(5_000)])
            try await Task.sleep(for: .milliseconds(300))
            let (expected, threadWasBusy) = try await whileThreadIsBusy(connection.thread, seconds: 5) {
                try await countingRows(of: result)
            }
            #expect(expected == 5_001, "rows out of order or missing from \(expected)")
            #expect(threadWasBusy, "the later batches waited for the connection's thread")
            // Read to its end, the result gave the pool's only connection back.
            #expect(try await backend.query("SELECT 41 + 1").collect().first?[0] == .int(42))
        }
    }

    @Test func aResultDroppedAfterBatchesReadFromWhatHadArrivedGivesItsConnectionBack() async throws {
        try await withBackend(options: Self.single) { backend in
            let series = "SELECT generate_series(1, $1::int) AS n"
            #expect(try await backend.query(series, [.int(3)]).collect().count == 3)
            for count in [5_000, 200_000] {
                let result = try await backend.query(series, [.int(Int64(count))])
                try await Task.sleep(for: .milliseconds(100))
                var read = 0
                for try await _ in result {
                    read += 1
                    if read == 2_000 { break }
                }
                #expect(read == 2_000)
            }
            // The pool's only connection: each dropped result was closed and given back.
            #expect(try await backend.query(series, [.int(4)]).collect().count == 4)
        }
    }

    /// Rows stream until `$2`, where the server sleeps 30 seconds.
    static let stalling = "SELECT n, pg_sleep(CASE WHEN n = $2 THEN 30 ELSE 0 END) AS s FROM generate_series(1, $1::int) AS n"

    @Test func aResultDroppedByAnotherTaskWhileItsHolderWaitsForRowsStopsAtOnce() async throws {
        try await withBackend(options: Self.single) { backend in
            #expect(try await backend.query(Self.stalling, [.int(3), .int(0)]).collect().count == 3)
            // The holder waits for row 3000 (past the first batches), read on the connection's thread.
            let result = try await backend.query(Self.stalling, [.int(5000), .int(3000)])
            let reader = Task {
                var count = 0
                for try await _ in result { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(500))
            let start = ContinuousClock.now
            result.cancel()
            let count = try? await reader.value
            #expect(ContinuousClock.now - start < .seconds(10), "the read waited for the server's next row")
            #expect((count ?? 0) < 3000)
            #expect(try await backend.query("SELECT 41 + 1").collect().first?[0] == .int(42))
        }
    }

    @Test func aTimeoutStopsAResultPartWayThroughItsRows() async throws {
        try await withBackend(options: Self.single) { backend in
            #expect(try await backend.query(Self.stalling, [.int(3), .int(0)]).collect().count == 3)
            var read = 0
            var error: SwitchyardError?
            do {
                let statement = Statement(Self.stalling, [.int(5000), .int(3000)])
                for try await _ in try await backend.query(statement, options: QueryOptions(timeout: .seconds(1))) { read += 1 }
            } catch let thrown as SwitchyardError {
                error = thrown
            }
            #expect(error?.kind == .timeout)
            #expect(read < 3000)
            #expect(try await backend.query("SELECT 41 + 1").collect().first?[0] == .int(42))
        }
    }

    @Test func aStatementFailingMidwayFailsWithItsErrorAfterTheRowsBefore() async throws {
        try await withBackend(options: Self.single) { backend in
            let divide = "SELECT 10 / ($2::int - n) AS q FROM generate_series(1, $1::int) AS n"
            #expect(try await backend.query(divide, [.int(3), .int(100)]).collect().count == 3)
            var read = 0
            var error: SwitchyardError?
            do {
                for try await _ in try await backend.query(divide, [.int(50_000), .int(20_000)]) { read += 1 }
            } catch let thrown as SwitchyardError {
                error = thrown
            }
            #expect(error?.code == "22012")
            #expect(read < 20_000)
            #expect(try await backend.query(divide, [.int(5), .int(100)]).collect().count == 5)
        }
    }

    @Test func cancellingTheTaskStopsADirectStatementOnTheServer() async throws {
        try await withBackend(options: Self.single) { backend in
            let sleep = "SELECT pg_sleep($1::float8)"
            _ = try await backend.query(sleep, [.double(0)]).collect()
            let running = Task { try await backend.query(sleep, [.double(30)]).collect() }
            try await Task.sleep(for: .milliseconds(300))
            running.cancel()
            let error = await #expect(throws: SwitchyardError.self) { try await running.value }
            #expect(error?.kind == .cancelled)
            // The only connection is free and works.
            #expect(try await backend.query("SELECT 41 + 1").collect().first?[0] == .int(42))
        }
    }

    @Test func aTimeoutStopsADirectStatement() async throws {
        try await withBackend(options: Self.single) { backend in
            let sleep = "SELECT pg_sleep($1::float8)"
            _ = try await backend.query(sleep, [.double(0)]).collect()
            let error = await #expect(throws: SwitchyardError.self) {
                try await backend.query(Statement(sleep, [.double(30)]), options: QueryOptions(timeout: .milliseconds(300))).collect()
            }
            #expect(error?.kind == .timeout)
            #expect(try await backend.query(sleep, [.double(0)]).collect().count == 1)
        }
    }

    @Test func aConnectionTerminatedDuringADirectWaitFailsAndThePoolRecovers() async throws {
        try await withBackend(options: Self.single) { backend in
            let sleep = "SELECT pg_sleep($1::float8)"
            _ = try await backend.query(sleep, [.double(0)]).collect()
            let pid = try #require(try await backend.query("SELECT pg_backend_pid()").collect().first?[0])
            let running = Task { try await backend.query(sleep, [.double(30)]).collect() }
            try await Task.sleep(for: .milliseconds(300))
            try await withBackend("killer") { killer in
                let terminated = try await killer.query("SELECT pg_terminate_backend($1::int)", [pid]).collect()
                #expect(terminated.first?[0] == .bool(true))
            }
            let error = await #expect(throws: SwitchyardError.self) { try await running.value }
            #expect(error?.kind == .connection)
            #expect(try await backend.query("SELECT 41 + 1").collect().first?[0] == .int(42))
        }
    }

    @Test func aCachedStatementTheServerNoLongerAcceptsIsPreparedAgain() async throws {
        try await withItems { backend, table in
            let all = "SELECT * FROM \(table) ORDER BY id"
            #expect(try await backend.query(all).collect().first?.columns.names == ["id", "name"])
            // The cached plan's result type changes: the server refuses it ("cached plan must
            // not change result type") and the statement is prepared again and sent once more.
            try await backend.execute("ALTER TABLE \(table) ADD COLUMN extra int DEFAULT 7")
            let rows = try await backend.query(all).collect()
            #expect(rows.first?.columns.names == ["id", "name", "extra"])
            #expect(rows.map { $0["extra"] } == Array(repeating: .int(7), count: 5))
        }
    }

    @Test func aStatementFailingOnTheServerFailsWithItsErrorAndTheConnectionStaysUsable() async throws {
        try await withItems { backend, table in
            let divide = "SELECT 10 / ($1::int - id) FROM \(table) ORDER BY id"
            let whole = try await backend.query(divide, [.int(100)]).collect()
            #expect(whole.count == 5)
            let error = await #expect(throws: SwitchyardError.self) { try await backend.query(divide, [.int(3)]).collect() }
            #expect(error?.code == "22012")
            #expect(try await backend.query(divide, [.int(100)]).collect().count == 5)
        }
    }
}
