import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

/// Processors in front of real SQLite files: what users see through an ``Orchestrator``.
@Suite struct ProcessorSQLiteTests {
    /// Rows of `sql` run through `orchestrator`, with its notices.
    func run(_ orchestrator: Orchestrator, _ sql: String, _ bindings: [Value] = [], context: CallerContext = CallerContext())
        async throws -> (values: [[Value]], notices: [String])
    {
        let result = try await orchestrator.run(QueryRequest(Statement(sql, bindings), context: context))
        return (try await result.rows.collect().map(\.values), result.notices)
    }

    @Test func aCachedReadIsServedAgainUntilAnInsertIntoItsTable() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
            try await backend.execute("INSERT INTO items VALUES (1, 'a')")
            let cache = ResultCache()
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [cache])
            let first = try await run(orchestrator, "SELECT name FROM items ORDER BY id")
            #expect(first.values == [[.text("a")]] && first.notices.isEmpty)
            // A change behind the cache's back shows the hit really is the stored result.
            try await backend.execute("UPDATE items SET name = 'changed'")
            let hit = try await run(orchestrator, "SELECT name FROM items ORDER BY id")
            #expect(hit.values == [[.text("a")]])
            #expect(hit.notices.contains { $0.hasPrefix("cache hit") })

            _ = try await run(orchestrator, "INSERT INTO items VALUES (?, ?)", [2, "b"])
            let fresh = try await run(orchestrator, "SELECT name FROM items ORDER BY id")
            #expect(fresh.values == [[.text("changed")], [.text("b")]])
            #expect(fresh.notices.isEmpty)
        }
    }

    @Test func auditRowsAreWrittenToASQLiteTableWithBindingsRedacted() async throws {
        try await withSQLiteBackend { backend, directory async throws in
            let auditBackend = try await SQLiteBackend.open(name: "audit", url: directory.url("audit.db"))
            try await auditBackend.execute(Statement(AuditRecord.sqlTableDefinition))
            let log = AuditLog(repository: try BackendRepository<AuditRecord>(backend: auditBackend))
            try await backend.execute("CREATE TABLE people (id INTEGER, email TEXT)")
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [AuditProcessor(log: log)])
            let caller = CallerContext(user: "ada", tenant: "acme", correlationID: "c-audit")
            _ = try await run(orchestrator, "INSERT INTO people VALUES (?, ?)", [7, "secret@example.com"], context: caller)
            _ = try await run(orchestrator, "SELECT * FROM people WHERE email = ?", ["secret@example.com"], context: caller)
            _ = try? await run(orchestrator, "SELECT * FROM nowhere", context: caller)
            await log.flush()

            let rows = try await auditBackend.values(
                "SELECT backend, statement, bindings, username, tenant, correlation_id, rows, outcome, duration_us >= 0 FROM switchyard_audit ORDER BY started_at, rowid")
            await auditBackend.shutdown()
            #expect(rows.count == 3)
            #expect(rows.first == [
                .text("local"), .text("INSERT INTO people VALUES (?, ?)"), .text("[***, ***]"), .text("ada"), .text("acme"),
                .text("c-audit"), .int(1), .text("ok"), .int(1),
            ])
            #expect(rows.dropFirst().first?[6] == .int(1))
            #expect(rows.last?[7] == .text("error"))
            #expect(!rows.flatMap { $0 }.contains { $0.description.contains("secret@example.com") })
        }
    }

    @Test func aRedactedColumnIsMaskedInRowsFromSQLite() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE people (id INTEGER, email TEXT)")
            try await backend.execute("INSERT INTO people VALUES (1, 'ada@example.com'), (2, NULL)")
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [ColumnRedaction(columns: ["email"])])
            let values = try await run(orchestrator, "SELECT id, email FROM people ORDER BY id").values
            #expect(values == [[.int(1), .text("***")], [.int(2), .text("***")]])
        }
    }

    @Test func theAllowListRefusesADeleteAndTheTableKeepsItsRows() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.execute("INSERT INTO t VALUES (1)")
            let orchestrator = Orchestrator(
                backends: BackendRegistry([backend]), processors: [OperationAllowList(allowing: ["SELECT", "INSERT"])])
            let error = await sqliteError { _ = try await run(orchestrator, "DELETE FROM t") }
            #expect(error?.kind == .rejected)
            _ = try await run(orchestrator, "INSERT INTO t VALUES (2)")
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(2))
        }
    }

    @Test func aLongSQLiteQueryIsInterruptedByTheTimeout() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [TimeoutProcessor(limit: .milliseconds(200))])
            let start = ContinuousClock.now
            let error = await sqliteError {
                let result = try await orchestrator.run(
                    QueryRequest("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT count(*) FROM c"))
                _ = try await result.rows.collect()
            }
            #expect(error?.kind == .timeout)
            // The query never ends by itself, so ending at all shows the interrupt; the bound
            // only catches a timeout that fires far too late (loaded CI runs take seconds).
            #expect(ContinuousClock.now - start < .seconds(30))
            // The backend is free again afterwards.
            #expect(try await backend.scalar("SELECT 1") == .int(1))
        }
    }

    @Test func aStoppedBackendOpensItsCircuitAndFurtherRequestsFailFast() async throws {
        try await withSQLiteBackend { backend, directory async throws in
            let doomed = try await SQLiteBackend.open(name: "doomed", url: directory.url("doomed.db"))
            let breakers = CircuitBreakers(policy: CircuitBreakerPolicy(failureThreshold: 2, openDuration: .seconds(60)))
            let orchestrator = Orchestrator(
                backends: BackendRegistry([backend, doomed]), processors: [CircuitBreakerProcessor(breakers: breakers)])
            let toDoomed = QueryRequest("SELECT 1", target: .backend("doomed"))
            #expect(try await orchestrator.run(toDoomed).rows.collect().count == 1)
            await doomed.shutdown()
            for _ in 0..<2 {
                let error = await sqliteError { _ = try await orchestrator.run(toDoomed).rows.collect() }
                #expect(error?.kind == .connection && error?.code != CircuitBreakerProcessor.openCircuitCode)
            }
            let refused = await sqliteError { _ = try await orchestrator.run(toDoomed) }
            #expect(refused?.code == CircuitBreakerProcessor.openCircuitCode)
            #expect(refused?.backend == "doomed")
            // The other backend is unaffected.
            #expect(try await orchestrator.run(QueryRequest("SELECT 1", target: .backend("local"))).rows.collect().count == 1)
        }
    }

    /// A SQLite read in WAL mode is never blocked by another connection, and a file locked
    /// exclusively cannot even be opened, so a read cannot be made busy on demand. The busy
    /// error here is SQLite's own (a second writer refused by a held write lock), raised for
    /// the read's first two attempts; the read itself then runs on the real file.
    @Test func aReadRefusedAsBusyIsRetriedAndThenAnswered() async throws {
        try await withSQLiteBackend(options: "busy_timeout=0") { backend, directory async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.execute("INSERT INTO t VALUES (42)")
            let other = try await SQLiteBackend.open(name: "other", url: directory.url("test.db", "busy_timeout=0"))
            let busy = try await backend.withTransaction { transaction in
                try await transaction.execute("INSERT INTO t VALUES (0)")
                return await sqliteError { try await other.execute("INSERT INTO t VALUES (1)") }
            }
            await other.shutdown()
            let sqliteBusy = try #require(busy)
            #expect(sqliteBusy.kind == .busy)

            let failures = Locked(0)
            let busyTwice = BusyForAttempts(error: sqliteBusy, attempts: 2, failures: failures)
            let retry = RetryProcessor(maxAttempts: 4, baseDelay: .milliseconds(10), maxDelay: .milliseconds(40))
            let orchestrator = Orchestrator(backends: BackendRegistry([backend]), processors: [retry, busyTwice])
            let result = try await orchestrator.run(QueryRequest("SELECT v FROM t ORDER BY v"))
            #expect(try await result.rows.collect().map(\.values) == [[.int(0)], [.int(42)]])
            #expect(failures.value == 2)
            #expect(result.notices.contains { $0.contains("attempt 3") && $0.contains("busy") })
        }
    }
}

/// Fails the first `attempts` requests with `error`, then lets requests through.
private struct BusyForAttempts: DataProcessor {
    let name = "busy-for-attempts"
    let error: SwitchyardError
    let attempts: Int
    let failures: Locked<Int>

    func process(_ request: QueryRequest, next: QueryHandler) async throws -> QueryResult {
        let fail = failures.withLock { count in
            defer { if count < attempts { count += 1 } }
            return count < attempts
        }
        if fail { throw error }
        return try await next(request)
    }
}
