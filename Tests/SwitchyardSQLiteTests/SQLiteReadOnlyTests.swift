import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite read-only enforcement")
struct SQLiteReadOnlyTests {
    private static let readOnly = QueryOptions(readOnly: true)

    @Test(arguments: [
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x",
        "INSERT INTO t VALUES (1)",
        "SELECT 1; DELETE FROM t",
        "CREATE TABLE u (v)",
        "PRAGMA user_version = 5",
    ])
    func readOnlyRequestRefusesAnyStatementThatWrites(sql: String) async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            let error = await sqliteError { try await backend.execute(Statement(sql), options: Self.readOnly) }
            #expect(error?.kind == .readOnly)
            #expect(error?.statement == sql)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(0))
            #expect(try await backend.scalar("PRAGMA user_version") == .int(0))
        }
    }

    @Test(arguments: ["test.db", ":memory:"], [
        "ATTACH 'other.db' AS other",
        "PRAGMA foreign_keys = OFF",
        "PRAGMA main.foreign_keys(0)",
        "PRAGMA optimize",
        "REINDEX",
    ])
    func readOnlyRequestRefusesStatementsThatChangeTheConnection(file: String, sql: String) async throws {
        try await withSQLiteBackend(file) { backend, directory async throws in
            let error = await sqliteError { try await backend.execute(Statement(sql), options: Self.readOnly) }
            #expect(error?.kind == .readOnly)
            #expect(try await backend.scalar("PRAGMA foreign_keys") == .int(1))
            #expect(!FileManager.default.fileExists(atPath: directory.file("other.db")))
        }
    }

    @Test func readOnlyRequestMayDescribeTables() async throws {
        try await withSQLiteBackend(":memory:") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            let rows = try await backend.query(Statement("PRAGMA table_info(t)"), options: Self.readOnly).collect()
            #expect(rows.count == 1)
            #expect(try await backend.query(Statement("PRAGMA user_version"), options: Self.readOnly).collect().count == 1)
        }
    }

    @Test func beginInAReadOnlyRequestDoesNotPinAnOldSnapshot() async throws {
        try await withSQLiteBackend(options: "readers=1") { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.execute(Statement("BEGIN"), options: Self.readOnly)
            #expect(try await backend.query(Statement("SELECT count(*) FROM t"), options: Self.readOnly).collect()[0][0] == .int(0))
            try await backend.execute("INSERT INTO t VALUES (1)")
            #expect(try await backend.query(Statement("SELECT count(*) FROM t"), options: Self.readOnly).collect()[0][0] == .int(1))
        }
    }

    @Test func readOnlyRequestStillReads() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            try await backend.execute("INSERT INTO t VALUES (3)")
            let rows = try await backend.query(Statement("WITH x AS (SELECT v FROM t) SELECT v FROM x"), options: Self.readOnly).collect()
            #expect(rows.map(\.values) == [[.int(3)]])
        }
    }

    @Test func readOnlyIsEnforcedInsideTransactionsToo() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            try await backend.execute("CREATE TABLE t (v INTEGER)")
            let error = await sqliteError {
                _ = try await backend.withTransaction { tx in
                    try await tx.execute(Statement("INSERT INTO t VALUES (1)"), options: Self.readOnly)
                }
            }
            #expect(error?.kind == .readOnly)
        }
    }

    @Test func readOnlyModeFileRefusesWrites() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let setup = try await SQLiteBackend.open(name: "setup", url: directory.url("ro.db"))
        try await setup.execute("CREATE TABLE t (v INTEGER)")
        try await setup.execute("INSERT INTO t VALUES (1)")
        await setup.shutdown()

        for options in ["mode=ro", "readonly=true"] {
            let backend = try await SQLiteBackend.open(name: "ro", url: directory.url("ro.db", options))
            let error = await sqliteError { try await backend.execute("INSERT INTO t VALUES (2)") }
            #expect(error?.kind == .readOnly)
            #expect(error?.code?.hasPrefix("SQLITE_READONLY") == true)
            #expect(try await backend.scalar("SELECT count(*) FROM t") == .int(1))
            await backend.shutdown()
        }
    }

    @Test func readOnlyModeDoesNotCreateAMissingFile() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let error = await sqliteError { _ = try await SQLiteBackend.open(name: "ro", url: directory.url("absent.db", "mode=ro")) }
        #expect(error?.kind == .connection)
        #expect(error?.code == "SQLITE_CANTOPEN (14)")
    }
}
