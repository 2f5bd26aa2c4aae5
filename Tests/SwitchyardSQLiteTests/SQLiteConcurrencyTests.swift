import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite concurrency and cancellation")
struct SQLiteConcurrencyTests {
    /// Counts to a billion: minutes of work unless interrupted.
    static let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c"

    @Test(arguments: ["test.db", ":memory:"])
    func cancellingTheTaskStopsALongQueryPromptly(file: String) async throws {
        try await withSQLiteBackend(file) { backend, _ async throws in
            let clock = ContinuousClock()
            let started = clock.now
            let task = Task { try await backend.execute(Self.endless) }
            try await Task.sleep(for: .milliseconds(150))
            task.cancel()
            let error = await sqliteError { _ = try await task.value }
            #expect(error?.kind == .cancelled)
            #expect(clock.now - started < .seconds(30))  // the query itself would take minutes; loaded machines are slow
            // The same connection (the only one, in memory) still works.
            #expect(try await backend.scalar("SELECT 41 + 1") == .int(42))
        }
    }

    @Test func cancellingATransactionMidStatementRollsItBack() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            let task = Task {
                try await backend.withTransaction { tx in
                    try await tx.execute("INSERT INTO t VALUES (1)")
                    try await tx.execute(Self.endless)
                }
            }
            try await Task.sleep(for: .milliseconds(150))
            task.cancel()
            let error = await sqliteError { _ = try await task.value }
            #expect(error?.kind == .cancelled)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
            try await backend.execute("INSERT INTO t VALUES (2)")
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(1))
        }
    }

    @Test func timeoutInterruptsALongQuery() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let clock = ContinuousClock()
            let started = clock.now
            let error = await sqliteError {
                try await backend.execute(Statement(Self.endless), options: QueryOptions(timeout: .milliseconds(100)))
            }
            #expect(error?.kind == .timeout)
            #expect(error?.code == "SQLITE_INTERRUPT (9)")
            #expect(error?.message.contains("timeout of 100.000 ms") == true)
            #expect(clock.now - started < .seconds(30))  // the query itself would take minutes; loaded machines are slow
            #expect(try await backend.scalar("SELECT 1") == .int(1))
        }
    }

    @Test func queryWithinItsTimeoutIsNotInterruptedLater() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let options = QueryOptions(timeout: .milliseconds(300))
            #expect(try await backend.query(Statement("SELECT 1"), options: options).collect().count == 1)
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await backend.query(Statement("SELECT 2"), options: options).collect().count == 1)
        }
    }

    @Test func cancellingAResultMidStreamReleasesTheConnection() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let result = try await backend.query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT i FROM n")
            var iterator = result.makeAsyncIterator()
            #expect(try await iterator.next()?[0] == .int(1))
            result.cancel()
            #expect(try await backend.scalar("SELECT 7") == .int(7))
        }
    }

    @Test func readRunsWhileAWriteTransactionIsOpen() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.execute("INSERT INTO t VALUES (1)")
            try await backend.withTransaction { tx in
                try await tx.execute("INSERT INTO t VALUES (2)")
                // The writer is held by this transaction; reads go to readers and finish now.
                let reads = try await withThrowingTaskGroup(of: Value.self) { group in
                    for _ in 0..<8 { group.addTask { try await backend.withoutTransactionScalar("SELECT count(*) FROM t") } }
                    return try await group.reduce(into: [Value]()) { $0.append($1) }
                }
                #expect(reads == Array(repeating: .int(1), count: 8))
            }
        }
    }

    @Test func readersRunInParallelWithEachOther() async throws {
        try await withSQLiteBackend(options: "readers=2") { backend, _ async throws in
            let rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) SELECT i FROM n"
            // Two unfinished results hold both readers at once.
            let first = try await backend.query(rows)
            let second = try await backend.query(rows)
            var a = first.makeAsyncIterator()
            var b = second.makeAsyncIterator()
            #expect(try await a.next()?[0] == .int(1))
            #expect(try await b.next()?[0] == .int(1))
            first.cancel()
            second.cancel()
        }
    }

    @Test func readWaitsForAFreeReaderAndThenRuns() async throws {
        try await withSQLiteBackend(options: "readers=1") { backend, _ async throws in
            let rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) SELECT i FROM n"
            let holding = try await backend.query(rows)
            let waiting = Task { try await backend.scalar("SELECT 5") }
            try await Task.sleep(for: .milliseconds(50))
            var count = 0
            for try await _ in holding { count += 1 }
            #expect(count == 10_000)
            #expect(try await waiting.value == .int(5))
        }
    }

    @Test func waitingForAConnectionCanBeCancelled() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            let holding = try await backend.query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) SELECT i FROM n")
            let waiting = Task { try await backend.scalar("SELECT 5") }
            try await Task.sleep(for: .milliseconds(50))
            waiting.cancel()
            let error = await sqliteError { _ = try await waiting.value }
            #expect(error?.kind == .cancelled)
            holding.cancel()
            #expect(try await backend.scalar("SELECT 6") == .int(6))
        }
    }

    @Test func concurrentWritesAllLand() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<50 {
                    group.addTask { try await backend.execute("INSERT INTO t VALUES (?)", [.int(Int64(i))]) }
                    group.addTask { _ = try await backend.scalar("SELECT count(*) FROM t") }
                }
                try await group.waitForAll()
            }
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(50))
        }
    }
}
