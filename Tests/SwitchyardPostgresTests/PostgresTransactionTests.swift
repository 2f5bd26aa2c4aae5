import Foundation
import Switchyard
import SwitchyardPostgres
import Testing

/// Transactions with options, savepoints, plain `BEGIN` from a session, read-only requests.
@Suite(.enabled(if: PostgresTestServer.isEnabled, "no PostgreSQL test server: \(PostgresTestServer.startHint)"), .timeLimit(.minutes(1)))
struct PostgresTransactionTests {
    static func makeTable(_ backend: PostgresBackend) async throws -> String {
        let table = PostgresTestServer.tableName("tx")
        try await backend.execute("CREATE TABLE \(table) (id int PRIMARY KEY, v text)")
        return table
    }

    static func ids(_ backend: PostgresBackend, _ table: String) async throws -> [Value] {
        try await backend.query("SELECT id FROM \(table) ORDER BY id").collect().map { $0[0] }
    }

    @Test func isolationLevelAndAccessModeApply() async throws {
        try await withBackend { backend in
            let table = try await Self.makeTable(backend)
            let level = try await backend.withTransaction(PostgresTransactionOptions(isolation: .serializable, readOnly: true)) { tx in
                try await tx.query("SHOW transaction_isolation").collect().first?[0]
            }
            #expect(level == .text("serializable"))
            let error = await #expect(throws: SwitchyardError.self) {
                try await backend.withTransaction(PostgresTransactionOptions(readOnly: true)) { tx in
                    try await tx.execute(Statement("INSERT INTO \(table) VALUES (1, 'x')"))
                }
            }
            #expect(error?.kind == .readOnly)
            #expect(error?.code == "25006")
            // A read-write transaction afterwards on the same pool writes fine.
            _ = try await backend.withTransaction { tx in try await tx.execute(Statement("INSERT INTO \(table) VALUES (1, 'x')")) }
            #expect(try await Self.ids(backend, table) == [1])
        }
    }

    @Test func aResultReadAfterItsTransactionEndedFailsInsteadOfStoppingEarly() async throws {
        try await withBackend { backend in
            let table = try await Self.makeTable(backend)
            // A short rest is read to its end on commit; the commit stands, the result reports the cut.
            let unread = try await backend.withTransaction { tx in
                try await tx.execute(Statement("INSERT INTO \(table) VALUES (1, 'kept')"))
                return try await tx.query("SELECT g FROM generate_series(1, 2000) AS g")
            }
            do {
                let rows = try await unread.collect()
                Issue.record("read \(rows.count) rows of a result its transaction cut off, with no error")
            } catch let error as SwitchyardError {
                #expect(error.message.contains("the transaction ended before this result was read"))
            }
            #expect(try await Self.ids(backend, table) == [1])
            // A long one is stopped on the server, which aborts the transaction: the commit says why.
            // (Streamed from the select list, the series is still being produced when the cancel lands.)
            do {
                _ = try await backend.withTransaction { tx in
                    try await tx.execute(Statement("INSERT INTO \(table) VALUES (2, 'lost')"))
                    return try await tx.query("SELECT generate_series(1, 1000000000)")
                }
                Issue.record("the commit of an aborted transaction did not fail")
            } catch let error as SwitchyardError {
                #expect(error.message.contains("returned while a result was still streaming"))
            }
            #expect(try await Self.ids(backend, table) == [1])
        }
    }

    @Test func aSavepointUndoesOnlyItsPart() async throws {
        try await withBackend { backend in
            let table = try await Self.makeTable(backend)
            try await backend.withTransaction(PostgresTransactionOptions()) { tx in
                try await tx.execute(Statement("INSERT INTO \(table) VALUES (1, 'kept')"))
                _ = try? await tx.withSavepoint { inner in
                    try await inner.execute(Statement("INSERT INTO \(table) VALUES (2, 'undone')"))
                    try await inner.execute(Statement("INSERT INTO \(table) VALUES (1, 'duplicate')"))
                }
                try await tx.execute(Statement("INSERT INTO \(table) VALUES (3, 'after')"))
            }
            #expect(try await Self.ids(backend, table) == [1, 3])
        }
    }

    @Test func aNestedTransactionIsASavepoint() async throws {
        try await withBackend { backend in
            let table = try await Self.makeTable(backend)
            try await backend.withTransaction { _ in
                try await backend.execute(Statement("INSERT INTO \(table) VALUES (1, 'outer')"))
                _ = try? await backend.withTransaction { _ in
                    try await backend.execute(Statement("INSERT INTO \(table) VALUES (2, 'inner')"))
                    throw SwitchyardError(.rejected, "undo the inner part")
                }
            }
            #expect(try await Self.ids(backend, table) == [1])
        }
    }

    @Test func aTransactionWhoseStatementFailedIsNotCommitted() async throws {
        try await withBackend { backend in
            let table = try await Self.makeTable(backend)
            let error = await #expect(throws: SwitchyardError.self) {
                try await backend.withTransaction { tx in
                    try await tx.execute(Statement("INSERT INTO \(table) VALUES (1, 'a')"))
                    _ = try? await tx.execute(Statement("INSERT INTO \(table) VALUES (1, 'again')"))
                }
            }
            #expect(error?.message.contains("rolled back") == true)
            #expect(try await Self.ids(backend, table) == [])
        }
    }

    @Test func aPlainBeginKeepsTheSessionOnOneConnection() async throws {
        try await withBackend(options: "pool_max=4") { backend in
            let table = try await Self.makeTable(backend)
            try await backend.execute("BEGIN")
            try await backend.execute(Statement("INSERT INTO \(table) VALUES ($1, 'in tx')", [1]))
            let pid = try await backend.query("SELECT pg_backend_pid()").collect().first?[0]
            #expect(try await backend.query("SELECT pg_backend_pid()").collect().first?[0] == pid)
            #expect(try await Self.ids(backend, table) == [1])
            try await backend.execute("ROLLBACK")
            #expect(try await Self.ids(backend, table) == [])
            try await backend.execute("BEGIN; INSERT INTO \(table) VALUES (2, 'b'); COMMIT")
            #expect(try await Self.ids(backend, table) == [2])
            #expect(backend.poolStatistics.leased == 0)
        }
    }

    /// The server rolls back a transaction whose connection it loses. Statements after the
    /// loss must not run on another connection, each committing on its own where the user
    /// expects one transaction (a later `ROLLBACK` could not undo them).
    @Test func aTransactionLostWithItsConnectionRefusesStatementsUntilRollback() async throws {
        try await withBackend(options: "pool_max=2") { backend in
            let table = try await Self.makeTable(backend)
            try await backend.execute("BEGIN")
            try await backend.execute(Statement("INSERT INTO \(table) VALUES (1, 'rolled back by the server')"))
            await #expect(throws: SwitchyardError.self) { try await backend.execute("SELECT pg_terminate_backend(pg_backend_pid())") }
            let refused = await #expect(throws: SwitchyardError.self) {
                try await backend.execute(Statement("INSERT INTO \(table) VALUES (2, 'would have autocommitted')"))
            }
            #expect(refused?.kind == .connection)
            #expect(refused?.message.contains("refused until ROLLBACK") == true)
            #expect(refused?.backend == "pg")
            // ROLLBACK TO a savepoint does not end the transaction: still refused.
            await #expect(throws: SwitchyardError.self) { try await backend.execute("ROLLBACK TO SAVEPOINT s") }
            let rollback = try await backend.query("rollback work;")
            #expect(try await rollback.summary().warnings.first?.contains("already been rolled back") == true)
            #expect(try await Self.ids(backend, table) == [])

            // COMMIT acknowledges the loss too, and says nothing was committed.
            try await backend.execute("BEGIN")
            try await backend.execute(Statement("INSERT INTO \(table) VALUES (3, 'lost')"))
            await #expect(throws: SwitchyardError.self) { try await backend.execute("SELECT pg_terminate_backend(pg_backend_pid())") }
            let commit = await #expect(throws: SwitchyardError.self) { try await backend.execute("COMMIT") }
            #expect(commit?.message.contains("nothing was committed") == true)
            try await backend.execute(Statement("INSERT INTO \(table) VALUES (4, 'after')"))
            #expect(try await Self.ids(backend, table) == [4])
            #expect(backend.poolStatistics.leased == 0)
        }
    }

    /// `withTransaction` whose connection the server drops mid-body: its later statements,
    /// a savepoint and the commit say the connection was lost and nothing was committed (libpq
    /// alone says "no connection to the server"), and the backend goes on with a new connection.
    @Test func aWithTransactionWhoseConnectionIsLostSaysNothingWasCommitted() async throws {
        try await withBackend(options: "pool_max=2") { backend in
            let table = try await Self.makeTable(backend)
            /// The error `body` throws, for checks inside the transaction's body.
            @Sendable func failure(_ body: () async throws -> Void) async -> SwitchyardError? {
                do { try await body() } catch { return error as? SwitchyardError }
                return nil
            }
            let commit = await #expect(throws: SwitchyardError.self) {
                try await backend.withTransaction { tx in
                    try await tx.execute(Statement("INSERT INTO \(table) VALUES (1, 'lost')"))
                    let killed = await failure { try await tx.execute("SELECT pg_terminate_backend(pg_backend_pid())") }
                    #expect(killed?.kind == .connection)
                    let later = await failure { try await tx.execute(Statement("INSERT INTO \(table) VALUES (2, 'lost')")) }
                    #expect(later?.kind == .connection)
                    #expect(later?.message.contains("connection was lost inside the transaction") == true, "\(later.map { "\($0)" } ?? "none")")
                    #expect(later?.statement?.contains("VALUES (2") == true)
                    let savepoint = await failure { _ = try await backend.withTransaction { inner in try await inner.execute("SELECT 1") } }
                    #expect(savepoint?.message.contains("connection was lost inside the transaction") == true, "\(savepoint.map { "\($0)" } ?? "none")")
                    // The body goes on as if nothing happened: the commit must not.
                }
            }
            #expect(commit?.kind == .connection)
            #expect(commit?.message.contains("nothing was committed") == true, "\(commit.map { "\($0)" } ?? "none")")
            #expect(try await Self.ids(backend, table) == [])
            _ = try await backend.withTransaction { tx in try await tx.execute(Statement("INSERT INTO \(table) VALUES (3, 'after')")) }
            #expect(try await Self.ids(backend, table) == [3])
            #expect(backend.poolStatistics.leased == 0)
        }
    }

    /// `health()` (`\backends`) asks the server, not the operator's open transaction: one a failed
    /// statement aborted, or one lost with its connection, leaves the server up.
    @Test func healthIgnoresTheStateOfATransactionBegunWithAPlainBegin() async throws {
        try await withBackend(options: "pool_max=2") { backend in
            try await backend.execute("BEGIN")
            await #expect(throws: SwitchyardError.self) { try await backend.execute("SELECT 1/0") }
            let aborted = await backend.health()
            #expect(aborted.isHealthy, "\(aborted)")
            try await backend.execute("ROLLBACK")

            try await backend.execute("BEGIN")
            await #expect(throws: SwitchyardError.self) { try await backend.execute("SELECT pg_terminate_backend(pg_backend_pid())") }
            let lost = await backend.health()
            #expect(lost.isHealthy, "\(lost)")
            // The loss is still there for the operator to acknowledge.
            let refused = await #expect(throws: SwitchyardError.self) { try await backend.execute("SELECT 1") }
            #expect(refused?.message.contains("refused until ROLLBACK") == true)
            try await backend.execute("ROLLBACK")
            #expect(backend.poolStatistics.leased == 0)
        }
    }

    @Test func withTransactionInsideAPlainBeginIsASavepointOfIt() async throws {
        try await withBackend(options: "pool_max=2") { backend in
            let table = try await Self.makeTable(backend)
            try await backend.execute("BEGIN")
            try await backend.execute(Statement("INSERT INTO \(table) VALUES (1, 'session')"))
            _ = try? await backend.withTransaction { tx in
                try await tx.execute(Statement("INSERT INTO \(table) VALUES (2, 'undone')"))
                throw SwitchyardError(.rejected, "undo the inner part")
            }
            _ = try await backend.withTransaction { tx in try await tx.execute(Statement("INSERT INTO \(table) VALUES (3, 'kept')")) }
            #expect(try await Self.ids(backend, table) == [1, 3])
            try await backend.execute("ROLLBACK")
            #expect(try await Self.ids(backend, table) == [])
        }
    }

    @Test func aReadOnlyRequestCannotWriteAndLeavesNoTrace() async throws {
        try await withBackend(options: "pool_max=1") { backend in
            let table = try await Self.makeTable(backend)
            let readOnly = QueryOptions(readOnly: true)
            let error = await #expect(throws: SwitchyardError.self) {
                try await backend.execute(Statement("WITH x AS (INSERT INTO \(table) VALUES (1, 'x') RETURNING id) SELECT * FROM x"), options: readOnly)
            }
            #expect(error?.kind == .readOnly)
            #expect(try await backend.query(Statement("SELECT count(*) FROM \(table)"), options: readOnly).collect().first?[0] == .int(0))
            // The same connection writes again for a normal request.
            try await backend.execute(Statement("INSERT INTO \(table) VALUES (2, 'y')"))
            // Inside a read-write transaction a read-only statement is refused, and the transaction goes on.
            try await backend.withTransaction { tx in
                try await tx.execute(Statement("INSERT INTO \(table) VALUES (3, 'z')"))
                let refused = await #expect(throws: SwitchyardError.self) {
                    try await tx.execute(Statement("DELETE FROM \(table)"), options: readOnly)
                }
                #expect(refused?.kind == .readOnly)
                try await tx.execute(Statement("INSERT INTO \(table) VALUES (4, 'w')"))
            }
            #expect(try await Self.ids(backend, table) == [2, 3, 4])
        }
    }

    @Test func copyLoadsRowsExactly() async throws {
        try await withBackend { backend in
            let table = PostgresTestServer.tableName("copy")
            try await backend.execute(
                "CREATE TABLE \(table) (id bigint PRIMARY KEY, t text, b bytea, d numeric, f float8, ts timestamptz, j json, a text[], u uuid, ok boolean, day date)")
            let rows: [[Value]] = (0..<5000).map(Self.copyRow)
            let loaded = try await backend.copy(
                into: table, columns: ["id", "t", "b", "d", "f", "ts", "j", "a", "u", "ok", "day"], rows: rows)
            #expect(loaded == 5000)
            let back = try await backend.query("SELECT id, t, b, d, f, ts, j, a, u, ok, day FROM \(table) ORDER BY id").collect()
            #expect(back.count == rows.count)
            for (row, expected) in zip(back, rows) {
                for (read, written) in zip(row.values, expected) {
                    #expect(PostgresTypeTests.same(read, written), "\(read) != \(written)")
                }
            }
        }
    }

    /// Row `n` of the COPY test: every escaping hazard COPY's text format has.
    static func copyRow(_ n: Int) -> [Value] {
        let text: Value = n % 7 == 0 ? .null : .text("tab\tnewline\nback\\slash \\N carriage\r \(n)")
        let bytes: Value = .bytes([0, 9, 10, 92, UInt8(n % 256)])
        let decimal: Value = .decimal(ExactDecimal("12345678901234567890.\(n)") ?? ExactDecimal(Int64(0)))
        let double: Value = .double(n == 1 ? .nan : Double(n) / 3)
        let timestamp: Value = .timestamp(Timestamp(microsecondsSinceEpoch: Int64(n) * 1_000_001))
        let document: Value = .document(["n": .int(Int64(n)), "s": .text("q\"\t")])
        let array: Value = .array([.text("a\tb"), .null, .text("{\"}")])
        let date: Value = .date(CalendarDate(daysSinceEpoch: Int64(n) - 800_000))
        return [.int(Int64(n)), text, bytes, decimal, double, timestamp, document, array, .uuid(UUID()), .bool(n % 2 == 0), date]
    }

    @Test func aBadCopyRowLoadsNothing() async throws {
        try await withBackend { backend in
            let table = try await Self.makeTable(backend)
            let wrongWidth = await #expect(throws: SwitchyardError.self) {
                try await backend.copy(into: table, columns: ["id", "v"], rows: [[1, "a"], [2]])
            }
            #expect(wrongWidth?.kind == .invalidInput)
            let duplicate = await #expect(throws: SwitchyardError.self) {
                try await backend.copy(into: table, columns: ["id", "v"], rows: [[1, "a"], [1, "b"]])
            }
            #expect(duplicate?.kind == .constraint)
            #expect(try await Self.ids(backend, table) == [])
            // COPY inside a transaction that rolls back leaves nothing either.
            _ = try? await backend.withTransaction { _ in
                try await backend.copy(into: table, columns: ["id", "v"], rows: [[5, "x"]])
                throw SwitchyardError(.rejected, "undo")
            }
            #expect(try await Self.ids(backend, table) == [])
        }
    }
}
