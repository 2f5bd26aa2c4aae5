import Foundation
import Switchyard
import SwitchyardSQLite
import Testing

@Suite("SQLite health and shutdown")
struct SQLiteLifecycleTests {
    @Test func healthyBackendReportsItsLatency() async throws {
        try await withSQLiteBackend { backend, _ async throws in
            let health = await backend.health()
            #expect(health.isHealthy)
            #expect(health.latency != nil)
        }
    }

    @Test func useAfterShutdownThrowsConnectionError() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let backend = try await SQLiteBackend.open(name: "gone", url: directory.url())
        try await backend.execute("CREATE TABLE t (v)")
        await backend.shutdown()
        for attempt in [
            { _ = try await backend.execute("SELECT 1") },
            { _ = try await backend.execute("INSERT INTO t VALUES (1)") },
            { _ = try await backend.withTransaction { _ in 1 } },
            { _ = try await backend.catalog() },
        ] as [@Sendable () async throws -> Void] {
            let error = await sqliteError(attempt)
            #expect(error?.kind == .connection)
            #expect(error?.message == "backend is shut down")
            #expect(error?.backend == "gone")
        }
        let health = await backend.health()
        #expect(!health.isHealthy)
        await backend.shutdown()  // a second call is harmless
    }

    @Test func shutdownLeavesNoWriteAheadLogBehind() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let backend = try await SQLiteBackend.open(name: "tidy", url: directory.url("tidy.db", "readers=2"))
        try await backend.execute("CREATE TABLE t (v)")
        try await backend.execute("INSERT INTO t VALUES (1)")
        _ = try await backend.query("SELECT * FROM t").collect()
        await backend.shutdown()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(files == ["tidy.db"])
    }

    @Test func shutdownWaitsForAnOpenResult() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let backend = try await SQLiteBackend.open(name: "busy", url: directory.url("busy.db", "readers=1"))
        let result = try await backend.query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) SELECT i FROM n")
        let shutdown = Task { await backend.shutdown() }
        try await Task.sleep(for: .milliseconds(50))
        var count = 0
        for try await _ in result { count += 1 }
        #expect(count == 5000)
        await shutdown.value
        let error = await sqliteError { try await backend.execute("SELECT 1") }
        #expect(error?.kind == .connection)
    }

    @Test func dataWrittenBeforeShutdownIsThereAfterReopening() async throws {
        let directory = try SQLiteScratchDirectory()
        defer { directory.remove() }
        let first = try await SQLiteBackend.open(name: "a", url: directory.url())
        try await first.execute("CREATE TABLE t (v TEXT)")
        try await first.execute("INSERT INTO t VALUES ('kept')")
        await first.shutdown()
        let second = try await SQLiteBackend.open(name: "b", url: directory.url())
        #expect(try await second.scalar("SELECT v FROM t") == .text("kept"))
        await second.shutdown()
    }
}
