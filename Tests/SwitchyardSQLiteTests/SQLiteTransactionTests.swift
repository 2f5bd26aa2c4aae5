import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite transactions")
struct SQLiteTransactionTests {
    private struct Abort: Error {}

    @Test func bodyThatReturnsCommits() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            let inserted = try await backend.withTransaction { tx in
                try await tx.execute("INSERT INTO t VALUES (1), (2)").rowsAffected
            }
            #expect(inserted == 2)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(2))
        }
    }

    @Test func bodyThatThrowsRollsBackEverything() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            await #expect(throws: Abort.self) {
                try await backend.withTransaction { tx in
                    try await tx.execute("INSERT INTO t VALUES (1)")
                    try await tx.execute("INSERT INTO t VALUES (2)")
                    throw Abort()
                }
            }
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
        }
    }

    @Test func failedStatementRollsBackTheEarlierOnes() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER UNIQUE)")
            let error = await sqliteError {
                try await backend.withTransaction { tx in
                    try await tx.execute("INSERT INTO t VALUES (1)")
                    try await tx.execute("INSERT INTO t VALUES (1)")
                }
            }
            #expect(error?.kind == .constraint)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
        }
    }

    @Test func writesInsideTheBodySeeEachOther() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            let seen = try await backend.withTransaction { tx in
                try await tx.execute("INSERT INTO t VALUES (7)")
                return try await tx.scalar("SELECT sum(v) FROM t")
            }
            #expect(seen == .int(7))
        }
    }

    @Test func readersDoNotSeeUncommittedWrites() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.withTransaction { tx in
                try await tx.execute("INSERT INTO t VALUES (1)")
                // Runs on a reader connection in parallel with the open write transaction.
                #expect(try await backend.withoutTransactionScalar("SELECT count(*) FROM t") == .int(0))
            }
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(1))
        }
    }

    @Test func backendQueriesInsideTheBodyJoinTheTransaction() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            await #expect(throws: Abort.self) {
                try await backend.withTransaction { _ in
                    try await backend.execute("INSERT INTO t VALUES (1)")
                    #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(1))
                    throw Abort()
                }
            }
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
        }
    }

    @Test func nestedTransactionIsASavepoint() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.withTransaction { tx in
                try await tx.execute("INSERT INTO t VALUES (1)")
                await #expect(throws: Abort.self) {
                    try await backend.withTransaction { inner in
                        try await inner.execute("INSERT INTO t VALUES (2)")
                        throw Abort()
                    }
                }
                _ = try await backend.withTransaction { inner in
                    try await inner.execute("INSERT INTO t VALUES (3)")
                }
            }
            #expect(try await backend.values("SELECT v FROM t ORDER BY v") == [[.int(1)], [.int(3)]])
        }
    }

    @Test func openResultsAreClosedBeforeCommit() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.execute("INSERT INTO t VALUES (1), (2), (3)")
            try await backend.withTransaction { tx in
                // Left unread: the transaction must still commit.
                _ = try await tx.query("UPDATE t SET v = v * 10 RETURNING v")
                _ = try await tx.query("SELECT v FROM t")
            }
            #expect(try await backend.scalar("SELECT sum(v) FROM t") == .int(60))
        }
    }

    @Test func resultReadAfterItsTransactionEndedIsAnError() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let escaped = try await backend.withTransaction { tx in
                try await tx.query("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) SELECT i FROM n")
            }
            let error = await sqliteError { _ = try await escaped.collect() }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message == "the transaction ended before this result was read")
        }
    }

    @Test func executorUsedAfterTheTransactionEndedIsRefused() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let escaped = try await backend.withTransaction { tx in tx }
            let error = await sqliteError { try await escaped.execute("SELECT 1") }
            #expect(error?.kind == .invalidInput)
            #expect(error?.message.contains("transaction has ended") == true)
        }
    }

    @Test func manualBeginKeepsReadsOnTheWriter() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.execute("BEGIN")
            try await backend.execute("INSERT INTO t VALUES (1)")
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(1))
            try await backend.execute("ROLLBACK")
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
        }
    }

    @Test func withTransactionInsideAManualBeginJoinsItAsASavepoint() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            for end in ["ROLLBACK", "COMMIT"] {
                try await backend.execute("BEGIN")
                try await backend.execute("INSERT INTO t VALUES (1)")
                // A body that fails undoes its own writes only; one that succeeds is kept until the outer end.
                await #expect(throws: SwitchyardError.self) {
                    try await backend.withTransaction { tx in
                        try await tx.execute("INSERT INTO t VALUES (2)")
                        try await tx.execute("INSERT INTO missing VALUES (3)")
                    }
                }
                _ = try await backend.withTransaction { tx in try await tx.execute("INSERT INTO t VALUES (4)") }
                #expect(try await backend.scalar("SELECT group_concat(v) FROM t") == .text("1,4"))
                try await backend.execute(Statement(end))
            }
            // The ROLLBACK undid the first round's writes, the body's included; the COMMIT kept the second's.
            #expect(try await backend.scalar("SELECT group_concat(v) FROM t") == .text("1,4"))
        }
    }
}

extension SQLiteBackend {
    /// A scalar read from a task outside the current transaction's task-local scope.
    func withoutTransactionScalar(_ sql: String) async throws -> Value {
        try await Task.detached { try await self.scalar(sql) }.value
    }
}
