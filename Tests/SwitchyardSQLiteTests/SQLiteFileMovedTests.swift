import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

/// The database file deleted, renamed or replaced while the backend has it open. SQLite goes
/// on with the file it has open, and in WAL mode accepts writes into a deleted one — lost with
/// it, while every write said it succeeded. The backend refuses such writes with a
/// `.connection` error naming the file, reads go on from what it has open, `health()` reports
/// the backend down, and putting the file back makes writes work again.
@Suite struct SQLiteFileMovedTests {
    static func count(_ backend: SQLiteBackend) async throws -> Value? {
        try await backend.query("SELECT count(*) FROM t").collect().first?[0]
    }

    @Test func writesAfterTheFileIsRenamedAreRefusedUntilItIsBack() async throws {
        try await withSQLiteBackend { backend, directory in
            try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            try await backend.execute("INSERT INTO t VALUES (1)")
            #expect(await backend.health().isHealthy)
            try FileManager.default.moveItem(atPath: directory.file("test.db"), toPath: directory.file("moved.db"))

            let write = await #expect(throws: SwitchyardError.self) { try await backend.execute("INSERT INTO t VALUES (2)") }
            #expect(write?.kind == .connection)
            #expect(write?.message.contains("was deleted, renamed or replaced while open") == true, "\(write.map { "\($0)" } ?? "none")")
            #expect(write?.message.contains(directory.file("test.db")) == true)
            #expect(write?.code?.hasPrefix("SQLITE_READONLY_DBMOVED") == true)
            let transaction = await #expect(throws: SwitchyardError.self) {
                try await backend.withTransaction { tx in _ = try await tx.execute("INSERT INTO t VALUES (3)") }
            }
            #expect(transaction?.kind == .connection)
            // A transaction begun with a plain BEGIN: its writes are refused too.
            try await backend.execute("BEGIN")
            await #expect(throws: SwitchyardError.self) { try await backend.execute("INSERT INTO t VALUES (4)") }
            try await backend.execute("ROLLBACK")
            // Reads go on from the file the backend has open.
            #expect(try await Self.count(backend) == .int(1))
            let health = await backend.health()
            #expect(!health.isHealthy)
            #expect(health.message?.contains("renamed or replaced") == true, "\(health)")

            try FileManager.default.moveItem(atPath: directory.file("moved.db"), toPath: directory.file("test.db"))
            try await backend.execute("INSERT INTO t VALUES (5)")
            #expect(try await Self.count(backend) == .int(2))
            #expect(await backend.health().isHealthy)
        }
    }

    @Test func aTransactionWhoseFileIsDeletedWhileItRunsIsRolledBackNotCommitted() async throws {
        try await withSQLiteBackend { backend, directory in
            try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            let error = await #expect(throws: SwitchyardError.self) {
                try await backend.withTransaction { tx in
                    _ = try await tx.execute("INSERT INTO t VALUES (1)")
                    try FileManager.default.removeItem(atPath: directory.file("test.db"))
                    _ = try await tx.execute("INSERT INTO t VALUES (2)")
                }
            }
            #expect(error?.kind == .connection)
            #expect(error?.message.contains("deleted, renamed or replaced") == true, "\(error.map { "\($0)" } ?? "none")")
            #expect(try await Self.count(backend) == .int(0))
            #expect(await !backend.health().isHealthy)
        }
    }

    @Test func anInMemoryDatabaseHasNoFileToLose() async throws {
        let backend = try await SQLiteBackend.open(name: "memory", url: "sqlite::memory:")
        try await backend.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try await backend.withTransaction { tx in _ = try await tx.execute("INSERT INTO t VALUES (1)") }
        try await backend.execute("INSERT INTO t VALUES (2)")
        #expect(try await Self.count(backend) == .int(2))
        #expect(await backend.health().isHealthy)
        await backend.shutdown()
    }
}
